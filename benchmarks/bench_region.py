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
import resource
import shutil
import time
from argparse import Namespace
from pathlib import Path

from _common import WORK, clear_caches, fresh, sphinx_build, timed, versions
from regiongen import write_units

from sphinx_gov_report.cli.new import create
from sphinx_gov_report.core import rollup

#: This run's folder (two runs at once must not share one).
RUN = WORK / f"region-{os.getpid()}"


def project(count: int) -> Path:
    src = fresh(RUN / str(count)) / "src"
    args = Namespace(
        directory=str(src), region="某某县", year=2025, fmt=None, agency=None, source=None,
        website_name=None, website_url=None,
        **{f"contact_{k}": None for k in ("organization", "address", "postcode", "phone", "fax", "email")},
    )  # fmt: skip
    create(args)
    write_units(src, count, prose=True)
    return src


def cpu() -> float:
    """CPU seconds of this process and its waited-for children (-j 2 workers): robust on a shared machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def build(src: Path, jobs: int = 1) -> tuple[float, float]:
    """A fresh build: (wall seconds, CPU seconds)."""
    rollup._cache.clear()
    before = cpu()
    wall = timed(lambda: sphinx_build(src, src.parent / f"html-j{jobs}", jobs))
    return wall, cpu() - before


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
    before = cpu()
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), "html", status=status, warning=io.StringIO())
    app.build()
    seconds = time.perf_counter() - start
    print(f"  (incremental rebuild CPU: {cpu() - before:.1f} s)")
    read = sorted(set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status.getvalue())))
    return seconds, read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    args = parser.parse_args()
    print(versions())
    print(f"CPU cores: {os.cpu_count()}")
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    empty = project(0)
    build(empty)  # the first build also pays for imports
    base_wall, base_cpu = build(empty)
    print(f"start-up (project without generated units): {base_wall:.2f} s wall, {base_cpu:.2f} s CPU")
    per: dict[int, float] = {}
    per_wall: dict[int, float] = {}
    sources: dict[int, Path] = {}
    walls: dict[int, float] = {}
    for count in (args.small, args.large):
        sources[count] = project(count)
        wall, used = build(sources[count])
        walls[count] = wall
        per[count] = (used - base_cpu) / count
        per_wall[count] = (wall - base_wall) / count
        print(f"{count:5d} units: fresh build {used:7.1f} s CPU ({wall:7.1f} s wall): {per[count] * 1000:6.1f} ms CPU"
              f" per report ({per_wall[count] * 1000:6.1f} ms wall)")  # fmt: skip
        if count == args.large:  # this process's peak so far: the large build's (the small one needs less)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"      peak memory of the {count}-unit build (this process's maximum resident set): {peak:.0f} MiB")
    ratio = per[args.large] / per[args.small]
    print(f"per-report ratio {args.large}/{args.small}: {ratio:.2f} by CPU time"
          f" ({per_wall[args.large] / per_wall[args.small]:.2f} by wall time; load {os.getloadavg()[0]:.1f})")  # fmt: skip
    seconds, read = incremental(sources[args.large])
    print(f"incremental rebuild after editing one unit's YAML ({args.large} units): {seconds:.1f} s, re-read: {read}")
    parallel, parallel_cpu = build(sources[args.large], jobs=2)
    serial = walls[args.large]
    print(f"-j 2 fresh build ({args.large} units): {parallel:.1f} s wall ({parallel_cpu:.1f} s CPU) vs -j 1"
          f" {serial:.1f} s wall: ratio {parallel / serial:.2f} (load {os.getloadavg()[0]:.1f})")  # fmt: skip
    shutil.rmtree(RUN, ignore_errors=True)


if __name__ == "__main__":
    main()
