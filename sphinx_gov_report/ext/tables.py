"""Statutory tables as docutils nodes, built from a checked :class:`~sphinx_gov_report.core.grid.Grid`.

A ``gov-table`` directive leaves a light :class:`~.nodes.gov_report_table` (:func:`table_node`):
the texts of its data cells, its caption, and its words for the search index.  The layout of each
format's table is placed once per process (:func:`_skeleton`), and the HTML and LaTeX renderers
read a node through it (:func:`decode_node`), so a report's doctree holds no table rows.

For every other builder a post-transform replaces the node by :func:`generic_table`, a plain
``nodes.table`` (with ``morerows``/``morecols``) that any writer can write, and :func:`decode`
reads such a table back (the Word writer, the flattening).  Cells carry their kind as a class
(``gov-rowhead``, ``gov-colhead`` …, see :class:`~sphinx_gov_report.core.grid.CellKind`) and data
cells their key as ``gov_key``; the table carries its name and format (``gov_table``,
``gov_format``).  Row headers are *not* marked as ``stub`` columns, which avoids docutils'
stub/rowspan bug.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

from docutils import nodes

from ..core.grid import CellKind, Grid, GridCell, get_grid, place
from ..core.model import Report, format_number
from ..core.statute import Key
from . import broken
from .nodes import gov_report_table

TABLE_CLASS = "gov-report-table"


#: Narrowest column in characters: the text writer takes ``colwidth`` literally, and a column
#: narrower than one CJK character (two columns wide) makes Sphinx 7's text wrapper loop forever.
MIN_COLWIDTH = 4


def _widths(widths: list[int]) -> list[int]:
    """Column widths scaled (ratios kept, for HTML and LaTeX) so that none is below :data:`MIN_COLWIDTH`."""
    factor = -(-MIN_COLWIDTH // max(1, min(widths)))
    return [w * factor for w in widths]


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
    invalid: bool = False  #: a data cell whose number cannot be shown (:data:`broken.MARK`)
    title: str | None = None  #: what to do about an invalid cell (a tooltip)
    entry: nodes.entry | None = None  #: the docutils entry it was read from (generic tables only)


@dataclass
class DecodedTable:
    """A statutory table as every renderer needs it: placed cells, widths, caption."""

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


@dataclass(frozen=True)
class _Skeleton:
    """A format's table laid out once: every cell placed, the data cells numbered in order."""

    grid: Grid
    widths: list[int]
    head: list[list[PlacedCell]]
    body: list[list[PlacedCell]]
    data: list[Key]  #: the key of each data cell, in order
    labels: str  #: every label, one per line (what the search index reads)


@functools.cache
def _skeleton(fmt: str, name: str) -> _Skeleton:
    grid = get_grid(fmt, name)
    data: list[Key] = []

    def placed(rows: list[list[GridCell]]) -> list[list[PlacedCell]]:
        starts = place([[(c.rowspan, c.colspan) for c in row] for row in rows])
        out = []
        for r, (row, cols) in enumerate(zip(rows, starts, strict=True)):
            cells = []
            for cell, c in zip(row, cols, strict=True):
                key = ".".join(cell.key) if cell.key is not None else None
                if cell.kind is CellKind.DATA and cell.key:
                    data.append(cell.key)  # the key tuple
                cells.append(PlacedCell(r, c, cell.rowspan, cell.colspan, cell.kind, cell.text, key))
            out.append(cells)
        return out

    head, body = placed(grid.head), placed(grid.body)
    labels = "\n".join(c.text for rows in (head, body) for row in rows for c in row if c.text and not is_value(c))
    return _Skeleton(grid, _widths(grid.widths), head, body, data, labels)


def is_value(cell: PlacedCell) -> bool:
    """Whether a cell shows a number of the report (a data cell with a key)."""
    return cell.kind is CellKind.DATA and bool(cell.key)


def table_node(grid: Grid, report: Report, caption: str, srcdir: str = "") -> gov_report_table:
    """The statutory table ``grid`` filled with ``report``'s numbers, as a light node: the texts of its
    data cells (unreadable ones marked), its caption and, for the search index, its words."""
    skeleton = _skeleton(report.format, grid.table)
    texts: list[str] = []
    invalid: list[tuple[int, str]] = []
    for index, key in enumerate(skeleton.data):
        if broken.is_broken(report, key):
            texts.append(broken.MARK)
            invalid.append((index, broken.cell_title(report, key, srcdir)))
        else:
            texts.append("" if report.is_blank(key) else format_number(report.value(key)))
    node = gov_report_table(
        classes=[TABLE_CLASS, f"gov-report-table-{grid.table}", "colwidths-given"],
        gov_table=grid.table,
        gov_format=report.format,
        gov_texts=tuple(texts),
        gov_invalid=tuple(invalid),
    )
    node += nodes.title(caption, caption)
    words = "\n".join(t for t in texts if t)
    node += nodes.Text(f"{skeleton.labels}\n{words}" if words else skeleton.labels)
    return node


