"""xelatex passes and time of the example's PDF, with and without its statutory tables (issue 15).

Copies ``example_project`` twice under ``_work/pdf``: as shipped, and with its three
``gov-table`` directives taken out (the baseline: the same document, headings, title block
and PDF outline, without the tables).  Writes the LaTeX of each once (``sphinx-build -b
latex``), then runs latexmk as Sphinx's ``make latexpdf`` does, from a clean output each
time (no ``.aux`` from an earlier run), ``--repeat`` times per variant, the two variants
interleaved.  Prints the xelatex passes (latexmk's "Run number" lines), the median wall
and user CPU time (latexmk and its children) of each, and the ratios with / without.
No assertion on time; the pass counts are tested in ``tests/test_pdf.py``.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, WORK, versions

LATEXMK = ["latexmk", "-pdf", "-dvi-", "-ps-", "-interaction=nonstopmode"]
GENERATED = (".aux", ".out", ".toc", ".log", ".pdf", ".fls", ".fdb_latexmk", ".xdv")


def project(name: str, tables: bool) -> Path:
    """The example project under ``_work/pdf/<name>``, its LaTeX written; returns the LaTeX folder."""
    src = WORK / "pdf" / name
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(ROOT / "example_project", src, ignore=shutil.ignore_patterns("_build"))
    if not tables:
        index = src / "index.rst"
        text, removed = re.subn(r"(?m)^\.\. gov-table:: .*\n", "", index.read_text(encoding="utf-8"))
        if removed != 3:
            raise SystemExit(f"FAILED: expected 3 gov-table directives in the example, found {removed}")
        index.write_text(text, encoding="utf-8")
    out = src / "_build" / "latex"
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "latex", str(src), str(out)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"FAILED: sphinx-build -b latex for {name}\n{result.stderr[-2000:]}")
    return out


def latexmk(latex: Path) -> tuple[int, float, float]:
    """One clean latexmk run: (xelatex passes, wall seconds, user CPU seconds)."""
    for path in latex.iterdir():
        if path.suffix in GENERATED:
            path.unlink()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    start = time.perf_counter()
    result = subprocess.run(
        [*LATEXMK, *(p.name for p in latex.glob("*.tex"))], cwd=latex, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    user = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
    if result.returncode != 0:
        raise SystemExit(f"FAILED: latexmk in {latex}\n{result.stdout[-2000:]}")
    passes = len(re.findall(r"(?m)^Run number \d+ of rule '(?:pdf|xe)latex'", result.stdout + result.stderr))
    if passes < 1:
        raise SystemExit(f"FAILED: no xelatex run found in latexmk's output for {latex}")
    return passes, wall, user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="latexmk runs per variant (median)")
    args = parser.parse_args()
    missing = [tool for tool in ("latexmk", "xelatex") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"FAILED: not installed: {', '.join(missing)}")
    print(versions())
    variants = {"with tables": project("with", True), "without tables": project("without", False)}
    runs: dict[str, list[tuple[int, float, float]]] = {name: [] for name in variants}
    latexmk(variants["with tables"])  # warm-up (font caches), not counted
    for i in range(args.repeat):
        order = list(variants) if i % 2 == 0 else list(reversed(variants))
        for name in order:
            runs[name].append(latexmk(variants[name]))
    medians = {}
    for name, found in runs.items():
        passes = sorted({p for p, _w, _u in found})
        wall = statistics.median(w for _p, w, _u in found)
        user = statistics.median(u for _p, _w, u in found)
        medians[name] = (wall, user)
        print(f"{name:15} xelatex passes {passes}  wall {wall:6.2f} s  user {user:6.2f} s  (median of {len(found)})")
    (w1, u1), (w0, u0) = medians["with tables"], medians["without tables"]
    print(f"with / without tables: wall {w1 / w0:.2f}x, user CPU {u1 / u0:.2f}x")


if __name__ == "__main__":
    main()
