"""Reconciliation rules on the numbers of one report (and last year's).

These are the checks reviewers apply: every 总计, the 勾稽 rule of table 三,
table 四's totals, the format in force, and the cross-year carry-over.  Each
rule has its own :class:`~sphinx_gov_report.diagnostics.Subtype`.
"""

from __future__ import annotations

import dataclasses

from . import statute
from .diagnostics import Issue, Level, Subtype, error, notice
from .model import Report, format_number
from .plausibility import check_plausibility
from .reader import check_inside, load_report, result_rows
from .statute import Key, Row


def check_report(report: Report, previous: Report | None = None) -> list[Issue]:
    """All data rules for ``report``; ``previous`` is last year's report if known."""
    issues: list[Issue] = []
    issues += check_format(report)
    issues += check_row_totals(report)
    issues += check_column_totals(report)
    issues += check_balance(report)
    issues += check_appeal_totals(report)
    if previous is not None:
        issues += check_cross_year(report, previous)
        issues += check_projects(report, previous)
    issues += check_plausibility(report, previous)
    return issues


def _sources(report: Report, key: Key) -> list[Key]:
    """The written cells a value comes from: itself, or the parts of a computed total."""
    cell = report.cells.get(key)
    if cell is None or cell.given:
        return [key]
    spec = report.spec
    # the order of loader._fill_defaults: a row's 总计 (the corner cell too) comes from its row,
    # the other （七）总计 cells from their columns
    if key[-1] == "total" and key[0] in ("applications", "appeals"):
        columns = spec.applications_columns if key[0] == "applications" else spec.appeals_columns
        return [k for c in columns[:-1] for k in _sources(report, (*key[:-1], c.key))]
    if key[:3] == ("applications", "results", "total"):
        return [k for r in result_rows(spec) for k in _sources(report, ("applications", *r.key, key[-1]))]
    return [key]


def unreadable(report: Report, *keys: Key) -> bool:
    """Whether a rule on ``keys`` must be skipped because some of their data could not be read."""
    return any(report.is_invalid(k) for key in keys for k in _sources(report, key))


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


def _row_sums(report: Report, table: str, rows: tuple[Row, ...], subtype: Subtype, parts_text: str) -> list[Issue]:
    """Each written 总计 of ``table``'s rows against the sum of the row's other columns."""
    spec = report.spec
    columns = spec.applications_columns if table == "applications" else spec.appeals_columns
    parts = [c.key for c in columns[:-1]]
    issues = []
    for row in rows:
        key = (table, *row.key, "total")
        cell = report.cells[key]
        part_keys = [(table, *row.key, p) for p in parts]
        if not cell.given or unreadable(report, key, *part_keys):
            continue
        expected = sum(report.value(k) for k in part_keys)
        if cell.value != expected:
            message = (
                f"「{statute.cell_label(spec, key)}」为 {format_number(cell.value)}，"
                f"但{parts_text}之和为 {format_number(expected)}"
            )
            issues.append(_err(report, subtype, key, message))
    return issues


def check_row_totals(report: Report) -> list[Issue]:
    """表三: each row's 总计 is the sum of its six applicant columns."""
    rows = report.spec.applications_rows
    return _row_sums(report, "applications", rows, Subtype.ROW_TOTAL, "本行自然人与法人或其他组织各列")


def check_column_totals(report: Report) -> list[Issue]:
    """表三: each column's （七）总计 is the sum of （一）…（六） with every sub-row.

    A computed corner cell (（七）总计 / 总计, the sum of its row) is checked too when any cell of
    the （七）总计 row was written: it must then also be the sum of its column.  It is not reported
    again when a written cell of its row was already reported (that explains the difference).
    """
    spec = report.spec
    rows = result_rows(spec)
    row_given = any(report.cells[("applications", "results", "total", c.key)].given for c in spec.applications_columns)
    issues: list[Issue] = []
    for column in spec.applications_columns:
        key = ("applications", "results", "total", column.key)
        cell = report.cells[key]
        part_keys = [("applications", *r.key, column.key) for r in rows]
        corner = column.key == "total" and not cell.given and row_given
        if not (cell.given or corner) or (corner and issues) or unreadable(report, key, *part_keys):
            continue
        expected = sum(report.value(k) for k in part_keys)
        if cell.value == expected:
            continue
        label = statute.cell_label(spec, key)
        if corner:
            message = (
                f"「{label}」按本行各列之和为 {format_number(cell.value)}，但（一）至（六）各项（含全部细项）的总计之和为 "
                f"{format_number(expected)}；请核对本行各列及（一）至（六）各行的总计"
            )
        else:
            message = f"「{label}」为 {format_number(cell.value)}，但（一）至（六）各项（含全部细项）之和为 {format_number(expected)}"
        issues.append(_err(report, Subtype.COLUMN_TOTAL, key, message))
    return issues


