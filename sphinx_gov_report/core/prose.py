"""Figures stated in the prose of a report, compared with its tables.

Every way real reports state a table figure is recognised: a number (Arabic,
with 万, or in Chinese numerals: 十二件, 两件) with its unit, read with the
nearest keyword before it in the same clause (「予以公开及部分公开258件」,
「因本机关不掌握等原因无法提供265件」, 「结转至2026年继续办理3件」).  Where a
phrase can mean two cells (「收到申请75件」: 新收, or 新收 + 上年结转) every
reading is tried, consistently within the sentence.  A phrase that maps to no
cell, or to a comparison or an approximation (较上年, 同比, 约, 近), is not
compared.  When the data itself breaks an equation, a figure agreeing with the
value the equation gives is reported as a data error, not as wrong text.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Protocol

from . import statute
from .model import Number, Report, format_number
from .statute import FormatSpec, Key

#: Stands for a number inserted by the ``:gov:`` role (its value comes from the data).
ROLE_MARK = "\ue000"
FEE: Key = ("processing_fee",)


class Values(Protocol):
    """The table values a text is compared with (``None``: unknown, nothing is compared)."""

    def get(self, key: Key) -> Number | None: ...


class ReportValues:
    """:class:`Values` of a loaded report (cells that could not be read are unknown)."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def get(self, key: Key) -> Number | None:
        if key == FEE:
            return self.report.processing_fee
        if self.report.is_invalid(key) or key not in self.report.cells:
            return None
        return self.report.cells[key].value


# -- numbers ------------------------------------------------------------------

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二两三四五六七八九十百千"


def chinese_number(text: str) -> int | None:
    """十二 → 12, 两 → 2, 一百零三 → 103, 三千二百 → 3200 (``None`` when not a number)."""
    total = current = 0
    last_power = 10_000
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char in _POWERS:
            power = _POWERS[char]
            if power >= last_power:
                return None
            total += (current or 1) * power
            current = 0
            last_power = power
        else:
            return None
    return total + current


_UNITS = r"(?P<unit>万元|元|件次|件|宗|起|个|%|％)"
_FIGURE = re.compile(
    r"(?P<mark>\ue000)\s*(?P<munit>万元|元|件|宗|起|个|%|％)"
    r"|(?<![0-9.])(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)\s*(?P<wan>万(?!元))?\s*" + _UNITS + r"(?!事)"
    r"|(?<![第"
    + _CN
    + r"])(?P<cn>["
    + _CN
    + r"]{1,6})(?P<cnwan>万(?!元))?"
    + _UNITS.replace("unit", "cunit")
    + r"(?!事)"
)


@dataclass(frozen=True)
class Written:
    """A number as written: its value, and the step of its last written digit (for rounding)."""

    value: Decimal
    step: Decimal


def _written(match: re.Match[str]) -> Written | None:
    if match.group("num"):
        raw = match.group("num").replace(",", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
            return None
        places = len(raw.split(".")[1]) if "." in raw else 0
        step = Decimal(1).scaleb(-places)
        if match.group("wan"):
            return Written(value * 10_000, step * 10_000)
        return Written(value, step)
    if match.group("cn"):
        number = chinese_number(match.group("cn"))
        if number is None:
            return None
        scale = 10_000 if match.group("cnwan") else 1
        return Written(Decimal(number * scale), Decimal(scale))
    return None


# -- what a figure stands for -------------------------------------------------

A = "applications"
#: A reading: the cells whose sum a figure states, and the 收到 frame it needs (``None``: any).
Reading = tuple[tuple[Key, ...], str | None]

NEW, CARRIED = "new", "new+carried"
COUNT_UNITS = ("件", "宗", "起", "个")
_LEGAL = ("commercial", "research", "nonprofit", "legal", "other")
#: Applicant columns named in the prose.
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (statute.APPLICANTS[1].labels[1], _LEGAL),  # the legal persons' group
    (statute.APPLICANTS[1].labels[1].replace("或", "和"), _LEGAL),
    *((c.labels[-1], (c.key,)) for c in statute.APPLICANTS[:-1] if c.key != "other"),
    ("企业", ("commercial",)),
)


@dataclass(frozen=True)
class Concept:
    """A table figure the prose can state."""

    name: str
    #: The rows (without the column), each reading a sum of rows, with its 收到 frame.
    rows: tuple[tuple[tuple[Key, ...], str | None], ...]
    column: str = "total"  #: the column of tables 三 / 四 (``""``: table 二 and the fee)
    units: tuple[str, ...] = COUNT_UNITS
    #: Words in the clause that make the figure something else (a reviewing body, another kind of case).
    exclude: tuple[str, ...] = ()
    weak: bool = False  #: a generic word (答复, 办理): any other keyword in the clause wins
    role: str | None = None
    applicant: bool = True  #: whether an applicant column can narrow it (tables 三)


