"""Checks on the text of a report document (run on ``doctree-read``).

Reviewers also read the prose: the six section headings in their official
wording and order, the length of section 一, the 信息处理费 statement in
section 六, the report and its section 五 not copied from last year (nor a
section from another unit of the project), figures typed in the prose that
contradict the tables (:mod:`..core.prose`), a 人民政府's 考核/评议/追究, the
format notice cited and the report's year (:mod:`..core.content`).  This module
walks the doctree and collects the texts; the rules live in the core modules.
Each check has its own warning subtype and is located at the reST line.
Numbers inserted with the ``:gov:`` role are not checked: they come from the data.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from ..core import content, policy, prose, statute
from ..core import similarity as copied
from ..core.diagnostics import WARNING_TYPE, Issue, Subtype, error, notice
from ..core.files import Unreadable, read_regular
from ..core.model import Report
from ..core.reader import load_report
from ..core.rollup import effective_report
from ..core.yamltree import MAX_BYTES, decode
from .config import settings
from .directives import parse_state
from .domain import domain
from .nodes import gov_report_table
from .reporting import count_issues, emit

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

HEADINGS = statute.HEADINGS
#: Section 五 counts as a copy of last year's above this share of repeated text.
REPETITION_LIMIT = 0.5
#: Shortest run of identical characters counted as repeated text.
#: A heading matches an official one when its words are at least this similar.
HEADING_SIMILARITY = 0.6
#: Stands for a number inserted by the ``:gov:`` role (never matched as a typed number).
ROLE_MARK = prose.ROLE_MARK

_NUMERALS = "一二三四五六"
_PREFIX = re.compile(r"^\s*([一二三四五六七八九十]+|[0-9０-９]+)\s*[、.．,，]?\s*")
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SKIP = (nodes.title, nodes.comment, nodes.system_message, nodes.raw, nodes.substitution_definition, nodes.target)
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+<>_:.])\1{2,}\s*$")


@functools.lru_cache(maxsize=4096)  # every report has the same six headings
def classify(title: str) -> int | None:
    """The index in :data:`HEADINGS` a heading stands for (also when misworded), or ``None``."""
    text = re.sub(r"\s+", "", title)
    if text in HEADINGS:
        return HEADINGS.index(text)
    if text in statute.LONG_HEADINGS:
        return statute.LONG_HEADINGS.index(text)
    match = _PREFIX.match(text)
    body = text[match.end() :] if match else text
    ratios = [difflib.SequenceMatcher(None, body, h[2:], autojunk=False).ratio() for h in HEADINGS]
    best = max(range(len(HEADINGS)), key=ratios.__getitem__)
    if ratios[best] >= HEADING_SIMILARITY:
        return best
    if match:
        number = match.group(1).translate(_FULLWIDTH)
        index = _NUMERALS.find(number) if not number.isdigit() else int(number) - 1
        if len(number) == 1 and 0 <= index < len(HEADINGS):
            return index
    return None


def _line(node: nodes.Node) -> int | None:
    """The line of a node's text (docutils gives a title's underline line; MyST its own line)."""
    line = node.line
    markdown = str(node.source or "").endswith(".md")
    if isinstance(node, nodes.title) and line and line > 1 and not markdown:
        return line - 1
    return line


def _depth(node: nodes.Node) -> int:
    depth = 0
    while node.parent is not None:
        node = node.parent
        depth += isinstance(node, nodes.section)
    return depth


def report_sections(doctree: nodes.document) -> list[tuple[int, nodes.section]]:
    """The sections that are the report's six parts, in document order, with their heading index.

    They are taken at the section level holding most headings that look like the six parts.
    """
    found: dict[int, list[tuple[int, nodes.section]]] = {}
    for section in doctree.findall(nodes.section):
        if not section.children or not isinstance(section[0], nodes.title):
            continue
        index = classify(section[0].astext())
        if index is not None:
            found.setdefault(_depth(section), []).append((index, section))
    if not found:
        return []
    depth = max(found, key=lambda d: (len(found[d]), -d))
    return found[depth]


def _descendants(root: nodes.Node, prune: Callable[[nodes.Node], bool]) -> Iterator[nodes.Node]:
    """``root``'s descendants in document order, not entering (nor yielding) pruned nodes."""
    stack = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if prune(node):
            continue
        yield node
        stack.extend(reversed(node.children))


