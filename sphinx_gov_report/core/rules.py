"""Reconciliation rules on the numbers of one report (and last year's).

These are the checks reviewers apply: every 总计, the 勾稽 rule of table 三,
table 四's totals, the format in force, and the cross-year carry-over.  Each
rule has its own :class:`~sphinx_gov_report.diagnostics.Subtype`.
"""

from __future__ import annotations

import dataclasses
import operator

from . import statute
from .diagnostics import Issue, Level, Subtype, error, notice
from .model import Number, Report, format_number
from .paths import PathPolicy
from .plausibility import check_plausibility
from .reader import load_report
from .statute import Equation, FormatSpec, Key


def check_report(report: Report, previous: Report | None = None) -> list[Issue]:
    """All data rules for ``report``; ``previous`` is last year's report if known."""
    issues: list[Issue] = []
    issues += check_format(report)
    issues += check_equations(report)
    if previous is not None:
        issues += check_cross_year(report, previous)
    return issues


def _filled_by(spec: FormatSpec) -> dict[Key, Equation]:
    return statute.filled_by(spec)


def _sources(report: Report, key: Key) -> list[Key]:
    """The written cells a value comes from: itself, or the parts of a computed total."""
    cell = report.cells.get(key)
    if cell is None or cell.given:
        return [key]
    equation = _filled_by(report.spec).get(key)
    if equation is None:
        return [key]
    return [k for part in equation.rhs for k in _sources(report, part)]


def unreadable(report: Report, *keys: Key) -> bool:
    """Whether a rule on ``keys`` must be skipped because some of their data could not be read."""
    cells = report.cells
    for key in keys:
        cell = cells.get(key)
        if cell is not None and cell.given:  # its own source: the common case, without the generator
            if cell.blank or report.is_invalid(key):
                return True
        elif any(report.is_invalid(k) or report.is_blank(k) for k in _sources(report, key)):
            return True
    return False


_BLANK = operator.attrgetter("blank")


def _all_readable(report: Report) -> bool:
    """Whether no rule on ``report`` is to be skipped: nothing invalid and no blank cell (then
    :func:`unreadable` is false for any keys, and need not look them up)."""
    return not report.invalid and not any(map(_BLANK, report.cells.values()))


def _err(report: Report, subtype: Subtype, key: Key, message: str) -> Issue:
    cell = report.cells.get(key)
    line = report.line_of(key)
    column = cell.column if cell and cell.line else None
    return error(subtype, message, report.path, line, column)


def check_format(report: Report) -> list[Issue]:
    if not report.year or report.is_invalid(("format",)):
        return []
    expected = statute.expected_format(report.year)
    if report.format == expected:
        return []
    line = report.lines.get("format") or report.lines.get("year") or 1
    if expected == "2021":
        message = (
            f"{report.year}年度报告应使用 2021 年修订的格式（国办公开办函〔2021〕30号），"
            f"而不是 2019 年试行格式；请设置 format: 2021"
        )
    else:
        message = f"{report.year}年度报告应使用 2019 年试行格式（国办公开办函〔2019〕60号）；请设置 format: 2019"
    return [error(Subtype.FORMAT, message, report.path, line)]


def _sum(report: Report, keys: tuple[Key, ...]) -> Number:
    return sum((report.value(k) for k in keys), start=0)


def check_equations(report: Report) -> list[Issue]:
    """Every sum relation of the statute (:attr:`FormatSpec.equations`) on the written cells.

    A total is checked when it was written.  表三's corner (（七）总计 / 总计, computed as the sum of
    its row) is checked against its column too when any cell of the （七）总计 row was written, unless
    a written cell of that row was already reported (that explains the difference).  The 勾稽 relation
    is checked for every column.
    """
    spec = report.spec
    issues: list[Issue] = []
    readable = _all_readable(report)
    for equation in spec.equations:
        if equation.rule == "balance":
            issue = _balance(report, equation, readable)
        else:
            issue = _total(report, equation, issues, readable)
        if issue is not None:
            issues.append(issue)
    return issues


