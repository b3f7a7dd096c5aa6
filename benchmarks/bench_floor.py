"""Report pages with the extension against the same pages with the tables pasted as raw HTML (issue 15).

The same report pages built two ways, each a fresh ``sphinx-build`` process:

* **EXT**: each page names its data file with ``gov-report`` and places the three tables with
  ``gov-table`` (reading, rules, document checks, tables, JSON download);
* **RAW**: the same pages without the extension: the tables are the extension's own HTML pasted as
  ``.. raw:: html``, the preamble and the ``:gov:`` numbers are plain text.  This is the floor: Sphinx
  doing everything except the extension's work.

Both use sphinx-rtd-theme and a hierarchical toctree (index → year → report).  At each size the two
builds alternate (A/B interleaved, the order swapped in every pair); the ratio is the median over
``--pairs`` pairs of user CPU time (``os.wait4``), and peak memory is the builds' maximum resident set.
Then one instrumented in-process EXT build (``_entrypoints``) prints each entry point's time per report.

Run: ``python benchmarks/bench_floor.py [--sizes 60 600] [--pairs 3]``
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import _entrypoints
from _common import WORK, fresh, generate, sphinx_build, timed, versions

from sphinx_gov_report.core import preamble
from sphinx_gov_report.core.model import format_number
from sphinx_gov_report.core.rules import validate_file

CONF = """\
project = "报告集"
language = "zh_CN"
extensions = {extensions!r}
html_theme = "sphinx_rtd_theme"
"""
CONF_TIMED = "\n\ndef setup(app):\n    import _entrypoints\n\n    _entrypoints.install(app)\n"

#: A report page: the example's kind of prose (section 一 about 600 characters), the three tables.
PAGE = """\
{title}
{rule}

{report}

一、总体情况
============

{year}年，本机关严格按照《中华人民共和国政府信息公开条例》有关要求开展工作。{own}

（一）主动公开
--------------

本机关主要通过区政府门户网站政府信息公开平台进行公开，还采取新闻发布会、报刊、广播、电视、政务微博微信等其他辅助方式公开政府信息。

（二）依申请公开
----------------

本年新收政府信息公开申请\\ {new}\\ 件，办结\\ {done}\\ 件。

（三）政府信息管理
------------------

按照“统一管理、统一标准、统一规范”的原则进一步完善政府信息公开工作机制，建立健全政务信息制作、公开、存档等全流程制度，以实现政务信息全生命周期的规范管理（第 {n} 份报告）。

二、主动公开政府信息情况
========================

{active}

三、收到和处理政府信息公开申请情况
==================================

{applications}

四、政府信息公开行政复议、行政诉讼情况
======================================

{appeals}

五、存在的主要问题及改进情况
============================

第 {n} 份报告：一是公开内容还不够全面，二是解读形式还不够丰富。下一步将进一步加强培训，提高工作人员业务水平。

六、其他需要报告的事项
======================

本年度收取信息处理费\\ {fee}\\ 元。
"""
GOV = {
    "active": ".. gov-table:: 二",
    "applications": ".. gov-table:: 三",
    "appeals": ".. gov-table:: 四",
    "new": ":gov:`applications.new.total`",
    "done": ":gov:`applications.results.total.total`",
    "fee": ":gov:`processing_fee`",
}
#: Characters of the generated prose: each page's own words, so that the copy checks see no 雷同.
_WORDS = "公开政府信息工作机制规范管理平台建设网站栏目解读回应培训制度建立健全服务保障监督考核依法申请办理答复"


def own_words(n: int, chars: int = 600) -> str:
    """About ``chars`` characters of sentences of report ``n``'s own (seeded), as a clerk's prose."""
    rng = random.Random(n)
    sentences = []
    while sum(map(len, sentences)) < chars:
        sentences.append("".join(rng.choice(_WORDS) for _ in range(rng.randint(18, 40))) + "。")
    return "".join(sentences)


_TABLE = re.compile(r'<div class="gov-report-scroll".*?</table></div>', re.S)


def raw(html: str) -> str:
    return ".. raw:: html\n\n" + "".join(f"   {line}\n" for line in html.splitlines())


def projects(count: int) -> tuple[Path, Path]:
    """The EXT and RAW projects of ``count`` reports (RAW's tables from an EXT build of the same pages)."""
    paths = generate(count, f"floor-data-{count}")
    ext, plain = fresh(WORK / f"floor-ext-{count}"), fresh(WORK / f"floor-raw-{count}")
    shutil.copytree(paths[0].parents[1], ext / "data")
    (ext / "conf.py").write_text(CONF.format(extensions=["sphinx_gov_report"]), encoding="utf-8")
    (plain / "conf.py").write_text(CONF.format(extensions=[]), encoding="utf-8")
    years: dict[str, list[str]] = {}
    reports = {}
    for n, path in enumerate(paths):
        year, agency = path.parent.name, path.stem
        report, _issues = validate_file(str(path), None, True)
        assert report is not None
        title = f"{agency}号机关{year}年度政府信息公开工作年度报告"
        doc = f"{year}/{agency}"
        fields = {"title": title, "rule": "=" * (2 * len(title)), "year": year, "n": n, "own": own_words(n)}
        page = PAGE.format(report=f".. gov-report:: /data/{year}/{agency}.yaml", **fields, **GOV)
        (ext / doc).parent.mkdir(exist_ok=True)
        (ext / f"{doc}.rst").write_text(page, encoding="utf-8")
        years.setdefault(year, []).append(agency)
        reports[doc] = (report, fields)
    for src in (ext, plain):
        (src / "index.rst").write_text(
            "报告集\n######\n\n.. toctree::\n   :maxdepth: 2\n\n" + "".join(f"   {y}/index\n" for y in years),
            encoding="utf-8",
        )
        for year, agencies in years.items():
            (src / year).mkdir(exist_ok=True)
            head = f"{year}年度\n{'=' * 12}\n\n.. toctree::\n   :maxdepth: 1\n\n"
            (src / year / "index.rst").write_text(head + "".join(f"   {a}\n" for a in agencies), encoding="utf-8")
    out = WORK / f"floor-tables-{count}"
    sphinx_build(ext, out)
    for doc, (report, fields) in reports.items():
        tables = _TABLE.findall((out / f"{doc}.html").read_text(encoding="utf-8"))
        assert len(tables) == 3, doc
        paragraphs, _issues = preamble.render(report, None, "<default>")
        page = PAGE.format(
            report="\n\n".join(paragraphs),
            active=raw(tables[0]),
            applications=raw(tables[1]),
            appeals=raw(tables[2]),
            new=format_number(report.value(("applications", "new", "total"))),
            done=format_number(report.value(("applications", "results", "total", "total"))),
            fee=format_number(report.processing_fee or 0),
            **fields,
        )
        (plain / f"{doc}.rst").write_text(page, encoding="utf-8")
    return ext, plain


def measured(src: Path) -> tuple[float, int]:
    """One fresh ``sphinx-build`` process: (user CPU seconds, peak resident set in KiB)."""
    out = WORK / f"{src.name}-out"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(src), str(out)]
    # as installed packages run: with their bytecode cached (an unset PYTHONDONTWRITEBYTECODE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.Popen(cmd, env={**env, "PYTHONHASHSEED": "0"}, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"FAILED: sphinx-build exited with {status} for {src}")
    return usage.ru_utime, usage.ru_maxrss


