"""Statutory tables as docutils nodes: built from a checked :class:`~sphinx_gov_report.core.grid.Grid`,
and decoded again (:func:`decode`) by every renderer.

The result of :func:`build_table` is a plain ``nodes.table`` (with ``morerows``/``morecols``) that
every builder can write.  Cells carry their kind as a class (``gov-rowhead``, ``gov-colhead`` …,
see :class:`~sphinx_gov_report.core.grid.CellKind`) and data cells their key as ``gov_key``; the
table carries its name and format (``gov_table``, ``gov_format``).  Row headers are *not* marked
as ``stub`` columns, which avoids docutils' stub/rowspan bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes

from ..core.grid import CellKind, Grid, GridCell, get_grid, place
from ..core.model import Report, format_number
from . import broken

TABLE_CLASS = "gov-report-table"


def _entry(cell: GridCell, text: str) -> nodes.entry:
    entry = nodes.entry(classes=[cell.kind.css_class])
    if cell.rowspan > 1:
        entry["morerows"] = cell.rowspan - 1
    if cell.colspan > 1:
        entry["morecols"] = cell.colspan - 1
    if cell.key is not None:
        entry["gov_key"] = ".".join(cell.key)
    if text:
        entry += nodes.paragraph(text, text)
    return entry


#: Narrowest column in characters: the text writer takes ``colwidth`` literally, and a column
#: narrower than one CJK character (two columns wide) makes Sphinx 7's text wrapper loop forever.
MIN_COLWIDTH = 4


def _widths(widths: list[int]) -> list[int]:
    """Column widths scaled (ratios kept, for HTML and LaTeX) so that none is below :data:`MIN_COLWIDTH`."""
    factor = -(-MIN_COLWIDTH // max(1, min(widths)))
    return [w * factor for w in widths]


def build_table(grid: Grid, report: Report, caption: str, srcdir: str = "") -> nodes.table:
    """The table node for ``grid`` filled with ``report``'s numbers (unreadable ones marked)."""
    table = nodes.table(classes=[TABLE_CLASS, f"gov-report-table-{grid.table}", "colwidths-given"])
    table["gov_table"] = grid.table
    table["gov_format"] = report.format
    table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=grid.ncols)
    table += tgroup
    for width in _widths(grid.widths):
        tgroup += nodes.colspec(colwidth=width)
    for part, rows in ((nodes.thead, grid.head), (nodes.tbody, grid.body)):
        if not rows:
            continue
        section: nodes.Element = part()
        tgroup += section
        for cells in rows:
            row = nodes.row()
            for cell in cells:
                if cell.kind is CellKind.DATA and cell.key and broken.is_broken(report, cell.key):
                    entry = _entry(cell, broken.MARK)
                    entry["classes"].append(broken.INVALID_CLASS)
                    entry["gov_title"] = broken.cell_title(report, cell.key, srcdir)
                    row += entry
                    continue
                if cell.kind is CellKind.DATA and cell.key:
                    text = "" if report.is_blank(cell.key) else format_number(report.value(cell.key))
                else:
                    text = cell.text
                row += _entry(cell, text)
            section += row
    return table


@dataclass(frozen=True)
class PlacedCell:
    """A cell of a decoded table: its grid position, spans, kind and text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    kind: CellKind
    text: str  #: paragraphs joined with newlines
    key: str | None
    entry: nodes.entry


@dataclass
class DecodedTable:
    """A statutory table node read back: what every renderer needs, in one place."""

    name: str  #: 二, 三 or 四
    widths: list[int]  #: screen widths (the ``colspec`` widths)
    print_widths: list[int]  #: paper widths (from the grid)
    caption: str | None
    head: list[list[PlacedCell]] = field(default_factory=list)
    body: list[list[PlacedCell]] = field(default_factory=list)
    head_rows: list[nodes.row] = field(default_factory=list)
    body_rows: list[nodes.row] = field(default_factory=list)

    @property
    def ncols(self) -> int:
        return len(self.widths)


def _spans(entry: nodes.Element) -> tuple[int, int]:
    return int(entry.get("morerows", 0)) + 1, int(entry.get("morecols", 0)) + 1


def _place(rows: list[nodes.row]) -> list[list[PlacedCell]]:
    entries = [[e for e in row.children if isinstance(e, nodes.entry)] for row in rows]
    spans = [[_spans(e) for e in row] for row in entries]
    return [
        [
            PlacedCell(
                r,
                c,
                rs,
                cs,
                CellKind.of_classes(entry["classes"]),
                "\n".join(p.astext() for p in entry.findall(nodes.paragraph)),
                entry.get("gov_key"),
                entry,
            )
            for entry, c, (rs, cs) in zip(row, cols, spans[r], strict=True)
        ]
        for r, (row, cols) in enumerate(zip(entries, place(spans), strict=True))
    ]


def decode(table: nodes.table) -> DecodedTable:
    """Read a table made by :func:`build_table` back into placed cells."""
    tgroup = next(iter(table.findall(nodes.tgroup)))
    widths = [int(c["colwidth"]) for c in tgroup.findall(nodes.colspec)]
    name, fmt = str(table.get("gov_table", "")), str(table.get("gov_format", ""))
    grid = get_grid(fmt, name) if fmt and name else None
    paper = grid.print_widths if grid is not None and grid.print_widths else widths
    title = next(iter(table.findall(nodes.title)), None)
    decoded = DecodedTable(name, widths, paper, title.astext() if title is not None else None)
    for part in tgroup.children:
        if isinstance(part, nodes.thead):
            decoded.head_rows = [r for r in part.children if isinstance(r, nodes.row)]
            decoded.head = _place(decoded.head_rows)
        elif isinstance(part, nodes.tbody):
            decoded.body_rows = [r for r in part.children if isinstance(r, nodes.row)]
            decoded.body = _place(decoded.body_rows)
    return decoded


def section_title(node: nodes.Node) -> str | None:
    """The title of the section that holds ``node``."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return None
    return parent[0].astext()


def flatten(table: nodes.table) -> None:
    """Replace merged cells by one cell per slot, for writers that cannot merge (man, texinfo …).

    A label merged over several rows is repeated in each of them, so every row
    still reads on its own; the other covered slots stay empty.
    """
    decoded = decode(table)
    for rows, cells in ((decoded.head_rows, decoded.head), (decoded.body_rows, decoded.body)):
        slots: list[list[nodes.entry | None]] = [[None] * decoded.ncols for _ in rows]
        for placed in (c for row in cells for c in row):
            entry = placed.entry
            for name in ("morerows", "morecols"):
                entry.attributes.pop(name, None)
            for dr in range(placed.rowspan):
                for dc in range(placed.colspan):
                    repeat = dc == 0 and dr > 0 and placed.kind is not CellKind.DATA
                    slot = entry if dr == dc == 0 else (entry.deepcopy() if repeat else None)
                    slots[placed.row + dr][placed.col + dc] = slot
        for row, row_slots in zip(rows, slots, strict=True):
            row.children = []
            for slot in row_slots:
                row += slot if slot is not None else nodes.entry()