def _total(report: Report, equation: Equation, found: list[Issue], readable: bool = False) -> Issue | None:
    key = equation.lhs[0]  # its total
    cell = report.cells[key]
    if not cell.given and equation.fills:  # computed, so it adds up
        return None
    spec = report.spec
    corner = False
    if not cell.given:
        row = [k for k in statute.find_row_cells(spec, key[:-1])]
        corner = any(report.cells[k].given for k in row)
        if not corner or any(i.subtype is Subtype.COLUMN_TOTAL for i in found):
            return None
    if not readable and unreadable(report, key, *equation.rhs):
        return None
    expected = _sum(report, equation.rhs)
    if cell.value == expected:
        return None
    label = statute.cell_label(spec, key)
    value, total = format_number(cell.value), format_number(expected)
    table = spec.table(key[0])
    if equation.rule == "column-total":
        subtype = Subtype.COLUMN_TOTAL
        if corner:
            message = (
                f"「{label}」按本行各列之和为 {value}，但（一）至（六）各项（含全部细项）的总计之和为 "
                f"{total}；请核对本行各列及（一）至（六）各行的总计"
            )
        else:
            message = f"「{label}」为 {value}，但（一）至（六）各项（含全部细项）之和为 {total}"
            key = _edited(report, key, [k for p in equation.rhs for k in _sources(report, p)], expected - cell.value)
    else:
        subtype = Subtype.ROW_TOTAL if equation.rule == "row-total" else Subtype.APPEAL_TOTAL
        message = f"「{label}」为 {value}，但{statute.parts_text(spec, table)}之和为 {total}"
    return _err(report, subtype, key, message)


def _edited(report: Report, default: Key, keys: list[Key], difference: Number) -> Key:
    """Where to report a column that does not add up: the one written, non-zero cell of the column
    among ``keys`` whose value is the ``difference`` (either sign) -- the row the clerk filled in
    without the others (``new`` writes every row as zeros) -- else ``default``."""
    found = [
        k
        for k in dict.fromkeys(keys)
        if k[-1] == default[-1] and report.cells[k].given and report.cells[k].value == abs(difference)
    ]
    return found[0] if len(found) == 1 and difference else default


def _balance(report: Report, equation: Equation, readable: bool = False) -> Issue | None:
    """表三, per column: 一 + 二 = 三（七）总计 + 四 (``readable``: :func:`_all_readable` of ``report``)."""
    spec = report.spec
    if not readable and unreadable(report, *equation.lhs, *equation.rhs):
        return None
    left, right = _sum(report, equation.lhs), _sum(report, equation.rhs)
    if left == right:
        return None
    terms = [*equation.lhs, *equation.rhs]
    # located at the row the clerk is most likely to have written: 结转, then （七）总计, then 新收
    key = next((k for k in (terms[3], terms[2]) if report.cells[k].given), terms[0])
    key = _edited(report, key, [k for t in terms for k in _sources(report, t)], left - right)

    def said(keys: tuple[Key, ...]) -> str:
        return " + ".join(f"{statute.row_name(spec, k[:-1])} {format_number(report.value(k))}" for k in keys)

    table = spec.table(key[0])
    column = next(c for c in table.columns if c.key == key[-1])
    message = (
        f"「{' / '.join(column.labels)}」列不满足勾稽关系（{statute.balance_text(table)}）："
        f"{said(equation.lhs)} = {format_number(left)}，而 {said(equation.rhs)} = {format_number(right)}"
    )
    return _err(report, Subtype.BALANCE, key, message)


def check_row_totals(report: Report) -> list[Issue]:
    """表三: each row's 总计 is the sum of its applicant columns."""
    return [i for i in check_equations(report) if i.subtype is Subtype.ROW_TOTAL]


def check_column_totals(report: Report) -> list[Issue]:
    """表三: each column's （七）总计 is the sum of （一）…（六） with every sub-row."""
    return [i for i in check_equations(report) if i.subtype is Subtype.COLUMN_TOTAL]


def check_balance(report: Report) -> list[Issue]:
    """表三, per column: 一 + 二 = 三（七）总计 + 四."""
    return [i for i in check_equations(report) if i.subtype is Subtype.BALANCE]


def check_appeal_totals(report: Report) -> list[Issue]:
    """表四: each 总计 is the sum of its four parts."""
    return [i for i in check_equations(report) if i.subtype is Subtype.APPEAL_TOTAL]


def _names(report: Report, keys: tuple[Key, ...]) -> str:
    """A column name, or several joined (「…与…之和」)."""
    names = [statute.column_label(report.spec, k) for k in keys]
    return names[0] if len(names) == 1 else "与".join(names) + "之和"