def stored(out: Path) -> tuple[int, int]:
    """Bytes of the pickled environment and of all pickled doctrees of a build."""
    trees = out / ".doctrees"
    env = (trees / "environment.pickle").stat().st_size
    return env, sum(p.stat().st_size for p in trees.rglob("*.doctree"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 600], help="numbers of reports")
    parser.add_argument("--pairs", type=int, default=3, help="A/B pairs per size (median)")
    args = parser.parse_args()
    print(versions())
    print("EXT: the extension; RAW: the same pages, tables pasted as raw HTML, no extension (the floor)")
    print("fresh sphinx-build processes, sphinx-rtd-theme, toctree index → year → report\n")
    for count in args.sizes:
        ext, plain = projects(count)
        cpu: dict[str, list[float]] = {"ext": [], "raw": []}
        peak: dict[str, list[int]] = {"ext": [], "raw": []}
        ratios = []
        if count == args.sizes[0]:
            measured(ext)  # not counted: writes the package's bytecode cache, as an installation has it
        for pair in range(args.pairs):
            order = (("ext", ext), ("raw", plain)) if pair % 2 == 0 else (("raw", plain), ("ext", ext))
            for variant, src in order:
                user, rss = measured(src)
                cpu[variant].append(user)
                peak[variant].append(rss)
            ratios.append(cpu["ext"][-1] / cpu["raw"][-1])
        e, r = statistics.median(cpu["ext"]), statistics.median(cpu["raw"])
        pe, pr = max(peak["ext"]), max(peak["raw"])
        print(f"{count} reports, {args.pairs} pairs:")
        print(f"  user CPU, median: EXT {e:.2f} s ({1000 * e / count:.1f} ms/report), RAW {r:.2f} s")
        print(
            f"  EXT / RAW, median of the pairs' ratios: {statistics.median(ratios):.3f}  (pairs: "
            + ", ".join(f"{x:.3f}" for x in ratios)
            + ")"
        )
        print(f"  peak memory: EXT {pe / 1024:.0f} MiB, RAW {pr / 1024:.0f} MiB, EXT / RAW {pe / pr:.3f}")
        sizes = {v: stored(WORK / f"{src.name}-out") for v, src in (("ext", ext), ("raw", plain))}
        (env_e, trees_e), (env_r, trees_r) = sizes["ext"], sizes["raw"]
        print(
            f"  pickled environment per report: EXT {env_e / count / 1024:.1f} KiB, RAW {env_r / count / 1024:.1f} KiB;"
            f" doctrees per report: EXT {trees_e / count / 1024:.1f} KiB, RAW {trees_r / count / 1024:.1f} KiB\n"
        )
    count = args.sizes[0]
    timed_src = WORK / f"floor-ext-{count}-timed"
    shutil.rmtree(timed_src, ignore_errors=True)
    shutil.copytree(WORK / f"floor-ext-{count}", timed_src)
    with (timed_src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_TIMED)
    sphinx_build(timed_src, WORK / "floor-timed-out")  # warm-up
    _entrypoints.reset()
    wall = timed(lambda: sphinx_build(timed_src, WORK / "floor-timed-out"))
    print(f"entry points, inclusive, in-process EXT build of {count} reports ({wall:.2f} s wall):")
    for label, seconds in sorted(_entrypoints.totals.items(), key=lambda item: -item[1])[:12]:
        print(f"  {1000 * seconds / count:7.3f} ms/report  {label} ({_entrypoints.calls[label]} calls)")
    print(f"  {1000 * _entrypoints.total() / count:7.3f} ms/report  all entry points")


if __name__ == "__main__":
    main()
