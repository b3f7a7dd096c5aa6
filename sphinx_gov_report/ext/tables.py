"""Turning a checked :class:`~sphinx_gov_report.layout.Grid` and a report into docutils nodes.

The result is a plain ``nodes.table`` (with ``morerows``/``morecols``) that every
builder can write.  Cells carry their kind as a class (``gov-rowhead``,
``gov-colhead`` …, see :mod:`sphinx_gov_report.layout`) and data cells their key
as ``gov_key``; the HTML and LaTeX renderers read these.  Row headers are *not*
marked as ``stub`` columns, which avoids docutils' stub/rowspan bug.
"""

from __future__ import annotations

from docutils import nodes

from ..core.grid import DATA, Grid, GridCell, place
from ..core.model import Report, format_number

TABLE_CLASS = "gov-report-table"


def _entry(cell: GridCell, text: str) -> nodes.entry:
    entry = nodes.entry(classes=[f"gov-{cell.kind}"])
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


def build_table(grid: Grid, report: Report, caption: str) -> nodes.table:
    """The table node for ``grid`` filled with ``report``'s numbers."""
    table = nodes.table(classes=[TABLE_CLASS, f"gov-report-table-{grid.table}", "colwidths-given"])
    table["gov_table"] = grid.table
    table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=grid.ncols)
    table += tgroup
    for width in _widths(grid.widths):
        tgroup += nodes.colspec(colwidth=width)
    for part, rows in ((nodes.thead, grid.head), (nodes.tbody, grid.body)):
        if not rows:
            continue
        section = part()
        tgroup += section
        for cells in rows:
            row = nodes.row()
            for cell in cells:
                text = format_number(report.value(cell.key)) if cell.kind == DATA and cell.key else cell.text
                row += _entry(cell, text)
            section += row
    return table


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
    tgroup = next(iter(table.findall(nodes.tgroup)))
    ncols = int(tgroup["cols"])
    for part in [c for c in tgroup.children if isinstance(c, (nodes.thead, nodes.tbody))]:
        rows = list(part.children)
        spans = [[(e.get("morerows", 0) + 1, e.get("morecols", 0) + 1) for e in row.children] for row in rows]
        grid: list[list[nodes.entry | None]] = [[None] * ncols for _ in rows]
        for r, (row, starts) in enumerate(zip(rows, place(spans), strict=True)):
            for entry, c in zip(list(row.children), starts, strict=True):
                down, across = entry.get("morerows", 0), entry.get("morecols", 0)
                for key in ("morerows", "morecols"):
                    entry.attributes.pop(key, None)
                for dr in range(down + 1):
                    for dc in range(across + 1):
                        repeat = dc == 0 and dr > 0 and "gov-data" not in entry["classes"]
                        grid[r + dr][c + dc] = entry if dr == dc == 0 else (entry.deepcopy() if repeat else None)
        for row, cells in zip(rows, grid, strict=True):
            row.children = []
            for cell in cells:
                row += cell if cell is not None else nodes.entry()
