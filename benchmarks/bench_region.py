"""A region project at 100 and at 1,000 unit reports: time per report, incremental rebuild, -j 2.

Each size is a project made by ``sphinx-gov-report new --region`` (sphinx_rtd_theme, the generated
navigation options) with generated units ``units/2025/单位NNNN.yaml`` + ``.rst`` (prose), built fresh
(``-E``) in this process.  The fixed start-up cost is measured with the same project holding no
generated unit; the time per report is ``(t(N) − t(0)) / N`` (and, for reference, ``t(N) / N``).
Then, at the large size: one unit's YAML edited and the project rebuilt (which documents are re-read,
and how long it takes), and the fresh build with ``-j 2`` against ``-j 1``.

Run: ``python benchmarks/bench_region.py [--small 100] [--large 1000]`` (the large build takes minutes).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import time
from argparse import Namespace
from pathlib import Path

from _common import WORK, clear_caches, fresh, sphinx_build, timed, versions
from regiongen import write_units

from sphinx_gov_report.cli.new import create
from sphinx_gov_report.core import rollup


def project(count: int) -> Path:
    src = fresh(WORK / f"region-{count}") / "src"
    args = Namespace(
        directory=str(src), region="某某县", year=2025, fmt=None, agency=None, source=None,
        website_name=None, website_url=None,
        **{f"contact_{k}": None for k in ("organization", "address", "postcode", "phone", "fax", "email")},
    )  # fmt: skip
    create(args)
    write_units(src, count, prose=True)
    return src


def build(src: Path, jobs: int = 1) -> float:
    rollup._cache.clear()
    return timed(lambda: sphinx_build(src, src.parent / f"html-j{jobs}", jobs))


def incremental(src: Path) -> tuple[float, list[str]]:
    """Edit one unit's YAML and rebuild (not fresh): seconds and the documents re-read."""
    from sphinx.application import Sphinx

    unit = src / "units" / "2025" / "单位0003.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("processing_fee: ", "processing_fee: 1"), encoding="utf-8")
    later = time.time() + 5
    os.utime(unit, (later, later))
    clear_caches()
    rollup._cache.clear()
    out = src.parent / "html-j1"
    status = io.StringIO()
    start = time.perf_counter()
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html", status=status, warning=io.StringIO())
    app.build()
    seconds = time.perf_counter() - start
    read = sorted(set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status.getvalue())))
    return seconds, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    args = parser.parse_args()
    print(versions())
    print(f"CPU cores: {os.cpu_count()}")
    empty = project(0)
    base = min(build(empty) for _ in range(2))  # the first build also pays for imports
    print(f"start-up (project without generated units): {base:.2f} s")
    per: dict[int, float] = {}
    raw: dict[int, float] = {}
    sources: dict[int, Path] = {}
    for count in (args.small, args.large):
        sources[count] = project(count)
        seconds = build(sources[count])
        per[count] = (seconds - base) / count
        raw[count] = seconds / count
        print(f"{count:5d} units: {seconds:7.1f} s fresh build, {per[count] * 1000:6.1f} ms per report"
              f" (t/N: {raw[count] * 1000:6.1f} ms)")  # fmt: skip
    ratio = per[args.large] / per[args.small]
    print(f"per-report ratio {args.large}/{args.small}: {ratio:.2f} (t/N: {raw[args.large] / raw[args.small]:.2f})")
    seconds, read = incremental(sources[args.large])
    print(f"incremental rebuild after editing one unit's YAML ({args.large} units): {seconds:.1f} s, re-read: {read}")
    parallel = build(sources[args.large], jobs=2)
    serial = per[args.large] * args.large + base
    print(f"-j 2 fresh build ({args.large} units): {parallel:.1f} s vs -j 1 {serial:.1f} s: ratio {parallel / serial:.2f}")
    for count in (0, args.small, args.large):
        shutil.rmtree(WORK / f"region-{count}", ignore_errors=True)


if __name__ == "__main__":
    main()
