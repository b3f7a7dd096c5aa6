"""The ``gov-report`` and ``gov-table`` directives and the ``gov`` role.

.. code-block:: rst

   .. gov-report:: data/2021.yaml      (once per document; inserts the preamble)

   .. gov-table:: 三                   (二, 三 or 四)

   依法主动公开政府信息 :gov:`applications.new.total` 件。
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..core import deadlines, policy, statute
from ..core.characters import unsafe_characters, visible
from ..core.diagnostics import Subtype, error
from ..core.files import Unreadable, read_regular
from ..core.grid import LayoutError, get_grid
from ..core.model import Report, format_number
from ..core.paths import PathPolicy, check_inside
from ..core.preamble import render
from ..core.rollup import effective_report, summarize
from ..core.rules import validate_file
from . import broken, region
from .config import settings
from .download import download_node
from .reporting import emit, record_report
from .tables import table_node

#: Largest preamble template read, in bytes.
MAX_TEMPLATE = 256 * 1024

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Key of the document's parse state in ``env.temp_data`` (cleared by Sphinx after each document).
STATE_KEY = "gov_report"


@dataclass
class ParseState:
    """What the ``gov-report`` directive left for the tables, roles and document checks of its document."""

    attempted: bool = False  #: the directive ran (once per document)
    data: str | None = None  #: the data file, also when it has errors (for the document checks)
    report: str | None = None  #: the data file when it could be read (perhaps with errors: see broken.py)
    policy: PathPolicy = field(default_factory=PathPolicy)
    no_prose: bool = False  #: a region unit's page made without prose (no document checks)
    prose: str | None = None  #: a region unit's prose file, inserted into the page (where checks point)


def parse_state(env: BuildEnvironment) -> ParseState:
    """The parse state of the document being read."""
    state = env.temp_data.get(STATE_KEY)
    if state is None:
        state = env.temp_data[STATE_KEY] = ParseState()
    return state


def report_for(env: BuildEnvironment) -> Report | None:
    """The report named by the document's ``gov-report`` directive (from the load cache)."""
    state = parse_state(env)
    if not state.report:
        return None
    return effective_report(state.report, policy=state.policy)