_NOT_APPLICATION = ("复议", "诉讼", "案件", "投诉", "建议", "提案", "来信", "热线", "咨询", "留言", "信访件", "问政")
_REVIEWER = ("受理", "办理", "审理", "办结", "作出", "收到", "应诉", "代理")


def _app(name: str, rows: tuple[Key, ...], **kw: object) -> Concept:
    keys = tuple(("applications", *row) for row in rows)
    return Concept(name, ((keys, None),), exclude=_NOT_APPLICATION, **kw)  # type: ignore[arg-type]


def _group(spec: FormatSpec, group: str) -> tuple[Key, ...]:
    return tuple(("applications", *row.key) for row in spec.applications_rows if row.key[:2] == ("results", group))


@dataclass(frozen=True)
class Keyword:
    pattern: re.Pattern[str]
    concept: Callable[[FormatSpec, int, re.Match[str]], Concept | None]


def _kw(pattern: str, make: Callable[[FormatSpec, int, re.Match[str]], Concept | None]) -> Keyword:
    return Keyword(re.compile(pattern), make)


def _fixed(concept: Concept) -> Callable[[FormatSpec, int, re.Match[str]], Concept]:
    return lambda spec, year, match: concept


def _result(group: str, sub: str | None = None) -> Callable[[FormatSpec, int, re.Match[str]], Concept | None]:
    def make(spec: FormatSpec, year: int, match: re.Match[str]) -> Concept | None:
        if sub is None:
            rows = _group(spec, group)
            role = f"applications.results.{group}.total" if len(rows) == 1 else None
        else:
            rows = (("applications", "results", group, sub),)
            if not any(row.key == rows[0][1:] for row in spec.applications_rows):
                return None
            role = f"applications.results.{group}.{sub}.total"
        return Concept(f"{group}.{sub}", ((rows, None),), exclude=_NOT_APPLICATION, role=role)

    return make


_RECEIVED = Concept(
    "received",
    (((("applications", "new"),), NEW), ((("applications", "new"), ("applications", "carried_over")), CARRIED)),
    exclude=_NOT_APPLICATION,
    role="applications.new.total",
)
_NEW = _app("new", (("new",),), role="applications.new.total")
_CARRIED_OVER = _app("carried_over", (("carried_over",),), role="applications.carried_over.total")
_FORWARD = _app("carried_forward", (("carried_forward",),), role="applications.carried_forward.total")
_DONE = _app("done", (("results", "total"),), role="applications.results.total.total")
_DONE_WEAK = Concept(_DONE.name, _DONE.rows, exclude=_NOT_APPLICATION, weak=True, role=_DONE.role)
_BOTH = _app("disclosed+partial", (("results", "disclosed"), ("results", "partial")))


def _appeal(name: str, rows: tuple[str, ...], column: str = "total", role: bool = True) -> Concept:
    keys = tuple(("appeals", row) for row in rows)
    return Concept(
        name,
        ((keys, None),),
        column=column,
        exclude=_REVIEWER,
        role=f"appeals.{rows[0]}.{column}" if role and len(rows) == 1 else None,
        applicant=False,
    )


_SUITS = ("direct_suit", "suit_after_review")
_REVIEW = _appeal("review", ("review",))
_SUIT = _appeal("suit", _SUITS)
_DIRECT = _appeal("direct", ("direct_suit",))
_AFTER = _appeal("after", ("suit_after_review",))
_ALL_APPEALS = dataclasses.replace(_appeal("appeals", ("review", *_SUITS)), exclude=())
#: 相关案件 after 行政复议、行政诉讼 in the sentence (resolved in :func:`mentions`).
_RELATED = Concept("related", ())
_OUTCOMES = {
    "upheld": "结果维持|维持",
    "corrected": "结果纠正|纠错|纠正|被撤销|确认违法",
    "other": "其他结果",
    "pending": "尚未审结|未审结",
}


def _outcome(column: str) -> Callable[[FormatSpec, int, re.Match[str]], Concept]:
    """A column of table 四: of the 行政复议 / 行政诉讼 stated before it (resolved in :func:`mentions`)."""
    return lambda spec, year, match: Concept(f"outcome:{column}", (), column=column, applicant=False)


_CORRECTED = Concept(
    "corrected",
    (
        ((("appeals", "review"),), None),
        ((("appeals", "review"), ("appeals", "direct_suit"), ("appeals", "suit_after_review")), None),
    ),
    column="corrected",
    exclude=("受理", "审理", "作出"),
    applicant=False,
)


def _active(name: str, row: str, columns: tuple[str, ...], units: tuple[str, ...] = COUNT_UNITS) -> Concept:
    rows = tuple(((("active", row, c),), None) for c in columns)
    return Concept(
        name,
        rows,
        column="",
        units=units,
        applicant=False,
        role=f"active.{row}.{columns[0]}" if len(columns) == 1 else None,
    )


