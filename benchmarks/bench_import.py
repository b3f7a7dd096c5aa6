"""Import time per report and per source kind (issue 10).

For every report in ``../shared/realdocs`` and for a generated .docx and HTML page (the statute's
tables with merged cells), measures in the same run (best of ``--repeat``):

* the import (read, map the tables, metadata, prose) — ``import_source``, label caches emptied;
* the baseline: reading the file alone, with the library the importer uses for its kind
  (bytes decoded for text, ``lxml.html`` parsed for HTML, ``python-docx`` opened for .docx,
  ``pdfplumber`` text of every page for PDF).

Prints the time per report and the ratio import / baseline, then the totals per kind.
Goal (issue 10): well under a second for HTML and text, a few seconds for a PDF.

Run: ``python benchmarks/bench_import.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
sys.path.insert(0, str(ROOT / "tests" / "importer"))

from generate import docx_file, html_page, numbers  # noqa: E402

from sphinx_gov_report.importer import labels  # noqa: E402
from sphinx_gov_report.importer.run import import_source  # noqa: E402
from sphinx_gov_report.importer.sources import detect_kind  # noqa: E402


def cold_import(path: Path) -> object:
    """One import with the label caches emptied first (as for the first file of a run)."""
    for cached in (labels.canon, labels.core, labels.ratio):
        cached.cache_clear()
    return import_source(path)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(path: Path, kind: str) -> Callable[[], object]:
    data = path.read_bytes()
    if kind == "pdf":
        import pdfplumber

        def read_pdf() -> object:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return [page.extract_text() for page in pdf.pages]

        return read_pdf
    if kind == "docx":
        import docx

        return lambda: docx.Document(io.BytesIO(data))
    if kind == "html":
        import lxml.html

        return lambda: lxml.html.document_fromstring(data.decode("utf-8", "replace"))
    return lambda: data.decode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources = sorted(p for p in REALDOCS.iterdir() if p.name != "README.md")
        generated_docx = Path(tmp, "generated.docx")
        docx_file(generated_docx, numbers(), "某某镇人民政府", 2024)
        generated_html = Path(tmp, "generated.html")
        generated_html.write_text(html_page(numbers(), "某某县统计局", 2024), encoding="utf-8")
        sources += [generated_docx, generated_html]
        totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])  # type: ignore[arg-type]
        print(f"{'report':40} {'kind':5} {'import ms':>10} {'baseline ms':>12} {'ratio':>7}")
        for path in sources:
            kind = detect_kind(path, path.read_bytes())
            t_import = best(lambda p=path: cold_import(p), args.repeat)
            t_base = best(baseline(path, kind), args.repeat)
            totals[kind][0] += t_import
            totals[kind][1] += t_base
            totals[kind][2] += 1
            print(
                f"{path.name[:40]:40} {kind:5} {t_import * 1000:10.1f} {t_base * 1000:12.1f} {t_import / t_base:7.1f}"
            )
        print()
        print(f"{'kind':5} {'reports':>7} {'import ms/report':>17} {'baseline ms/report':>19} {'ratio':>7}")
        for kind, (t_import, t_base, count) in sorted(totals.items()):
            print(
                f"{kind:5} {int(count):7d} {t_import / count * 1000:17.1f} {t_base / count * 1000:19.1f}"
                f" {t_import / t_base:7.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
