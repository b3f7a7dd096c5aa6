"""Word output cost: ``-b docx`` against ``-b html`` of the same reports, per extra report.

Builds N and 2N generated reports (one document each, all three statutory tables) with the
HTML builder (the baseline) and the docx builder, fresh and in this process, best of
``--repeat``; prints each builder's fixed and marginal cost and the docx/html ratio of the
marginal costs.  No assertion on time.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from _common import CONF, GOV_TABLES, HEADINGS_BODY, WORK, Scaling, best_of, clear_caches, fresh, generate, versions


def project(count: int) -> str:
    """A project of ``count`` reports under ``_work/docx-<count>``; returns its path."""
    files = generate(count, f"docx-data-{count}")
    src = fresh(WORK / f"docx-{count}")
    (src / "conf.py").write_text(CONF.format(extensions=["sphinx_gov_report"]), encoding="utf-8")
    names = []
    for n, path in enumerate(files):
        name = f"r{n:04d}"
        data = src / "data" / path.parent.name / path.name
        data.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, data)
        body = HEADINGS_BODY.format(n=n, **GOV_TABLES)
        title = f"报告 {n}"
        text = f"{title}\n{'#' * (2 * len(title))}\n\n.. gov-report:: data/{path.parent.name}/{path.name}\n\n{body}"
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
        names.append(name)
    index = "报告集\n######\n\n.. toctree::\n\n" + "\n".join(f"   {n}" for n in names) + "\n"
    (src / "index.rst").write_text(index, encoding="utf-8")
    return str(src)


def build(src: str, builder: str) -> None:
    from sphinx.cmd.build import build_main

    clear_caches()
    out = WORK / f"out-{builder}"
    shutil.rmtree(out, ignore_errors=True)
    # -W is not used: generated reports may carry notices; a failed build still exits non-zero
    status = build_main(["-q", "-E", "-b", builder, src, str(out)])
    if status != 0:
        raise SystemExit(f"FAILED: sphinx-build -b {builder} exited with {status} for {src}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=10, help="N (the larger build has 2N)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(versions())
    small, large = project(args.reports), project(2 * args.reports)
    build(small, "docx")  # warm-up: first-use imports (python-docx, lxml)
    results = {}
    for builder in ("html", "docx"):
        results[builder] = Scaling(
            args.reports,
            best_of(args.repeat, lambda b=builder: build(small, b)),
            best_of(args.repeat, lambda b=builder: build(large, b)),
        )
    print(f"{'builder':<8}{'fixed s':>10}{'per report s':>14}")
    for builder, scaling in results.items():
        print(f"{builder:<8}{scaling.fixed:>10.3f}{scaling.marginal:>14.3f}")
    ratio = results["docx"].marginal / results["html"].marginal
    print(f"docx/html per extra report: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
