"""Table layout: the statutory tables as grids of (merged) cells.

The grids are derived from the label hierarchies in :mod:`sphinx_gov_report.template`
by two generic rules: consecutive labels sharing a prefix merge into one cell,
and a label that ends early spans the remaining header rows or label columns.
Every grid is checked (:func:`check_grid`) before anything is emitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cache

from .statute import FORMATS, Column, FormatSpec, Key, Row


class CellKind(str, Enum):
    """What a cell of a statutory table is; the renderers map each to ``<th scope=…>``/``<td>``,
    a LaTeX style and a Word cell style, and generic tables carry it as the class ``gov-<value>``."""

    CORNER = "corner"  #: the balance note of table 三 over its label columns
    COLGROUP = "colgroup"  #: a column heading over several columns (申请人情况, 行政诉讼)
    COLHEAD = "colhead"  #: a column's own heading
    ROWGROUP = "rowgroup"  #: a row heading over several rows (the result groups of table 三)
    ROWHEAD = "rowhead"  #: a row's own heading
    BLOCK = "block"  #: the title row of a block of table 二 (an item of 第二十条)
    DATA = "data"  #: a number

    @property
    def css_class(self) -> str:
        return f"gov-{self.value}"

    @classmethod
    def of_classes(cls, classes: list[str]) -> CellKind:
        """The kind named by a generic table entry's classes (every entry the extension builds has one)."""
        for name in classes:
            if name.startswith("gov-"):
                try:
                    return cls(name[4:])
                except ValueError:
                    continue
        raise LayoutError(f"table cell without a kind class: {classes}")


CORNER, COLGROUP, COLHEAD, ROWGROUP, ROWHEAD, BLOCK, DATA = CellKind


@dataclass(frozen=True)
class GridCell:
    text: str
    kind: CellKind
    rowspan: int = 1
    colspan: int = 1
    key: Key | None = None  #: the data cell's key (``DATA`` cells only)


@dataclass
class Grid:
    """A table: header rows, body rows and relative column widths."""

    table: str
    ncols: int
    widths: list[int]  #: on screen (and where no print widths are given)
    head: list[list[GridCell]] = field(default_factory=list)
    body: list[list[GridCell]] = field(default_factory=list)
    #: On paper, where the screen widths waste it: 表三's number columns are narrowed so that its
    #: label column has room and the 22 result rows fit on one page with the header.
    print_widths: list[int] | None = None


class LayoutError(Exception):
    """The grid's spans do not tile the table (a defect of the template data)."""


def column_header(columns: list[tuple[str, ...]], keys: list[Key | None] | None = None) -> list[list[GridCell]]:
    """Header rows for hierarchical column labels (outermost first)."""
    depth = max(len(c) for c in columns)
    rows: list[list[GridCell]] = []
    for level in range(depth):
        row: list[GridCell] = []
        i = 0
        while i < len(columns):
            labels = columns[i]
            if len(labels) <= level:
                i += 1
                continue
            j = i + 1
            leaf = len(labels) == level + 1
            if not leaf:
                while (
                    j < len(columns) and len(columns[j]) > level + 1 and columns[j][: level + 1] == labels[: level + 1]
                ):
                    j += 1
            row.append(
                GridCell(
                    labels[level],
                    COLHEAD if leaf else COLGROUP,
                    rowspan=depth - level if leaf else 1,
                    colspan=j - i,
                )
            )
            i = j
        rows.append(row)
    return rows


def row_labels(rows: tuple[Row, ...], label_cols: int) -> list[list[GridCell]]:
    """The leading label cells of each body row for hierarchical row labels."""
    out: list[list[GridCell]] = []
    for i, row in enumerate(rows):
        cells: list[GridCell] = []
        for level, label in enumerate(row.labels):
            leaf = level == len(row.labels) - 1
            if leaf:
                cells.append(GridCell(label, ROWHEAD, colspan=label_cols - level))
                continue
            prefix = row.labels[: level + 1]
            if i > 0 and rows[i - 1].labels[: level + 1] == prefix and len(rows[i - 1].labels) > level + 1:
                continue  # covered by the group cell above
            j = i + 1
            while j < len(rows) and rows[j].labels[: level + 1] == prefix and len(rows[j].labels) > level + 1:
                j += 1
            cells.append(GridCell(label, ROWGROUP, rowspan=j - i))
        out.append(cells)
    return out


def _data(table: str, row: Row, columns: tuple[Column, ...]) -> list[GridCell]:
    return [GridCell("", DATA, key=(table, *row.key, c.key)) for c in columns]