def section_text(section: nodes.Element) -> str:
    """The prose of a section without headings (role numbers included)."""
    return "\n".join(n.astext() for n in _descendants(section, _skipped) if isinstance(n, nodes.Text))


def _is_table(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.table, gov_report_table))


def _skipped(node: nodes.Node) -> bool:
    return isinstance(node, _SKIP)


def _ancestors(node: nodes.Node | None) -> list[nodes.Node]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def han_count(text: str) -> int:
    """Chinese characters in ``text`` (punctuation, digits and Latin letters are not counted)."""
    return len(_HAN.findall(text))


@dataclass
class _Context:
    path: str  #: the .rst file
    report: Report | None  #: ``None`` when the data has errors (number checks are skipped)
    fmt: str
    issues: list[Issue]

    def err(self, subtype: Subtype, message: str, line: int | None) -> None:
        self.issues.append(error(subtype, message, self.path, line or 1))

    def note(self, subtype: Subtype, message: str, line: int | None) -> None:
        self.issues.append(notice(subtype, message, self.path, line or 1))


# -- headings -------------------------------------------------------------


def check_headings(ctx: _Context, sections: list[tuple[int, nodes.section]]) -> None:
    seen: dict[int, nodes.section] = {}
    last = -1
    for index, section in sections:
        title = section[0]
        text = title.astext().strip()
        line = _line(title)
        expected = HEADINGS[index]
        if re.sub(r"\s+", "", text) == statute.LONG_HEADINGS[index] != expected:
            ctx.note(
                Subtype.HEADING_WORDING,
                f"标题「{text}」是格式通知中的完整表述，可以使用；报告格式模板中的标题为「{expected}」",
                line,
            )
        elif text != expected:
            ctx.err(Subtype.HEADINGS, f"标题「{text}」与法定格式不符，应为「{expected}」", line)
        if index in seen:
            ctx.err(Subtype.HEADINGS, f"「{expected}」出现了两次（第 {_line(seen[index][0])} 行已有）", line)
            continue
        if index < last:
            ctx.err(Subtype.HEADINGS, f"「{expected}」的位置不对：应在「{HEADINGS[last]}」之前", line)
        seen[index] = section
        last = max(last, index)
    for index, expected in enumerate(HEADINGS):
        if index in seen:
            continue
        after = [s for i, s in seen.items() if i > index]
        if after:
            where = min(after, key=lambda s: s.line or 0)
            line = _line(where[0])
            hint = f"应在「{where[0].astext().strip()}」之前"
        else:
            line = _line(sections[-1][1][0]) if sections else 1
            hint = "应在报告末尾" if sections else "报告应依次包含六个部分"
        ctx.err(Subtype.HEADINGS, f"缺少第{_NUMERALS[index]}部分「{expected}」（{hint}）", line)


# -- sections 一 (overview) and 六 (other matters) ---------------------------------------


def check_overview(ctx: _Context, section: nodes.section) -> None:
    limit = statute.FORMATS[ctx.fmt].overview_limit
    if limit is None:
        return
    count = han_count(section_text(section))
    if count > limit:
        ctx.err(
            Subtype.OVERVIEW_LENGTH,
            f"「{HEADINGS[0]}」有 {count} 字（按汉字计，不含标题），超过格式规定的 {limit} 字；请精简",
            _line(section[0]),
        )


def check_fee_statement(ctx: _Context, section: nodes.section) -> None:
    if not statute.FORMATS[ctx.fmt].fee_statement_required or "信息处理费" in section_text(section):
        return
    ctx.err(
        Subtype.FEE_STATEMENT,
        f"「{HEADINGS[5]}」没有说明信息处理费的收取情况（2021 年格式要求在此专门报告）；"
        "请写明，如「本年度未收取信息处理费。」",
        _line(section[0]),
    )


# -- section 五 (problems and improvements) vs last year ------------------------------


