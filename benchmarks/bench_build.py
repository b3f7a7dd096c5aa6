"""The extension's own work per report vs Sphinx's.

Builds the same report pages, fresh each time, in three variants and at two sizes (``--pages`` and
twice as many; best of ``--repeat``), so each variant's time splits into a fixed start-up cost and a
marginal cost per extra report:

* **A, extension**: each page names its data file with ``gov-report`` and places the three tables with
  ``gov-table`` (loading, rules, document checks, layout, HTML rendering, JSON download);
* **B, plain list-tables**: the same pages with the same numbers as plain, pre-rendered reST
  ``list-table`` tables, no extension — a different workload (docutils parses the tables), not a floor;
* **C, prose only**: the same pages with no tables at all and no extension — the floor: what Sphinx
  spends on a report page whatever renders its tables.

A − C per report is what the extension (its tables included) adds to a page.  Then the extension's
share of an A build, two ways:

* lower bound: cProfile ``tottime`` of the functions in ``sphinx_gov_report`` (leaves out what they hand
  to docutils, YAML, Jinja2);
* upper bound: inclusive time of the extension's entry points (directive/role ``run``, post-transforms'
  ``run``, the event handlers, the HTML visitor; nested entry points counted once; see
  ``_entrypoints.py``), in an unprofiled build (best of ``--repeat``) and in the profiled build.

Run: ``python benchmarks/bench_build.py [--pages 40] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
from collections.abc import Callable
from pathlib import Path

import _entrypoints
from _common import (
    CONF,
    GOV_TABLES,
    HEADINGS_BODY,
    WORK,
    Scaling,
    best_of,
    fresh,
    generate,
    index_page,
    sphinx_build,
    timed,
    versions,
)

from sphinx_gov_report.core import reader as loader
from sphinx_gov_report.core import statute as template
from sphinx_gov_report.core.model import Report, format_number
from sphinx_gov_report.core.rules import validate_file

PACKAGE = str(Path(loader.__file__).parent)
# conf.py of the instrumented copy of project A: time the entry points (Sphinx runs this after the extensions).
CONF_TIMED = "\n\ndef setup(app):\n    import _entrypoints\n\n    _entrypoints.install(app)\n"
FEE = ":gov:`processing_fee`"


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


def projects(paths: list[Path], count: int) -> dict[str, Path]:
    """Projects A (``ext``), B (``plain``) and C (``prose``) with pages for the first ``count`` files."""
    data_root = paths[0].parents[1]
    dirs = {variant: fresh(WORK / f"build-{variant}-{count}") for variant in ("ext", "plain", "prose")}
    shutil.copytree(data_root, dirs["ext"] / "data")
    (dirs["ext"] / "conf.py").write_text(CONF.format(extensions=["sphinx_gov_report"]), encoding="utf-8")
    for variant in ("plain", "prose"):
        (dirs[variant] / "conf.py").write_text(CONF.format(extensions=[]), encoding="utf-8")
    no_tables = dict.fromkeys(GOV_TABLES, "（表格略）")
    names = []
    for n, path in enumerate(paths[:count]):
        rel = path.relative_to(data_root).as_posix()
        report, _issues = validate_file(str(path), None, True)
        assert report is not None
        name, title = f"r{n:04d}", f"报告 {n}\n{'#' * 20}\n\n"
        fee = format_number(report.processing_fee or 0)
        pages = {
            "ext": f"{title}.. gov-report:: /data/{rel}\n\n{HEADINGS_BODY.format(n=n, **GOV_TABLES)}",
            "plain": title + HEADINGS_BODY.format(n=n, **plain_tables(report)).replace(FEE, fee),
            "prose": title + HEADINGS_BODY.format(n=n, **no_tables).replace(FEE, fee),
        }
        for variant, text in pages.items():
            (dirs[variant] / f"{name}.rst").write_text(text, encoding="utf-8")
        names.append(name)
    for src in dirs.values():
        (src / "index.rst").write_text(index_page(names), encoding="utf-8")
    return dirs


def timed_copy(ext: Path) -> Path:
    """Project A with the extension's entry points timed (``_entrypoints``)."""
    src = WORK / f"{ext.name}-timed"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(ext, src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_TIMED)
    return src


