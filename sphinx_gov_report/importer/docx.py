"""Read a Word .docx as units send it (merged cells as ``gridSpan``/``vMerge``)."""

from __future__ import annotations

import io
from pathlib import Path

from .document import Block, CellText, Document, ImportFailure
from .grid import expand

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _para_text(p: object) -> str:
    texts = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):  # type: ignore[attr-defined]
        if node.tag == f"{_W}t":
            texts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            texts.append(" ")
        else:
            texts.append("\n")
    return "".join(texts).strip()


def _cell_text(tc: object) -> str:
    return " ".join(t for t in (_para_text(p) for p in tc.iter(f"{_W}p")) if t)  # type: ignore[attr-defined]


def _table(tbl: object) -> Block:
    rows: list[list[tuple[str, int, int]]] = []
    merged: list[list[bool]] = []  # vMerge continuation per cell
    for tr in tbl.findall(f"{_W}tr"):  # type: ignore[attr-defined]
        cells: list[tuple[str, int, int]] = []
        cont: list[bool] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            for _ in range(int(before.get(f"{_W}val", "0") or 0)):
                cells.append(("", 1, 1))
                cont.append(True)
        for tc in tr.findall(f"{_W}tc"):
            pr = tc.find(f"{_W}tcPr")
            span = 1
            continuation = False
            if pr is not None:
                grid_span = pr.find(f"{_W}gridSpan")
                if grid_span is not None:
                    try:
                        span = int(grid_span.get(f"{_W}val", "1"))
                    except ValueError:
                        span = 1
                v_merge = pr.find(f"{_W}vMerge")
                if v_merge is not None and v_merge.get(f"{_W}val", "continue") != "restart":
                    continuation = True
            cells.append(("" if continuation else _cell_text(tc), 1, span))
            cont.append(continuation)
        rows.append(cells)
        merged.append(cont)
    grid = expand(rows)
    out: list[list[CellText]] = []
    for row, cells, cont in zip(grid, rows, merged, strict=False):
        fixed: list[CellText] = []
        i = 0
        for (_text, _rs, span), is_cont in zip(cells, cont, strict=False):
            fixed.append(None if is_cont else row[i])
            fixed.extend([None] * (span - 1))
            i += span
        out.append(fixed)
    return Block(rows=out or [[""]])


def _body(parent: object, doc: Document) -> int:
    """Append the paragraphs and tables under ``parent`` (content controls opened); the image count."""
    images = 0
    for child in parent.iterchildren():  # type: ignore[attr-defined]
        if child.tag == f"{_W}p":
            text = _para_text(child)
            doc.blocks.extend(Block(text=line.strip()) for line in text.split("\n") if line.strip())
            images += len(child.findall(f".//{_W}drawing"))
        elif child.tag == f"{_W}tbl":
            doc.blocks.append(_table(child))
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            images += _body(child, doc)
    return images


def read_docx(path: Path, data: bytes) -> Document:
    """The document body's paragraphs and tables in order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        raise ImportFailure(f"{path}：无法打开 Word 文档（{exc}）") from None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and the like from a broken part
        raise ImportFailure(f"{path}：Word 文档内容已损坏（{type(exc).__name__}）") from None
    title = document.core_properties.title or ""
    doc = Document("docx", path.name, title_hint=title)
    images = _body(document.element.body, doc)
    if images:
        doc.notes.append(f"Word 文档含 {images} 张图片（图片中的表格或文字无法导入）")
    return doc
