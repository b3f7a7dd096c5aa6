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

from .nodes import gov_report_table
from .tables import section_title

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CSS_FILE = "gov_report.css"

_SCOPES = {
    "gov-colgroup": ("th", "colgroup"),
    "gov-colhead": ("th", "col"),
    "gov-rowgroup": ("th", "rowgroup"),
    "gov-rowhead": ("th", "row"),
    "gov-block": ("th", "rowgroup"),
    "gov-corner": ("td", None),
    "gov-data": ("td", None),
}


def _text(entry: nodes.Element) -> str:
    return "".join(escape(p.astext()) for p in entry.findall(nodes.paragraph))


def _user_classes(table: nodes.table) -> list[str]:
    """Classes given with ``:class:`` (not the ones the extension sets itself)."""
    return [c for c in table["classes"] if not c.startswith("gov-report-table") and c != "colwidths-given"]


def render_html(table: nodes.table, heading: str | None = None, number: str = "") -> str:
    """The HTML of one statutory table node.

    ``number`` is the caption number markup (``numfig``); an unnumbered caption equal
    to the section ``heading`` is kept for screen readers but not shown twice.
    """
    caption = next(iter(table.findall(nodes.title)), None)
    tgroup = next(iter(table.findall(nodes.tgroup)))
    widths = [int(c["colwidth"]) for c in tgroup.findall(nodes.colspec)]
    total = sum(widths) or 1
    name = escape(table.get("gov_table", ""))
    first, *others = table["ids"] or [""]
    out = [
        f'<div class="gov-report-scroll" role="region" tabindex="0" aria-label="{escape(caption.astext()) if caption else name}">',
        *(f'<span id="{escape(other)}"></span>' for other in others),
        f'<table class="{escape(" ".join(["gov-report", f"gov-report-{name}", *_user_classes(table)]))}"'
        + (f' id="{escape(first)}"' if first else "")
        + ">",
    ]
    if caption is not None:
        repeat = ' class="gov-report-caption-repeat"' if caption.astext() == heading and not number else ""
        out.append(f"<caption{repeat}>{number}{escape(caption.astext())}</caption>")
    out.append("<colgroup>")
    out += [f'<col style="width: {100 * w / total:.2f}%" />' for w in widths]
    out.append("</colgroup>")
    for part in tgroup.children:
        if not isinstance(part, (nodes.thead, nodes.tbody)):
            continue
        tag = "thead" if isinstance(part, nodes.thead) else "tbody"
        out.append(f"<{tag}>")
        for index, row in enumerate(part.children):
            if index and tag == "tbody" and "gov-block" in row[0]["classes"]:
                out.append("</tbody>\n<tbody>")  # each block of 表二 is its own row group
            out.append("<tr>")
            for entry in row.children:
                kind = next((c for c in entry["classes"] if c in _SCOPES), "gov-data")
                cell, scope = _SCOPES[kind]
                attrs = f' class="{kind}"'
                if scope:
                    attrs += f' scope="{scope}"'
                if entry.get("morerows"):
                    attrs += f' rowspan="{entry["morerows"] + 1}"'
                if entry.get("morecols"):
                    attrs += f' colspan="{entry["morecols"] + 1}"'
                if entry.get("gov_key"):
                    attrs += f' data-key="{escape(entry["gov_key"])}"'
                out.append(f"<{cell}{attrs}>{_text(entry)}</{cell}>")
            out.append("</tr>")
        out.append(f"</{tag}>")
    out.append("</table></div>\n")
    return "\n".join(out)


def visit_html(self: Any, node: gov_report_table) -> None:
    table = node[0]
    number = ""
    if table["ids"]:  # let the translator number it as Sphinx numbers tables (numfig)
        mark = len(self.body)
        self.add_fignumber(table)
        number = "".join(self.body[mark:])
        del self.body[mark:]
    self.body.append(render_html(table, section_title(node), number))
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
