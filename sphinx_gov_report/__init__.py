"""sphinx-gov-report: 政府信息公开工作年度报告 as a Sphinx extension.

Add ``"sphinx_gov_report"`` to ``extensions`` in ``conf.py``.  The engine is
:mod:`sphinx_gov_report.core` (no Sphinx), the Sphinx adapter
:mod:`sphinx_gov_report.ext`, the command line :mod:`sphinx_gov_report.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx entry point; see :func:`sphinx_gov_report.ext.setup`."""
    from .ext import setup as setup_ext

    return setup_ext(app)