def check_balance(report: Report) -> list[Issue]:
    """表三, per column: 一 + 二 = 三（七）总计 + 四."""
    spec = report.spec
    issues = []
    for column in spec.applications_columns:
        c = column.key
        terms = [("applications", row, c) for row in ("new", "carried_over", "carried_forward")]
        if unreadable(report, *terms, ("applications", "results", "total", c)):
            continue
        new = report.value(("applications", "new", c))
        carried = report.value(("applications", "carried_over", c))
        done = report.value(("applications", "results", "total", c))
        forward = report.value(("applications", "carried_forward", c))
        if new + carried != done + forward:
            key = ("applications", "new", c)  # located at the first written cell of the equation
            for candidate in (("applications", "carried_forward", c), ("applications", "results", "total", c), key):
                if report.cells[candidate].given:
                    key = candidate
                    break
            issues.append(
                _err(
                    report,
                    Subtype.BALANCE,
                    key,
                    f"「申请人情况 / {column.labels[-1]}」列不满足勾稽关系（第一项加第二项之和，等于第三项加第四项之和）："
                    f"一、本年新收 {format_number(new)} + 二、上年结转 {format_number(carried)} = {format_number(new + carried)}，"
                    f"而 三、本年度办理结果（七）总计 {format_number(done)} + 四、结转下年度继续办理 {format_number(forward)} = {format_number(done + forward)}",
                )
            )
    return issues


def check_appeal_totals(report: Report) -> list[Issue]:
    """表四: each 总计 is 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    rows = report.spec.appeals_rows
    return _row_sums(report, "appeals", rows, Subtype.APPEAL_TOTAL, "结果维持、结果纠正、其他结果、尚未审结")


def check_cross_year(report: Report, previous: Report) -> list[Issue]:
    """上年结转 against last year's 结转下年度继续办理; 现行有效件数 as a notice."""
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
    for column in spec.applications_columns:
        key = ("applications", "carried_over", column.key)
        last_key = ("applications", "carried_forward", column.key)
        if unreadable(report, key) or unreadable(previous, last_key):
            continue
        this = report.value(key)
        last = previous.value(last_key)
        if this != last:
            issues.append(
                _err(
                    report,
                    Subtype.CARRY_OVER,
                    key,
                    f"「{statute.cell_label(spec, key)}」为 {format_number(this)}，但上一年度报告"
                    f"「四、结转下年度继续办理 / {column.labels[-1]}」为 {format_number(last)}",
                )
            )
    if report.format == "2021" and previous.format == "2021":
        for row in ("regulations", "normative_documents"):
            key = ("active", row, "in_force")
            if unreadable(report, ("active", row, "issued")) or unreadable(previous, key):
                continue
            now = report.value(key)
            expected = (
                previous.value(key)
                + report.value(("active", row, "issued"))
                - report.value(("active", row, "repealed"))
            )
            if now != expected:
                cell = report.cells[key]
                issues.append(
                    notice(
                        Subtype.STOCK,
                        f"「{statute.cell_label(spec, key)}」为 {format_number(now)}，按上年现行有效件数 {format_number(previous.value(key))}"
                        f" + 本年制发件数 − 本年废止件数 应为 {format_number(expected)}；如经过清理重新统计，可忽略此提示",
                        report.path,
                        report.line_of(key),
                        cell.column,
                    )
                )
    return issues


#: 2019 表二 rows with 上一年项目数量 and 本年增/减.
PROJECT_ROWS = ("licensing", "other_services", "penalty", "coercion", "fees")


def check_projects(report: Report, previous: Report) -> list[Issue]:
    """2019 表二: 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减 (a notice: a 清理 may differ)."""
    if report.format != "2019" or previous.format != "2019":
        return []
    issues = []
    for row in PROJECT_ROWS:
        key = ("active", row, "previous")
        parts = [("active", row, "previous"), ("active", row, "change")]
        if key not in report.cells or not all(k in previous.cells for k in parts):
            continue
        if unreadable(report, key) or unreadable(previous, *parts):
            continue
        expected = previous.value(parts[0]) + previous.value(parts[1])
        now = report.value(key)
        if now != expected:
            issues.append(
                notice(
                    Subtype.PROJECTS,
                    f"「{statute.cell_label(report.spec, key)}」为 {format_number(now)}，按上一年度报告的上一年项目数量 "
                    f"{format_number(previous.value(parts[0]))} + 本年增/减 {format_number(previous.value(parts[1]))} 应为 "
                    f"{format_number(expected)}；如经过清理重新统计，可忽略此提示",
                    report.path,
                    report.line_of(key),
                    report.cells[key].column,
                )
            )
    return issues


def validate_file(
    path: str, root: str | None = None, allow_outside: bool = False, previous_path: str | None = None
) -> tuple[Report | None, list[Issue]]:
    """Load a data file, and last year's if named, and apply every data rule.

    ``previous_path`` names last year's data when the file itself does not.
    """
    loaded = load_report(path, root, allow_outside)
    issues = list(loaded.issues)
    report = loaded.report
    if report is None:
        return None, issues
    previous = None
    line = report.previous.data_line or report.lines.get("year") or 1
    previous_path = report.previous.data or previous_path
    if previous_path and not check_inside(previous_path, root, allow_outside):
        issues.append(
            error(
                Subtype.PATH,
                f"上一年度报告数据「{previous_path}」在文档源目录之外，已拒绝读取"
                "（如确需使用，请在 conf.py 中设置 gov_report_allow_outside_srcdir = True）",
                path,
                line,
            )
        )
    elif previous_path:
        prev = load_report(previous_path, root, allow_outside)
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
    found = check_report(report, previous)
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