def previous_sections(text: str) -> dict[int, str]:
    """The six parts of last year's report text (plain text or reST), by heading index; what comes
    before the first heading (title, preamble) is left out."""
    lines = text.splitlines()
    found: dict[int, str] = {}
    current: int | None = None
    body: list[str] = []
    for line in lines:
        stripped = line.strip()
        index = classify(stripped) if stripped and len(stripped) <= 40 else None
        if index is not None and (current is None or index > current):
            if current is not None:
                found.setdefault(current, "\n".join(b for b in body if not _UNDERLINE.match(b)))
            current, body = index, []
        elif current is not None:
            body.append(line)
    if current is not None:
        found.setdefault(current, "\n".join(b for b in body if not _UNDERLINE.match(b)))
    return found


def previous_section_five(text: str) -> str | None:
    """Section 五 of last year's report text (plain text or reST), or ``None`` if not found."""
    return previous_sections(text).get(4)


#: Most characters of last year's section 五 (and of this year's) compared; beyond it the rest is
#: left out and a notice says so.  The comparison itself is linear in the text's length.
MAX_COMPARED = 100_000


def similarity(this: str, last: str) -> float:
    """Share of ``this`` found in ``last`` (see :mod:`..core.similarity`)."""
    return copied.similarity(this, last)


def prose_text(section: nodes.Element) -> str:
    """The prose of a section: no headings, tables, generated preamble or role numbers."""

    def prune(node: nodes.Node) -> bool:
        if isinstance(node, (nodes.table, gov_report_table, *_SKIP)):
            return True
        return isinstance(node, nodes.Element) and (
            "gov-report-preamble" in node.get("classes", []) or "gov-number" in node.get("classes", [])
        )

    return "\n".join(n.astext() for n in _descendants(section, prune) if isinstance(n, nodes.Text))


def _read_previous_text(ctx: _Context, text_path: str, data_path: str, data_line: int | None) -> str | None:
    text = problem = None
    try:
        text, _issues = decode(read_regular(text_path, MAX_BYTES), text_path)
    except Unreadable as exc:
        problem = str(exc)
    if text is None and problem is None:
        problem = "不是可读取的文本文件（应为 UTF-8 编码、不超过 1 MiB）"
    if text is None:
        ctx.issues.append(
            error(
                Subtype.FILE,
                f"上一年度报告全文「{text_path}」{problem}，未做重复率检查；请检查 previous: text: 的路径",
                data_path,
                data_line or 1,
            )
        )
    return text


def _longest_place(parts: dict[int, copied.Overlap]) -> str:
    if not parts:
        return ""
    index = max(parts, key=lambda i: len(parts[i].longest))
    longest = parts[index].longest
    if len(longest) < copied.SHINGLE:
        return ""
    return f"；最长的重复段落在「{HEADINGS[index]}」，以「{copied.passage(longest)}」开头，共 {len(longest)} 字"


#: Marks of unfinished text: ``new``'s placeholder, and last year's text carried over by ``new --from``.
DRAFT_MARKS = ("【待填写】", "【待修改】")


def is_draft(doctree: nodes.document) -> bool:
    """Whether the document (its text or its comments) still has a mark of unfinished text."""
    return any(mark in node.astext() for node in doctree.findall(nodes.Text) for mark in DRAFT_MARKS)


