"""Validating 1,000 report files vs building them with Sphinx (issue 5).

Generates ``--reports`` data files (200 agencies × 2019–2023, linked by ``previous``), then, in the
same run:

* validates them with ``sphinx-gov-report validate``: in this process (best of ``--repeat``), all files
  and the first half (whole agencies), which gives validation's fixed and marginal cost per report;
  and as the console script (best of ``--repeat``, exit status checked), including interpreter start-up;
* builds report pages of the first ``--sample`` and ``2 × --sample`` files with Sphinx (best of
  ``--repeat`` each).  The difference is the marginal build cost per report; what is left is Sphinx's
  fixed start-up cost, reported separately, so the estimate for ``--reports`` pages
  (fixed + count × marginal) does not depend on the sample size.

Prints the whole-run ratio (validate all files / build all reports) and the marginal ratio
(per extra report).  Exits non-zero if a validation or a build fails.

Run: ``python benchmarks/bench_validate.py [--reports 1000] [--sample 30] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

from _common import (
    CONF,
    GOV_TABLES,
    HEADINGS_BODY,
    WORK,
    Scaling,
    best_of,
    clear_caches,
    fresh,
    generate,
    index_page,
    sphinx_build,
    timed,
    versions,
)

from sphinx_gov_report import cli


def validate_in_process(paths: list[Path]) -> None:
    clear_caches()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["validate", "--no-progress", *map(str, paths)])
    if status != 0:
        sys.stderr.write(out.getvalue() + err.getvalue())
        raise SystemExit(f"FAILED: validate of {len(paths)} generated files exited with {status}")


def validate_console_script(directory: Path) -> None:
    script = Path(sys.executable).parent / "sphinx-gov-report"
    run = subprocess.run([str(script), "validate", "--no-progress", str(directory)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stdout + run.stderr)
        raise SystemExit(f"FAILED: `{script.name} validate {directory}` exited with {run.returncode}")


def sample_project(paths: list[Path], count: int) -> Path:
    """A Sphinx project with one report page (all three tables) for each of the first ``count`` files."""
    data_root = paths[0].parents[1]
    src = fresh(WORK / f"validate-sample-{count}")
    shutil.copytree(data_root, src / "data")
    (src / "conf.py").write_text(CONF.format(extensions=["sphinx_gov_report"]), encoding="utf-8")
    names = []
    for n, path in enumerate(paths[:count]):
        rel = path.relative_to(data_root).as_posix()
        body = HEADINGS_BODY.format(n=n, **GOV_TABLES)
        (src / f"r{n:04d}.rst").write_text(f"报告 {n}\n{'#' * 20}\n\n.. gov-report:: /data/{rel}\n\n{body}", "utf-8")
        names.append(f"r{n:04d}")
    (src / "index.rst").write_text(index_page(names), encoding="utf-8")
    return src


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000, help="data files to validate (a multiple of 10)")
    parser.add_argument("--sample", type=int, default=30, help="build N and 2N report pages")
    parser.add_argument("--repeat", type=int, default=3, help="best of K runs of each measurement")
    args = parser.parse_args()
    if args.reports % 10 or args.reports < 2 * args.sample:
        parser.error("--reports must be a multiple of 10 and at least 2 × --sample")
    count, k = args.reports, args.repeat

    paths = generate(count)
    # Cross-year rules run for every report but 2019's; the first half holds whole agencies (all five years).
    half = paths[: count // 2]
    validate_all = best_of(k, lambda: validate_in_process(paths))
    validate = Scaling(count // 2, best_of(k, lambda: validate_in_process(half)), validate_all)
    cli_s = best_of(k, lambda: validate_console_script(WORK / "reports"))

    # Baseline, measured in the same run: Sphinx building report pages of the same files.
    small, large = sample_project(paths, args.sample), sample_project(paths, 2 * args.sample)
    first = timed(lambda: sphinx_build(small, WORK / "validate-sample-out"))  # warm-up, not counted
    build = Scaling(
        args.sample,
        best_of(k, lambda: sphinx_build(small, WORK / "validate-sample-out")),
        best_of(k, lambda: sphinx_build(large, WORK / "validate-sample-out")),
    )
    build_all = build.estimate(count)

    ms = 1000

    def row(label: str, value: str, note: str = "") -> None:
        print(f"  {label:<44} {value:>11}   {note}".rstrip())

    print(versions())
    print(f"reports: {count} generated data files; every time is the best of {k} runs\n")
    print("validate (sphinx-gov-report validate), in process:")
    row(f"all {count} files", f"{validate_all:.3f} s", f"{ms * validate_all / count:.2f} ms/report (whole run)")
    row(f"first {count // 2} files", f"{validate.small:.3f} s")
    row("marginal, per extra report", f"{ms * validate.marginal:.2f} ms", f"fixed {validate.fixed:+.3f} s")
    row("console script, all files, exit status 0", f"{cli_s:.3f} s", "includes interpreter start-up and imports")
    print("\nsphinx build of report pages (three tables each), in process, fresh (-E):")
    row(f"warm-up build, {args.sample} pages (not counted)", f"{first:.3f} s", "includes first-use imports")
    row(f"{args.sample} pages", f"{build.small:.3f} s")
    row(f"{2 * args.sample} pages", f"{build.large:.3f} s")
    row("marginal, per extra report", f"{ms * build.marginal:.2f} ms")
    row("fixed start-up cost", f"{build.fixed:.3f} s")
    row(f"estimate for {count} reports", f"{build_all:.3f} s", f"fixed + {count} × marginal")
    print("\nratios, validate / build:")
    row(
        f"whole run: {count} files / {count} reports",
        f"{validate_all / build_all:.4f}",
        f"validation {build_all / validate_all:.0f}× faster",
    )
    row(
        "marginal, per extra report",
        f"{validate.marginal / build.marginal:.4f}",
        f"validation {build.marginal / validate.marginal:.0f}× faster",
    )
    row(
        f"console script / build of {count} (in process)",
        f"{cli_s / build_all:.4f}",
        "the build side leaves out start-up",
    )


if __name__ == "__main__":
    main()