def entry_point_build(src: Path, repeat: int) -> tuple[float, float, dict[str, float]]:
    """Best of ``repeat`` instrumented builds: (wall seconds, seconds in entry points, per entry point)."""
    best: tuple[float, float, dict[str, float]] | None = None
    for _ in range(repeat):
        _entrypoints.reset()
        wall = timed(lambda: sphinx_build(src, WORK / "build-timed-out"))
        if best is None or wall < best[0]:
            best = (wall, _entrypoints.total(), dict(_entrypoints.totals))
    assert best is not None
    return best


def profiled_build(src: Path) -> tuple[float, float, float]:
    """One cProfile'd build: (profiled seconds, ``tottime`` inside the package, entry points' inclusive time)."""
    _entrypoints.reset()
    profile = cProfile.Profile()
    profile.runcall(sphinx_build, src, WORK / "build-profiled-out")
    stats = pstats.Stats(profile)
    entries = stats.stats.items()  # type: ignore[attr-defined]
    own = sum(row[2] for (filename, _line, _func), row in entries if filename.startswith(PACKAGE))
    return stats.total_tt, own, _entrypoints.total()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=40, help="build N and 2N report pages")
    parser.add_argument("--repeat", type=int, default=3, help="best of K builds")
    args = parser.parse_args()
    n, k = args.pages, args.repeat

    paths = generate(2 * n, "build-data")
    small, large = projects(paths, n), projects(paths, 2 * n)

    def build(src: Path) -> Callable[[], None]:
        return lambda: sphinx_build(src, WORK / f"{src.name}-out")

    timed(build(small["ext"]))  # warm-up (first-use imports), not counted
    scaling = {
        variant: Scaling(n, best_of(k, build(small[variant])), best_of(k, build(large[variant])))
        for variant in ("ext", "plain", "prose")
    }
    timed_src = timed_copy(small["ext"])
    wall, inclusive, by_entry = entry_point_build(timed_src, k)
    profiled, own, profiled_inclusive = profiled_build(timed_src)

    ms = 1000
    a, b, c = scaling["ext"], scaling["plain"], scaling["prose"]
    print(versions())
    print(f"report pages: {n} and {2 * n}, fresh in-process HTML builds, best of {k}\n")
    print(f"{'':34} {n:>4} pages {2 * n:>4} pages  per extra report  fixed start-up")
    labels = {
        "ext": "A extension (gov-report/gov-table)",
        "plain": "B plain list-tables, no extension",
        "prose": "C prose only, no tables",
    }
    for variant, s in scaling.items():
        print(f"{labels[variant]:34} {s.small:8.3f} s {s.large:8.3f} s  {ms * s.marginal:10.2f} ms  {s.fixed:10.3f} s")
    extra = a.marginal - c.marginal
    print()
    print("extension's cost over prose-only pages (A − C), per report:")
    print(
        f"  {ms * extra:.2f} ms = {extra / c.marginal:.3f} × a prose-only page, {extra / a.marginal:.3f} of an A page"
    )
    print(f"  fixed start-up cost A − C: {a.fixed - c.fixed:+.3f} s per build")
    print(
        "cost relative to the same pages with plain list-tables, per report ((A − B) / B): "
        f"{(a.marginal - b.marginal) / b.marginal:+.3f}"
    )
    print()
    print(f"the extension's share of an A build ({n} pages; lower ≤ true share ≤ upper):")
    print(
        f"  lower bound, cProfile tottime in sphinx_gov_report functions:  "
        f"{own / profiled:6.3f}   ({own:.3f} s of {profiled:.3f} s profiled)"
    )
    print(
        f"  upper bound, entry points' inclusive time, unprofiled build:   "
        f"{inclusive / wall:6.3f}   ({inclusive:.3f} s of {wall:.3f} s; {ms * inclusive / n:.2f} ms/report)"
    )
    print(f"  upper bound, the same, in the profiled build:                  {profiled_inclusive / profiled:6.3f}")
    print("  entry points, inclusive (unprofiled build):")
    for label, seconds in sorted(by_entry.items(), key=lambda item: -item[1]):
        print(f"    {ms * seconds / n:7.3f} ms/report  {label} ({_entrypoints.calls[label]} calls)")


if __name__ == "__main__":
    main()