def check_repetition(
    ctx: _Context,
    sections: dict[int, nodes.section],
    text_path: str,
    data_path: str,
    data_line: int | None,
    draft: bool = False,
) -> None:
    """The whole report and its section 五 against last year's report text (a notice for a draft)."""
    text = _read_previous_text(ctx, text_path, data_path, data_line)
    if text is None:
        return
    last = previous_sections(text)
    if 4 in sections and 4 not in last:
        ctx.issues.append(
            error(
                Subtype.REPETITION,
                f"上一年度报告全文中找不到「{HEADINGS[4]}」，未做重复率检查",
                data_path,
                data_line or 1,
            )
        )
    if not last:
        return
    whole_last = copied.shingles(copied.normalise("\n".join(last.values())))
    parts = {i: copied.overlap(copied.normalise(prose_text(s)), whole_last) for i, s in sections.items()}
    whole = copied.combine(parts.values())
    first = min(sections.values(), key=lambda s: s.line or 0)
    percent = round(whole.share * 100)
    each = "、".join(f"{_NUMERALS[i]} {round(p.share * 100)}%" for i, p in sorted(parts.items()) if p.length)
    each = f"（各部分：{each}）" if each else ""
    if whole.share > copied.REPORT_LIMIT and whole.length >= copied.REPORT_MIN_CHARS:
        message = (
            f"全文（不含标题、表格和法定套话）与上一年度报告重复约 {percent}%{each}（超过 50%，评估时会扣分）"
            f"{_longest_place(parts)}；请结合本年度实际情况重新撰写"
        )
        if draft:  # a draft carried over from last year (new --from), still marked: unfinished content
            ctx.note(
                Subtype.COPIED,
                f"{message}（本文件是沿用上一年度报告的草稿，仍有「{DRAFT_MARKS[-1]}」标记）",
                _line(first[0]),
            )
        else:
            ctx.err(Subtype.COPIED, message, _line(first[0]))
    else:
        logger.info("%s:%s: 全文与上一年度报告重复约 %d%%%s", ctx.path, _line(first[0]), percent, each)
    if 4 not in sections or 4 not in last:
        return
    section = sections[4]
    this_five, last_five = prose_text(section), last[4]
    if len(last_five) > MAX_COMPARED or len(this_five) > MAX_COMPARED:
        ctx.note(
            Subtype.REPETITION,
            f"「{HEADINGS[4]}」过长：重复率只比较了前 {MAX_COMPARED} 个字符（上一年度 {len(last_five)} 个字符，"
            f"本年度 {len(this_five)} 个字符）",
            _line(section[0]),
        )
        this_five, last_five = this_five[:MAX_COMPARED], last_five[:MAX_COMPARED]
    five = copied.overlap(copied.normalise(this_five), copied.shingles(copied.normalise(last_five)))
    percent = round(five.share * 100)
    line = _line(section[0])
    if five.share > REPETITION_LIMIT:
        place = (
            f"；最长的重复段落以「{copied.passage(five.longest)}」开头，共 {len(five.longest)} 字"
            if five.longest
            else ""
        )
        ctx.err(
            Subtype.REPETITION,
            f"「{HEADINGS[4]}」与上一年度报告的同一部分重复约 {percent}%（超过 50%，评估时会扣分）{place}；"
            "请结合本年度实际情况重新撰写",
            line,
        )
    else:
        logger.info("%s:%s: 「%s」与上一年度报告的同一部分重复约 %d%%", ctx.path, line, HEADINGS[4], percent)


# -- 雷同 between the units of one project ----------------------------------------


@dataclass
class UnitTexts:
    """What one document's report says, for comparing units (kept in the domain)."""

    agency: str
    year: int
    sections: dict[int, tuple[str, int]]  #: heading index → (normalised prose, heading line)


