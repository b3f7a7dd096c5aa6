"""HTML rendering of the statutory tables.

docutils' table writer cannot mark row headers (``<th scope="row">``) without
its stub/rowspan bug, and sphinx-rtd-theme forces ``nowrap`` on cells, so the
tables are written here: a scrollable region holding a ``<table>`` with a
caption, column widths, scoped header cells and centred numbers.  Every
HTML-format builder (html, dirhtml, singlehtml, epub) uses this renderer; the
others write the generic docutils table built by :mod:`sphinx_gov_report.tables`.
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.grid import CellKind
from . import site
from .broken import INVALID_CLASS
from .nodes import gov_report_table
from .tables import PlacedCell, is_value, layout, section_title

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CSS_FILE = "gov_report.css"

#: Each cell kind as HTML: the element and its ``scope``.
_SCOPES: dict[CellKind, tuple[str, str | None]] = {
    CellKind.COLGROUP: ("th", "colgroup"),
    CellKind.COLHEAD: ("th", "col"),
    CellKind.ROWGROUP: ("th", "rowgroup"),
    CellKind.ROWHEAD: ("th", "row"),
    CellKind.BLOCK: ("th", "rowgroup"),
    CellKind.CORNER: ("td", None),
    CellKind.DATA: ("td", None),
}


def _user_classes(table: nodes.Element) -> list[str]:
    """Classes given with ``:class:`` (not the ones the extension sets itself)."""
    return [c for c in table["classes"] if not c.startswith("gov-report-table") and c != "colwidths-given"]


def _cell(cell: PlacedCell, labels: int) -> str:
    """One cell's HTML (``labels``: how many columns hold labels, see :func:`.site.label_columns`)."""
    element, scope = _SCOPES[cell.kind]
    sticky = ["gov-sticky", f"gov-c{cell.col}"] if cell.col + cell.colspan <= labels else []
    invalid = [INVALID_CLASS] if cell.invalid else []
    attrs = f' class="{" ".join([cell.kind.css_class, *sticky, *invalid])}"'
    if cell.title:
        attrs += f' title="{escape(cell.title)}"'
    if scope:
        attrs += f' scope="{scope}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.key:
        attrs += f' data-key="{escape(cell.key)}"'
    return f"<{element}{attrs}>{escape(cell.text.replace(chr(10), ''))}</{element}>"


@dataclass(frozen=True)
class _Layout:
    """A format's table as HTML from ``<colgroup>`` on, written once: text, and in place of each
    number the index of its data cell."""

    parts: tuple[str | int, ...]
    cells: tuple[PlacedCell, ...]  #: the data cells, in order
    opening: tuple[str, ...]  #: each data cell's start tag (a number that can be shown)
    labels: int


@functools.cache
def _layout(fmt: str, name: str) -> _Layout:
    decoded = layout(fmt, name)
    total = sum(decoded.widths) or 1
    parts: list[str | int] = ["<colgroup>"]
    parts += [f'<col style="width: {100 * w / total:.2f}%" />' for w in decoded.widths]
    parts.append("</colgroup>")
    labels = site.label_columns(decoded)  # label columns stay in view while the numbers scroll
    cells: list[PlacedCell] = []
    for tag, rows in (("thead", decoded.head), ("tbody", decoded.body)):
        if not rows:
            continue
        parts.append(f"<{tag}>")
        for index, row in enumerate(rows):
            if index and tag == "tbody" and row and row[0].kind is CellKind.BLOCK:
                parts.append("</tbody>\n<tbody>")  # each block of 表二 is its own row group
            parts.append("<tr>")
            for cell in row:
                if is_value(cell):
                    parts.append(len(cells))
                    cells.append(cell)
                else:
                    parts.append(_cell(cell, labels))
            parts.append("</tr>")
        parts.append(f"</{tag}>")
    parts.append("</table></div>\n")
    closing = len("</td>")
    opening = tuple(_cell(dataclasses.replace(c, text=""), labels)[:-closing] for c in cells)
    return _Layout(tuple(parts), tuple(cells), opening, labels)


def render_html(table: gov_report_table, heading: str | None = None, number: str = "") -> str:
    """The HTML of one statutory table node.

    ``number`` is the caption number markup (``numfig``); an unnumbered caption equal
    to the section ``heading`` is kept for screen readers but not shown twice.
    """
    name = str(table["gov_table"])
    title = table.next_node(nodes.title)
    caption = title.astext() if title is not None else None
    first, *others = table["ids"] or [""]
    out = [
        f'<div class="gov-report-scroll" role="region" tabindex="0" aria-label="{escape(caption) if caption else escape(name)}">',
        *(f'<span id="{escape(other)}"></span>' for other in others),
        f'<table class="{escape(" ".join(["gov-report", f"gov-report-{name}", *_user_classes(table)]))}"'
        + (f' id="{escape(first)}"' if first else "")
        + ">",
    ]
    if caption is not None:
        repeat = ' class="gov-report-caption-repeat"' if caption == heading and not number else ""
        out.append(f"<caption{repeat}>{number}{escape(caption)}</caption>")
    shape = _layout(str(table["gov_format"]), name)
    texts, invalid = table["gov_texts"], dict(table["gov_invalid"])
    for part in shape.parts:
        if isinstance(part, str):
            out.append(part)
        elif part in invalid:
            cell = dataclasses.replace(shape.cells[part], text=texts[part], invalid=True, title=invalid[part])
            out.append(_cell(cell, shape.labels))
        else:
            out.append(f"{shape.opening[part]}{escape(texts[part])}</td>")
    return "\n".join(out)


def visit_html(self: Any, node: gov_report_table) -> None:
    number = ""
    if node["ids"]:  # let the translator number it as Sphinx numbers tables (numfig)
        mark = len(self.body)
        self.add_fignumber(node)
        number = "".join(self.body[mark:])
        del self.body[mark:]
    self.body.append(render_html(node, section_title(node), number))
    raise nodes.SkipNode


def copy_css(app: Sphinx) -> None:
    """``builder-inited``: put the stylesheet into ``_static`` for every HTML builder.

    (``singlehtml`` emits no ``html-collect-pages``; epub packs the folder later.)
    """
    if app.builder.format != "html":
        return
    static = Path(app.builder.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / "static" / CSS_FILE, static / CSS_FILE)
