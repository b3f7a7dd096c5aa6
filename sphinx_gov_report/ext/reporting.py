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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from ..core.diagnostics import WARNING_TYPE, Issue, Level
from . import warncount

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..core.model import Report

logger = logging.getLogger(__name__)

ENV_ATTR = "gov_report_records"


@dataclass
class Record:
    """What the build found for one report used by one document."""

    path: str
    agency: str = ""
    year: int = 0
    issues: list[Issue] = field(default_factory=list)  #: as logged (suppressed warnings left out)


def emit(issues: list[Issue]) -> None:
    """Log each issue as a located Sphinx warning (errors) or information (notices)."""
    for issue in issues:
        if issue.level is Level.ERROR:
            logger.warning(issue.message, location=issue.location, type=WARNING_TYPE, subtype=issue.subtype.value)
        else:
            logger.info("%s: 提示[%s.%s]：%s", issue.location, WARNING_TYPE, issue.subtype.value, issue.message)


def _records(env: BuildEnvironment) -> dict[str, dict[str, Record]]:
    records = getattr(env, ENV_ATTR, None)
    if records is None:
        records = {}
        setattr(env, ENV_ATTR, records)
    return records


def record_report(env: BuildEnvironment, docname: str, path: str, report: Report | None, issues: list[Issue]) -> None:
    """Remember the report a document uses and count its issues."""
    record = Record(path, report.agency if report else "", report.year if report else 0)
    _records(env).setdefault(docname, {})[path] = record
    count_issues(env, docname, path, issues)


def count_issues(env: BuildEnvironment, docname: str, path: str, issues: list[Issue]) -> None:
    """Remember ``issues`` (already logged) for the report at ``path`` used by ``docname``."""
    record = _records(env).get(docname, {}).get(path)
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
    env.gov_report_reading = set(docnames)  # type: ignore[attr-defined]


def repeat_unread(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: log again what documents that were not re-read still have."""
    reading = getattr(env, "gov_report_reading", set())
    for docname in sorted(set(_records(env)) - reading):
        for record in _records(env)[docname].values():
            emit(record.issues)


def purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _records(env).pop(docname, None)


def merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    mine = _records(env)
    for docname, records in _records(other).items():
        if docname in docnames:
            mine[docname] = records


def summary_lines(env: BuildEnvironment) -> list[str]:
    """One line per report: its errors and notices over all documents that use it (each counted once)."""
    totals: dict[str, tuple[Record, set[Issue]]] = {}
    for docname in sorted(_records(env)):
        for path, record in _records(env)[docname].items():
            totals.setdefault(path, (record, set()))[1].update(record.issues)
    lines = []
    srcdir = str(env.srcdir)
    for path, (record, issues) in sorted(totals.items()):
        shown = os.path.relpath(path, srcdir) if path.startswith(srcdir) else path
        name = f"{record.agency}{record.year}年度报告" if record.agency else "报告"
        errors = sum(1 for i in issues if i.level is Level.ERROR)
        lines.append(f"政府信息公开年度报告检查：{shown}（{name}）：{errors} 个错误，{len(issues) - errors} 个提示")
    return lines


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    counts = warncount.stop(app)
    if exception is not None or app.env is None:
        return
    for line in summary_lines(app.env):
        logger.info(line)
    logger.info(warncount.summary_line(counts))
