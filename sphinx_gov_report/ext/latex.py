"""LaTeX rendering of the statutory tables and of the report's title block.

Each statutory table becomes a ``longtable`` of the extension's own making
(macros in ``texinputs/sphinxgovreport.sty``): ``p`` columns whose widths are
fractions of the text width taken from the ``colspec`` widths, full grid lines,
merged cells spanning their rows and columns.  Every row is first measured in
TeX (the tallest of its single-row cells), so each cell, merged or not, is a box
exactly as tall as its rows and its text is centred vertically.  Rows covered by
a vertical merge end with ``\\*`` so that no merged group is split by a page
break; header rows repeat on every page.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from ..core.grid import CellKind
from .config import settings
from .latex_config import is_report_project
from .nodes import gov_report_keep, gov_report_table, gov_report_title
from .tables import DecodedTable, PlacedCell, decode_node, section_title

#: Rows holding these kinds in the body stay with the next row (表二's block titles and column heads).
KEEP_WITH_NEXT = (CellKind.BLOCK, CellKind.COLHEAD, CellKind.COLGROUP)


class TableWriter:
    """Writes one statutory table as LaTeX."""

    def __init__(self, decoded: DecodedTable, engine: str) -> None:
        self.engine = engine
        self.name = decoded.name
        self.widths = decoded.print_widths
        self.ncols = len(self.widths)
        self.parts: dict[str, list[list[PlacedCell]]] = {"h": decoded.head, "b": decoded.body}

    def tex(self, text: str) -> str:
        return escape(text, self.engine).replace("\n", r"\newline ")

    def width(self, cell: PlacedCell) -> str:
        units = sum(self.widths[cell.col : cell.col + cell.colspan])
        return rf"\sphinxgovreportwidth{{{units}}}{{{cell.colspan}}}"

    def colspec(self, cell: PlacedCell) -> str:
        left = "|" if cell.col == 0 else ""
        return f"{left}p{{{self.width(cell)}}}|"

    def measures(self, prefix: str) -> list[str]:
        """One ``\\sphinxgovreportrow`` per row: its height is its tallest single-row cell."""
        lines = []
        for r, cells in enumerate(self.parts[prefix]):
            parts = [
                rf"\sphinxgovreportmeasure{{{self.width(c)}}}{{{c.kind.value}}}{{{self.tex(c.text)}}}"
                for c in cells
                if c.rowspan == 1 and c.text
            ]
            lines.append(rf"\sphinxgovreportrow{{{prefix}{r}}}{{{''.join(parts)}}}%")
        return lines

    def cell(self, prefix: str, cell: PlacedCell) -> str:
        text = self.tex(cell.text)
        if cell.rowspan == 1:
            body = rf"\sphinxgovreportcell{{{prefix}{cell.row}}}{{{self.width(cell)}}}{{{cell.kind.value}}}{{{text}}}"
        else:
            rows = "".join(rf"\sphinxgovreportheight{{{prefix}{r}}}+" for r in range(cell.row, cell.row + cell.rowspan))
            height = rf"\dimexpr{rows}0pt\relax"  # the rules inside a merge take no height
            body = (
                rf"\sphinxgovreportspancell{{{prefix}{cell.row}}}{{{height}}}{{{self.width(cell)}}}"
                rf"{{{cell.kind.value}}}{{{text}}}"
            )
        return rf"\multicolumn{{{cell.colspan}}}{{{self.colspec(cell)}}}{{{body}}}"

    def rows(self, prefix: str) -> list[str]:
        grid = self.parts[prefix]
        spans = [c for cells in grid for c in cells if c.rowspan > 1]
        out = []
        for r, cells in enumerate(grid):
            slots: list[str] = []
            by_col = {c.col: c for c in cells}
            col = 0
            while col < self.ncols:
                if col in by_col:
                    slots.append(self.cell(prefix, by_col[col]))
                    col += by_col[col].colspan
                    continue
                above = next(s for s in spans if s.row < r < s.row + s.rowspan and s.col <= col < s.col + s.colspan)
                slots.append(rf"\multicolumn{{{above.colspan}}}{{{self.colspec(above)}}}{{}}")
                col += above.colspan
            crossing = {k for s in spans if s.row <= r < s.row + s.rowspan - 1 for k in range(s.col, s.col + s.colspan)}
            last = r + 1 == len(grid)
            if last:
                brk = "free"
            elif crossing or prefix == "h" or any(c.kind in KEEP_WITH_NEXT for c in cells):
                brk = "never"
            elif any(c.kind is CellKind.BLOCK for c in grid[r + 1]):
                brk = "free"
            else:
                brk = "soft"
            out.append("&".join(slots) + (r"\\*" if brk == "never" else r"\\") + self.rule(crossing, brk))
        return out

    def rule(self, crossing: set[int], brk: str) -> str:
        """The rule below a row and whether a page may break there.

        ``free``: ``\\hline`` (longtable breaks there readily); ``soft``: a full rule and a high penalty
        (rows of one table are kept together where the page allows); ``never``: rules that
        leave out the merged cells crossing the boundary, and no break.
        """
        if brk == "free":
            return r"\hline"
        runs, start = [], None
        for col in range(self.ncols + 1):
            free = col < self.ncols and col not in crossing
            if free and start is None:
                start = col
            elif not free and start is not None:
                runs.append(rf"\sphinxgovreportcline{{{start + 1}-{col}}}")
                start = None
        return "".join(runs) + (r"\sphinxgovreportsoftbreak" if brk == "soft" else "")

    def width_row(self) -> str:
        """An empty row of single-column cells, as tall as nothing, opening each header.

        longtable sets each chunk (the first header, the repeated header, the body) to the
        widest entry of each column so far.  In a header of merged cells only (表三's corner
        over its three label columns) the label columns would have no single-column entry:
        on the first pass all of the corner's width went to the last of them (227.6 pt where
        159.7 pt is right), was written to the ``.aux``, and only the next pass set it right,
        so every PDF took one more xelatex pass.  With this row every column has its ``p``
        width from the first chunk of the first pass: the widths written to the ``.aux`` are the
        same on every pass.
        """
        return "&" * (self.ncols - 1) + r"\\"

    def keep(self) -> str:
        """Measures the table before its section heading and starts a new page if it would not fit."""
        lines = [
            "",
            rf"\begin{{sphinxgovreportkeep}}{{{self.ncols}}}{{{sum(self.widths)}}}%",
            *self.measures("h"),
            *self.measures("b"),
            r"\end{sphinxgovreportkeep}",
            "",
        ]
        return "\n".join(lines)

    def latex(self, labels: str = "", caption: str | None = None, numbered: bool = False) -> str:
        """The table; ``caption`` (shown when it is not just the section heading) is numbered
        for ``:numref:`` when ``numbered``, and then carries the labels."""
        total = sum(self.widths)
        first = []
        if caption is not None:
            text = self.tex(caption)
            first = [rf"\caption{{{text}}}{labels}\\" if numbered else rf"\caption*{{{text}}}\\"]
            if numbered:
                labels = ""
        spec = "|" + "|".join(rf"p{{\sphinxgovreportwidth{{{w}}}{{1}}}}" for w in self.widths) + "|"
        head = self.rows("h")
        cont = rf"\multicolumn{{{self.ncols}}}{{@{{}}r@{{}}}}{{\sphinxgovreportcontinued}}\\"
        lines = [
            "",
            rf"\begin{{sphinxgovreporttable}}{{{self.name}}}{{{self.ncols}}}{{{total}}}{labels}%",
            *self.measures("h"),
            *self.measures("b"),
            rf"\begin{{longtable}}{{{spec}}}",
            self.width_row(),
            *first,
            r"\hline",
            *head,
            r"\endfirsthead",
            self.width_row(),
            cont,
            r"\hline",
            *head,
            r"\endhead",
            *self.rows("b"),
            r"\end{longtable}",
            r"\end{sphinxgovreporttable}",
            "",
        ]
        return "\n".join(lines)


def visit_table(self: Any, node: nodes.Element) -> None:
    """LaTeX visitor for ``gov_report_table``: write the table, skip its children."""
    assert isinstance(node, gov_report_table)
    title = node.next_node(nodes.title)
    caption = title.astext() if title is not None else None
    numbered = bool(self.config.numfig and node["ids"])
    if caption is not None and caption == section_title(node) and not numbered:
        caption = None  # the official form has no caption: the section heading names the table
    writer = TableWriter(decode_node(node), self.config.latex_engine)
    # a numbered caption is itself the link anchor; otherwise place one for references
    self.body.append(writer.latex(self.hypertarget_to(node, anchor=not numbered), caption, numbered))
    raise nodes.SkipNode


def visit_keep(self: Any, node: nodes.Element) -> None:
    """LaTeX visitor for ``gov_report_keep``."""
    self.body.append(TableWriter(decode_node(node["table"]), self.config.latex_engine).keep())
    raise nodes.SkipNode


def visit_title(self: Any, node: nodes.Element) -> None:
    """The title block, at the start of the body (report projects leave ``maketitle`` empty):
    the agency and year of the report, or the document title where there is no report data."""
    if self.config.latex_elements.get("maketitle"):
        raise nodes.SkipNode  # conf.py prints its own title
    if node.get("agency"):
        engine = self.config.latex_engine
        agency, year = escape(node["agency"], engine), escape(node["year"], engine)
        self.body.append(rf"\sphinxgovreporttitle{{{agency}}}{{{year}}}" + "\n")
    else:
        self.body.append("\\sphinxgovreportfallbacktitle\n")
    raise nodes.SkipNode


#: Nodes that print nothing: a heading followed only by these and a table is kept with the table.
INVISIBLE = (nodes.title, nodes.target, nodes.comment, nodes.substitution_definition, addnodes.index)


class PrepareLatex(SphinxPostTransform):
    """LaTeX: mark the first report preamble (机关名称, 年度) for the title block, and put a
    ``gov_report_keep`` before each section whose body opens with a statutory table."""

    default_priority = 210
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        if is_report_project(self.config) and settings(self.config, str(self.env.srcdir)).latex_defaults:
            self.place_title()
        self.keep_headings()

    def place_title(self) -> None:
        for container in self.document.findall(nodes.container):
            if "gov-report-preamble" in container["classes"] and container.get("gov_agency"):
                title = gov_report_title(agency=str(container["gov_agency"]), year=str(container.get("gov_year", "")))
                container.parent.insert(container.parent.index(container), title)
                return
        first = next(iter(self.document.findall(nodes.section)), None)
        if first is not None:  # no report data: the document title from latex_documents
            start = 1 if first.children and isinstance(first[0], nodes.title) else 0
            first.insert(start, gov_report_title())

    def keep_headings(self) -> None:
        for wrapper in list(self.document.findall(gov_report_table)):
            section = wrapper.parent
            if not isinstance(section, nodes.section) or section.parent is None:
                continue
            before = section.children[: section.index(wrapper)]
            if all(isinstance(n, INVISIBLE) for n in before):
                keep = gov_report_keep(table=wrapper)
                section.parent.insert(section.parent.index(section), keep)
