"""The statutory report formats as data.

Everything a reviewer compares character for character lives here: section
headings, table labels, their hierarchy (which becomes merged cells) and the
keys under which the numbers are stored in the YAML file.  Two formats exist:
``2021`` (国办公开办函〔2021〕30号) and ``2019`` (国办公开办函〔2019〕60号, 试行).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

Key = tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """A data row of table 三 (or a line of table 二): its key and official labels."""

    key: Key
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A data column: its key and the official labels from the outermost header down."""

    key: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One block of table 二 (a 第二十条 item): title, value columns and rows."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class FormatSpec:
    """One official format version."""

    version: str
    name: str
    notice: str
    headings: tuple[str, ...]
    active: tuple[Block, ...]
    applications_rows: tuple[Row, ...]
    applications_columns: tuple[Column, ...]
    applications_note: str
    appeals_rows: tuple[Row, ...]
    appeals_columns: tuple[Column, ...]
    overview_limit: int | None
    fee_statement_required: bool
    money_columns: frozenset[Key] = field(default_factory=frozenset)
    signed_columns: frozenset[Key] = field(default_factory=frozenset)
    #: Stocks (现行有效件数, 对外公开总数量, 上一年项目数量): a roll-up sums them too, but a
    #: stated figure may differ after a 清理, so a mismatch is a notice, not an error.
    stock_columns: frozenset[Key] = field(default_factory=frozenset)


HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

#: The format notice's own longer names of the six parts (its explanations 「（二）行政机关主动公开政府信息情况」
#: …), as real reports use them for headings: accepted, with a notice.
LONG_HEADINGS = (
    "一、总体情况",
    "二、行政机关主动公开政府信息情况",
    "三、行政机关收到和处理政府信息公开申请情况",
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

APPLICANTS = (
    Column("natural", ("申请人情况", "自然人")),
    Column("commercial", ("申请人情况", "法人或其他组织", "商业企业")),
    Column("research", ("申请人情况", "法人或其他组织", "科研机构")),
    Column("nonprofit", ("申请人情况", "法人或其他组织", "社会公益组织")),
    Column("legal", ("申请人情况", "法人或其他组织", "法律服务机构")),
    Column("other", ("申请人情况", "法人或其他组织", "其他")),
    Column("total", ("申请人情况", "总计")),
)

BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_R = "三、本年度办理结果"


def _group(key: str, label: str, items: tuple[tuple[str, str], ...]) -> tuple[Row, ...]:
    return tuple(Row(("results", key, k), (_R, label, text)) for k, text in items)


_WITHHELD = _group(
    "withheld",
    "（三）不予公开",
    (
        ("state_secret", "1.属于国家秘密"),
        ("prohibited", "2.其他法律行政法规禁止公开"),
        ("three_security", "3.危及“三安全一稳定”"),
        ("third_party", "4.保护第三方合法权益"),
        ("internal", "5.属于三类内部事务信息"),
        ("process", "6.属于四类过程性信息"),
        ("enforcement_files", "7.属于行政执法案卷"),
        ("inquiry", "8.属于行政查询事项"),
    ),
)
_UNAVAILABLE = _group(
    "unavailable",
    "（四）无法提供",
    (
        ("not_held", "1.本机关不掌握相关政府信息"),
        ("needs_creation", "2.没有现成信息需要另行制作"),
        ("unclear", "3.补正后申请内容仍不明确"),
    ),
)
_NOT_PROCESSED = _group(
    "not_processed",
    "（五）不予处理",
    (
        ("complaint", "1.信访举报投诉类申请"),
        ("repeated", "2.重复申请"),
        ("publication", "3.要求提供公开出版物"),
        ("excessive", "4.无正当理由大量反复申请"),
        ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ),
)
_OTHER_2021 = _group(
    "other",
    "（六）其他处理",
    (
        ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "3.其他"),
    ),
)
_OTHER_2019 = (Row(("results", "other"), (_R, "（六）其他处理")),)


