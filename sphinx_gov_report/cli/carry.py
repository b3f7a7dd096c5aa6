"""Last year's prose as the start of this year's (``new --from``).

The text of last year's document is kept, with:

- the ``gov-report`` directive (and the comments naming the file) pointing at this year's
  data file, and the year in the title;
- last year's year before 「年」 replaced by ``:gov:`year```;
- every other number in the prose that equals exactly one number of last year's
  tables (its only cell with that value, zeros left out) replaced by the role of that
  cell, so it shows this year's number;
- 「【待修改】」 before each paragraph that still holds a number that could not be
  switched or that quotes a ``figures`` number (carried over with last year's value);
- 「五、存在的主要问题及改进情况」, which must not repeat last year's, left empty (the
  document checks report it) with last year's text in a comment marked 「【待修改】」.

Headings, directives, comments, literal blocks and existing roles are left as they are.
Works on reST and on MyST Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..core import statute
from ..core.model import Report

REWRITE = "【待修改】"
#: A number in the prose: not part of a word, a dotted key or a longer number.
_NUMBER = re.compile(r"(?<![0-9A-Za-z_.])(\d+(?:\.\d+)?)(?![0-9A-Za-z_]|\.\d)")
#: Inline literals and roles (``:gov:`x```, ``{gov}`x```, ````code````): never touched.
_INLINE = re.compile(r"(?::[\w-]+:|\{[\w-]+\})?`+[^`]*`+_?")
_RST_DIRECTIVE = re.compile(r"^\.\.\s+gov-report::\s*\S.*$", re.MULTILINE)
_MD_DIRECTIVE = re.compile(r"^(?:```|:::)\s*\{gov-report\}\s*\S.*$", re.MULTILINE)
_ROLE_NAME = re.compile(r"(?::gov:|\{gov\})`([^`]*)`")
_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+.:_])\1+\s*$")
_BULLET = re.compile(r"^(\s*(?:[-*+•]|\d+[.)]|#\.|[（(]\d+[)）])\s+)")
FIVE = statute.HEADINGS[4]


@dataclass
class Carried:
    text: str
    switched: int = 0  #: numbers replaced by roles
    marked: int = 0  #: paragraphs marked 【待修改】
    figures: list[str] = field(default_factory=list)  #: ``figures`` names the text quotes


def unique_keys(report: Report) -> dict[Decimal, str]:
    """Value → dotted key, for the values that exactly one non-zero cell of ``report`` has."""
    seen: dict[Decimal, list[str]] = {}
    for key, cell in report.cells.items():
        if cell.value:
            seen.setdefault(Decimal(cell.value), []).append(".".join(key))
    return {value: keys[0] for value, keys in seen.items() if len(keys) == 1}


def _prose_lines(lines: list[str], markdown: bool) -> list[bool]:
    """Which lines are prose (not headings, directives, comments, literal or fenced blocks)."""
    prose = [False] * len(lines)
    skip_indent: int | None = None  # inside an explicit markup or literal block (reST)
    fence: str | None = None  # inside a fenced block (MyST)
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if markdown:
            if fence is not None:
                if stripped.startswith(fence):
                    fence = None
                continue
            match = re.match(r"^(`{3,}|:{3,})", stripped)
            if match:
                fence = match[1]
                continue
            if stripped.startswith(("%", "#", "<!--")):
                continue
            prose[i] = bool(stripped)
            continue
        if skip_indent is not None:
            if not stripped or indent > skip_indent:
                continue
            skip_indent = None
        if stripped.startswith(".."):
            skip_indent = indent
            continue
        if _UNDERLINE.match(line) or (i + 1 < len(lines) and stripped and _UNDERLINE.match(lines[i + 1])):
            continue
        prose[i] = bool(stripped)
        if stripped.endswith("::"):
            skip_indent = indent
    return prose


def _switch(segment: str, last: Report, keys: dict[Decimal, str], markdown: bool) -> tuple[str, int, bool]:
    """``segment`` (no inline literals in it) with its numbers switched; and whether one was left."""
    switched, left = 0, False
    out, pos = [], 0
    for match in _NUMBER.finditer(segment):
        after = segment[match.end() : match.end() + 1]
        number = match[1]
        key = None
        if after == "年" and number == str(last.year):
            key = "year"
        elif after in ("年", "月", "日", "%", "％", "、", "）", ")") or segment[match.end() :].startswith("."):
            continue  # a date, a rate or an enumerator (「1、」「（2）」「3.」): not a number of the tables
        else:
            try:
                key = keys.get(Decimal(number))
            except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
                key = None
        if key is None:
            left = True
            continue
        role = f"{{gov}}`{key}`" if markdown else f"\\ :gov:`{key}`\\ "
        out += [segment[pos : match.start()], role]
        pos = match.end()
        switched += 1
    out.append(segment[pos:])
    return "".join(out), switched, left


#: What stands in 五 instead of last year's text, which is kept below it as a comment.
FIVE_NOTE = (
    f"{REWRITE}请结合本年度实际情况撰写本部分（上一年度的原文保留在下面的注释中，供改写时参考，不会出现在报告中）。"
)


def _comment_out_five(lines: list[str], markdown: bool) -> list[str]:
    """Section 五 must not repeat last year's: its text becomes a marked comment."""
    titles = [i for i, line in enumerate(lines) if line.strip().lstrip("#").strip() in statute.HEADINGS]
    five = next((i for i in titles if lines[i].strip().lstrip("#").strip() == FIVE), None)
    if five is None:
        return lines
    start = five + 1 if markdown else five + 2  # after the heading (and its underline)
    end = next((i for i in titles if i > five), len(lines))
    if not markdown and end < len(lines) and end > start and _UNDERLINE.match(lines[end - 1]):
        end -= 1  # an overline of the next heading
    body = lines[start:end]
    while body and not body[-1].strip():
        body.pop()
    if not any(line.strip() for line in body):
        return lines
    if markdown:
        kept = [f"% {FIVE_NOTE}", *(f"% {line}" if line.strip() else "%" for line in body)]
    else:
        kept = [f".. {FIVE_NOTE}", "", *(f"   {line}" if line.strip() else "" for line in body)]
    return [*lines[:start], "", *kept, "", *lines[end:]]


