"""Read plain text copied from a page or extracted from Word, PDF or OCR.

Handled layouts: one cell per line (tab-prefixed as Word writes them, or each ending in
`` |``, with a blank line or a new label between rows); one row per line with cells
joined by ``|`` (Markdown tables included, their ``|---|`` rules dropped); and lines of
``label number number …`` (cells run together), which :mod:`.tables` splits.
"""

from __future__ import annotations

import re
from pathlib import Path

from .document import Block, Document

_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
FOOTER = re.compile(r"^[—\-－–]+\s*\d+\s*[—\-－–]+$|^\d+\s*/\s*\d+$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^-\s*\d+\s*-$")
_NUMBER = re.compile(r"^[+-]?[\d０-９]+([.．][\d０-９]+)?(件|条|项|个|份|次|人次|元|万元)?$")
_BLANK_MARKS = {"/", "／", "-", "－", "—", "–", "\\", "、"}


def is_value_text(cell: str) -> bool:
    """A cell that holds a number, a blank mark (/, -) or nothing."""
    text = cell.strip().replace(",", "").replace(" ", "")
    return not text or text in _BLANK_MARKS or bool(_NUMBER.match(text))


def _wrapped(lines: list[str]) -> bool:
    """Whether prose lines are wrapped at a fixed width (a PDF's text) rather than one per paragraph."""
    long = [line.strip() for line in lines if len(line.strip()) >= 18 and "|" not in line]
    if len(long) < 4:
        return False
    open_ended = sum(not line.endswith(("。", "：", "；", "！", "？", ":", "”", "）", ")")) for line in long)
    return open_ended > len(long) * 0.5


def read_text(path: Path, text: str) -> Document:
    """Paragraph lines and table rows of a text."""
    doc = Document("text", path.name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wrapped = _wrapped(lines)
    stream: list[str] = []
    start = [0]

    def flush() -> None:
        if stream:
            row: list[str | None] = list(stream)
            doc.blocks.append(Block(rows=[row], from_text=True, line=start[0]))
            stream.clear()

    def add_cell(cell: str) -> None:
        cell = cell.strip()
        if stream and not is_value_text(cell) and any(is_value_text(c) for c in stream[1:]):
            seen_label = any(not is_value_text(c) for c in stream)
            if seen_label and is_value_text(stream[-1]):
                flush()
        if not stream:
            start[0] = number
        stream.append(cell)

    number = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            if raw.startswith("\t") or raw.strip(" ") == "\t":
                add_cell("")
            else:
                flush()
            continue
        if _RULE.match(stripped) or FOOTER.match(stripped):
            continue
        if "|" in stripped:
            if not stripped.replace("|", "").strip():
                if stripped.count("|") == 1:
                    add_cell("")  # a lone ` | `: an empty cell
                continue  # `||`, `|||`: the filler of a merged cell
            if stripped.endswith("|") and stripped.count("|") == 1:
                add_cell(stripped[:-1])
                continue
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if stripped.startswith("|") and not stripped.strip("| "):
                continue
            doc.blocks.append(Block(rows=[list[str | None](cells)], from_text=True, line=number))
            continue
        if raw.startswith("\t"):
            add_cell(stripped)
            continue
        flush()
        heading = re.match(r"^#{1,6}\s+(.*)$", stripped)
        doc.blocks.append(
            Block(text=heading.group(1) if heading else stripped, wrapped=wrapped and not heading, line=number)
        )
    flush()
    return doc
