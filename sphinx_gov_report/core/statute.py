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
    short: str = ""  #: the row's name in messages (e.g. 「一、本年新收」), when not its full labels


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
class TableSpec:
    """One statutory table, described uniformly: 表二 is several blocks, 三 and 四 one block each.

    ``label_cols`` is the number of label columns of the printed grid (the row labels' depth),
    ``note`` the text of 表三's corner cell.
    """

    name: str  #: 二, 三 or 四
    key: str  #: top-level YAML key: active, applications, appeals
    section: int  #: index of the section (in :data:`HEADINGS`) that holds the table
    blocks: tuple[Block, ...]
    note: str = ""
    label_cols: int = 1
    item_label: str = ""  #: the heading of the label column of each block (表二's 「信息内容」)

    @property
    def heading(self) -> str:
        return HEADINGS[self.section]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Names the ``gov-table`` directive accepts: 二, 2, active."""
        return (self.name, str(_NUMERAL_DIGITS[self.name]), self.key)

    def rows(self) -> list[tuple[Block, Row]]:
        """Every data row with its block, in official order."""
        return [(block, row) for block in self.blocks for row in block.rows]

    def cells(self) -> list[Key]:
        """Every data cell key, in official order."""
        return [(self.key, *row.key, col.key) for block, row in self.rows() for col in block.columns]

    def block_of(self, row_key: Key) -> Block | None:
        return next((b for b, r in self.rows() if r.key == row_key), None)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns of a one-block table (三, 四)."""
        return self.blocks[0].columns


@dataclass(frozen=True)
class Equation:
    """A sum relation: Σ ``lhs`` = Σ ``rhs``; ``rule`` is its diagnostics subtype.

    A sum (``lhs`` one 总计 cell) with ``fills`` computes that cell when the data leaves it out.
    The equations of a format are listed in the order in which omitted totals are filled.
    """

    rule: str
    lhs: tuple[Key, ...]
    rhs: tuple[Key, ...]
    fills: bool = False

    @property
    def total(self) -> Key:
        return self.lhs[0]


@dataclass(frozen=True)
class CrossYear:
    """``this`` = Σ last year's ``last`` + Σ ``plus`` − Σ ``minus`` (this year's cells); a ``notice``
    relation may legitimately break (a 清理 recounts the stock)."""

    rule: str
    this: Key
    last: tuple[Key, ...]
    plus: tuple[Key, ...] = ()
    minus: tuple[Key, ...] = ()
    notice: bool = False


@dataclass(frozen=True)
class FormatSpec:
    """One official format version."""

    version: str
    name: str
    notice: str
    headings: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    overview_limit: int | None
    fee_statement_required: bool
    money_columns: frozenset[Key] = field(default_factory=frozenset)
    signed_columns: frozenset[Key] = field(default_factory=frozenset)
    #: Stocks (现行有效件数, 对外公开总数量, 上一年项目数量): a roll-up sums them too, but a
    #: stated figure may differ after a 清理, so a mismatch is a notice, not an error.
    stock_columns: frozenset[Key] = field(default_factory=frozenset)
    equations: tuple[Equation, ...] = ()
    cross_year: tuple[CrossYear, ...] = ()

    def table(self, name: str) -> TableSpec:
        """The table named ``name`` or by one of its aliases (二, 2, active)."""
        for table in self.tables:
            if name == table.name or name in table.aliases:
                return table
        raise KeyError(name)

    # Shorthands for the three tables.
    @property
    def active(self) -> tuple[Block, ...]:
        return self.table("二").blocks

    @property
    def applications_rows(self) -> tuple[Row, ...]:
        return self.table("三").blocks[0].rows

    @property
    def applications_columns(self) -> tuple[Column, ...]:
        return self.table("三").columns

    @property
    def applications_note(self) -> str:
        return self.table("三").note

    @property
    def appeals_rows(self) -> tuple[Row, ...]:
        return self.table("四").blocks[0].rows

    @property
    def appeals_columns(self) -> tuple[Column, ...]:
        return self.table("四").columns


_NUMERAL_DIGITS = {"二": 2, "三": 3, "四": 4}


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
        Row(("new",), ("一、本年新收政府信息公开申请数量",), short="一、本年新收"),
        Row(("carried_over",), ("二、上年结转政府信息公开申请数量",), short="二、上年结转"),
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

_ITEM = "信息内容"  #: heading of 表二's label column


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

