"""Validating 1,000 report files vs building them with Sphinx.

Generates ``--reports`` data files, validates them all with ``sphinx-gov-report
validate`` (in this process, and once as a subprocess to include start-up),
then builds a sample of ``--sample`` report pages with Sphinx and extrapolates
the build time per report.  Prints the ratio validate / build.

Run: ``python benchmarks/bench_validate.py [--reports 1000] [--sample 30]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

from _common import CONF, HEADINGS_BODY, WORK, fresh, generate, sphinx_build, timed

from sphinx_gov_report import cli, loader


def validate_in_process(paths: list[Path]) -> None:
    loader._cache.clear()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = cli.main(["validate", "--no-progress", *map(str, paths)])
    if status != 0:
        raise SystemExit(f"validate reported problems ({status})")


def sample_project(paths: list[Path], sample: int) -> Path:
    """A Sphinx project with one report page per sampled data file (all three tables)."""
    src = fresh(WORK / "validate-sample")
    shutil.copytree(paths[0].parents[1], src / "data")
    (src / "conf.py").write_text(CONF.format(extensions=["sphinx_gov_report"]), encoding="utf-8")
    names = []
    for n, path in enumerate(paths[:sample]):
        rel = path.relative_to(paths[0].parents[1]).as_posix()
        body = HEADINGS_BODY.format(
            n=n, active=".. gov-table:: 二", applications=".. gov-table:: 三", appeals=".. gov-table:: 四"
        )
        (src / f"r{n:04d}.rst").write_text(f"报告 {n}\n{'#' * 20}\n\n.. gov-report:: /data/{rel}\n\n{body}", "utf-8")
        names.append(f"r{n:04d}")
    toctree = "\n".join(f"   {name}" for name in names)
    (src / "index.rst").write_text(f"报告集\n######\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8")
    return src


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=30)
    args = parser.parse_args()

    paths = generate(args.reports)
    # Files of consecutive years: cross-year rules run for every report but 2019's.
    validate_s = min(timed(lambda: validate_in_process(paths)) for _ in range(3))
    cli_path = Path(sys.executable).parent / "sphinx-gov-report"
    cli_s = timed(lambda: subprocess.run([str(cli_path), "validate", str(WORK / "reports")], capture_output=True))

    # Baseline, measured in the same run: Sphinx building a sample of the same reports.
    src = sample_project(paths, args.sample)
    build_s = timed(lambda: sphinx_build(src, WORK / "validate-sample-out"))
    per_report_build = build_s / args.sample
    build_all = per_report_build * args.reports

    print(f"reports validated:          {args.reports}")
    print(f"validate (in process, best of 3): {validate_s:8.3f} s   {1000 * validate_s / args.reports:7.3f} ms/report")
    print(f"validate (console script):  {cli_s:8.3f} s   (including interpreter start-up)")
    print(f"sphinx build sample:        {build_s:8.3f} s   for {args.sample} reports")
    print(
        f"sphinx build, per report:   {1000 * per_report_build:8.3f} ms   -> {args.reports} reports ≈ {build_all:.1f} s"
    )
    print(f"ratio validate / build:     {validate_s / build_all:8.4f}   ({build_all / validate_s:.0f}× faster)")
    print(f"ratio console script / build: {cli_s / build_all:6.4f}")


if __name__ == "__main__":
    main()