def _stock(kind: str) -> Callable[[FormatSpec, int, re.Match[str]], Concept | None]:
    """规章 / 规范性文件 with the word before it saying which column (制发, 废止, 现行有效)."""

    def make(spec: FormatSpec, year: int, match: re.Match[str]) -> Concept | None:
        row = "regulations" if kind == "规章" else "normative_documents"
        before = match.string[max(0, match.start() - 12) : match.start()]
        columns: dict[str, tuple[str, ...]]
        default: tuple[str, ...]
        if spec.version == "2021":
            columns = {
                "制发": ("issued",),
                "印发": ("issued",),
                "出台": ("issued",),
                "制定": ("issued",),
                "发布": ("issued",),
                "废止": ("repealed",),
                "现行有效": ("in_force",),
                "有效": ("in_force",),
            }
            default = ("issued", "in_force")
        else:
            columns = {
                "制作": ("made",),
                "制发": ("made",),
                "制定": ("made",),
                "公开": ("published",),
                "发布": ("published",),
                "对外公开": ("total",),
                "现行有效": ("total",),
            }
            default = ("made", "published", "total")
        at = {word: before.rfind(word) for word in columns if word in before}
        chosen = columns[max(at, key=lambda w: (at[w] + len(w), len(w)))] if at else default
        return _active(f"{row}.{'/'.join(chosen)}", row, chosen)

    return make


def _decisions(row: str) -> Callable[[FormatSpec, int, re.Match[str]], Concept | None]:
    def make(spec: FormatSpec, year: int, match: re.Match[str]) -> Concept | None:
        if not any(r.key == (row,) for _b, r in statute.active_rows(spec)):
            return None
        return _active(row, row, ("decisions",))

    return make


def _fees(spec: FormatSpec, year: int, match: re.Match[str]) -> Concept | None:
    if spec.version != "2021":
        return None
    return _active("fees", "fees", ("amount",), units=("万元",))


_PROCESSING_FEE = Concept("fee", (((FEE,), None),), column="", units=("元",), applicant=False, role="processing_fee")


def _forward_year(spec: FormatSpec, year: int, match: re.Match[str]) -> Concept | None:
    """结转至2026年: the next year (any other year is not this table's figure)."""
    written = match.group("y")
    if written and year and int(written) != year + 1:
        return None
    return _FORWARD


def _carried_year(spec: FormatSpec, year: int, match: re.Match[str]) -> Concept | None:
    """2024年结转: last year."""
    if year and int(match.group("y")) != year - 1:
        return None
    return _CARRIED_OVER


_FEES_ROW = statute.row_name(statute.FORMATS["2021"], ("active", "fees"))

KEYWORDS: tuple[Keyword, ...] = (
    # 表三: rows
    _kw(r"(?:本年(?:度)?)?新收", _fixed(_NEW)),
    _kw(r"收到|受理|接收|接到|申请总数|申请总量", _fixed(_RECEIVED)),
    _kw(r"上一?年度?结转|上年度遗留|从上年结转|上一年度转入", _fixed(_CARRIED_OVER)),
    _kw(r"(?P<y>20[0-9]{2})\s*年(?:度)?结转(?!至|到)", _carried_year),
    _kw(r"(?:结转|顺延|转入|转)(?:至|到)?\s*(?:下一?年度?|下一年|次年|(?P<y>20[0-9]{2})\s*年度?)", _forward_year),
    _kw(r"办结|办理完毕|已办理|共办理|处理完毕|作出答复|予以答复|完成答复", _fixed(_DONE)),
    _kw(r"答复|办理|处理", lambda s, y, m: _DONE_WEAK),
    # 表三: results
    _kw(
        r"(?:予以|同意)?公开(?:及|和|与|、|加)部分公开|(?:全部|部分)公开(?:及|和|与|、)(?:全部|部分)公开", _fixed(_BOTH)
    ),
    _kw(r"予以公开|同意公开|全部公开|准予公开", _result("disclosed")),
    _kw(r"部分公开", _result("partial")),
    _kw(r"不予公开|不公开", _result("withheld")),
    _kw(r"国家秘密", _result("withheld", "state_secret")),
    _kw(r"禁止公开", _result("withheld", "prohibited")),
    _kw(r"三安全一稳定", _result("withheld", "three_security")),
    _kw(r"第三方合法权益", _result("withheld", "third_party")),
    _kw(r"内部事务", _result("withheld", "internal")),
    _kw(r"过程性信息", _result("withheld", "process")),
    _kw(r"行政执法案卷", _result("withheld", "enforcement_files")),
    _kw(r"行政查询事项", _result("withheld", "inquiry")),
    _kw(r"无法提供", _result("unavailable")),
    _kw(r"不掌握", _result("unavailable", "not_held")),
    _kw(
        r"另行制作|没有现成信息",
        _result("unavailable", "needs_creation"),
    ),
    _kw(r"仍不明确", _result("unavailable", "unclear")),
    _kw(r"不予处理", _result("not_processed")),
    _kw(r"信访举报投诉类", _result("not_processed", "complaint")),
    _kw(r"重复申请", _result("not_processed", "repeated")),
    _kw(r"公开出版物", _result("not_processed", "publication")),
    _kw(r"大量反复申请", _result("not_processed", "excessive")),
    _kw(
        r"确认或重新出具",
        _result("not_processed", "confirmation"),
    ),
    _kw(r"其他处理|其他方式处理", _result("other")),
    _kw(
        r"逾期不补正",
        _result("other", "no_correction"),
    ),
    _kw(
        r"逾期未按收费通知|未按收费通知",
        _result("other", "unpaid_fee"),
    ),
    # words naming something that is not a cell (the figure is then not compared)
    _kw(r"撤回|主动公开|发布信息|发布政府信息|政府信息\s*$", lambda s, y, m: None),
    # 表四
    _kw(r"行政复议|复议", _fixed(_REVIEW)),
    _kw(r"行政诉讼|诉讼|起诉", _fixed(_SUIT)),
    _kw(r"直接起诉|直接提起(?:行政)?诉讼", _fixed(_DIRECT)),
    _kw(r"复议后起诉|复议后提起(?:行政)?诉讼", _fixed(_AFTER)),
    *(_kw(pattern, _outcome(column)) for column, pattern in _OUTCOMES.items()),
    _kw(r"相关案件|上述案件", _fixed(_RELATED)),
    # 表二
    _kw(r"规章", _stock("规章")),
    _kw(r"(?:行政)?规范性文件", _stock("规范性文件")),
    _kw(r"行政许可", _decisions("licensing")),
    _kw(r"行政处罚", _decisions("penalty")),
    _kw(r"行政强制", _decisions("coercion")),
    _kw(re.escape(_FEES_ROW) + r"|收费金额|收取费用|收费", _fees),
    _kw(r"信息处理费", _fixed(_PROCESSING_FEE)),
)