#: Years a report may be for (the 条例 took effect in 2008).
YEAR_MIN, YEAR_MAX = 2008, 2100

#: Metadata keys of a data file and their official names, in the order a data file lists them.
METADATA_LABELS = {
    "format": "格式版本",
    "agency": "机关名称",
    "year": "年度",
    "period": "统计期限",
    "website": "网站",
    "contact": "联系方式",
}
CONTACT_LABELS = {
    "organization": "联系机构",
    "address": "地址",
    "postcode": "邮编",
    "phone": "电话",
    "fax": "传真",
    "email": "电子邮箱",
}


def _tables(active: tuple[Block, ...], other: tuple[Row, ...]) -> tuple[TableSpec, ...]:
    return (
        TableSpec("二", "active", 1, active, item_label=_ITEM),
        TableSpec("三", "applications", 2, (Block("", APPLICANTS, _applications(other)),), BALANCE_NOTE, 3),
        TableSpec("四", "appeals", 3, (Block("", APPEALS_COLUMNS, APPEALS_ROWS),)),
    )


def _equations(tables: tuple[TableSpec, ...]) -> tuple[Equation, ...]:
    """The sum relations of 表三 and 表四, in the order omitted totals are filled.

    First each applicant column's （七）总计 (from （一）…（六） with every sub-row), then every
    row's 总计 (from its row, the （七）总计 row included), so that each computed cell agrees with
    the cells it comes from; the corner is also the sum of its column, and every column balances.
    """
    t3, t4 = tables[1], tables[2]
    key3, key4 = t3.key, t4.key
    parts = t3.columns[:-1]
    rows = t3.blocks[0].rows
    results = [r for r in rows if r.key[0] == "results" and r.key[-1] != "total"]
    total_row = (key3, "results", "total")
    eqs = [
        Equation("column-total", ((*total_row, c.key),), tuple((key3, *r.key, c.key) for r in results), fills=True)
        for c in parts
    ]
    eqs += [
        Equation("row-total", ((key3, *r.key, "total"),), tuple((key3, *r.key, c.key) for c in parts), fills=True)
        for r in rows
    ]
    eqs.append(Equation("column-total", ((*total_row, "total"),), tuple((key3, *r.key, "total") for r in results)))
    eqs += [
        Equation(
            "balance",
            ((key3, "new", c.key), (key3, "carried_over", c.key)),
            ((*total_row, c.key), (key3, "carried_forward", c.key)),
        )
        for c in t3.columns
    ]
    parts4 = t4.columns[:-1]
    eqs += [
        Equation("appeal-total", ((key4, *r.key, "total"),), tuple((key4, *r.key, c.key) for c in parts4), fills=True)
        for r in t4.blocks[0].rows
    ]
    return tuple(eqs)


def _carry_over(tables: tuple[TableSpec, ...]) -> tuple[CrossYear, ...]:
    """上年结转 = last year's 结转下年度继续办理, per applicant column."""
    t3 = tables[1]
    return tuple(
        CrossYear("carry-over", (t3.key, "carried_over", c.key), ((t3.key, "carried_forward", c.key),))
        for c in t3.columns
    )


_STOCK_2021 = tuple(
    CrossYear(
        "stock",
        ("active", row, "in_force"),
        (("active", row, "in_force"),),
        plus=(("active", row, "issued"),),
        minus=(("active", row, "repealed"),),
        notice=True,
    )
    for row in ("regulations", "normative_documents")
)
_STOCK_2019 = tuple(
    CrossYear(
        "stock", ("active", row, "previous"), (("active", row, "previous"), ("active", row, "change")), notice=True
    )
    for row in ("licensing", "other_services", "penalty", "coercion", "fees")
)


def _format(version: str, **fields: object) -> FormatSpec:
    tables = _tables(*fields.pop("layout"))  # type: ignore[misc]
    stock = fields.pop("stock")
    return FormatSpec(
        version=version,
        tables=tables,
        equations=_equations(tables),
        cross_year=_carry_over(tables) + stock,  # type: ignore[operator]
        **fields,  # type: ignore[arg-type]
    )