def _mark(line: str) -> str:
    bullet = _BULLET.match(line)
    at = bullet.end() if bullet else len(line) - len(line.lstrip())
    return line if line[at:].startswith(REWRITE) else line[:at] + REWRITE + line[at:]


def carry(text: str, last: Report, year: int, data_path: str, markdown: bool) -> Carried:
    """This year's starting text from last year's document ``text`` (see the module docstring)."""
    if last.year:  # the title: 「…2024年度政府信息公开工作年度报告」 → 2025
        text = text.replace(f"{last.year}年度政府信息公开工作年度报告", f"{year}年度政府信息公开工作年度报告")
    found = (_MD_DIRECTIVE if markdown else _RST_DIRECTIVE).search(text)
    old_path = found[0].split("}" if markdown else "::", 1)[1].strip() if found else None
    if old_path and old_path != data_path:  # the directive, and the comments that name the file
        text = re.sub(rf"(?<![\w/.]){re.escape(old_path)}(?![\w/])", data_path, text)
    lines = _comment_out_five(text.split("\n"), markdown)
    prose = _prose_lines(lines, markdown)
    keys = unique_keys(last)
    result = Carried("")
    start: int | None = None  # first line of the current paragraph
    needs_mark = False

    def close() -> None:
        nonlocal start, needs_mark
        if start is not None and needs_mark:
            lines[start] = _mark(lines[start])
            result.marked += 1
        start, needs_mark = None, False

    for i, line in enumerate(lines):
        if not prose[i]:
            close()
            continue
        if start is None:
            start = i
        parts, pos, new = [], 0, []
        for inline in _INLINE.finditer(line):
            parts.append((line[pos : inline.start()], False))
            parts.append((inline[0], True))
            pos = inline.end()
        parts.append((line[pos:], False))
        for segment, literal in parts:
            if literal:
                names = [n for n in _ROLE_NAME.findall(segment) if n.removeprefix("figures.") in last.figures]
                if names:
                    needs_mark = True
                    result.figures += [n.removeprefix("figures.") for n in names]
                new.append(segment)
                continue
            switched, count, left = _switch(segment, last, keys, markdown)
            result.switched += count
            needs_mark = needs_mark or left
            new.append(switched)
        lines[i] = "".join(new)
    close()
    result.text = "\n".join(lines)
    result.figures = list(dict.fromkeys(result.figures))
    return result