#: Words before a figure that make it a comparison, an approximation or someone else's figure.
SKIP_WORDS = (
    "较",
    "同比",
    "环比",
    "比上年",
    "比去年",
    "上年同期",
    "增长",
    "增加",
    "减少",
    "下降",
    "上升",
    "提升",
    "降低",
    "分别",
    "约",
    "近",
    "超过",
    "余",
    "以上",
    "以内",
    "左右",
    "平均",
    "每",
    "日均",
    "月均",
    "累计达",
    "多达",
    "占比提高",
    "其余",
    "代表",  # 区政府办代表区政府受理: a part of what the tables count
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[，,；;：:]")


@dataclass
class Mention:
    """One figure found in the text."""

    start: int  #: offset of the phrase (the keyword) in the text
    end: int
    written: Written | None  #: ``None``: a number inserted by the ``:gov:`` role
    unit: str
    concept: Concept | None
    column: tuple[str, ...] | None = None  #: applicant columns narrowing the concept
    percent_of: Mention | None = None  #: for a share: the figure it is a share of
    share_concept: Concept | None = None  #: for a share stated with its own words (占 X%)
    skipped: bool = False


@dataclass(frozen=True)
class Finding:
    """A figure of the prose that contradicts the data."""

    start: int  #: offset of the phrase in the text
    snippet: str
    message: str
    data_error: bool = False  #: the data breaks an equation and the prose agrees with the equation


def _nearest_keyword(lead: str, spec: FormatSpec, year: int) -> tuple[int, Concept | None]:
    """The keyword ending nearest the figure in ``lead``: its start and its concept (``None``: none,
    or a word naming something that is not a cell).  A weak keyword (答复, 办理) yields to any other."""
    candidates = []
    for index, keyword in enumerate(KEYWORDS):
        for match in keyword.pattern.finditer(lead):
            if match.end() > match.start():
                concept = keyword.concept(spec, year, match)
                weak = concept is not None and concept.weak
                candidates.append((match.end(), match.end() - match.start(), -index, match.start(), concept, weak))
    if not candidates:
        return 0, None
    candidates.sort(key=lambda c: c[:3])
    strong = [c for c in candidates if not c[5]]
    best = (strong or candidates)[-1]
    return best[3], best[4]


def mentions(text: str, spec: FormatSpec, year: int) -> list[Mention]:
    """The figures of ``text`` with what they stand for."""
    found: list[Mention] = []
    sentence_start = 0
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    clause_ends = [m.end() for m in _CLAUSE_END.finditer(text)]
    previous: Mention | None = None
    context: Mention | None = None
    for match in _FIGURE.finditer(text):
        start = match.start()
        while sentence_ends and sentence_ends[0] <= start:
            sentence_start = sentence_ends.pop(0)
            previous = context = None
        unit = match.group("unit") or match.group("cunit") or match.group("munit") or ""
        unit = "%" if unit in ("%", "％") else unit
        written = None if match.group("mark") else _written(match)
        if written is None and not match.group("mark"):
            continue
        at = bisect.bisect_right(clause_ends, start) - 1
        clause_start = max(sentence_start, clause_ends[at] if at >= 0 else 0)
        lead_start = max(clause_start, previous.end if previous else 0)
        lead = text[lead_start:start]
        end = match.end()
        mention = Mention(lead_start, end, written, unit, None)
        if unit == "%":
            mention = _share(mention, lead, lead_start, previous, spec, year)
            found.append(mention)
            continue
        offset, concept = _nearest_keyword(lead, spec, year)
        if concept is None and offset == 0:
            concept, trailing = _trailing(text, match.end())
            end = max(end, trailing)
        concept = _resolve(concept, context, text[sentence_start:start])
        column = _column(lead)
        if "其中" in lead and context is not None and context.skipped:
            mention.skipped = True
        if concept is None and column is not None and context is not None and context.concept is not None:
            concept = context.concept if context.concept.applicant else None
            if context.skipped:
                mention.skipped = True
        if concept is not None and column is not None and not concept.applicant:
            concept = None
        mention.start = lead_start + offset if concept is not None else lead_start
        mention.end = end
        mention.concept = concept
        mention.column = column
        if concept is not None:
            if unit not in concept.units:
                mention.concept = None
            elif (
                any(word in lead for word in SKIP_WORDS)
                or lead.rstrip().endswith("等")
                or any(word in text[clause_start : match.end()] for word in concept.exclude)
            ):
                mention.skipped = True
            if concept.weak and any(word in lead for word in ("法定期限", "按时", "依法")):
                mention.skipped = True
        found.append(mention)
        previous = mention
        if mention.concept is not None and column is None:
            context = mention
    return found


_TRAILING = (
    (re.compile(r"\s*(?:的)?(?:申请)?(?:顺延|结转|转)(?:至|到)?\s*下一?年度?"), "forward"),
    (re.compile(r"[^，,；;。0-9]{0,16}?行政复议"), "review"),
    (re.compile(r"[^，,；;。0-9]{0,16}?行政诉讼"), "suit"),
)


def _trailing(text: str, at: int) -> tuple[Concept | None, int]:
    """A figure named after it (「103 件顺延到下年度」, 「1 件涉及政府信息公开工作的行政复议」)."""
    for pattern, name in _TRAILING:
        match = pattern.match(text, at)
        if match:
            return {"forward": _FORWARD, "review": _REVIEW, "suit": _SUIT}[name], match.end()
    return None, at


def _resolve(concept: Concept | None, context: Mention | None, before: str) -> Concept | None:
    """A column of table 四 (结果维持 …) or 相关案件: of the appeals named before it in the sentence."""
    if concept is _RELATED:
        review, suit = "复议" in before, "诉讼" in before
        return _ALL_APPEALS if review and suit else _REVIEW if review else _SUIT if suit else None
    if concept is None or not concept.name.startswith("outcome:"):
        return concept
    appeal = context.concept if context is not None else None
    if appeal is not None and appeal.rows and appeal.rows[0][0][0][0] == "appeals":
        return dataclasses.replace(appeal, column=concept.column, role=None)
    return _CORRECTED if concept.column == "corrected" else None


def _column(lead: str) -> tuple[str, ...] | None:
    best = None
    for word, columns in COLUMN_WORDS:
        at = lead.rfind(word)
        if at >= 0 and (best is None or at + len(word) > best[0]):
            best = (at + len(word), columns)
    return best[1] if best else None


def _share(
    mention: Mention, lead: str, lead_start: int, previous: Mention | None, spec: FormatSpec, year: int
) -> Mention:
    """A percentage: of the figure just before it (「208 件（17.46%）」) or of the words before it (占 X%)."""
    stripped = lead.strip(" （(")
    if not stripped and previous is not None and previous.concept is not None:
        mention.percent_of = previous
        mention.start = previous.start
        mention.skipped = previous.skipped
        return mention
    offset, concept = _nearest_keyword(lead, spec, year)
    if concept is not None and concept.column == "total" and concept.name not in ("received", "new", "done"):
        mention.share_concept = concept
        mention.start = lead_start + offset
        mention.skipped = any(word in lead for word in SKIP_WORDS)
    return mention


# -- values and equations -----------------------------------------------------


def _sum(values: Values, keys: Sequence[Key]) -> Number | None:
    total: Number = 0
    for key in keys:
        value = values.get(key)
        if value is None:
            return None
        total += value
    return total


@dataclass(frozen=True)
class Equation:
    """A value of a cell computed from others (what the cell should be), and what it says."""

    value: Number
    stated: Number
    text: str


def derived(values: Values, spec: FormatSpec, key: Key) -> list[Equation]:
    """The values the table's equations give for ``key`` where they differ from the stated one."""
    if key[0] not in ("applications", "appeals"):
        return []
    stated = values.get(key)
    if stated is None:
        return []
    out: list[tuple[Number | None, str]] = []
    label = statute.cell_label(spec, key)
    if key[0] == "applications":
        column = key[-1]
        row = key[1:-1]
        columns = [c.key for c in spec.applications_columns[:-1]]
        if column == "total":
            parts_text = statute.parts_text(spec, _table(spec, A))
            out.append((_sum(values, [(A, *row, c) for c in columns]), f"{parts_text}之和"))
        col = (column,)
        results = [
            ("applications", *r.key, column)
            for r in spec.applications_rows
            if r.key[0] == "results" and r.key[-1] != "total"
        ]
        new, carried, forward, done = (
            (A, "new", *col),
            (A, "carried_over", *col),
            (A, "carried_forward", *col),
            (A, "results", "total", *col),
        )
        got = [values.get(k) for k in (new, carried, forward, done)]
        parts = [p for p in got if p is not None]
        if row == ("results", "total"):
            out.append((_sum(values, results), "（一）至（六）各项之和"))
        if len(parts) == 4:
            n, c, f, d = parts
            equation = {
                ("new",): (d + f - c, "按勾稽关系（三 + 四 − 二）"),
                ("carried_over",): (d + f - n, "按勾稽关系（三 + 四 − 一）"),
                ("carried_forward",): (n + c - d, "按勾稽关系（一 + 二 − 三）"),
                ("results", "total"): (n + c - f, "按勾稽关系（一 + 二 − 四）"),
            }.get(row)
            if equation:
                out.append(equation)
    elif key[0] == "appeals" and key[-1] == "total":
        parts_ = [(*key[:-1], c.key) for c in spec.appeals_columns[:-1]]
        out.append((_sum(values, parts_), f"{statute.parts_text(spec, _table(spec, 'appeals'))}之和"))
    return [
        Equation(v, stated, f"「{label}」为 {format_number(stated)}，但{t}为 {format_number(v)}")
        for v, t in out
        if v is not None and v != stated
    ]


FEE_LABEL = "信息处理费（元）"


def _table(spec: FormatSpec, key: str) -> statute.TableSpec:
    return next(t for t in spec.tables if t.key == key)


def describe(spec: FormatSpec, keys: Sequence[Key]) -> str:
    """The official labels of the cells a figure sums (from the statute), e.g.
    the labels of disclosed plus partial, their shared first label said once."""
    if tuple(keys) == (FEE,):
        return FEE_LABEL
    if keys[0][0] == "active":
        return " + ".join(statute.cell_label(spec, k) for k in keys)
    rows: dict[Key, list[str]] = {}
    for key in keys:
        rows.setdefault(key[:-1], []).append(key[-1])
    table = _table(spec, keys[0][0])
    names = []
    done: set[Key] = set()
    for row in rows:
        if row in done:
            continue
        group = next(
            (
                g
                for g in ("withheld", "unavailable", "not_processed", "other")
                if row[:3] == (A, "results", g) and len(_group(spec, g)) > 1 and set(_group(spec, g)) <= set(rows)
            ),
            None,
        )
        if group is not None:
            done.update(_group(spec, group))
            names.append(statute.group_label(spec, A, ("results", group)))
            continue
        found = statute.find_row(spec, row)
        names.append(" / ".join(found[2].labels) if found else " / ".join(row))
    columns = [c for c in table.columns if c.key in next(iter(rows.values()))]
    if len(columns) == 1:
        column = columns[0].labels[-1]
    else:
        column = columns[0].labels[1] if len(columns[0].labels) > 2 else "、".join(c.labels[-1] for c in columns)
    first = names[0].split(" / ")[0]
    text = names[0] + "".join(" + " + (n.split(" / ", 1)[1] if n.startswith(first + " / ") else n) for n in names[1:])
    return f"{text} / {column}"


def _cells(spec: FormatSpec, rows: tuple[Key, ...], concept: Concept, column: tuple[str, ...] | None) -> list[Key]:
    if concept.column == "":
        return list(rows)
    columns = column if column is not None else (concept.column,)
    return [(*row, c) for row in rows for c in columns]


def _matches(written: Written, value: Number, unit: str) -> bool:
    if unit == "万元" or written.step != 1:
        # written to a precision: the table's value rounded to it
        return (
            any(
                Decimal(value).quantize(written.step, rounding=mode) == written.value.quantize(written.step)
                for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
            )
            if written.step <= 1
            else abs(Decimal(value) - written.value) * 2 <= written.step
        )
    return Decimal(value) == written.value


def _share_matches(written: Written, part: Number, base: Number) -> bool:
    if base == 0:
        return False
    share = Decimal(part) * 100 / Decimal(base)
    return any(
        share.quantize(written.step, rounding=mode) == written.value for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
    )


def _readings(values: Values, spec: FormatSpec, mention: Mention) -> list[tuple[str | None, Number, list[Key]]]:
    concept = mention.concept
    assert concept is not None
    out = []
    for rows, frame in concept.rows:
        keys = _cells(spec, rows, concept, mention.column)
        total = _sum(values, keys)
        if total is not None:
            out.append((frame, total, keys))
    return out


_BASES: tuple[tuple[Key, ...], ...] = (
    (("applications", "results", "total", "total"),),
    (("applications", "new", "total"),),
    (("applications", "new", "total"), ("applications", "carried_over", "total")),
)


def compare(text: str, values: Values, spec: FormatSpec, year: int) -> list[Finding]:
    """The figures of ``text`` (one paragraph) that contradict ``values``."""
    findings: list[Finding] = []
    found = mentions(text, spec, year)
    for sentence in _sentences(found, text):
        findings += _compare_sentence(sentence, text, values, spec)
    return findings


def _sentences(found: list[Mention], text: str) -> Iterator[list[Mention]]:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text) + 1]
    group: list[Mention] = []
    index = 0
    for mention in found:
        while mention.end > ends[index]:
            index += 1
            if group:
                yield group
            group = []
        group.append(mention)
    if group:
        yield group


