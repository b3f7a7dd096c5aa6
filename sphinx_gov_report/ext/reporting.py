"""Sending issues to Sphinx's logger, remembering them per document, and the build summary.

Errors become warnings of type ``gov-report`` with the rule as subtype (so
``suppress_warnings = ["gov-report.balance"]`` works and ``-W`` fails the
build); notices are logged as located information and never fail a build.
The issues are stored on the environment per document (purged and merged for
parallel builds).  A document that is not re-read in a later build has its
stored issues logged again, so an incremental build with ``-W`` still fails
while a report has errors, and the end-of-build summary stays right.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from ..core.diagnostics import WARNING_TYPE, Issue, Level
from . import warncount
from .domain import Record, domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.model import Report

logger = logging.getLogger(__name__)


def emit(issues: list[Issue]) -> None:
    """Log each issue as a located Sphinx warning (errors) or information (notices)."""
    for issue in issues:
        if issue.level is Level.ERROR:
            logger.warning(issue.message, location=issue.location, type=WARNING_TYPE, subtype=issue.subtype.value)
        else:
            logger.info("%s: 提示[%s.%s]：%s", issue.location, WARNING_TYPE, issue.subtype.value, issue.message)


def record_report(
    env: BuildEnvironment,
    docname: str,
    path: str,
    report: Report | None,
    issues: list[Issue],
    acknowledged: list[str] | None = None,
) -> None:
    """Remember the report a document uses, count its issues and its acknowledged exceptions."""
    record = Record(path, report.agency if report else "", report.year if report else 0)
    record.acknowledged = list(acknowledged or [])
    domain(env).records.setdefault(docname, {})[path] = record
    count_issues(env, docname, path, issues)


def count_issues(env: BuildEnvironment, docname: str, path: str, issues: list[Issue]) -> None:
    """Remember ``issues`` (already logged) for the report at ``path`` used by ``docname``."""
    record = domain(env).records.get(docname, {}).get(path)
    if record is None:
        return
    suppressed = env.config.suppress_warnings
    for issue in issues:
        if issue.level is Level.ERROR and is_suppressed_warning(WARNING_TYPE, issue.subtype.value, suppressed):
            continue  # silenced with suppress_warnings: not counted in the summary either
        if issue not in record.issues:
            record.issues.append(issue)


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: remember which documents this build reads."""
    domain(env).note_reading(docnames)


def repeat_unread(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: log again what documents that were not re-read still have."""
    records = domain(env).records
    for docname in domain(env).unread():
        for record in records[docname].values():
            emit(record.issues)


def summary_lines(env: BuildEnvironment) -> list[str]:
    """One line per report: its errors and notices over all documents that use it (each counted once)."""
    totals: dict[str, tuple[Record, set[Issue]]] = {}
    acknowledged: dict[str, list[str]] = {}
    records = domain(env).records
    for docname in sorted(records):
        for path, record in records[docname].items():
            totals.setdefault(path, (record, set()))[1].update(record.issues)
            seen = acknowledged.setdefault(path, [])
            seen += [a for a in record.acknowledged if a not in seen]
    lines = []
    srcdir = str(env.srcdir)
    for path, (record, issues) in sorted(totals.items()):
        shown = os.path.relpath(path, srcdir) if path.startswith(srcdir) else path
        name = f"{record.agency}{record.year}年度报告" if record.agency else "报告"
        errors = sum(1 for i in issues if i.level is Level.ERROR)
        lines.append(f"政府信息公开年度报告检查：{shown}（{name}）：{errors} 个错误，{len(issues) - errors} 个提示")
        lines += [f"  {line}" for line in acknowledged.get(path, [])]
    return lines


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    counts = warncount.stop(app)
    if exception is not None or app.env is None:
        return
    for line in summary_lines(app.env):
        logger.info(line)
    logger.info(warncount.summary_line(counts))
