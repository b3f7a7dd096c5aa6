"""Read an HTML page as saved from a portal (any CMS, Word-generated ``mso`` markup)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree  # type: ignore[import-untyped]
import lxml.html  # type: ignore[import-untyped]

from .document import Block, Document, ImportFailure
from .grid import expand
from .sources import decode_text

_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "section", "article",
    "header", "footer", "blockquote", "pre", "ucaptitle", "ucapcontent", "center", "dd", "dt", "tr",
}  # fmt: skip
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "head", "select", "button")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")


def _text(el: lxml.html.HtmlElement) -> str:
    """The text of an element, its ``<br>`` as line breaks, runs of spaces collapsed."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    text = el.text_content()
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _int(value: str | None) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else 1


def _table(el: lxml.html.HtmlElement) -> Block:
    rows = []
    for tr in el.iter("tr"):
        if tr.getparent() is not None and _owning_table(tr) is not el:
            continue
        cells = [
            (" ".join(_text(td).split("\n")), _int(td.get("rowspan")), _int(td.get("colspan")))
            for td in tr
            if isinstance(td.tag, str) and td.tag in ("td", "th")
        ]
        rows.append(cells)
    return Block(rows=[row for row in expand(rows) if row] or [[""]], line=el.sourceline)


def _owning_table(el: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _walk(el: lxml.html.HtmlElement, out: list[Block]) -> None:
    if not isinstance(el.tag, str):
        return
    if el.tag == "table" and not any(t is not el for t in el.iter("table")):
        out.append(_table(el))
        return
        # a layout table: read its cells as content
    children = [c for c in el if isinstance(c.tag, str)]
    has_blocks = any(c.tag in _BLOCK_TAGS or c.tag == "table" or c.find(".//table") is not None for c in children)
    if el.tag in _BLOCK_TAGS and not has_blocks:
        text = _text(el)
        out.extend(Block(text=line, line=el.sourceline) for line in text.split("\n") if line)
        return
    if el.text and el.text.strip():
        out.append(Block(text=_SPACES.sub(" ", el.text).strip()))
    for child in children:
        _walk(child, out)
        if child.tail and child.tail.strip():
            out.append(Block(text=_SPACES.sub(" ", child.tail).strip()))


def read_html(path: Path, data: bytes) -> Document:
    """The page's paragraphs and tables in reading order; nested layout tables are opened."""
    text = decode_text(path, data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        raise ImportFailure(f"{path}：网页是空的（没有文字内容）")
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"{path}：无法解析 HTML 网页（{type(exc).__name__}）") from None
    title_el = root.find(".//title")
    title = _text(title_el) if title_el is not None else ""
    for bad in list(root.iter(*_DROP)):
        bad.drop_tree()
    body = root.find("body")
    doc = Document("html", path.name, title_hint=title)
    _walk(body if body is not None else root, doc.blocks)
    images = [img for img in root.iter("img")]
    if images:
        doc.notes.append(f"网页含 {len(images)} 张图片（图片中的表格或文字无法导入）")
    if not doc.blocks:
        raise ImportFailure(f"{path}：网页中没有文字内容")
    return doc
