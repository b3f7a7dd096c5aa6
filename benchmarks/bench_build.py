"""The extension's own work per report vs Sphinx's.

Builds ``--pages`` report pages twice in the same run, fresh each time:

* **extension**: each page names its data file with ``gov-report`` and places
  the tables with ``gov-table`` (loading, rules, document checks, layout, HTML
  rendering, JSON download);
* **baseline**: the same pages with the same numbers as plain, pre-rendered
  reST ``list-table`` tables and no extension.

It prints both times per report, the extension's overhead as a ratio of the
baseline, and (from a cProfile run of the extension build) the time spent
inside ``sphinx_gov_report`` functions themselves.

Run: ``python benchmarks/bench_build.py [--pages 40] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
from pathlib import Path

from _common import CONF, HEADINGS_BODY, WORK, fresh, generate, sphinx_build, timed

from sphinx_gov_report import loader, template
from sphinx_gov_report.model import Report, format_number
from sphinx_gov_report.rules import validate_file

PACKAGE = str(Path(loader.__file__).parent)


def list_table(title: str, header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    lines = [f".. list-table:: {title}", "   :header-rows: 1", ""]
    lines.append("   * - " + "\n     - ".join(["项目", *header]))
    for label, values in rows:
        lines.append("   * - " + "\n     - ".join([label, *values]))
    return "\n".join(lines) + "\n"


def plain_tables(report: Report) -> dict[str, str]:
    """Tables 二, 三, 四 of ``report`` as pre-rendered reST (same labels and numbers, no merges)."""
    spec = report.spec
    active = []
    for block in spec.active:
        rows = [
            (row.labels[-1], [format_number(report.value(("active", *row.key, c.key))) for c in block.columns])
            for row in block.rows
        ]
        active.append(list_table(block.title, [c.labels[-1] for c in block.columns], rows))

    def table(name: str, rows: tuple[template.Row, ...], columns: tuple[template.Column, ...]) -> str:
        body = [
            (" / ".join(r.labels), [format_number(report.value((name, *r.key, c.key))) for c in columns]) for r in rows
        ]
        return list_table(
            template.TABLE_TITLES["三" if name == "applications" else "四"], [c.labels[-1] for c in columns], body
        )

    return {
        "active": "\n".join(active),
        "applications": table("applications", spec.applications_rows, spec.applications_columns),
        "appeals": table("appeals", spec.appeals_rows, spec.appeals_columns),
    }


def projects(paths: list[Path]) -> tuple[Path, Path]:
    ext, plain = fresh(WORK / "build-ext"), fresh(WORK / "build-plain")
    data_root = paths[0].parents[1]
    shutil.copytree(data_root, ext / "data")
    (ext / "conf.py").write_text(CONF.format(extensions=["sphinx_gov_report"]), encoding="utf-8")
    (plain / "conf.py").write_text(CONF.format(extensions=[]), encoding="utf-8")
    names = []
    for n, path in enumerate(paths):
        rel = path.relative_to(data_root).as_posix()
        report, _issues = validate_file(str(path), None, True)
        assert report is not None
        name, title = f"r{n:04d}", f"报告 {n}\n{'#' * 20}\n\n"
        body = HEADINGS_BODY.format(
            n=n, active=".. gov-table:: 二", applications=".. gov-table:: 三", appeals=".. gov-table:: 四"
        )
        (ext / f"{name}.rst").write_text(f"{title}.. gov-report:: /data/{rel}\n\n{body}", encoding="utf-8")
        fee = format_number(report.processing_fee or 0)
        body = HEADINGS_BODY.format(n=n, **plain_tables(report)).replace(":gov:`processing_fee`", fee)
        (plain / f"{name}.rst").write_text(title + body, encoding="utf-8")
        names.append(name)
    index = "报告集\n######\n\n.. toctree::\n\n" + "\n".join(f"   {n}" for n in names) + "\n"
    for src in (ext, plain):
        (src / "index.rst").write_text(index, encoding="utf-8")
    return ext, plain


def own_time(ext: Path) -> tuple[float, float]:
    """Seconds spent in the extension's own functions (cProfile ``tottime``) and in the whole profiled build."""
    loader._cache.clear()
    profile = cProfile.Profile()
    profile.runcall(sphinx_build, ext, WORK / "build-ext-profiled")
    stats = pstats.Stats(profile)
    entries = stats.stats.items()  # type: ignore[attr-defined]
    own = sum(row[2] for (filename, _line, _func), row in entries if filename.startswith(PACKAGE))
    return own, stats.total_tt  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    ext, plain = projects(generate(args.pages, "build-data"))

    def build_ext() -> None:
        loader._cache.clear()
        sphinx_build(ext, WORK / "build-ext-out")

    ext_s = min(timed(build_ext) for _ in range(args.repeat))
    plain_s = min(timed(lambda: sphinx_build(plain, WORK / "build-plain-out")) for _ in range(args.repeat))
    own_s, profiled_s = own_time(ext)
    n = args.pages
    print(f"report pages:                        {n}")
    print(f"build with the extension:   {ext_s:7.3f} s   {1000 * ext_s / n:7.2f} ms/report")
    print(f"baseline (plain reST tables): {plain_s:5.3f} s   {1000 * plain_s / n:7.2f} ms/report")
    print(f"extension overhead / baseline:       {(ext_s - plain_s) / plain_s:6.3f}")
    print(f"ratio extension build / baseline:    {ext_s / plain_s:6.3f}")
    print(f"own time in sphinx_gov_report (profiled build): {own_s:6.3f} s   {1000 * own_s / n:6.2f} ms/report")
    print(f"own time / whole profiled build:     {own_s / profiled_s:6.3f}")


if __name__ == "__main__":
    main()
