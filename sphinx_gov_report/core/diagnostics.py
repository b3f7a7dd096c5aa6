"""Problems found in report data and documents, independent of Sphinx.

Every problem is an :class:`Issue` with a level, a *subtype* (used as the
Sphinx warning subtype ``gov-report.<subtype>`` and by the CLI), a message in
Chinese and the location in the YAML (or reST) file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from typing import Union

WARNING_TYPE = "gov-report"

#: A file named in a location: text, a path, or nothing known (Sphinx may give ``None``).
PathText = Union[str, "os.PathLike[str]", None]


class Subtype(str, Enum):
    """Warning subtypes; ``suppress_warnings = ["gov-report.<value>"]`` silences one."""

    FILE = "file"  #: missing, unreadable, wrongly encoded or oversized file
    PATH = "path"  #: a path outside the source directory
    YAML = "yaml"  #: YAML syntax error, duplicate key, alias, nesting too deep
    SCHEMA = "schema"  #: unknown or missing key, wrong structure
    VALUE = "value"  #: a value of the wrong type or range
    BLANK = "blank"  #: a cell of a statutory table printed (or written) blank
    OLD_ROW = "old-row"  #: a group of rows written as one row, as an earlier format printed it
    FORMAT = "format"  #: outdated or unknown format version
    ROW_TOTAL = "row-total"  #: 表三 a row's 总计 ≠ sum of applicant columns
    COLUMN_TOTAL = "column-total"  #: 表三 （七）总计 ≠ （一）…（六）
    BALANCE = "balance"  #: 表三 一+二 ≠ 三（七）+四
    APPEAL_TOTAL = "appeal-total"  #: 表四 总计 ≠ its four parts
    CARRY_OVER = "carry-over"  #: 上年结转 ≠ last year's 结转下年度继续办理
    STOCK = "stock"  #: a stock (in force) does not follow from last year (notice)
    HEADINGS = "headings"  #: section headings missing, misordered or misworded
    OVERVIEW_LENGTH = "overview-length"  #: section 一 (overview) longer than 1000 characters
    FEE_STATEMENT = "fee-statement"  #: section 六 does not state 信息处理费
    REPETITION = "repetition"  #: section 五 repeats last year's
    PROSE_NUMBER = "prose-number"  #: a number in the prose contradicts the data
    CONTENT = "content"  #: a placeholder 【待填写】 left in, or a section without content (notice)
    HEADING_WORDING = "heading-wording"  #: a heading in the notice's own longer wording (notice)
    STATUTORY_CONTENT = "statutory-content"  #: a 人民政府 report without 工作考核、社会评议、责任追究
    CITATION = "citation"  #: the legal basis cited is not the format in force
    WRONG_YEAR = "wrong-year"  #: a year in the text contradicts the report's year
    DEADLINE = "deadline"  #: published after the statutory deadline (warning), or it is near (notice)
    COPIED = "copied"  #: the report (or a section) copies last year's, or another unit's
    PLAUSIBILITY = "plausibility"  #: an unusual figure worth a second look (notice)
    ACKNOWLEDGEMENT = "acknowledgement"  #: an acknowledged exception that matches no finding
    REFERENCE = "reference"  #: a role or directive names an unknown cell or table
    PREAMBLE = "preamble"  #: the preamble template cannot be rendered
    CONFIG = "config"  #: a gov_report_* value in conf.py of the wrong type or range (its default is used)
    LAYOUT = "layout"  #: internal: a table grid is inconsistent
    DOCX = "docx"  #: a construct the Word (.docx) output cannot render
    ROLLUP = "rollup"  #: 汇总: a stated figure differs from the units' sum, mixed formats, unusable units
    REGION = "region"  #: a region project: registry errors, missing units, units' reports alike (雷同)


class Level(str, Enum):
    ERROR = "error"
    NOTICE = "notice"


@dataclass(frozen=True)
class Issue:
    """One problem, located in a file."""

    level: Level
    subtype: Subtype
    message: str
    path: str
    line: int | None = None
    column: int | None = None

    @property
    def location(self) -> str:
        """``path:line`` as Sphinx and editors print it (line 1 for a problem with the whole file).

        Sphinx would take a location without ``:`` for a document name.
        """
        return f"{self.path}:{self.line or 1}"

    def format(self) -> str:
        """``file:line:col: level subtype: message`` (grep and editor friendly).

        Line and column are always present (1 when unknown or for the whole file),
        so editor problem matchers and ``grep`` patterns see one shape.
        """
        return (
            f"{self.path}:{self.line or 1}:{self.column or 1}: {self.level.value} {self.subtype.value}: {self.message}"
        )

    def relocated(self, path: PathText, line: int | None, what: str) -> Issue:
        """The same problem reported at ``path:line`` (e.g. the directive naming a missing file)."""
        return Issue(self.level, self.subtype, f"{what}：{self.message}", _text(path), line)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "level": self.level.value,
            "subtype": self.subtype.value,
            "message": self.message,
        }


def _text(path: PathText) -> str:
    """A location's file as text (a source that docutils does not know is ``<unknown>``)."""
    return "<unknown>" if path is None else os.fspath(path)


def error(subtype: Subtype, message: str, path: PathText, line: int | None = None, column: int | None = None) -> Issue:
    return Issue(Level.ERROR, subtype, message, _text(path), line, column)


def notice(subtype: Subtype, message: str, path: PathText, line: int | None = None, column: int | None = None) -> Issue:
    return Issue(Level.NOTICE, subtype, message, _text(path), line, column)