def check_units(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: near-identical sections in reports of different units of one year."""
    texts: dict[str, UnitTexts] = domain(env).texts
    docs = sorted(texts)
    # one shingle index per year and section: each document is compared only with the earlier
    # ones that hold most of its text (exact, see ShingleIndex), in document order
    indexes: dict[tuple[int, int], tuple[copied.ShingleIndex, list[int]]] = {}
    for n, doc in enumerate(docs):
        unit = texts[doc]
        candidates: set[int] = set()
        for index, (text, _line) in unit.sections.items():
            shingled, owners = indexes.setdefault((unit.year, index), (copied.ShingleIndex(), []))
            if len(text) >= copied.UNIT_MIN_CHARS:
                candidates.update(owners[c] for c in shingled.candidates(text))
            shingled.add(text)
            owners.append(n)
        for other in (docs[c] for c in sorted(candidates)):
            them = texts[other]
            if not unit.agency or them.agency == unit.agency or them.year != unit.year:
                continue
            for index, (text, line) in sorted(unit.sections.items()):
                if len(text) < copied.UNIT_MIN_CHARS or index not in them.sections:
                    continue
                if len(them.sections[index][0]) < copied.UNIT_MIN_CHARS:
                    continue
                found = copied.overlap(text, copied.shingles(them.sections[index][0]))
                if found.share >= copied.UNIT_LIMIT:
                    logger.warning(
                        "「%s」与「%s」（%s）的同一部分几乎相同（重复约 %d%%，最长的重复段落以「%s」开头）；"
                        "各单位应报告本单位的实际情况",
                        HEADINGS[index],
                        them.agency,
                        other,
                        round(found.share * 100),
                        copied.passage(found.longest),
                        location=(doc, line),
                        type=WARNING_TYPE,
                        subtype=Subtype.COPIED.value,
                    )


# -- numbers typed in the prose ----------------------------------------------


def paragraph_text(paragraph: nodes.Element) -> str:
    """A paragraph's text, with role numbers replaced by :data:`ROLE_MARK` and full-width digits made ASCII."""
    parts: list[str] = []

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            parts.append(node.astext())
        elif isinstance(node, nodes.Element) and "gov-number" in node.get("classes", []):
            parts.append(ROLE_MARK)
        elif isinstance(node, nodes.Element) and not isinstance(node, _SKIP):
            for child in node.children:
                walk(child)

    walk(paragraph)
    return "".join(parts).translate(_FULLWIDTH)


def check_prose_numbers(ctx: _Context, doctree: nodes.document) -> None:
    """Figures typed in the prose against the tables (the phrasings are in :mod:`..core.prose`)."""
    report = ctx.report
    if report is None:
        return
    values = prose.ReportValues(report)

    def prune(node: nodes.Node) -> bool:  # tables, headings, comments … and the generated preamble
        if isinstance(node, (nodes.table, gov_report_table, nodes.Text, *_SKIP)):
            return True
        return isinstance(node, nodes.Element) and "gov-report-preamble" in node["classes"]

    for paragraph in _descendants(doctree, prune):
        if not isinstance(paragraph, nodes.paragraph):
            continue
        text = paragraph_text(paragraph)
        base = paragraph.line or 1
        for finding in prose.check_paragraph(text, values, report.spec, report.year):
            ctx.err(Subtype.PROSE_NUMBER, finding.message, base + text.count("\n", 0, finding.start))


# -- placeholders and empty sections ----------------------------------------

#: What ``sphinx-gov-report new`` writes where the agency's own text belongs.
PLACEHOLDER = "【待填写】"
#: What ``new --from`` writes before last year's text that must be rewritten for this year.
REWRITE = "【待修改】"
PLACEHOLDERS = (PLACEHOLDER, REWRITE)
#: The table each section holds (sections 二, 三, 四).
_SECTION_TABLES = {1: "二", 2: "三", 3: "四"}


def check_content(ctx: _Context, doctree: nodes.document, sections: dict[int, nodes.section]) -> None:
    """Notices (they never fail a build): text still marked 【待填写】, and a section with nothing in it."""
    owner = {id(section): index for index, section in sections.items()}
    seen: set[int] = set()
    for text in doctree.findall(nodes.Text):
        marker = next((p for p in PLACEHOLDERS if p in text.astext()), None)
        if marker is None:
            continue
        ancestors = _ancestors(text.parent)
        if any(isinstance(a, _SKIP) and not isinstance(a, nodes.title) for a in ancestors):
            continue
        element = next((a for a in ancestors if isinstance(a, nodes.Element) and a.line), None)
        if element is None or id(element) in seen:
            continue
        seen.add(id(element))
        whole = element.astext()
        at = whole.find(marker)
        rest = re.split(r"(?<=[。；！？])", whole[at:].replace("\n", ""), maxsplit=1)[0]
        snippet = rest if len(rest) <= 40 else rest[:40] + "…"
        index = next((owner[id(a)] for a in ancestors if id(a) in owner), None)
        where = f"「{HEADINGS[index]}」中的" if index is not None else "正文"
        line = _line(element)
        ctx.note(
            Subtype.CONTENT,
            f"{where}「{snippet}」仍是待填写的占位内容；请改写为本机关的实际情况，并删去「{PLACEHOLDER}」"
            if marker == PLACEHOLDER
            else f"{where}「{snippet}」沿用自上一年度报告，尚待修改；请按本年度情况改写，并删去「{REWRITE}」",
            line + whole.count("\n", 0, at) if line else None,
        )
    for index, section in sorted(sections.items()):
        table = _SECTION_TABLES.get(index)
        if table and ctx.report is None:
            continue  # the data has errors, so its table is left out: that was reported
        if section_text(section).strip() or any(True for _ in section.findall(_is_table)):
            continue
        if table:
            todo = f"请用「.. gov-table:: {table}」插入法定表格"
        else:
            todo = "请撰写本部分正文（如确无相关情况，也请写明）"
        ctx.note(Subtype.CONTENT, f"「{HEADINGS[index]}」没有内容；{todo}", _line(section[0]))


# -- statutory content: 考核/评议/追究, citations, the report's year ------------------


def check_statutory_content(
    ctx: _Context, doctree: nodes.document, sections: dict[int, nodes.section], report: Report
) -> None:
    if sections and content.is_government(report):
        missing = content.missing_oversight({i: prose_text(s) for i, s in sections.items()})
        if missing:
            where = sections.get(4) or sections.get(5) or min(sections.values(), key=lambda s: s.line or 0)
            ctx.err(
                Subtype.STATUTORY_CONTENT,
                f"人民政府的年度报告应当报告工作考核、社会评议和责任追究结果情况（《中华人民共和国政府信息公开条例》第五十条），"
                f"正文中没有写到「{'」「'.join(missing)}」；请在「{HEADINGS[4]}」或「{HEADINGS[5]}」中写明"
                "（不是人民政府的报告，请在数据中写 agency_kind: 部门）",
                _line(where[0]),
            )
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(a, _SKIP) for a in _ancestors(paragraph.parent)):
            continue
        text = paragraph_text(paragraph)
        base = paragraph.line or 1
        preamble = any(
            isinstance(a, nodes.Element) and "gov-report-preamble" in a.get("classes", [])
            for a in _ancestors(paragraph)
        )
        found = content.check_citations(text, report)
        if not preamble:
            found += content.check_years(text, report.year)
        for finding in found:
            subtype = Subtype.CITATION if "引用" in finding.message else Subtype.WRONG_YEAR
            ctx.err(subtype, finding.message, base + text.count("\n", 0, finding.start))