class GovReportDirective(SphinxDirective):
    """Names the document's report data file, checks it and inserts the preamble."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {"no-preamble": directives.flag}

    def run(self) -> list[nodes.Node]:
        config = self.config
        state = parse_state(self.env)
        if state.attempted:
            self.warn(Subtype.REFERENCE, "每个文档只能使用一次 gov-report 指令")
            return []
        state.attempted = True
        srcdir = str(self.env.srcdir)
        chosen = settings(config, srcdir)
        allow = chosen.allow_outside_srcdir
        argument = self.arguments[0]
        if unsafe_characters(argument, one_line=True):
            self.warn(Subtype.PATH, f"报告数据文件的路径「{visible(argument)}」含有控制字符或不可见字符，已拒绝读取")
            return []
        try:
            rel, path = self.env.relfn2path(argument, self.env.docname)
        except (OSError, RuntimeError, ValueError):  # Sphinx resolves symlinks: a loop raises
            self.warn(Subtype.FILE, f"报告数据文件「{argument}」是循环的符号链接（链接最终又指向自己），无法读取")
            return []
        included = self.get_source_info()[0]
        if not self.arguments[0].startswith("/") and included and included != str(self.env.doc2path(self.env.docname)):
            # in a file inserted into the page (a region unit's prose): relative to that file, as docutils' include
            path = os.path.normpath(os.path.join(os.path.dirname(included), self.arguments[0]))
            rel = os.path.relpath(path, srcdir)
        if not check_inside(path, srcdir, allow):
            self.warn(Subtype.PATH, PathPolicy(srcdir, allow).refusal(f"报告数据文件「{self.arguments[0]}」"))
            return []
        self.env.note_dependency(path)
        previous = _configured_previous(chosen.previous, rel, srcdir, self.get_source_info())
        previous = previous or region.previous_for(self.env, path)
        report, issues = validate_file(path, srcdir, allow, previous)
        if report is not None and report.sum_of:  # a 汇总: the tables are the sum of the units
            rolled, issues = summarize(path, srcdir, allow)
            if rolled is not None:
                region.note_rollup(self.env, rolled, srcdir, allow)
                report = rolled.report
        if report is not None:
            # The files last year's checks read (the YAML's own ``previous`` wins, as in validate_file).
            # A file that does not exist yet is noted too: Sphinx re-reads the page until it appears.
            for dep in (report.previous.data or previous, report.previous.text):
                if dep and check_inside(dep, srcdir, allow):
                    self.env.note_dependency(dep)
        acknowledged: list[str] = []
        if report is not None:  # deadlines, acknowledged exceptions (core/deadlines.py, core/policy.py)
            issues += deadlines.check_deadline(report, deadlines.build_date())
            issues, acknowledged = policy.acknowledge(report, issues)
            due = deadlines.deadline_line(report)
            if due:
                logger.info(due)
        issues = policy.promote(issues, settings(config, srcdir).strict)
        source, line = self.get_source_info()
        issues = [i if i.line else i.relocated(source, line, self.arguments[0]) for i in issues]
        emit(issues)
        record_report(self.env, self.env.docname, path, report, issues, acknowledged)
        state.data, state.policy = path, PathPolicy(srcdir, allow)
        shown = broken.banner(issues, srcdir)  # broken data is shown marked, under a banner
        top: list[nodes.Node] = [shown] if shown is not None else []
        if report is None:
            return top
        state.report = path
        if not report.complete:  # no preamble or download from data that could not be read completely
            return top
        return [*top, *self.preamble(report), download_node(path)]

    def preamble(self, report: Report) -> list[nodes.Node]:
        chosen = settings(self.config, str(self.env.srcdir))
        if "no-preamble" in self.options or not chosen.preamble:
            return []
        source = None
        name = chosen.preamble_template  # validated at config-inited: relative, inside the source directory
        template_path = "<default>"
        if name:
            template_path = os.path.join(str(self.env.srcdir), name)
            self.env.note_dependency(template_path)
            problem = None
            if not check_inside(template_path, str(self.env.srcdir), False):  # e.g. a symlink out of it
                problem = "在源目录之外（解析符号链接后），已拒绝读取"
            else:
                try:
                    source = read_regular(template_path, MAX_TEMPLATE).decode("utf-8-sig")
                except Unreadable as exc:
                    problem = str(exc)
                except UnicodeDecodeError:
                    problem = "不是 UTF-8 编码，请另存为 UTF-8"
            if source is None:
                emit([error(Subtype.PREAMBLE, f"无法读取前言模板：{problem}", template_path)])
                return []
        paragraphs, issues = render(report, source, template_path)
        emit(issues)
        container = nodes.container(classes=["gov-report-preamble"])
        self.set_source_info(container)
        container["gov_agency"] = report.agency
        container["gov_year"] = str(report.year)
        for text in paragraphs:
            container += nodes.paragraph(text, text)
        return [container]

    def warn(self, subtype: Subtype, message: str) -> None:
        source, line = self.get_source_info()
        emit([error(subtype, message, source, line)])


def _configured_previous(mapping: object, rel: str, srcdir: str, location: tuple[str | None, int | None]) -> str | None:
    """Last year's data file for ``rel`` from ``gov_report_previous`` (paths relative to srcdir)."""
    if not isinstance(mapping, dict):
        return None
    key = rel.replace(os.sep, "/").lstrip("/")
    target = mapping.get(key, mapping.get("/" + key))
    if target is None:
        return None
    if not isinstance(target, str) or not target.strip():
        source, line = location
        emit(
            [
                error(
                    Subtype.PATH,
                    f"conf.py 中 gov_report_previous 对「{key}」的设置应为上一年度数据文件的路径（文字），实际为「{target!r}」，已忽略",
                    source,
                    line,
                )
            ]
        )
        return None
    return os.path.normpath(os.path.join(srcdir, target.strip().lstrip("/")))


