"""Every docutils node the extension adds, in one place.

Builders that have no visitor for a node never see it: the post-transforms in
:mod:`sphinx_gov_report.ext.transforms` replace or remove each one first.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


def depart_nothing(translator: Any, node: nodes.Element) -> None:
    """The departure of a node whose visitor writes it whole and skips it (never called)."""


class gov_report_table(nodes.General, nodes.Element):
    """A statutory table as data (``gov_table``, ``gov_format``, ``gov_texts`` of its data cells,
    ``gov_invalid``), with its caption (a ``title``) and its words (a ``Text``, for the search index).

    HTML and LaTeX write it themselves; for every other builder it becomes a generic ``nodes.table``
    (:func:`sphinx_gov_report.ext.tables.generic_table`).  Enumerable as a ``table`` (``numfig``).
    """


class gov_report_title(nodes.General, nodes.Element):
    """The report's agency and year, for the LaTeX title block (``\\sphinxgovreporttitle``)."""


class gov_report_keep(nodes.General, nodes.Element):
    """LaTeX: before a section that opens with a statutory table, keep its heading with the table."""


class gov_report_download(nodes.General, nodes.Element):
    """Placeholder for the link to the JSON data of the report at ``self["path"]``."""


class gov_report_json_link(nodes.Inline, nodes.TextElement):
    """A link to ``self["target"]`` (relative to the output directory), resolved by the HTML writer."""


class gov_region_link(nodes.Inline, nodes.TextElement):
    """A region status page's link to a file of the HTML output (``self["target"]``: a PDF or JSON)."""


class gov_breakdown(nodes.General, nodes.Element):
    """One row of a 汇总's tables by unit (``label``, ``headers``, ``rows`` of [unit, docname, values…]).

    Written by the HTML builders as one collapsible table (not a docutils table of thousands of
    cells, so that a region's summary page stays cheap); removed for every other builder.
    """
