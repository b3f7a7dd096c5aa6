"""The post-transforms: each builder gets the statutory tables and downloads in a form it can write.

- HTML and LaTeX builders render the light :class:`~.nodes.gov_report_table` nodes themselves
  (:mod:`.html`, :mod:`.latex`); every other builder gets a generic docutils table in their place.
- Writers known to honour both ``morerows`` and ``morecols`` (text, XML, pseudo-XML, and the
  extension's own docx writer) keep the generic merged table.
- Every other builder (man, texinfo, and any builder this module does not know) gets the
  table flattened: one cell per slot, row labels repeated on each row they cover.
- The JSON download placeholder becomes a link at the end of the report for the HTML page
  builders, and is removed everywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .config import settings
from .download import HTML_BUILDERS, link_paragraph
from .nodes import gov_report_download, gov_report_table
from .tables import TABLE_CLASS, flatten, generic_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Builder formats that render the statutory tables with their own code.
OWN_RENDERERS = frozenset({"html", "latex"})
#: Builder formats whose writers honour both spans of the generic table.
MERGING_FORMATS = frozenset({"text", "xml", "pseudoxml", "docx"})


def _statutory_tables(document: nodes.document) -> list[nodes.table]:
    return [t for t in document.findall(nodes.table) if TABLE_CLASS in t["classes"]]


class LinkDownloads(SphinxPostTransform):
    """HTML page builders: the JSON download placeholder becomes a link that closes the report."""

    default_priority = 190
    builders = tuple(sorted(HTML_BUILDERS))

    def run(self, **kwargs: Any) -> None:
        srcdir = str(self.env.srcdir)
        if not settings(self.config, srcdir).json_download:
            return
        for node in list(self.document.findall(gov_report_download)):
            para = link_paragraph(self.config, srcdir, node)
            if para is None:
                continue
            # at the end of the report (after section 六), so the preamble stays next to the prose
            container: nodes.Element = _outermost_section(node) or node.parent
            node.parent.remove(node)
            container += para


def doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (after every post-transform, for every builder): remove the download
    placeholders no builder linked; for the builders that do not render the light table nodes
    themselves, put generic tables in their place, flattened for writers that cannot merge cells."""
    for node in list(doctree.findall(gov_report_download)):
        node.parent.remove(node)
    if app.builder.format in OWN_RENDERERS:
        return
    for light in list(doctree.findall(gov_report_table)):
        light.replace_self(generic_table(light))
    if app.builder.format not in MERGING_FORMATS:
        for table in _statutory_tables(doctree):
            flatten(table)


def _outermost_section(node: nodes.Element) -> nodes.Element | None:
    found = None
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            found = parent
        parent = parent.parent
    return found
