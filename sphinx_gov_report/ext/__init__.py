"""The Sphinx adapter: config values, directives, role, nodes, renderers and event handlers.

Everything the extension registers is listed, in one place, in :func:`setup`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__
from . import (
    checks,
    config,
    directives,
    domain,
    download,
    equations,
    html,
    latex,
    latex_config,
    nodes,
    region,
    reporting,
    site,
    transforms,
    warncount,
)
from .docx import DocxBuilder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: Bumped whenever what the extension stores on the environment changes.
ENV_VERSION = 6


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the config values, directives, role, nodes, renderers and event handlers."""

    # Configuration: every gov_report_* value with its rebuild kind, validated at config-inited.
    config.register(app)

    # Markup: the data file and preamble, the statutory tables, numbers in the prose.
    app.add_directive("gov-report", directives.GovReportDirective)
    app.add_directive("gov-table", directives.GovTableDirective)
    app.add_role("gov", directives.GovRole())
    app.add_directive("gov-equations", equations.GovEquationsDirective)  # the statute's relations, for docs

    # Per-document records of every report and its findings.
    app.add_domain(domain.GovReportDomain)

    # Tables are light nodes (numbered as tables) that HTML and LaTeX render with their own code;
    # every other builder gets generic docutils tables, flattened for writers that cannot merge cells.
    app.add_enumerable_node(
        nodes.gov_report_table,
        "table",
        html=(html.visit_html, nodes.depart_nothing),
        latex=(latex.visit_table, nodes.depart_nothing),
    )
    app.connect("doctree-resolved", transforms.doctree_resolved)
    app.add_css_file(html.CSS_FILE)
    app.connect("builder-inited", html.copy_css)
    app.add_html_theme(site.THEME, str(site.THEME_DIR))
    app.connect("builder-inited", site.builder_inited)
    app.connect("html-page-context", site.page_context)
    app.connect("build-finished", site.build_finished)

    # PDF: title block, headings kept with their tables, report defaults for the LaTeX builder.
    app.add_node(nodes.gov_report_title, latex=(latex.visit_title, None))
    app.add_node(nodes.gov_report_keep, latex=(latex.visit_keep, None))
    app.add_post_transform(latex.PrepareLatex)
    app.connect("config-inited", latex_config.config_inited, priority=800)  # after conf.py's own values
    app.connect("builder-inited", latex_config.builder_inited)

    # Word: one .docx per report, tables with true merged cells (ext/docx).
    app.add_builder(DocxBuilder)

    # Each report's data as a JSON download (HTML builders; dropped elsewhere).
    app.add_node(nodes.gov_report_download)
    app.add_node(nodes.gov_report_json_link, html=(download.visit_json_link, download.depart_json_link))
    app.add_post_transform(transforms.LinkDownloads)
    app.connect("build-finished", download.write_json)

    # Document checks (headings, lengths, fee statement, repetition, numbers in the prose),
    # per-document records of all findings, and the end-of-build summary.
    app.connect("doctree-read", checks.doctree_read)
    app.connect("env-check-consistency", checks.check_units)  # 雷同 between the units of a project
    app.connect("env-before-read-docs", reporting.before_read)
    app.connect("env-updated", reporting.repeat_unread)
    # every warning counted by file, for the summary (before Sphinx checks the config values)
    app.connect("config-inited", warncount.start, priority=100)
    app.connect("env-before-read-docs", warncount.start)  # a second build of the same application
    app.connect("build-finished", reporting.build_finished)

    # A region's reports: generated pages, unit pages, status and index pages, the 汇总's breakdown.
    app.connect("builder-inited", region.generate_pages)
    app.add_directive("gov-unit", region.GovUnitDirective)
    app.add_directive("gov-region-status", region.GovRegionStatusDirective)
    app.add_directive("gov-region-units", region.GovRegionUnitsDirective)
    app.add_directive("gov-breakdown", region.GovBreakdownDirective)
    app.add_node(nodes.gov_region_link)
    app.add_node(nodes.gov_breakdown, html=(region.visit_breakdown_html, None))
    app.add_post_transform(region.LinkFiles)
    app.connect("doctree-resolved", region.doctree_resolved)
    app.add_domain(region.GovRegionDomain)
    app.connect("env-get-outdated", region.get_outdated)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
