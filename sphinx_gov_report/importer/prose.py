"""The prose of a report as published: title, preamble and the six sections with their
headings as printed, paragraphs, （一） sub-headings and list items; tables 二–四 become
``gov-table`` directives."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..core import statute
from .document import Document
from .labels import canon, similar
from .text import FOOTER as _FOOTER

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+|\d)\s*[、.．]")
_SUB = re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")
_ITEM = re.compile(r"^(?:\d+\s*[、.．)）]|[（(]\d+[)）]|[①-⑳]|[一二三四五六七八九十]是)")
_END = ("。", "！", "？", "；", "”", "」", ";", "!", "?")
_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
_TITLE_WORDS = re.compile(r"(?:政府信息公开|政务公开).{0,6}报告")
HEADING_MIN = 0.55


@dataclass
class Para:
    """``p`` (paragraph), ``sub`` (a （一） sub-heading), ``li`` (list item) or ``table`` (a directive)."""

    kind: str
    text: str


@dataclass
class Section:
    index: int  #: 0–5: which statutory section
    heading: str  #: as printed
    paras: list[Para] = field(default_factory=list)


@dataclass
class Prose:
    title: str = ""
    title_lines: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  #: statutory headings not found
    skipped: list[str] = field(default_factory=list)
    all_text: list[str] = field(default_factory=list)


def _is_heading_like(text: str) -> bool:
    return bool(_HEADING.match(text)) and len(text) <= 40 and "。" not in text[:-1]


def _lines(doc: Document) -> list[tuple[str, str, bool]]:
    """(kind, text, wrapped) lines: ``p`` text lines and ``table`` markers (one per table run)."""
    out: list[tuple[str, str, bool]] = []
    for block in doc.blocks:
        if not block.is_table:
            text = block.text.strip()
            if _FOOTER.match(text):
                continue
            out.append(("p", _CJK_GAP.sub("", text) if doc.kind == "pdf" else text, block.wrapped))
            continue
        for row in block.rows:
            cells = [c for c in row if c]
            if len(cells) == 1 and not block.from_text and all(c is None or not c.strip() for c in row[1:]):
                if not _FOOTER.match(cells[0].strip()):
                    text = cells[0].strip()
                    out.append(("p", _CJK_GAP.sub("", text) if doc.kind == "pdf" else text, True))
            elif not out or out[-1][0] != "table":
                out.append(("table", "", False))
    return [line for line in out if line[0] == "table" or line[1]]


def _find_title(lines: list[tuple[str, str, bool]]) -> tuple[int, int]:
    """The range of lines holding the title (up to three short lines), or ``(0, 0)``."""
    for i in range(min(len(lines), 20)):
        for size in (1, 2, 3):
            window = lines[i : i + size]
            if len(window) < size or any(k != "p" or len(t) > 60 for k, t, _w in window):
                break
            joined = "".join(t for _k, t, _w in window)
            if _TITLE_WORDS.search(joined) and re.search(r"(?:19|20)\d{2}\s*年", joined) and not joined.endswith("。"):
                return i, i + size
    return 0, 0


def _paragraphs(lines: list[tuple[str, str, bool]]) -> list[tuple[str, str]]:
    """(kind, text) items: ``p`` paragraphs (wrapped lines joined) and ``table`` markers."""
    items: list[tuple[str, str]] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            items.append(("p", "".join(buffer)))
            buffer.clear()

    for kind, line, wrapped in lines:
        if kind == "table":
            flush()
            items.append(("table", ""))
            continue
        starts = _is_heading_like(line) or _SUB.match(line) or _ITEM.match(line)
        if not wrapped:
            flush()
            items.append(("p", line))
            continue
        if starts:
            flush()
        if buffer and re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9]$", buffer[-1]):
            buffer.append(" ")
        buffer.append(line)
        heading = _is_heading_like(line) or (_SUB.match(line) and "。" not in line[:-1])
        if line.endswith(_END) or (heading and len(line) <= 20):
            flush()
    flush()
    return items


def _assign_headings(items: list[tuple[str, str]]) -> dict[int, int]:
    """Statutory section index → item index of its printed heading (in order)."""
    found: dict[int, int] = {}
    start = 0
    candidates = [i for i, (kind, text) in enumerate(items) if kind == "p" and _is_heading_like(text)]
    for index, heading in enumerate(statute.HEADINGS):
        best: tuple[float, int] | None = None
        for i in candidates:
            if i < start:
                continue
            text = items[i][1]
            score = max(similar(text, heading), similar(re.sub(r"^\S+?[、.．]\s*", "", text), heading[2:]))
            if score >= HEADING_MIN and (best is None or score > best[0] + 1e-9):
                best = (score, i)
        if best is not None:
            found[index] = best[1]
            start = best[1] + 1
    return found


def read_prose(doc: Document) -> Prose:
    """Split ``doc`` into title, preamble and sections."""
    lines = _lines(doc)
    t0, t1 = _find_title(lines)
    prose = Prose()
    if t1:
        prose.title_lines = [t for _k, t, _w in lines[t0:t1]]
        prose.title = re.sub(r"^(?:正文|附件\d*)", "", "".join(prose.title_lines)).strip()
        before = [t for k, t, _w in lines[:t0] if k == "p"]
        if before:
            prose.skipped.append(f"标题前的 {len(before)} 行文字（如「{before[0][:20]}」）未导入")
    items = _paragraphs(lines[t1:])
    prose.all_text = [t for k, t in items if k == "p"]
    headings = _assign_headings(items)
    first = min(headings.values(), default=len(items))
    prose.preamble = [
        t for k, t in items[:first] if k == "p" and not re.fullmatch(r"[（(]?\d{4}年\d+月\d+日[)）]?", _sq(t))
    ]
    for index, heading in enumerate(statute.HEADINGS):
        if index not in headings:
            prose.missing.append(heading)
    order = sorted(headings.items(), key=lambda kv: kv[1])
    for n, (index, at) in enumerate(order):
        end = order[n + 1][1] if n + 1 < len(order) else len(items)
        section = Section(index, items[at][1])
        body = items[at + 1 : end]
        if index in (1, 2, 3):
            section.paras.append(Para("table", "二三四"[index - 1]))
            dropped = 0
            for kind, text in body:
                if kind == "p" and len(text) >= 15 and "。" in text and not _is_heading_like(text):
                    section.paras.append(Para("p", text))
                elif kind == "p" or kind == "table":
                    dropped += 1
            if dropped:
                prose.skipped.append(f"「{section.heading}」中的表格内容（{dropped} 处）由 gov-table 指令代替")
        else:
            tables = 0
            for kind, text in body:
                if kind == "table":
                    tables += 1
                elif _SUB.match(text) and len(text) <= 30 and "。" not in text[:-1]:
                    section.paras.append(Para("sub", text.rstrip("。")))
                elif (
                    _ITEM.match(text)
                    and kind == "p"
                    and len(text) < 400
                    and text.startswith(tuple("0123456789①②③④⑤⑥⑦⑧⑨"))
                ):
                    section.paras.append(Para("li", text))
                else:
                    section.paras.append(Para(kind, text))
            if tables:
                prose.skipped.append(f"「{section.heading}」中的 {tables} 个表格（行）未导入")
        prose.sections.append(section)
    return prose


def _sq(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def heading_differs(section: Section) -> bool:
    """Whether a printed heading differs from the statutory one (width and spaces aside)."""
    return canon(section.heading) != canon(statute.HEADINGS[section.index])
