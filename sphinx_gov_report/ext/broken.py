"""Showing broken report data on the page: the banner, marked cells and marked numbers.

A report whose data has errors must not be published, but the clerk must see what
is wrong where it shows: every table that can be drawn is drawn, each cell whose
number could not be read (or is a total of such a cell) shows :data:`MARK` instead
of a number, and a banner at the top of the report lists the findings.  All nodes
are plain docutils nodes, so every builder shows them; HTML and LaTeX style them by
class (``gov-report-banner``, ``gov-invalid``).
"""

from __future__ import annotations

import os

from docutils import nodes

from ..core.diagnostics import Issue, Level
from ..core.model import Report
from ..core.rules import unreadable
from ..core.statute import Key

#: What a cell or a number shows when its data could not be read: never a wrong number.
MARK = "？"
INVALID_CLASS = "gov-invalid"
BANNER_CLASS = "gov-report-banner"
#: ``id`` of the n-th finding listed in the banner.
FINDING_ID = "gov-report-finding-{}"
#: At most this many findings are listed (all are counted).
MAX_LISTED = 20


def is_broken(report: Report, key: Key) -> bool:
    """Whether the cell ``key`` must not show its value (it, or a part of its total, is unreadable)."""
    return not report.complete and (report.is_invalid(("format",)) or unreadable(report, key))


def cell_title(report: Report, key: Key, srcdir: str) -> str:
    """The tooltip of a marked cell: what to do."""
    return f"本格数据有误，无法显示：请按文首「本报告数据有误」的说明修改 {_shown(report.path, srcdir)}"


def marker(text: str, explanation: str) -> nodes.abbreviation:
    """An inline 「？」 (HTML: ``<abbr class="gov-invalid" title="…">``) standing for ``text``."""
    node = nodes.abbreviation(MARK, MARK, explanation=explanation, classes=[INVALID_CLASS])
    node["gov_text"] = text
    return node


def _shown(path: str, srcdir: str) -> str:
    full, root = os.path.abspath(path), os.path.abspath(srcdir)
    if full.startswith(root + os.sep):
        return os.path.relpath(full, root).replace(os.sep, "/")
    return path


def banner(issues: list[Issue], srcdir: str) -> nodes.container | None:
    """「本报告数据有误，不得发布：…」 with the count, a link to the first finding and the list of findings."""
    errors = [i for i in issues if i.level is Level.ERROR]
    if not errors:
        return None
    box = nodes.container(classes=[BANNER_CLASS])
    first = errors[0]
    head = nodes.paragraph(classes=["gov-report-banner-title"])
    head += nodes.strong(text=f"本报告数据有误，不得发布：共 {len(errors)} 处错误，")
    link = nodes.reference("", "", refid=FINDING_ID.format(1), internal=True)
    link += nodes.Text(f"第一处在 {_shown(first.path, srcdir)} 第 {first.line or 1} 行")
    head += link
    head += nodes.Text("。表格中无法显示的数字以「？」标出。请改正后重新构建。")
    box += head
    listed = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for n, issue in enumerate(errors[:MAX_LISTED], start=1):
        item = nodes.list_item()
        para = nodes.paragraph()
        para += nodes.target("", "", ids=[FINDING_ID.format(n)])
        para += nodes.Text(f"{_shown(issue.path, srcdir)} 第 {issue.line or 1} 行：{issue.message}")
        item += para
        listed += item
    box += listed
    if len(errors) > MAX_LISTED:
        box += nodes.paragraph(text=f"另有 {len(errors) - MAX_LISTED} 处错误未列出，见构建输出。")
    return box


def placeholder(table: str) -> nodes.paragraph:
    """What stands where a table cannot be drawn at all (the data file could not be read)."""
    text = f"{MARK}（表{table}：报告数据有误，无法生成，请按文首的说明改正数据文件）"
    return nodes.paragraph(text, text, classes=[INVALID_CLASS])
