"""Publishing policy: strict mode and acknowledged exceptions.

In strict mode (``gov_report_strict``) the notices about unfinished content —
placeholders, empty sections, a broken chain of the documents in force — become errors, so a
pipeline cannot publish them.  An acknowledgement in the YAML records a known,
explained exception to one rule on one cell once: that finding is then listed in
the build summary instead of being reported; one that matches nothing is an error.
"""

from __future__ import annotations

import dataclasses

from . import statute
from .diagnostics import Issue, Level, Subtype, error
from .model import Report

#: The notices strict mode turns into errors (content not fit to publish).
STRICT_SUBTYPES = frozenset({Subtype.CONTENT, Subtype.STOCK, Subtype.COPIED})


def promote(issues: list[Issue], strict: bool) -> list[Issue]:
    """``issues`` with the content notices made errors when ``strict``."""
    if not strict:
        return issues
    return [
        dataclasses.replace(i, level=Level.ERROR, message=f"{i.message}（严格发布模式：发布前必须处理）")
        if i.level is Level.NOTICE and i.subtype in STRICT_SUBTYPES
        else i
        for i in issues
    ]


def acknowledge(report: Report, issues: list[Issue]) -> tuple[list[Issue], list[str]]:
    """The issues not acknowledged (plus an error for each acknowledgement that matches nothing),
    and one summary line per acknowledged finding."""
    remaining = list(issues)
    lines = []
    for ack in report.publication.acknowledgements:
        key = tuple(ack.cell.split("."))
        line = report.line_of(key) if key in report.cells else None
        matched = [
            i
            for i in remaining
            if line is not None and i.subtype.value == ack.rule and i.path == report.path and i.line == line
        ]
        if not matched:
            label = statute.cell_label(report.spec, key) if key in report.cells else ack.cell
            remaining.append(
                error(
                    Subtype.ACKNOWLEDGEMENT,
                    f"已说明的例外（规则 {ack.rule}，数据项「{label}」）没有对应的检查结果；"
                    "如问题已改正，请删去这条说明，否则请核对 rule 和 cell",
                    report.path,
                    ack.line,
                )
            )
            continue
        for issue in matched:
            remaining.remove(issue)
        label = statute.cell_label(report.spec, key)
        lines.append(f"已说明的例外：「{label}」（{ack.rule}）：{ack.reason}")
    return remaining, lines
