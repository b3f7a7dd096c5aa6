"""The report site: an HTML theme that looks like a published report, not like documentation.

``html_theme = "gov_report"`` (what ``new`` writes, with ``gov_report_site = True``) is
sphinx-rtd-theme with a few templates replaced (``site_theme/``): no sidebar, search
box, breadcrumbs or "View page source"; a header with the agency and the year and a
footer with the agency and the publication date, in Chinese; a wider content column
(the tables fit a 1280 px screen), print styles, and on phones the label columns of
the tables stay in view (``position: sticky``) while the numbers scroll.

Nothing here changes the configuration.  With ``gov_report_site`` on, the HTML
builder's own ``search`` switch (the attribute HTML Help builders clear) is cleared
when the builder starts, so no ``search.html`` or search index is written.
``conf.py`` sets ``html_copy_source``, ``html_show_sourcelink`` and ``html_use_index``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.grid import CellKind
from .config import settings
from .domain import domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .tables import DecodedTable

THEME = "gov_report"
THEME_DIR = Path(__file__).parent / "site_theme"


def label_columns(table: DecodedTable) -> int:
    """How many columns hold labels (those left of every number): cells lying wholly in them are
    marked ``gov-sticky gov-c<column>``, so CSS can keep them in view on narrow screens."""
    cells = (c for rows in (table.head, table.body) for row in rows for c in row)
    return min((c.col for c in cells if c.kind is CellKind.DATA), default=0)


def publication_date(value: object) -> str:
    """「2026年1月20日」: ``gov_report_publication_date`` as written, or the build date
    (``SOURCE_DATE_EPOCH`` if set, for reproducible builds)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch and epoch.isdigit() else dt.date.today()
    )
    return f"{day.year}年{day.month}月{day.day}日"


def _site(app: Sphinx) -> bool:
    return settings(app.config, str(app.srcdir)).site


def builder_inited(app: Sphinx) -> None:
    """With ``gov_report_site``: no search page or index for the HTML builders."""
    if _site(app) and app.builder.format == "html" and hasattr(app.builder, "search"):
        app.builder.search = False


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``html-page-context``: the agency, year and publication date for the header and footer."""
    records = domain(app.env).records
    mine = (r for r in records.get(pagename, {}).values() if r.agency)
    anyone = (r for docname in sorted(records) for r in records[docname].values() if r.agency)
    record = next(mine, None) or next(anyone, None)  # the project's first report: only when the page has none
    context["gov_report_agency"] = record.agency if record else str(app.config.project)
    context["gov_report_year"] = str(record.year) if record and record.year else ""
    context["gov_report_date"] = publication_date(app.config.gov_report_publication_date)
    context["gov_report_site"] = _site(app)


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """With ``gov_report_site``: drop the ``_sources`` folder Sphinx leaves empty when
    ``html_copy_source`` is off (a non-empty one is left alone)."""
    if exception is not None or not _site(app) or app.builder.format != "html":
        return
    sources = Path(app.builder.outdir) / "_sources"
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()
