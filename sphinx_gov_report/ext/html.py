"""HTML rendering of the statutory tables.

docutils' table writer cannot mark row headers (``<th scope="row">``) without
its stub/rowspan bug, and sphinx-rtd-theme forces ``nowrap`` on cells, so the
tables are written here: a scrollable region holding a ``<table>`` with a
caption, column widths, scoped header cells and centred numbers.  Every
HTML-format builder (html, dirhtml, singlehtml, epub) uses this renderer; the
others write the generic docutils table built by :mod:`sphinx_gov_report.tables`.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from ..core.grid import CellKind
from . import site
from .broken import INVALID_CLASS
from .nodes import gov_report_table
from .tables import decode_node, section_title

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


def render_html(table: gov_report_table, heading: str | None = None, number: str = "") -> str:
    """The HTML of one statutory table node.

    ``number`` is the caption number markup (``numfig``); an unnumbered caption equal
    to the section ``heading`` is kept for screen readers but not shown twice.
    """
    decoded = decode_node(table)
    total = sum(decoded.widths) or 1
    name = escape(decoded.name)
    caption = decoded.caption
    first, *others = table["ids"] or [""]
    out = [
        f'<div class="gov-report-scroll" role="region" tabindex="0" aria-label="{escape(caption) if caption else name}">',
        *(f'<span id="{escape(other)}"></span>' for other in others),
        f'<table class="{escape(" ".join(["gov-report", f"gov-report-{decoded.name}", *_user_classes(table)]))}"'
        + (f' id="{escape(first)}"' if first else "")
        + ">",
    ]
    if caption is not None:
        repeat = ' class="gov-report-caption-repeat"' if caption == heading and not number else ""
        out.append(f"<caption{repeat}>{number}{escape(caption)}</caption>")
    out.append("<colgroup>")
    out += [f'<col style="width: {100 * w / total:.2f}%" />' for w in decoded.widths]
    out.append("</colgroup>")
    labels = site.label_columns(decoded)  # label columns stay in view while the numbers scroll
    for tag, rows in (("thead", decoded.head), ("tbody", decoded.body)):
        if not rows:
            continue
        out.append(f"<{tag}>")
        for index, cells in enumerate(rows):
            if index and tag == "tbody" and cells and cells[0].kind is CellKind.BLOCK:
                out.append("</tbody>\n<tbody>")  # each block of 表二 is its own row group
            out.append("<tr>")
            for cell in cells:
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
                out.append(f"<{element}{attrs}>{escape(cell.text.replace(chr(10), ''))}</{element}>")
            out.append("</tr>")
        out.append(f"</{tag}>")
    out.append("</table></div>\n")
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