def grid_active(spec: FormatSpec) -> Grid:
    """表二: blocks of a title row, a column-header row and data rows; 3 value slots."""
    slots = max(len(b.columns) for b in spec.active)
    table = spec.table("二")
    grid = Grid(table.name, slots + 1, [8] + [5] * slots)
    item = table.item_label
    for block in spec.active:
        spans = _spread(len(block.columns), slots)
        grid.body.append([GridCell(block.title, BLOCK, colspan=slots + 1)])
        grid.body.append(
            [GridCell(item, COLHEAD)]
            + [GridCell(c.labels[-1], COLHEAD, colspan=s) for c, s in zip(block.columns, spans, strict=True)]
        )
        for row in block.rows:
            grid.body.append(
                [GridCell(row.labels[-1], ROWHEAD)]
                + [
                    GridCell("", DATA, colspan=s, key=("active", *row.key, c.key))
                    for c, s in zip(block.columns, spans, strict=True)
                ]
            )
    return grid


def _spread(n: int, slots: int) -> list[int]:
    """Column spans for ``n`` values over ``slots`` value columns (the last one takes the rest)."""
    return [1] * (n - 1) + [slots - n + 1]


def grid_applications(spec: FormatSpec) -> Grid:
    """表三: a 3×3 corner note, 申请人情况 over 7 columns, hierarchical row labels."""
    table = spec.table("三")
    label_cols = table.label_cols
    columns = table.columns
    rows = table.blocks[0].rows
    head = column_header([c.labels for c in columns])
    head[0].insert(0, GridCell(table.note, CORNER, rowspan=len(head), colspan=label_cols))
    grid = Grid(table.name, label_cols + len(columns), [5, 6, 20] + [5] * len(columns), head=head)
    grid.print_widths = [4, 5, 27] + [4] * len(columns)
    for row, labels in zip(rows, row_labels(rows, label_cols), strict=True):
        grid.body.append(labels + _data(table.key, row, columns))
    return grid


def grid_appeals(spec: FormatSpec) -> Grid:
    """表四: two header levels over 15 columns and one row of numbers."""
    leaves = [(*row.labels, *col.labels) for row in spec.appeals_rows for col in spec.appeals_columns]
    head = column_header(leaves)
    grid = Grid("四", len(leaves), [1] * len(leaves), head=head)
    grid.body.append(
        [
            GridCell("", DATA, key=("appeals", *row.key, col.key))
            for row in spec.appeals_rows
            for col in spec.appeals_columns
        ]
    )
    return grid


_BUILDERS = {"二": grid_active, "三": grid_applications, "四": grid_appeals}


@cache
def get_grid(version: str, table: str) -> Grid:
    """The checked grid of ``table`` (二, 三 or 四) in format ``version``."""
    grid = _BUILDERS[table](FORMATS[version])
    problems = check_grid(grid)
    if problems:
        raise LayoutError("; ".join(problems))
    return grid


def place(spans: list[list[tuple[int, int]]]) -> list[list[int]]:
    """The first column of every cell, given each row's ``(rowspan, colspan)`` list.

    Slots covered by a cell from a row above are skipped, as docutils does when it
    reads ``morerows``; the HTML checks, the LaTeX writer and the flattening for
    span-less builders all place cells with this one function.
    """
    covered: set[tuple[int, int]] = set()
    columns: list[list[int]] = []
    for r, row in enumerate(spans):
        c, starts = 0, []
        for rowspan, colspan in row:
            while (r, c) in covered:
                c += 1
            starts.append(c)
            covered.update((r + dr, c + dc) for dr in range(max(rowspan, 1)) for dc in range(max(colspan, 1)))
            c += max(colspan, 1)
        columns.append(starts)
    return columns


def check_grid(grid: Grid) -> list[str]:
    """Problems with the spans of ``grid``: overlaps, gaps, cells past the edge."""
    problems: list[str] = []
    if len(grid.widths) != grid.ncols:
        problems.append(f"表{grid.table}: {len(grid.widths)} widths for {grid.ncols} columns")
    for part, rows in (("head", grid.head), ("body", grid.body)):
        starts = place([[(cell.rowspan, cell.colspan) for cell in row] for row in rows])
        covered: dict[tuple[int, int], str] = {}
        for r, (row, cols) in enumerate(zip(rows, starts, strict=True)):
            for cell, c in zip(row, cols, strict=True):
                if cell.rowspan < 1 or cell.colspan < 1:
                    problems.append(f"表{grid.table} {part} row {r + 1}: bad span at {cell.text!r}")
                if r + cell.rowspan > len(rows):
                    problems.append(f"表{grid.table} {part} row {r + 1}: {cell.text!r} spans past the last row")
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        pos = (r + dr, c + dc)
                        if pos in covered:
                            problems.append(f"表{grid.table} {part}: {cell.text!r} overlaps {covered[pos]!r}")
                        covered[pos] = cell.text or str(cell.key)
        for r in range(len(rows)):
            width = max([cc for (rr, cc) in covered if rr == r] + [-1]) + 1
            if width != grid.ncols:
                problems.append(f"表{grid.table} {part} row {r + 1}: covers {width} of {grid.ncols} columns")
            missing = [c for c in range(grid.ncols) if (r, c) not in covered]
            if missing:
                problems.append(f"表{grid.table} {part} row {r + 1}: columns {missing} not covered")
    return problems