FORMATS: dict[str, FormatSpec] = {
    "2021": _format(
        "2021",
        name="《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
        notice=NOTICE_2021,
        headings=HEADINGS,
        layout=(ACTIVE_2021, _OTHER_2021),
        overview_limit=1000,
        fee_statement_required=True,
        money_columns=frozenset({("active", "fees", "amount")}),
        stock_columns=frozenset(c.this for c in _STOCK_2021),
        stock=_STOCK_2021,
    ),
    "2019": _format(
        "2019",
        name="《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
        notice=NOTICE_2019,
        headings=HEADINGS,
        layout=(ACTIVE_2019, _OTHER_2019),
        overview_limit=None,
        fee_statement_required=False,
        money_columns=frozenset({("active", "procurement", "amount")}),
        signed_columns=frozenset(
            ("active", row, "change") for row in ("licensing", "other_services", "penalty", "coercion", "fees")
        ),
        stock_columns=frozenset(
            [("active", row, "total") for row in ("regulations", "normative_documents")] + [c.this for c in _STOCK_2019]
        ),
        stock=_STOCK_2019,
    ),
}

#: The three tables (the same names, keys and sections in every format).
TABLES = FORMATS["2021"].tables
#: Directive argument → table name (二, 2, active → 二).
TABLE_ALIASES = {alias: t.name for t in TABLES for alias in t.aliases}
TABLE_TITLES = {t.name: t.heading for t in TABLES}
#: Top-level YAML key of each table.
TABLE_KEYS = {t.name: t.key for t in TABLES}


def expected_format(year: int) -> str:
    """The format version in force for reports of ``year``."""
    return "2021" if year >= 2021 else "2019"


def active_rows(spec: FormatSpec) -> list[tuple[Block, Row]]:
    """All rows of table 二 with their block."""
    return spec.table("二").rows()


@dataclass
class _Index:
    """What is derived from a format again and again (per cell of every report): built once per format."""

    #: ``(table key, *row key)`` → the table, block and row (the first one, in official order).
    rows: dict[Key, tuple[TableSpec, Block, Row]]
    cells: tuple[Key, ...]
    #: The total each filling equation computes when the data leaves it out → that equation.
    filled_by: dict[Key, Equation]
    #: The filling equations in order: the total, its parts, and whether all of them are count cells of the
    #: format (none a money column).
    fillers: tuple[tuple[Key, tuple[Key, ...], bool], ...]
    #: :func:`cell_label` of the keys asked for so far.
    labels: dict[Key, str] = field(default_factory=dict)
    references: dict[str, str] | None = None


#: ``id(spec)`` → the spec (kept alive, so its id is not reused) and its index.
_INDEXES: dict[int, tuple[FormatSpec, _Index]] = {}
#: Most labels memoised per format (the keys of a format's cells are fewer; others are computed each time).
_MAX_LABELS = 4096


def _index(spec: FormatSpec) -> _Index:
    entry = _INDEXES.get(id(spec))
    if entry is not None and entry[0] is spec:
        return entry[1]
    rows: dict[Key, tuple[TableSpec, Block, Row]] = {}
    for table in spec.tables:
        for block, row in table.rows():
            rows.setdefault((table.key, *row.key), (table, block, row))
    cells = tuple(key for table in spec.tables for key in table.cells())
    known = set(cells)
    fillers = tuple(
        (e.total, e.rhs, {e.total, *e.rhs} <= known and not {e.total, *e.rhs} & spec.money_columns)
        for e in spec.equations
        if e.fills
    )
    index = _Index(rows, cells, {e.total: e for e in spec.equations if e.fills}, fillers)
    if len(_INDEXES) > 64:  # formats made on the fly (tests): do not keep them all
        _INDEXES.clear()
    _INDEXES[id(spec)] = (spec, index)
    return index


def find_row(spec: FormatSpec, key: Key) -> tuple[TableSpec, Block, Row] | None:
    """The table, block and row of a row key such as ``("applications", "new")``."""
    if not key:
        raise IndexError("an empty key names no row")
    return _index(spec).rows.get(key)


def find_row_cells(spec: FormatSpec, row_key: Key) -> list[Key]:
    """The cell keys of the row ``row_key`` (e.g. ``("applications", "results", "total")``)."""
    found = find_row(spec, row_key)
    return [(*row_key, c.key) for c in found[1].columns] if found else []


def cell_label(spec: FormatSpec, key: Key) -> str:
    """The official labels of a cell, joined with `` / `` (e.g. for messages)."""
    labels = _index(spec).labels
    label = labels.get(key)
    if label is None:
        label = _cell_label(spec, key)
        if len(labels) < _MAX_LABELS:
            labels[key] = label
    return label


