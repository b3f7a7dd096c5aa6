"""Checks on the text of a report document (run on ``doctree-read``).

Reviewers also read the prose: the six section headings in their official
wording and order, the length of 一、总体情况, the 信息处理费 statement in
section 六, section 五 not copied from last year, and numbers typed in the
prose that contradict the tables.  Each check has its own warning subtype and
is located at the reST line.  Numbers inserted with the ``:gov:`` role are not
checked: they come from the data.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from ..core import statute
from ..core.diagnostics import Issue, Subtype, error, notice
from ..core.model import Number, Report, format_number
from ..core.reader import load_report
from ..core.rollup import effective_report
from ..core.rules import unreadable
from ..core.yamltree import MAX_BYTES, decode
from .directives import parse_state
from .reporting import count_issues, emit

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

HEADINGS = statute.HEADINGS
#: Section 五 counts as a copy of last year's above this share of repeated text.
REPETITION_LIMIT = 0.5
#: Shortest run of identical characters counted as repeated text.
MIN_RUN = 5
#: A heading matches an official one when its words are at least this similar.
HEADING_SIMILARITY = 0.6
#: Stands for a number inserted by the ``:gov:`` role (never matched as a typed number).
ROLE_MARK = "\ue000"

_NUMERALS = "一二三四五六"
_PREFIX = re.compile(r"^\s*([一二三四五六七八九十]+|[0-9０-９]+)\s*[、.．,，]?\s*")
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SKIP = (nodes.title, nodes.comment, nodes.system_message, nodes.raw, nodes.substitution_definition, nodes.target)
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+<>_:.])\1{2,}\s*$")


def classify(title: str) -> int | None:
    """The index in :data:`HEADINGS` a heading stands for (also when misworded), or ``None``."""
    text = re.sub(r"\s+", "", title)
    if text in HEADINGS:
        return HEADINGS.index(text)
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
    """The line of a node's text (docutils gives a title's underline line)."""
    line = node.line
    if isinstance(node, nodes.title) and line and line > 1:
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
        if text != expected:
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


# -- 一、总体情况 and 六、其他需要报告的事项 -------------------------------------------


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


# -- 五、存在的主要问题及改进情况 vs last year -----------------------------------------


def previous_section_five(text: str) -> str | None:
    """Section 五 of last year's report text (plain text or reST), or ``None`` if not found."""
    lines = text.splitlines()
    start = end = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > 40:
            continue
        index = classify(stripped)
        if start is None and index == 4:
            start = number + 1
        elif start is not None and index is not None and index > 4:
            end = number
            break
    if start is None:
        return None
    body = [line for line in lines[start:end] if not _UNDERLINE.match(line)]
    return "\n".join(body)


def similarity(this: str, last: str) -> float:
    """Share of ``this`` (per paragraph) found in ``last`` as runs of at least :data:`MIN_RUN` characters."""
    last = re.sub(r"\s+", "", last)
    total = matched = 0
    for paragraph in this.split("\n"):
        paragraph = re.sub(r"\s+", "", paragraph)
        if not paragraph:
            continue
        total += len(paragraph)
        matcher = difflib.SequenceMatcher(None, paragraph, last, autojunk=False)
        matched += sum(block.size for block in matcher.get_matching_blocks() if block.size >= MIN_RUN)
    return matched / total if total else 0.0


def check_repetition(
    ctx: _Context, section: nodes.section, text_path: str, data_path: str, data_line: int | None
) -> None:
    text = problem = None
    if not os.path.isfile(text_path):
        problem = "不存在或不是文件"
    else:
        try:
            with open(text_path, "rb") as fh:
                text, _issues = decode(fh.read(MAX_BYTES + 1), text_path)
        except OSError:
            problem = "无法读取"
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
        return
    last = previous_section_five(text)
    if last is None:
        ctx.issues.append(
            error(
                Subtype.REPETITION,
                f"上一年度报告全文中找不到「{HEADINGS[4]}」，未做重复率检查",
                data_path,
                data_line or 1,
            )
        )
        return
    share = similarity(section_text(section), last)
    percent = round(share * 100)
    line = _line(section[0])
    if share > REPETITION_LIMIT:
        ctx.err(
            Subtype.REPETITION,
            f"「{HEADINGS[4]}」与上一年度报告的同一部分重复约 {percent}%（超过 50%，评估时会扣分）；"
            "请结合本年度实际情况重新撰写",
            line,
        )
    else:
        logger.info("%s:%s: 「%s」与上一年度报告的同一部分重复约 %d%%", ctx.path, line, HEADINGS[4], percent)


# -- numbers typed in the prose ----------------------------------------------

_N = r"(?P<n>[0-9][0-9,]*(?:\.[0-9]+)?)"
_FILL = r"(?:为|是|共|共计|合计|总计|累计|达|\s)*"

