"""sphinx-gov-report: 政府信息公开工作年度报告 as a Sphinx extension.

Add ``"sphinx_gov_report"`` to ``extensions`` in ``conf.py``.  Everything the
extension registers is listed in :func:`setup`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bumped whenever what the extension stores on the environment changes.
ENV_VERSION = 1


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directives, role, nodes, renderers, config values and events."""
    from . import directives, download, html, latex, latex_config, reporting

    # Configuration (rebuild kind "env": the values change what documents contain).
    app.add_config_value("gov_report_preamble", True, "env", types=(bool,))
    app.add_config_value("gov_report_preamble_template", None, "env", types=(str, type(None)))
    app.add_config_value("gov_report_allow_outside_srcdir", False, "env", types=(bool,))
    app.add_config_value("gov_report_previous", {}, "env", types=(dict,))

    # Directives and role.
    app.add_directive("gov-report", directives.GovReportDirective)
    app.add_directive("gov-table", directives.GovTableDirective)
    app.add_role("gov", directives.GovRole())

    # Tables: generic docutils tables for every builder, own renderers for HTML.
    app.add_node(html.gov_report_table, html=(html.visit_html, None), latex=(latex.visit_table, None))
    app.add_post_transform(html.WrapGovTables)
    # PDF: the title block, and report defaults for the LaTeX builder (see latex_config).
    app.add_node(latex.gov_report_title, latex=(latex.visit_title, None))
    app.add_node(latex.gov_report_keep, latex=(latex.visit_keep, None))
    app.add_post_transform(latex.PrepareLatex)
    latex_config.setup(app)
    app.add_css_file(html.CSS_FILE)
    app.connect("html-collect-pages", html.copy_css)
    download.setup(app)  # each report's data as a JSON download (HTML builders)

    # Per-document records of the checks, and the end-of-build summary.
    app.connect("env-purge-doc", reporting.purge_doc)
    app.connect("env-merge-info", reporting.merge_info)
    app.connect("build-finished", reporting.build_finished)

    # Document checks: headings, lengths, fee statement, repetition, numbers in the prose.
    from . import checks

    app.connect("doctree-read", checks.doctree_read)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