def _cell_label(spec: FormatSpec, key: Key) -> str:
    found = find_row(spec, key[:-1])
    if found is None:
        found = find_row(spec, key)
        if found is not None:  # a row of several columns
            return " / ".join(found[2].labels)
        table = next((t for t in spec.tables if t.key == key[0]), None)
        return " / ".join((table.heading, *key[1:]) if table else key)
    table, block, row = found
    column = next((c for c in block.columns if c.key == key[-1]), None)
    if column is None:
        return " / ".join((*row.labels, key[-1]))
    if table.name == "二":
        return " / ".join((table.heading, block.title, *row.labels, *column.labels))
    if table.name == "三":
        return " / ".join((*row.labels, column.labels[-1]))
    return " / ".join((*row.labels, *column.labels))


def column_label(spec: FormatSpec, key: Key) -> str:
    """The innermost label of a cell's column (「自然人」, 「本年制发件数」)."""
    found = find_row(spec, key[:-1])
    column = next((c for c in found[1].columns if c.key == key[-1]), None) if found else None
    return column.labels[-1] if column else key[-1]


def row_name(spec: FormatSpec, key: Key) -> str:
    """A row's name in messages: its short name (「一、本年新收」) or its labels run together."""
    found = find_row(spec, key)
    if found is None:
        return " / ".join(key)
    row = found[2]
    return row.short or "".join(row.labels)


def parts_text(spec: FormatSpec, table: TableSpec) -> str:
    """How messages name the parts of a row total: 「本行自然人与法人或其他组织各列」 where the
    columns are grouped under one heading, else the column names (「结果维持、结果纠正、…」)."""
    parts = table.columns[:-1]
    if all(len(c.labels) > 1 and c.labels[0] == parts[0].labels[0] for c in parts):
        names = list(dict.fromkeys(c.labels[1] for c in parts))
        return "本行" + "与".join(names) + "各列"
    return "、".join(c.labels[-1] for c in parts)


def balance_text(table: TableSpec) -> str:
    """The 勾稽 relation in words, from the corner note (「第一项加第二项之和，等于第三项加第四项之和」)."""
    return table.note.strip("（）").split("：", 1)[-1]


def group_names(spec: FormatSpec, *rows: Key) -> tuple[str, str]:
    """The shared first label of ``rows`` and their own labels joined with 与
    (「行政诉讼」, 「未经复议直接起诉与复议后起诉」)."""
    found = [find_row(spec, key) for key in rows]
    labels = [f[2].labels for f in found if f is not None]
    return labels[0][0], "与".join(label[-1] for label in labels)


def all_cells(spec: FormatSpec) -> list[Key]:
    """Every data cell key of the three tables, in official order."""
    return list(_index(spec).cells)


def cell_keys(spec: FormatSpec) -> tuple[Key, ...]:
    """:func:`all_cells` as a tuple made once per format (for loops over every report)."""
    return _index(spec).cells


def fillers(spec: FormatSpec) -> tuple[tuple[Key, tuple[Key, ...], bool], ...]:
    """The equations that compute omitted totals, in order: (total, parts, all of them count cells)."""
    return _index(spec).fillers


def filled_by(spec: FormatSpec) -> dict[Key, Equation]:
    """The equation that computes each omitted total (made once per format: not to be changed)."""
    return _index(spec).filled_by


def reference_labels(spec: FormatSpec) -> dict[str, str]:
    """The dotted names the ``:gov:`` role accepts for table cells (and for one-column rows of
    table 二, e.g. ``active.licensing``), each with its official labels."""
    return dict(reference_names(spec))


def reference_names(spec: FormatSpec) -> dict[str, str]:
    """:func:`reference_labels`, made once per format: not to be changed by the caller."""
    index = _index(spec)
    if index.references is None:
        index.references = _reference_labels(spec)
    return index.references


def _reference_labels(spec: FormatSpec) -> dict[str, str]:
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
    for _block, row in next(t for t in spec.tables if t.key == table).rows():
        if row.key[: len(path)] == path:
            return " / ".join(row.labels[: len(path)]) if len(row.key) > len(path) else " / ".join(row.labels)
    return " / ".join(path)


def result_rows(spec: FormatSpec) -> list[Row]:
    """The detail rows （一）…（六） of 三、本年度办理结果 (the parts of （七）总计)."""
    return [r for r in spec.applications_rows if r.key[0] == "results" and r.key[-1] != "total"]