#: Words that make a clause a part, a breakdown or a comparison of a number (其中自然人……,
#: 较上年……, 同比增长……): such clauses are never compared with the year's total.
PARTIAL_WORDS = (
    "其中",
    "自然人",
    "法人",
    "企业",
    "较",
    "比",
    "同比",
    "上年",
    "去年",
    "增长",
    "增加",
    "减少",
    "下降",
    "分别",
)
#: Words of table 四 (an application for 行政复议, a 行政诉讼) that are not applications for information.
APPEAL_WORDS = ("复议", "诉讼")
#: Words for accepting or handling appeals: the agency is then the reviewing body, not the respondent.
REVIEWER_WORDS = ("受理", "办理", "审理", "办结", "作出")


@dataclass(frozen=True)
class ProseNumber:
    """A reliable way of writing a number of the data in the prose."""

    pattern: re.Pattern[str]  #: its group ``n`` is the typed number (absent for a statement of zero)
    keys: tuple[tuple[str, ...], ...]  #: the cells summed
    what: str  #: the official labels
    skip: tuple[str, ...] = PARTIAL_WORDS  #: a clause with one of these words is not checked


_NEW = (("applications", "new", "total"),)
_NEW_WHAT = "一、本年新收政府信息公开申请数量 / 总计"
_FEE = (("processing_fee",),)
_NOT_APPLICATIONS = APPEAL_WORDS + PARTIAL_WORDS

PROSE_NUMBERS: tuple[ProseNumber, ...] = (
    ProseNumber(
        re.compile(
            r"(?:收到|新收|受理|接收)[^。；！？\n0-9\ue000]{0,20}?申请(?:数量)?" + _FILL + _N + r"\s*(?:件|个|宗)"
        ),
        _NEW,
        _NEW_WHAT,
        skip=_NOT_APPLICATIONS,
    ),
    ProseNumber(
        re.compile(r"上一?年(?:度)?结转[^。；！？\n0-9\ue000]{0,12}?" + _FILL + _N + r"\s*件"),
        (("applications", "carried_over", "total"),),
        "二、上年结转政府信息公开申请数量 / 总计",
        skip=tuple(w for w in PARTIAL_WORDS if w != "上年"),  # 上年 is the pattern's own word here
    ),
    ProseNumber(
        re.compile(r"结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?" + _FILL + _N + r"\s*件"),
        (("applications", "carried_forward", "total"),),
        "四、结转下年度继续办理 / 总计",
    ),
    ProseNumber(
        re.compile(r"行政复议(?:案件|申请)?" + _FILL + _N + r"\s*(?:件|起|宗)"),
        (("appeals", "review", "total"),),
        "行政复议 / 总计",
        skip=PARTIAL_WORDS + REVIEWER_WORDS,
    ),
    ProseNumber(
        re.compile(r"行政诉讼(?:案件)?" + _FILL + _N + r"\s*(?:件|起|宗)"),
        (("appeals", "direct_suit", "total"), ("appeals", "suit_after_review", "total")),
        "行政诉讼（未经复议直接起诉与复议后起诉）/ 总计",
        skip=PARTIAL_WORDS + REVIEWER_WORDS,
    ),
    ProseNumber(re.compile(r"信息处理费(?:用)?" + _FILL + _N + r"\s*元"), _FEE, "信息处理费（元）"),
)
#: Statements that a number is zero.
PROSE_NONE: tuple[ProseNumber, ...] = (
    ProseNumber(
        re.compile(r"(?:未|没有)(?:收到|受理)[^。；！？\n0-9\ue000]{0,20}?申请"),
        _NEW,
        _NEW_WHAT,
        skip=_NOT_APPLICATIONS,
    ),
    ProseNumber(re.compile(r"(?:未|没有|不)收取[^。；！？\n0-9\ue000]{0,6}?信息处理费"), _FEE, "信息处理费（元）"),
)
#: Where a clause ends: 。；！？ (and their ASCII forms), and a comma that is not inside a number.
_CLAUSE_END = re.compile(r"[。；！？;!?]|(?<![0-9０-９])[，,]|[，,](?![0-9０-９])")