def _compare_sentence(sentence: list[Mention], text: str, values: Values, spec: FormatSpec) -> list[Finding]:
    judged: list[tuple[Mention, list[tuple[str | None, Number, list[Key]]] | None, Finding | None]] = []
    for mention in sentence:
        if mention.skipped or mention.written is None:
            continue
        if mention.unit == "%":
            finding = _compare_share(mention, text, values, spec)
            if finding:
                judged.append((mention, None, finding))
            continue
        if mention.concept is None:
            continue
        readings = _readings(values, spec, mention)
        if readings:
            judged.append((mention, readings, None))
    frames = {f for _m, rs, _f in judged for f, _v, _k in rs or () if f is not None}

    def ok(readings: list[tuple[str | None, Number, list[Key]]], mention: Mention, frame: str | None) -> bool:
        assert mention.written is not None
        return any(_matches(mention.written, v, mention.unit) for f, v, _k in readings if f in (None, frame))

    def score(frame: str) -> tuple[int, int]:
        """Figures agreeing with ``frame``; a breakdown by applicant (it adds up to one frame) breaks ties."""
        agree = [m for m, r, _x in judged if r and ok(r, m, frame)]
        return len(agree), sum(m.column is not None for m in agree)

    best_frame = max(sorted(frames), key=score) if frames else None
    findings = []
    for mention, found, finding in judged:
        if finding is not None:
            findings.append(finding)
        elif found is not None and not ok(found, mention, best_frame):
            findings.append(_mismatch(mention, found, best_frame, text, values, spec))
    return findings


