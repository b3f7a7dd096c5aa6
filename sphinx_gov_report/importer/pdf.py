"""Read a text-based PDF: tables drawn with lines (pdfplumber), the text layer around them.

A table split across pages is two tables here; :mod:`.tables` reads them as one. Where a
page has no ruled table, its text lines still reach :mod:`.tables`, which reads rows of
``label number number …`` from them.
"""

from __future__ import annotations

import io
from pathlib import Path

from .document import Block, CellText, Document, ImportFailure

MAX_PAGES = 300


def _clean(cell: str | None) -> CellText:
    if cell is None:
        return None
    return " ".join(cell.split("\n")).strip()


def read_pdf(path: Path, data: bytes) -> Document:
    """Tables and text lines of every page, in reading order (top to bottom)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ImportFailure(f"{path}：PDF 文件已损坏或无法读取（{type(exc).__name__}）") from None
    except Exception as exc:  # pdfminer raises many kinds for broken files
        raise ImportFailure(f"{path}：PDF 文件已损坏或无法读取（{type(exc).__name__}）") from None
    with pdf:
        title = str((pdf.metadata or {}).get("Title") or "")
        doc = Document("pdf", path.name, title_hint=title)
        if len(pages) > MAX_PAGES:
            raise ImportFailure(f"{path}：PDF 页数过多（{len(pages)} 页，上限 {MAX_PAGES} 页）")
        chars = 0
        for number, page in enumerate(pages, 1):
            try:
                items = _page(page, number)
            except Exception as exc:  # a broken page: say so, keep the others
                doc.notes.append(f"第 {number} 页无法读取（{type(exc).__name__}），已跳过")
                continue
            chars += sum(len(b.text) for _top, b in items)
            if not items and page.images:
                doc.notes.append(f"第 {number} 页只有图片、没有文字层（可能是扫描件或图片表格），未能导入")
            doc.blocks.extend(block for _top, block in items)
        if not chars and not any(b.is_table for b in doc.blocks):
            raise ImportFailure(f"{path}：PDF 没有文字层（扫描件？），无法导入；请使用原始 Word 文件或文字版 PDF")
    return doc


def _page(page: object, number: int) -> list[tuple[float, Block]]:
    tables = page.find_tables()  # type: ignore[attr-defined]
    items: list[tuple[float, Block]] = []
    boxes = []
    for table in tables:
        rows = [[_clean(c) for c in row] for row in table.extract()]
        if max((len(r) for r in rows), default=0) < 2:
            continue  # a frame around text: read as text lines
        boxes.append(table.bbox)
        items.append((table.bbox[1], Block(rows=rows, page=number)))

    def outside(obj: dict) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))  # type: ignore[attr-defined]
    for line in text_page.extract_text_lines(strip=True, return_chars=False):
        text = line["text"].strip()
        if text:
            items.append((line["top"], Block(text=text, page=number, wrapped=True)))
    items.sort(key=lambda item: item[0])
    return items