def clauses(text: str) -> list[tuple[int, str]]:
    """The clauses of ``text`` (text between ，。；！？) with their offsets."""
    out = []
    start = 0
    for match in _CLAUSE_END.finditer(text):
        out.append((start, text[start : match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return out


def _reliable(rule: ProseNumber, clause: str) -> bool:
    """Whether a number matched in ``clause`` surely is the one of the data (not a part or a comparison)."""
    return not any(word in clause for word in rule.skip)


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


def _value(report: Report, keys: tuple[tuple[str, ...], ...]) -> Number | None:
    total: Number = 0
    for key in keys:
        if key == ("processing_fee",):
            if report.processing_fee is None:
                return None
            total += report.processing_fee
        elif unreadable(report, key):
            return None
        else:
            total += report.value(key)
    return total


def check_prose_numbers(ctx: _Context, doctree: nodes.document) -> None:
    report = ctx.report
    if report is None:
        return

    def prune(node: nodes.Node) -> bool:  # tables, headings, comments … and the generated preamble
        if isinstance(node, (nodes.table, nodes.Text, *_SKIP)):
            return True
        return isinstance(node, nodes.Element) and "gov-report-preamble" in node["classes"]

    for paragraph in _descendants(doctree, prune):
        if not isinstance(paragraph, nodes.paragraph):
            continue
        text = paragraph_text(paragraph)
        base = paragraph.line or 1
        for offset, clause in clauses(text):
            for rule in PROSE_NUMBERS:
                for match in rule.pattern.finditer(clause):
                    expected = _value(report, rule.keys)
                    typed = match.group("n").replace(",", "")
                    if expected is None or _same(typed, expected) or not _reliable(rule, clause):
                        continue
                    _prose_issue(ctx, text, offset, match, base, rule, expected)
            for rule in PROSE_NONE:
                for match in rule.pattern.finditer(clause):
                    expected = _value(report, rule.keys)
                    if expected is None or expected == 0 or not _reliable(rule, clause):
                        continue
                    _prose_issue(ctx, text, offset, match, base, rule, expected)


def _same(typed: str, expected: Number) -> bool:
    try:
        return Decimal(typed) == Decimal(expected)
    except ArithmeticError:  # pragma: no cover - the pattern only matches numbers
        return False


def _prose_issue(
    ctx: _Context, text: str, offset: int, match: re.Match[str], base: int, rule: ProseNumber, expected: Number
) -> None:
    snippet = match.group(0).replace(ROLE_MARK, "…").replace("\n", "")
    line = base + text.count("\n", 0, offset + match.start())
    role = ".".join(rule.keys[0]) if len(rule.keys) == 1 else None
    hint = f"，或用 :gov:`{role}` 插入数据中的数字" if role else ""
    ctx.err(
        Subtype.PROSE_NUMBER,
        f"正文「{snippet}」与数据不一致：「{rule.what}」为 {format_number(expected)}；请改正文字{hint}",
        line,
    )


# -- placeholders and empty sections ----------------------------------------

#: What ``sphinx-gov-report new`` writes where the agency's own text belongs.
PLACEHOLDER = "【待填写】"
#: The table each section holds (sections 二, 三, 四).
_SECTION_TABLES = {1: "二", 2: "三", 3: "四"}


def check_content(ctx: _Context, doctree: nodes.document, sections: dict[int, nodes.section]) -> None:
    """Notices (they never fail a build): text still marked 【待填写】, and a section with nothing in it."""
    owner = {id(section): index for index, section in sections.items()}
    seen: set[int] = set()
    for text in doctree.findall(nodes.Text):
        if PLACEHOLDER not in text.astext():
            continue
        ancestors = _ancestors(text.parent)
        if any(isinstance(a, _SKIP) and not isinstance(a, nodes.title) for a in ancestors):
            continue
        element = next((a for a in ancestors if isinstance(a, nodes.Element) and a.line), None)
        if element is None or id(element) in seen:
            continue
        seen.add(id(element))
        whole = element.astext()
        at = whole.find(PLACEHOLDER)
        rest = re.split(r"(?<=[。；！？])", whole[at:].replace("\n", ""), maxsplit=1)[0]
        snippet = rest if len(rest) <= 40 else rest[:40] + "…"
        index = next((owner[id(a)] for a in ancestors if id(a) in owner), None)
        where = f"「{HEADINGS[index]}」中的" if index is not None else "正文"
        line = _line(element)
        ctx.note(
            Subtype.CONTENT,
            f"{where}「{snippet}」仍是待填写的占位内容；请改写为本机关的实际情况，并删去「{PLACEHOLDER}」",
            line + whole.count("\n", 0, at) if line else None,
        )
    for index, section in sorted(sections.items()):
        table = _SECTION_TABLES.get(index)
        if table and ctx.report is None:
            continue  # the data has errors, so its table is left out: that was reported
        if section_text(section).strip() or any(True for _ in section.findall(nodes.table)):
            continue
        if table:
            todo = f"请用「.. gov-table:: {table}」插入法定表格"
        else:
            todo = "请撰写本部分正文（如确无相关情况，也请写明）"
        ctx.note(Subtype.CONTENT, f"「{HEADINGS[index]}」没有内容；{todo}", _line(section[0]))


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
    by_index = {}
    for index, section in sections:
        by_index.setdefault(index, section)
    if 0 in by_index:
        check_overview(ctx, by_index[0])
    if 5 in by_index:
        check_fee_statement(ctx, by_index[5])
    if report is not None and report.previous.text and 4 in by_index:
        check_repetition(ctx, by_index[4], report.previous.text, data_path, report.previous.text_line)
    check_prose_numbers(ctx, doctree)
    check_content(ctx, doctree, by_index)
    emit(ctx.issues)
    count_issues(env, docname, data_path, ctx.issues)