def layout(fmt: str, name: str) -> DecodedTable:
    """The placed cells of a format's table, without numbers (the same object on every call)."""
    return _layouts(fmt, name)


@functools.cache
def _layouts(fmt: str, name: str) -> DecodedTable:
    skeleton = _skeleton(fmt, name)
    grid = skeleton.grid
    return DecodedTable(
        grid.table, skeleton.widths, grid.print_widths or skeleton.widths, None, skeleton.head, skeleton.body
    )


def decode_node(node: gov_report_table) -> DecodedTable:
    """The placed cells of a light table node: the format's skeleton with the node's texts."""
    skeleton = _skeleton(str(node["gov_format"]), str(node["gov_table"]))
    texts = iter(node["gov_texts"])
    invalid = dict(node["gov_invalid"])
    index = 0

    def filled(rows: list[list[PlacedCell]]) -> list[list[PlacedCell]]:
        nonlocal index
        out = []
        for row in rows:
            cells = []
            for cell in row:
                if is_value(cell):
                    title = invalid.get(index)
                    cell = dataclasses.replace(cell, text=next(texts), invalid=title is not None, title=title)
                    index += 1
                cells.append(cell)
            out.append(cells)
        return out

    title = node.next_node(nodes.title)
    grid = skeleton.grid
    return DecodedTable(
        grid.table,
        skeleton.widths,
        grid.print_widths or skeleton.widths,
        title.astext() if title is not None else None,
        filled(skeleton.head),
        filled(skeleton.body),
    )


def _entry(cell: PlacedCell) -> nodes.entry:
    entry = nodes.entry(classes=[cell.kind.css_class])
    if cell.rowspan > 1:
        entry["morerows"] = cell.rowspan - 1
    if cell.colspan > 1:
        entry["morecols"] = cell.colspan - 1
    if cell.key is not None:
        entry["gov_key"] = cell.key
    if cell.invalid:
        entry["classes"].append(broken.INVALID_CLASS)
        entry["gov_title"] = cell.title
    if cell.text:
        entry += nodes.paragraph(cell.text, cell.text)
    return entry


def generic_table(node: gov_report_table) -> nodes.table:
    """A plain ``nodes.table`` (``morerows``/``morecols``) of a light node, for the builders that
    write docutils tables themselves; its ids, names, classes and source are the node's."""
    decoded = decode_node(node)
    table = nodes.table(classes=list(node["classes"]), ids=list(node["ids"]), names=list(node["names"]))
    table["gov_table"], table["gov_format"] = node["gov_table"], node["gov_format"]
    table.source, table.line = node.source, node.line
    if decoded.caption is not None:
        table += nodes.title(decoded.caption, decoded.caption)
    tgroup = nodes.tgroup(cols=decoded.ncols)
    table += tgroup
    for width in decoded.widths:
        tgroup += nodes.colspec(colwidth=width)
    for part, rows in ((nodes.thead, decoded.head), (nodes.tbody, decoded.body)):
        if not rows:
            continue
        section: nodes.Element = part()
        tgroup += section
        for cells in rows:
            row = nodes.row()
            for cell in cells:
                row += _entry(cell)
            section += row
    return table


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
                broken.INVALID_CLASS in entry["classes"],
                entry.get("gov_title"),
                entry,
            )
            for entry, c, (rs, cs) in zip(row, cols, spans[r], strict=True)
        ]
        for r, (row, cols) in enumerate(zip(entries, place(spans), strict=True))
    ]


def decode(table: nodes.table) -> DecodedTable:
    """Read a generic table made by :func:`generic_table` back into placed cells."""
    tgroup = next(iter(table.findall(nodes.tgroup)))
    widths = [int(c["colwidth"]) for c in tgroup.findall(nodes.colspec)]
    name, fmt = str(table.get("gov_table", "")), str(table.get("gov_format", ""))
    grid = _skeleton(fmt, name).grid if fmt and name else None
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
            assert entry is not None  # read from the generic table
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