class GovTableDirective(SphinxDirective):
    """Renders one statutory table (二, 三 or 四) of the document's report.

    Options: ``:caption:`` replaces the caption (default: the official section heading),
    ``:name:`` makes the table a reference target, ``:class:`` adds classes.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "caption": directives.unchanged_required,
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        table = statute.TABLE_ALIASES.get(self.arguments[0].strip())
        if table is None:
            emit([error(Subtype.REFERENCE, f"未知的表格「{self.arguments[0]}」；应为 二、三 或 四", source, line)])
            return []
        report = report_for(self.env)
        if report is None or report.is_invalid(("format",)):
            if not parse_state(self.env).attempted:
                emit([error(Subtype.REFERENCE, "请先用 gov-report 指令指定报告数据文件，再放置表格", source, line)])
                return []
            return [broken.placeholder(table)]
        try:
            grid = get_grid(report.format, table)
        except LayoutError as exc:  # pragma: no cover - the template data is tested
            emit([error(Subtype.LAYOUT, f"表格布局不一致：{exc}", source, line)])
            return []
        node = table_node(
            grid, report, self.options.get("caption") or statute.TABLE_TITLES[table], str(self.env.srcdir)
        )
        node["classes"] += self.options.get("class", [])
        self.set_source_info(node)
        self.add_name(node)
        return [node]


class GovRole(SphinxRole):
    """``:gov:`applications.new.total``` inserts a number (or ``agency``, ``year``)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        report = report_for(self.env)
        source, line = self.get_source_info()
        if report is None:
            if not parse_state(self.env).attempted:  # else the data error was reported
                emit(
                    [
                        error(
                            Subtype.REFERENCE,
                            f"「{self.text}」：请先在本文档中用 gov-report 指令指定报告数据文件，再引用其中的数字",
                            source,
                            line,
                        )
                    ]
                )
            return [broken.marker(self.text, "报告数据有误，无法显示这个数字")], []
        if not report.complete and broken.is_broken(report, _key(report, self.text.strip())):
            return [broken.marker(self.text, "报告数据有误，无法显示这个数字（见文首的说明）")], []
        value = lookup(report, self.text.strip())
        if value is None:
            guess = self.suggestion(report, self.text.strip()) or "格式如 applications.new.total；"
            emit(
                [
                    error(
                        Subtype.REFERENCE,
                        f"未知的数据项「{self.text}」；{guess}可用的数据项见文档“数据项引用”",
                        source,
                        line,
                    )
                ]
            )
            return [broken.marker(self.text, f"未知的数据项「{self.text}」")], []
        return [nodes.inline(self.rawtext, value, classes=["gov-number"])], []

    @staticmethod
    def suggestion(report: Report, path: str) -> str:
        """「是否应为「active.licensing」（…）？」 for the closest item the role accepts (for a row with
        several columns: its columns), or ``""``."""
        row = tuple(path.split("."))
        columns = [k for k in report.cells if k[:-1] == row]
        if len(columns) > 1:
            named = "、".join(
                f"{'.'.join(k)}（{statute.cell_label(report.spec, k).split(' / ')[-1]}）" for k in columns
            )
            return f"这一行有 {len(columns)} 列，请写明其中一列：{named}；"
        choices = {"agency": "机关名称", "year": "年度", "processing_fee": "信息处理费（元）"}
        choices.update({name: f"正文数字 / {name}" for name in report.figures})
        choices.update(statute.reference_labels(report.spec))
        return statute.did_you_mean(path, choices)


def _key(report: Report, path: str) -> tuple[str, ...]:
    """The key whose data a role's path shows (for ``is_broken``)."""
    if path in ("agency", "year", "processing_fee"):
        return (path,)
    name = path[len("figures.") :] if path.startswith("figures.") else path
    if name in report.figures:
        return ("figures", name)
    key = tuple(path.split("."))
    if key not in report.cells:
        cells = [k for k in report.cells if k[:-1] == key]
        key = cells[0] if len(cells) == 1 else key
    return key


def lookup(report: Report, path: str) -> str | None:
    """The text of a data item: a cell's dotted key (or a one-column row's, e.g. ``active.licensing``),
    a name under ``figures``, ``agency``, ``year`` or ``processing_fee``."""
    if path == "agency":
        return report.agency
    if path == "year":
        return str(report.year)
    if path == "processing_fee":
        return format_number(report.processing_fee) if report.processing_fee is not None else "0"
    if path.startswith("figures."):
        path = path[len("figures.") :]
    if path in report.figures:
        return format_number(report.figures[path].value)
    key = tuple(path.split("."))
    cell = report.cells.get(key)
    if cell is None:  # a row with a single column (e.g. ``active.licensing``) stands for its cell
        cells = [c for k, c in report.cells.items() if k[:-1] == key]
        cell = cells[0] if len(cells) == 1 else None
    return format_number(cell.value) if cell is not None else None