def _applications(other: tuple[Row, ...]) -> tuple[Row, ...]:
    return (
        Row(("new",), ("一、本年新收政府信息公开申请数量",)),
        Row(("carried_over",), ("二、上年结转政府信息公开申请数量",)),
        Row(("results", "disclosed"), (_R, "（一）予以公开")),
        Row(("results", "partial"), (_R, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
        *_WITHHELD,
        *_UNAVAILABLE,
        *_NOT_PROCESSED,
        *other,
        Row(("results", "total"), (_R, "（七）总计")),
        Row(("carried_forward",), ("四、结转下年度继续办理",)),
    )


_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

APPEALS_ROWS = (
    Row(("review",), ("行政复议",)),
    Row(("direct_suit",), ("行政诉讼", "未经复议直接起诉")),
    Row(("suit_after_review",), ("行政诉讼", "复议后起诉")),
)
APPEALS_COLUMNS = tuple(Column(k, (t,)) for k, t in _OUTCOMES)

_ITEM = "信息内容"


def _cols(*names: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(k, (t,)) for k, t in names)


ACTIVE_2021 = (
    Block(
        "第二十条第（一）项",
        _cols(("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (
            Row(("regulations",), ("规章",)),
            Row(("normative_documents",), ("行政规范性文件",)),
        ),
    ),
    Block(
        "第二十条第（五）项",
        _cols(("decisions", "本年处理决定数量")),
        (Row(("licensing",), ("行政许可",)),),
    ),
    Block(
        "第二十条第（六）项",
        _cols(("decisions", "本年处理决定数量")),
        (Row(("penalty",), ("行政处罚",)), Row(("coercion",), ("行政强制",))),
    ),
    Block(
        "第二十条第（八）项",
        _cols(("amount", "本年收费金额（单位：万元）")),
        (Row(("fees",), ("行政事业性收费",)),),
    ),
)

_PROJECTS = (("previous", "上一年项目数量"), ("change", "本年增/减"))

ACTIVE_2019 = (
    Block(
        "第二十条第（一）项",
        _cols(("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total", "对外公开总数量")),
        (
            Row(("regulations",), ("规章",)),
            Row(("normative_documents",), ("规范性文件",)),
        ),
    ),
    Block(
        "第二十条第（五）项",
        _cols(*_PROJECTS, ("decisions", "处理决定数量")),
        (Row(("licensing",), ("行政许可",)), Row(("other_services",), ("其他对外管理服务事项",))),
    ),
    Block(
        "第二十条第（六）项",
        _cols(*_PROJECTS, ("decisions", "处理决定数量")),
        (Row(("penalty",), ("行政处罚",)), Row(("coercion",), ("行政强制",))),
    ),
    Block(
        "第二十条第（八）项",
        _cols(*_PROJECTS),
        (Row(("fees",), ("行政事业性收费",)),),
    ),
    Block(
        "第二十条第（九）项",
        _cols(("projects", "采购项目数量"), ("amount", "采购总金额")),
        (Row(("procurement",), ("政府集中采购",)),),
    ),
)

NOTICE_2021 = (
    "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
    "（国办公开办函〔2021〕30号）"
)
NOTICE_2019 = (
    "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）"
)

FORMATS: dict[str, FormatSpec] = {
    "2021": FormatSpec(
        version="2021",
        name="《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
        notice=NOTICE_2021,
        headings=HEADINGS,
        active=ACTIVE_2021,
        applications_rows=_applications(_OTHER_2021),
        applications_columns=APPLICANTS,
        applications_note=BALANCE_NOTE,
        appeals_rows=APPEALS_ROWS,
        appeals_columns=APPEALS_COLUMNS,
        overview_limit=1000,
        fee_statement_required=True,
        money_columns=frozenset({("active", "fees", "amount")}),
        stock_columns=frozenset(("active", row, "in_force") for row in ("regulations", "normative_documents")),
    ),
    "2019": FormatSpec(
        version="2019",
        name="《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
        notice=NOTICE_2019,
        headings=HEADINGS,
        active=ACTIVE_2019,
        applications_rows=_applications(_OTHER_2019),
        applications_columns=APPLICANTS,
        applications_note=BALANCE_NOTE,
        appeals_rows=APPEALS_ROWS,
        appeals_columns=APPEALS_COLUMNS,
        overview_limit=None,
        fee_statement_required=False,
        money_columns=frozenset({("active", "procurement", "amount")}),
        signed_columns=frozenset(
            ("active", row, "change") for row in ("licensing", "other_services", "penalty", "coercion", "fees")
        ),
        stock_columns=frozenset(
            [("active", row, "total") for row in ("regulations", "normative_documents")]
            + [("active", row, "previous") for row in ("licensing", "other_services", "penalty", "coercion", "fees")]
        ),
    ),
}


TABLE_TITLES = {
    "二": HEADINGS[1],
    "三": HEADINGS[2],
    "四": HEADINGS[3],
}

#: Top-level YAML key of each table.
TABLE_KEYS = {"二": "active", "三": "applications", "四": "appeals"}


def expected_format(year: int) -> str:
    """The format version in force for reports of ``year``."""
    return "2021" if year >= 2021 else "2019"


def active_rows(spec: FormatSpec) -> list[tuple[Block, Row]]:
    """All rows of table 二 with their block."""
    return [(block, row) for block in spec.active for row in block.rows]


def cell_label(spec: FormatSpec, key: Key) -> str:
    """The official labels of a cell, joined with `` / `` (e.g. for messages)."""
    table, *rest = key
    if table == "active":
        for block, row in active_rows(spec):
            if row.key == tuple(rest[:-1]):
                for col in block.columns:
                    if col.key == rest[-1]:
                        return " / ".join((HEADINGS[1], block.title, *row.labels, *col.labels))
        return " / ".join((HEADINGS[1], *rest))
    if table == "applications":
        for row in spec.applications_rows:
            if row.key == tuple(rest[:-1]):
                for col in spec.applications_columns:
                    if col.key == rest[-1]:
                        return " / ".join((*row.labels, col.labels[-1]))
                return " / ".join(row.labels)
        return " / ".join((HEADINGS[2], *rest))
    if table == "appeals":
        for row in spec.appeals_rows:
            if row.key == tuple(rest[:-1]):
                for col in spec.appeals_columns:
                    if col.key == rest[-1]:
                        return " / ".join((*row.labels, *col.labels))
                return " / ".join(row.labels)
        return " / ".join((HEADINGS[3], *rest))
    return " / ".join(key)


def all_cells(spec: FormatSpec) -> list[Key]:
    """Every data cell key of the three tables, in official order."""
    keys: list[Key] = []
    for block, row in active_rows(spec):
        keys.extend(("active", *row.key, col.key) for col in block.columns)
    for row in spec.applications_rows:
        keys.extend(("applications", *row.key, col.key) for col in spec.applications_columns)
    for row in spec.appeals_rows:
        keys.extend(("appeals", *row.key, col.key) for col in spec.appeals_columns)
    return keys


def reference_labels(spec: FormatSpec) -> dict[str, str]:
    """The dotted names the ``:gov:`` role accepts for table cells (and for one-column rows of
    table 二, e.g. ``active.licensing``), each with its official labels."""
    labels = {}
    for key in all_cells(spec):
        labels[".".join(key)] = cell_label(spec, key)
    for block, row in active_rows(spec):
        if len(block.columns) == 1:
            key = ("active", *row.key, block.columns[0].key)
            labels[".".join(key[:-1])] = cell_label(spec, key)
    return labels


def did_you_mean(name: str, choices: dict[str, str]) -> str:
    """「是否应为「not_held」（1.本机关不掌握相关政府信息）？」 for the closest of ``choices``
    (key → official label), or ``""`` when none is close."""
    lowered = {key.lower(): key for key in choices}
    close = difflib.get_close_matches(name.strip().lower(), list(lowered), n=1, cutoff=0.6)
    if not close:
        return ""
    key = lowered[close[0]]
    label = choices[key]
    return f"是否应为「{key}」（{label}）？" if label else f"是否应为「{key}」？"


def group_label(spec: FormatSpec, table: str, path: Key) -> str:
    """The official labels of a group of rows of table 三 (e.g. ``results.unavailable`` →
    「三、本年度办理结果 / （四）无法提供」) or of a row, joined with `` / ``."""
    rows = spec.applications_rows if table == "applications" else spec.appeals_rows
    for row in rows:
        if row.key[: len(path)] == path:
            return " / ".join(row.labels[: len(path)]) if len(row.key) > len(path) else " / ".join(row.labels)
    return " / ".join(path)
