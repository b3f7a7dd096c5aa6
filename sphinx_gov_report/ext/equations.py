"""The ``gov-equations`` directive: the statute's sum and cross-year relations as a table.

.. code-block:: rst

   .. gov-equations:: 2021

The table is generated from :attr:`~sphinx_gov_report.core.statute.FormatSpec.equations` and
:attr:`~sphinx_gov_report.core.statute.FormatSpec.cross_year`, the one list that fills omitted
totals, checks the data and rolls reports up; the documentation cannot drift from the rules.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core import statute
from ..core.diagnostics import Subtype, error
from .reporting import emit

_RULE_NAMES = {
    "row-total": "本行总计",
    "column-total": "（七）总计",
    "balance": "勾稽关系",
    "appeal-total": "表四总计",
    "carry-over": "跨年度结转",
    "stock": "现行件数衔接（提示）",
}


def _terms(spec: statute.FormatSpec, keys: tuple[statute.Key, ...], prefix: str = "") -> str:
    return " + ".join(f"{prefix}「{statute.cell_label(spec, k)}」" for k in keys)


def _rows(spec: statute.FormatSpec) -> list[tuple[str, str, str]]:
    rows = []
    for e in spec.equations:
        rows.append((f"{_RULE_NAMES[e.rule]}（{e.rule}）", _terms(spec, e.lhs), _terms(spec, e.rhs)))
    for c in spec.cross_year:
        right = _terms(spec, c.last, "上年")
        if c.plus:
            right += " + " + _terms(spec, c.plus)
        if c.minus:
            right += " − " + " − ".join(f"「{statute.cell_label(spec, k)}」" for k in c.minus)
        rows.append((f"{_RULE_NAMES[c.rule]}（{c.rule}）", f"「{statute.cell_label(spec, c.this)}」", right))
    return rows


class GovEquationsDirective(SphinxDirective):
    """Lists every relation of one format version (``2021`` or ``2019``)."""

    required_arguments = 1
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        version = self.arguments[0].strip()
        if version not in statute.FORMATS:
            source, line = self.get_source_info()
            emit([error(Subtype.REFERENCE, f"未知的格式版本「{version}」；应为 2021 或 2019", source, line)])
            return []
        spec = statute.FORMATS[version]
        table = nodes.table(classes=["gov-equations"])
        tgroup = nodes.tgroup(cols=3)
        table += tgroup
        for width in (16, 42, 42):
            tgroup += nodes.colspec(colwidth=width)
        head = nodes.thead()
        tgroup += head
        body = nodes.tbody()
        tgroup += body
        parts: list[tuple[nodes.Element, list[tuple[str, str, str]]]] = [
            (head, [("规则（子类型）", "左边", "右边（之和）")]),
            (body, _rows(spec)),
        ]
        for part, rows in parts:
            for cells in rows:
                row = nodes.row()
                for text in cells:
                    row += nodes.entry("", nodes.paragraph(text, text))
                part += row
        self.set_source_info(table)
        return [table]
