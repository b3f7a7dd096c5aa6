"""Helpers for a region project's ``conf.py`` (public API; no Sphinx needed to import).

``latex_documents(".", author)`` lists one PDF per unit report and one per
year's 汇总 report, from the files present when ``conf.py`` is read.
"""

from __future__ import annotations

import os

from .core import region
from .core.rollup import unit_name

__all__ = ["latex_documents"]

_BAD = set("<>`*|\\:") | {" ", "\t"}


def latex_documents(srcdir: str = ".", author: str = "") -> list[tuple[str, str, str, str, str, bool]]:
    """``latex_documents`` for a region project (paths relative to the directory of ``conf.py``).

    Each unit ``units/<year>/<unit>.yaml`` gives ``<year>-<unit>.pdf`` from its page
    ``region/<year>/<unit>``; each ``summary/<year>.rst`` gives ``<year>-汇总.pdf``.
    """
    if not os.path.isabs(srcdir):
        # conf.py is executed with its own directory as the working directory
        srcdir = os.path.abspath(srcdir)
    documents = []
    for year in region.years(srcdir):
        summary = region.summary_doc(srcdir, year)
        if summary:
            documents.append(
                (
                    summary,
                    f"{year}-汇总.tex",
                    f"{author}{year}年度政府信息公开工作年度报告（汇总）",
                    author,
                    "howto",
                    False,
                )
            )
        for path in region.units_of(srcdir, year):
            name = unit_name(path)
            if _BAD & set(name):
                continue
            title = f"{name}{year}年度政府信息公开工作年度报告"
            documents.append(
                (region.unit_docname(year, name), f"{year}-{name}.tex", title, author or name, "howto", False)
            )
    return documents