@dataclass(frozen=True)
class Statement:
    """A figure the prose states about the tables, with the cells it can stand for."""

    snippet: str  #: as written (「规章 22 件」)
    written: Written
    unit: str
    #: Its readings: each the cells whose sum it states (「规章 22 件」: ``issued``, or ``in_force``).
    readings: tuple[tuple[Key, ...], ...]

    def agrees(self, value: Number) -> bool:
        """Whether ``value`` is the figure as written (rounded as written)."""
        return _matches(self.written, value, self.unit)


def statements(text: str, spec: FormatSpec, year: int) -> list[Statement]:
    """The figures of one paragraph that state table cells (comparisons, approximations, shares
    and figures naming no cell left out), in text order."""
    flat, _positions = _flatten(text)
    out = []
    for mention in mentions(flat, spec, year):
        concept = mention.concept
        if mention.skipped or mention.written is None or concept is None or mention.unit == "%":
            continue
        readings = tuple(tuple(_cells(spec, rows, concept, mention.column)) for rows, _frame in concept.rows)
        out.append(Statement(_snippet(flat, mention), mention.written, mention.unit, readings))
    return out


def _snippet(text: str, mention: Mention) -> str:
    end = mention.end + (text[mention.end : mention.end + 1] in "）)" if mention.end < len(text) else 0)
    return text[mention.start : end].replace(ROLE_MARK, "…").replace("\n", "").strip("，,；; （(")


