"""Tables as true Word tables: merged cells, repeated header rows, groups kept on one page.

The writer takes a generic :class:`TableSpec` (rows of ``(text, kind, rowspan, colspan)``
cells, header rows apart, relative column widths); :func:`spec_of` is the small adapter
from a docutils ``nodes.table`` (the statutory tables of :mod:`sphinx_gov_report.ext.tables`
carry their cell kinds as ``gov-<kind>`` classes, other tables are read as header and
data cells).  Cells are placed with :func:`sphinx_gov_report.core.grid.place`, the
function the HTML checks and the LaTeX writer use.

Merges are python-docx's ``cell.merge`` (``w:gridSpan`` across, ``w:vMerge`` down).
Every row is ``w:cantSplit``; header rows are ``w:tblHeader`` (repeated on each page);
the paragraphs of a row that a vertical merge crosses into the next row, of the header
rows and of 表二's block titles and column heads are ``keepNext``, so a group is not
split from its label by a page break, as in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length
from docx.table import Table, _Cell

from ...core.grid import CellKind, place
from ..latex import KEEP_WITH_NEXT
from ..tables import TABLE_CLASS, PlacedCell, decode
from . import styles

#: Kinds set in bold (表二's block titles, as in the PDF).
BOLD = (CellKind.BLOCK.value,)
#: Kinds aligned left (row labels); all others are centred.
LEFT = (CellKind.ROWHEAD.value,)
#: Tables with more columns than this use 小五 instead of 五号 (表三's number columns then hold
#: five digits on one line).
WIDE = 8


@dataclass(frozen=True)
class TableCell:
    """One cell: its text (lines separated by ``\\n``), kind and spans."""

    text: str
    kind: str = "data"
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TableSpec:
    """A table to write: header rows, body rows, relative column widths, and its name (二/三/四 or "")."""

    widths: list[int]
    head: list[list[TableCell]] = field(default_factory=list)
    body: list[list[TableCell]] = field(default_factory=list)
    name: str = ""


def _cell_text(entry: nodes.Element) -> str:
    paragraphs = list(entry.findall(nodes.paragraph))
    if paragraphs:
        return "\n".join(p.astext() for p in paragraphs)
    return entry.astext()


def _generic_rows(part: nodes.Element, kind: str) -> list[list[TableCell]]:
    return [
        [
            TableCell(_cell_text(e), kind, int(e.get("morerows", 0)) + 1, int(e.get("morecols", 0)) + 1)
            for e in row.children
            if isinstance(e, nodes.entry)
        ]
        for row in part.children
        if isinstance(row, nodes.row)
    ]


def spec_of(table: nodes.table) -> TableSpec:
    """The :class:`TableSpec` of a docutils table: a statutory one through the extension's decoder
    (:func:`sphinx_gov_report.ext.tables.decode`), any other with header and data cells."""
    if TABLE_CLASS in table["classes"]:
        decoded = decode(table)

        def cells(rows: list[list[PlacedCell]]) -> list[list[TableCell]]:
            return [[TableCell(c.text, c.kind.value, c.rowspan, c.colspan) for c in row] for row in rows]

        # the screen widths: wider number columns than the PDF's (Word's digits are wider than TeX's)
        return TableSpec(decoded.widths, cells(decoded.head), cells(decoded.body), decoded.name)
    tgroup = next(iter(table.findall(nodes.tgroup)))
    widths = [int(c.get("colwidth", 1)) or 1 for c in tgroup.findall(nodes.colspec)]
    spec = TableSpec(widths=widths)
    for part in tgroup.children:
        if isinstance(part, nodes.thead):
            spec.head += _generic_rows(part, CellKind.COLHEAD.value)
        elif isinstance(part, nodes.tbody):
            spec.body += _generic_rows(part, CellKind.DATA.value)
    return spec


@dataclass(frozen=True)
class Placed:
    row: int
    col: int
    cell: TableCell


def placed(rows: list[list[TableCell]], offset: int = 0) -> list[Placed]:
    """The cells of ``rows`` with their grid positions (rows counted from ``offset``)."""
    starts = place([[(c.rowspan, c.colspan) for c in row] for row in rows])
    return [
        Placed(offset + r, col, cell)
        for r, (row, cols) in enumerate(zip(rows, starts, strict=True))
        for cell, col in zip(row, cols, strict=True)
    ]


def _set(parent: Any, tag: str, successors: tuple[str, ...] = (), **attrs: str) -> Any:
    """Add (or replace) the child ``tag`` of ``parent`` with ``attrs`` (``w:`` attributes),
    before the first of ``successors`` (the schema's order, which Word enforces)."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    insert_before(parent, child, successors)
    return child


def insert_before(parent: Any, child: Any, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first child of ``parent`` named in ``successors``, else append it."""
    names = {qn(s) for s in successors}
    for i, sibling in enumerate(parent):
        if sibling.tag in names:
            parent.insert(i, child)
            return
    parent.append(child)


def _borders(table: Table) -> None:
    tblpr = table._tbl.tblPr
    borders = _set(tblpr, "w:tblBorders", ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(borders, f"w:{edge}", val="single", sz="4", space="0", color="000000")
    margins = _set(tblpr, "w:tblCellMar", ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    for edge, twips in (("top", "28"), ("left", "40"), ("bottom", "28"), ("right", "40")):
        _set(margins, f"w:{edge}", w=twips, type="dxa")


def _column_widths(spec: TableSpec, ncols: int) -> list[Length]:
    widths = (spec.widths + [1] * ncols)[:ncols]
    total = sum(widths) or 1
    return [Emu(int(styles.TEXT_WIDTH * w / total)) for w in widths]


def write_table(container: Any, spec: TableSpec) -> Table:
    """Write ``spec`` as a table at the end of ``container`` (the document or a cell)."""
    cells = placed(spec.head) + placed(spec.body, offset=len(spec.head))
    nrows = len(spec.head) + len(spec.body)
    ncols = max([p.col + p.cell.colspan for p in cells] + [len(spec.widths), 1])
    table = container.add_table(rows=nrows, cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    widths = _column_widths(spec, ncols)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    grid = [[table.cell(r, c) for c in range(ncols)] for r in range(nrows)]
    for r in range(nrows):
        for c in range(ncols):
            grid[r][c].width = widths[c]
    size = styles.SMALL_TABLE_SIZE if ncols > WIDE else styles.TABLE_SIZE

    keep = {r for r in range(len(spec.head))}  # header rows stay with the first body row
    for p in cells:
        if p.cell.rowspan > 1:
            keep.update(range(p.row, p.row + p.cell.rowspan - 1))
        if p.row >= len(spec.head) and p.cell.kind in {k.value for k in KEEP_WITH_NEXT}:
            keep.add(p.row)
    keep.discard(nrows - 1)

    for p in cells:
        cell = grid[p.row][p.col]
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            cell = cell.merge(grid[p.row + p.cell.rowspan - 1][p.col + p.cell.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        lines = p.cell.text.split("\n") if p.cell.text else [""]
        for i, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            paragraph.style = styles.TABLE_TEXT
            left = p.cell.kind in LEFT
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
            if line:
                run = paragraph.add_run(line)
                run.font.size = size
                run.bold = p.cell.kind in BOLD or None
    for r, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        _set(trpr, "w:cantSplit", ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))
        if r < len(spec.head):
            _set(trpr, "w:tblHeader", ("w:tblCellSpacing", "w:jc", "w:hidden"))
        for tc in row._tr.tc_lst:  # the covered slots of a vertical merge too (an empty paragraph each)
            for paragraph in _Cell(tc, table).paragraphs:
                if paragraph.style is None or paragraph.style.name != styles.TABLE_TEXT:
                    paragraph.style = styles.TABLE_TEXT
                paragraph.paragraph_format.keep_with_next = r in keep or None
    return table
