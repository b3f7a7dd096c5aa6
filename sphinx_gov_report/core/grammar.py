"""How a table row may be written in a data file: the one grammar the reader walks and the
JSON Schema is generated from.

A row is a list of its numbers in column order (a trailing 总计 may be left out, and is then
computed), a mapping by column key, a single number where the row has one value, or empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .statute import Block, Column, FormatSpec, Key, Row, TableSpec


@dataclass(frozen=True)
class RowForm:
    """The ways one row may be written."""

    prefix: Key  #: the row's key with its table, e.g. ``("applications", "new")``
    path: str  #: its official labels joined with `` / `` (messages, schema descriptions)
    columns: tuple[Column, ...]
    total_optional: bool  #: the last column is a 总计 that may be left out

    @property
    def need(self) -> int:
        """The numbers a list must hold at least."""
        return len(self.columns) - int(self.total_optional)

    @cached_property
    def lengths(self) -> tuple[int, ...]:
        """The lengths a list may have."""
        return (self.need, len(self.columns)) if self.total_optional else (self.need,)

    @property
    def scalar(self) -> bool:
        """Whether a single number may stand for the row."""
        return self.need == 1

    def key(self, column: Column) -> Key:
        return (*self.prefix, column.key)

    @cached_property
    def keys(self) -> tuple[Key, ...]:
        """The key of each column's cell, in column order."""
        return tuple(self.key(column) for column in self.columns)


def row_form(table: TableSpec, block: Block, row: Row) -> RowForm:
    """The grammar of ``row`` of ``table``: 表二's rows have no 总计; 表三 and 表四's end with one."""
    path = f"{table.heading} / {block.title} / {row.labels[-1]}" if len(table.blocks) > 1 else " / ".join(row.labels)
    total = block.columns[-1].key == "total"
    return RowForm((table.key, *row.key), path, block.columns, total)


def row_forms(spec: FormatSpec) -> list[RowForm]:
    """Every row of every table of ``spec``, in official order."""
    return [row_form(table, block, row) for table in spec.tables for block, row in table.rows()]