# -- the event handler -------------------------------------------------------


def doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Run the document checks on a document that uses ``gov-report``."""
    env = app.env
    state = parse_state(env)
    data_path = state.data
    if not data_path or state.no_prose:  # a region unit's page made without prose
        return
    docname = env.docname
    loaded = load_report(data_path, policy=state.policy)
    report = effective_report(data_path, policy=state.policy)  # a 汇总's: the summed tables
    fmt = report.format if report is not None else "2021"
    source = state.prose or str(env.doc2path(docname))  # a region unit's prose file
    ctx = _Context(source, report if loaded.ok else None, fmt, [])
    sections = report_sections(doctree)
    check_headings(ctx, sections)
    by_index: dict[int, nodes.section] = {}
    for index, section in sections:
        by_index.setdefault(index, section)
    if 0 in by_index:
        check_overview(ctx, by_index[0])
    if 5 in by_index:
        check_fee_statement(ctx, by_index[5])
    if report is not None and report.previous.text and by_index:
        check_repetition(ctx, by_index, report.previous.text, data_path, report.previous.text_line, is_draft(doctree))
    if report is not None:
        check_statutory_content(ctx, doctree, by_index, report)
        domain(env).texts[docname] = UnitTexts(
            report.agency,
            report.year,
            {i: (copied.normalise(prose_text(s)), _line(s[0]) or 1) for i, s in by_index.items()},
        )
    check_prose_numbers(ctx, doctree)
    check_content(ctx, doctree, by_index)
    issues = policy.promote(ctx.issues, settings(app.config).strict)
    emit(issues)
    count_issues(env, docname, data_path, issues)