def check_cross_year(report: Report, previous: Report) -> list[Issue]:
    """The statute's relations between this year and last (:attr:`FormatSpec.cross_year`):
    上年结转 against last year's 结转下年度继续办理, and the stocks (a notice)."""
    spec = report.spec
    issues: list[Issue] = []
    if previous.year and report.year and previous.year != report.year - 1:
        issues.append(
            notice(
                Subtype.CARRY_OVER,
                f"上一年度报告的年度为 {previous.year}，而本报告为 {report.year} 年度",
                report.path,
                report.previous.data_line,
            )
        )
    last_cells = set(statute.cell_keys(previous.spec))
    readable = _all_readable(report) and _all_readable(previous)
    for relation in spec.cross_year:
        if not set(relation.last) <= last_cells:
            continue  # last year's format has no such cell
        if not readable and (
            unreadable(report, relation.this, *relation.plus, *relation.minus) or unreadable(previous, *relation.last)
        ):
            continue
        this = report.value(relation.this)
        last = _sum(previous, relation.last)
        expected = last + _sum(report, relation.plus) - _sum(report, relation.minus)
        if this == expected:
            continue
        label = statute.cell_label(spec, relation.this)
        if not relation.notice:
            issues.append(
                _err(
                    report,
                    Subtype.CARRY_OVER,
                    relation.this,
                    f"「{label}」为 {format_number(this)}，但上一年度报告"
                    f"「{statute.cell_label(previous.spec, relation.last[0])}」为 {format_number(last)}",
                )
            )
            continue
        change = "".join(f" + {statute.column_label(spec, k)}" for k in relation.plus) + "".join(
            f" − {statute.column_label(spec, k)}" for k in relation.minus
        )
        cell = report.cells[relation.this]
        issues.append(
            notice(
                Subtype.STOCK,
                f"「{label}」为 {format_number(this)}，按上年{_names(previous, relation.last)} "
                f"{format_number(last)}{change} 应为 {format_number(expected)}；如经过清理重新统计，可忽略此提示",
                report.path,
                report.line_of(relation.this),
                cell.column,
            )
        )
    return issues


def validate_file(
    path: str,
    root: str | None = None,
    allow_outside: bool = False,
    previous_path: str | None = None,
    *,
    policy: PathPolicy | None = None,
) -> tuple[Report | None, list[Issue]]:
    """Load a data file, and last year's if named, and apply every data rule.

    ``previous_path`` names last year's data when the file itself does not; files are
    read inside ``root`` (or as ``policy`` says).
    """
    policy = policy or PathPolicy(root, allow_outside)
    loaded = load_report(path, policy=policy)
    issues = list(loaded.issues)
    report = loaded.report
    if report is None:
        return None, issues
    previous = None
    line = report.previous.data_line or report.lines.get("year") or 1
    previous_path = report.previous.data or previous_path
    if previous_path and not policy.inside(previous_path):
        issues.append(error(Subtype.PATH, policy.refusal(f"上一年度报告数据「{previous_path}」"), path, line))
    elif previous_path:
        prev = load_report(previous_path, policy=policy)
        if prev.report is None:
            reason = prev.issues[0].message if prev.issues else "无法读取"
            issues.append(error(Subtype.FILE, f"上一年度报告数据无法读取（{previous_path}）：{reason}", path, line))
        elif not prev.ok:
            count = sum(1 for i in prev.issues if i.level is Level.ERROR)
            issues.append(
                error(
                    Subtype.FILE,
                    f"上一年度报告数据（{previous_path}）有 {count} 处错误，未做跨年度核对；请先修改该文件",
                    path,
                    line,
                )
            )
        else:
            previous = prev.report
    found = check_report(report, previous) + check_plausibility(report, previous)  # notices, not rules
    cause = [i for i in found if i.subtype is Subtype.FORMAT]
    if cause:  # the wrong format first: the table structure is read (and misread) by it
        issues = _blame_format(report, cause, issues)
    return report, cause + issues + [i for i in found if i.subtype is not Subtype.FORMAT]


#: The tables whose structure depends on the format version.
_TABLE_KEYS = ("active", "applications", "appeals")


def _blame_format(report: Report, cause: list[Issue], issues: list[Issue]) -> list[Issue]:
    """Say in ``cause`` and in each structural error of the tables that the format version explains them."""
    starts = sorted(line for name, line in report.lines.items() if "." not in name)
    ranges = []
    for name in _TABLE_KEYS:
        start = report.lines.get(name)
        if start is not None:
            ranges.append((start, min((line for line in starts if line > start), default=None)))

    def in_tables(issue: Issue) -> bool:
        line = issue.line or 0
        return any(start <= line and (end is None or line < end) for start, end in ranges)

    fmt = report.format
    structural = [i for i in issues if i.subtype is Subtype.SCHEMA and in_tables(i)]
    if not structural:
        return issues
    cause[0] = dataclasses.replace(
        cause[0],
        message=f"{cause[0].message}；其后 {len(structural)} 处表格结构错误是按 {fmt} 年格式读取数据所致，改正格式版本后会随之消失或改变",
    )
    suffix = f"（按 format: {fmt} 的表格结构读取；多半是格式版本设置错误所致，请先改正 format）"
    return [dataclasses.replace(i, message=i.message + suffix) if i in structural else i for i in issues]
