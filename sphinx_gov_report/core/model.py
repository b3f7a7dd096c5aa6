"""The data model of one annual report: metadata and the numbers of tables 二, 三, 四."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .statute import FORMATS, FormatSpec, Key

Number = int | Decimal


@dataclass(frozen=True)
class Cell:
    """A number of a statutory table and where it came from."""

    value: Number
    line: int | None = None  #: line in the YAML file, ``None`` when not written there
    column: int | None = None
    given: bool = True  #: ``False`` for zeros of omitted rows and for computed totals
    #: Printed blank (``~``/``null`` or a dash in the cell's place): shown blank, counted as no
    #: number at all — no rule uses it and no total is computed from it.
    blank: bool = False


@dataclass
class Contact:
    organization: str = ""
    address: str = ""
    postcode: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""


@dataclass
class Previous:
    """Where last year's report is (paths as resolved, absolute)."""

    data: str | None = None
    data_line: int | None = None
    text: str | None = None
    text_line: int | None = None


#: Levels of government a report belongs to (for the publication deadline).
LEVELS = ("部门", "乡镇", "县", "市", "省")
#: Kinds of agency: a 人民政府's report must also report 工作考核、社会评议和责任追究 (《条例》第五十条).
AGENCY_KINDS = ("人民政府", "部门")


@dataclass(frozen=True)
class Acknowledgement:
    """A known, explained exception to one rule on one cell (「经清理重新统计」)."""

    rule: str  #: the subtype, e.g. ``stock``
    cell: str  #: the dotted key, e.g. ``active.regulations.in_force``
    reason: str
    line: int | None = None


@dataclass
class Publication:
    """When and by whom the report is published (all optional)."""

    level: str = ""  #: one of :data:`LEVELS`
    level_line: int | None = None
    published: dt.date | None = None
    published_line: int | None = None
    deadline: dt.date | None = None  #: a date set by the 县 for its 部门 and 乡镇
    agency_kind: str = ""  #: one of :data:`AGENCY_KINDS`; empty: from the agency name
    acknowledgements: list[Acknowledgement] = field(default_factory=list)


@dataclass
class Report:
    """One report, as loaded from its YAML file."""

    path: str
    format: str = "2021"
    agency: str = ""
    year: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    website_name: str = ""
    website_url: str = ""
    contact: Contact = field(default_factory=Contact)
    processing_fee: Decimal | None = None  #: 信息处理费, in 元
    processing_fee_line: int | None = None
    previous: Previous = field(default_factory=Previous)
    publication: Publication = field(default_factory=Publication)
    cells: dict[Key, Cell] = field(default_factory=dict)
    figures: dict[str, Cell] = field(default_factory=dict)  #: other numbers quoted in the prose
    sum_of: list[str] = field(default_factory=list)  #: a 汇总 report: folders/files summed (see core.rollup)
    sum_of_line: int | None = None
    lines: dict[str, int] = field(default_factory=dict)  #: line of each top-level key
    #: Key prefixes whose data could not be read (a cell, a row, a whole table, ``("format",)``).
    invalid: set[Key] = field(default_factory=set)
    #: ``False`` when loading found any error: nothing derived from the data may then be shown.
    complete: bool = True

    def is_invalid(self, key: Key) -> bool:
        """Whether ``key`` (or a row or table containing it) could not be read."""
        if not self.invalid:
            return False
        return any(key[:i] in self.invalid for i in range(1, len(key) + 1))

    @property
    def spec(self) -> FormatSpec:
        return FORMATS[self.format]

    def is_blank(self, key: Key) -> bool:
        cell = self.cells.get(key)
        return cell is not None and cell.blank

    def value(self, key: Key) -> Number:
        cell = self.cells.get(key)
        return cell.value if cell else 0

    def line_of(self, key: Key) -> int | None:
        """The YAML line of a cell, or of its nearest written parent."""
        cell = self.cells.get(key)
        if cell and cell.line:
            return cell.line
        return self.lines.get(".".join(key[:-1])) or self.lines.get(key[0]) or 1


def format_number(value: Number) -> str:
    """A number as printed in the tables: integers plainly, amounts with their exact decimals."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text
    return str(value)


def format_date(value: dt.date) -> str:
    """``2021年1月1日``."""
    return f"{value.year}年{value.month}月{value.day}日"