def _mismatch(
    mention: Mention,
    readings: list[tuple[str | None, Number, list[Key]]],
    frame: str | None,
    text: str,
    values: Values,
    spec: FormatSpec,
) -> Finding:
    concept = mention.concept
    written = mention.written
    assert concept is not None and written is not None
    usable = [r for r in readings if r[0] in (None, frame)]
    snippet = _snippet(text, mention)
    # The data breaks an equation and the prose agrees with what the equation gives.
    for _f, total, keys in usable:
        for key in keys:
            for equation in derived(values, spec, key):
                if _matches(written, total - equation.stated + equation.value, mention.unit):
                    return Finding(
                        mention.start,
                        snippet,
                        f"正文「{snippet}」与表格不一致，但与表格应有的数字一致：数据有误（{equation.text}）；"
                        "请核对并改正数据文件，正文可能是对的",
                        data_error=True,
                    )
    label = describe(spec, usable[0][2])
    shown = "（或 ".join(format_number(v) for _f, v, _k in usable)
    shown += "）" * (len(usable) - 1)
    if len({v for _f, v, _k in usable}) == 1:
        shown = format_number(usable[0][1])
    broken = [e.text for _f, _t, keys in usable for key in keys for e in derived(values, spec, key)]
    note = f"；另外，数据本身也不一致（{broken[0]}），请一并核对" if broken else ""
    role = concept.role if mention.column is None and len({v for _f, v, _k in usable}) == 1 else None
    if concept is _RECEIVED and frame == CARRIED:
        role = None
    hint = f"，或用 :gov:`{role}` 插入数据中的数字" if role else ""
    return Finding(
        mention.start,
        snippet,
        f"正文「{snippet}」与数据不一致：「{label}」为 {shown}；请改正文字{hint}{note}",
    )


def _compare_share(mention: Mention, text: str, values: Values, spec: FormatSpec) -> Finding | None:
    written = mention.written
    assert written is not None
    if mention.percent_of is not None:
        part_mention = mention.percent_of
        if part_mention.written is None or part_mention.concept is None:
            return None
        found = _readings(values, spec, part_mention)
        parts = [v for _f, v, _k in found]
        what = describe(spec, found[0][2]) if found else ""
    elif mention.share_concept is not None:
        probe = Mention(mention.start, mention.end, written, "件", mention.share_concept)
        found = _readings(values, spec, probe)
        parts = [v for _f, v, _k in found]
        what = describe(spec, found[0][2]) if found else ""
    else:
        return None
    bases = [b for b in (_sum(values, keys) for keys in _BASES) if b]
    if not parts or not bases:
        return None
    if any(_share_matches(written, p, b) for p in parts for b in bases):
        return None
    snippet = _snippet(text, mention)
    shares = sorted(
        {(Decimal(parts[0]) * 100 / Decimal(b)).quantize(written.step, rounding=ROUND_HALF_UP) for b in bases}
    )
    shown = "、".join(f"{format_number(s)}%" for s in shares)
    return Finding(
        mention.start,
        snippet,
        f"正文「{snippet}」中的比例与数据不一致：「{what}」为 {format_number(parts[0])}，"
        f"占办理结果总计或收到申请数的 {shown}（按所写精度计算）；请改正文字",
    )


# -- statements of zero -------------------------------------------------------

ZERO_STATEMENTS: tuple[tuple[re.Pattern[str], Concept], ...] = (
    (re.compile(r"(?:未|没有)(?:收到|受理|接到)[^。；！？，,\n0-9\ue000]{0,20}?申请"), _RECEIVED),
    (re.compile(r"(?:未|没有|不)收取[^。；！？，,\n0-9\ue000]{0,6}?信息处理费"), _PROCESSING_FEE),
    (re.compile(r"(?:未|没有)(?:发生|出现)?(?:被申请|被提起)?(?:政府信息公开)?(?:类)?行政复议"), _REVIEW),
    (re.compile(r"(?:未|没有)(?:发生|出现)?(?:被提起|被起诉)?(?:政府信息公开)?(?:类)?行政诉讼"), _SUIT),
)


def zero_statements(text: str, values: Values, spec: FormatSpec) -> list[Finding]:
    """「未收到……申请」「未收取信息处理费」「未发生行政复议」 while the data has a number."""
    findings = []
    ends = [m.end() for m in re.finditer(r"[。！？；;，,\n]", text)]
    for pattern, concept in ZERO_STATEMENTS:
        for match in pattern.finditer(text):
            at = bisect.bisect_right(ends, match.start()) - 1
            clause_start = ends[at] if at >= 0 else 0
            clause_end = re.search(r"[。！？；;，,\n]|$", text[match.end() :])
            clause = text[clause_start : match.end() + (clause_end.start() if clause_end else 0)]
            if any(word in clause for word in concept.exclude if word not in match.group(0)):
                continue
            if concept is _RECEIVED and any(w in clause for w in _NOT_APPLICATION):
                continue
            probe = Mention(match.start(), match.end(), Written(Decimal(0), Decimal(1)), "件", concept)
            readings = _readings(values, spec, probe)
            if not readings or any(v == 0 for _f, v, _k in readings):
                continue
            snippet = match.group(0)
            shown = format_number(readings[0][1])
            label = describe(spec, readings[0][2])
            findings.append(
                Finding(
                    match.start(),
                    snippet,
                    f"正文「{snippet}」与数据不一致：「{label}」为 {shown}；请改正文字"
                    + (f"，或用 :gov:`{concept.role}` 插入数据中的数字" if concept.role else ""),
                )
            )
    return findings


def check_paragraph(text: str, values: Values, spec: FormatSpec, year: int) -> list[Finding]:
    """All findings of one paragraph, in text order (line breaks inside the paragraph are kept)."""
    flat, positions = _flatten(text)
    out = compare(flat, values, spec, year) + zero_statements(flat, values, spec)
    return sorted(
        (
            Finding(positions[f.start] if f.start < len(positions) else len(text), f.snippet, f.message, f.data_error)
            for f in out
        ),
        key=lambda f: f.start,
    )


def _flatten(text: str) -> tuple[str, list[int]]:
    """``text`` without line breaks (real reports break lines inside words), with each character's offset."""
    chars = []
    positions = []
    for index, char in enumerate(text):
        if char in "\r\n":
            continue
        chars.append(char)
        positions.append(index)
    return "".join(chars), positions
