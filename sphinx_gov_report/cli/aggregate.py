"""``sphinx-gov-report aggregate``: a 汇总 data file summed from unit data files or JSON exports.

The inputs are YAML data files (or folders of them) and JSON files in the
``export`` layout — ``sphinx-gov-report export --to json`` output, or the
``_gov_report/*.json`` downloads of another site — so a 市 sums its 县's sites
without rebuilding them.  The sums are those of :mod:`sphinx_gov_report.core.rollup`,
the same as a region build's 汇总 page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..core import export, statute
from ..core.diagnostics import Issue, Level, Subtype, error
from ..core.model import Cell, Report
from ..core.rollup import Unit, roll_up, unit_name
from ..core.rules import check_report, validate_file
from .common import UsageError
from .new import check_agency, meta_lines, table_lines


def report_from_record(rec: Any, source: str) -> tuple[Report | None, list[Issue]]:
    """A report from one ``export`` record (every cell present), checked like a data file."""
    if not isinstance(rec, dict) or rec.get("format") not in statute.FORMATS:
        return None, [error(Subtype.SCHEMA, "JSON 记录不是 sphinx-gov-report 导出的报告（缺少有效的 format）", source)]
    report = Report(path=source, format=str(rec["format"]), agency=str(rec.get("agency") or ""))
    year = rec.get("year")
    report.year = year if isinstance(year, int) else 0
    spec = report.spec
    issues: list[Issue] = []
    for key in statute.all_cells(spec):
        value: Any = rec
        for part in key:
            value = value.get(part) if isinstance(value, dict) else None
        label = statute.cell_label(spec, key)
        try:
            if key in spec.money_columns and isinstance(value, str):
                number: int | Decimal = Decimal(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                number = value
            else:
                raise InvalidOperation
        except InvalidOperation:
            issues.append(error(Subtype.VALUE, f"JSON 记录中「{label}」缺失或不是数字：{value!r}", source))
            continue
        report.cells[key] = Cell(number, None, None, True)
    if issues:
        return None, issues
    return report, check_report(report)


def load_units(paths: list[str]) -> tuple[list[Unit], list[Issue]]:
    """The units named on the command line (YAML files, folders, JSON exports)."""
    from .main import find_data_files

    units: list[Unit] = []
    issues: list[Issue] = []
    json_files = [p for p in paths if p.endswith(".json") and os.path.isfile(p)]
    others = [p for p in paths if p not in json_files]
    for path in find_data_files(others) if others else []:
        report, found = validate_file(path, None, True)
        issues += found
        if report is not None and report.complete:
            units.append(Unit(unit_name(path), path, report))
    for path in json_files:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            issues.append(error(Subtype.FILE, f"无法读取 JSON 文件：{exc}", path))
            continue
        if not isinstance(data, dict) or data.get("layout") != export.LAYOUT:
            issues.append(
                error(Subtype.SCHEMA, f"不是 sphinx-gov-report 导出的 JSON（layout 应为 {export.LAYOUT}）", path)
            )
            continue
        found_records = data.get("reports")
        records: list[Any] = found_records if isinstance(found_records, list) else []
        for index, rec in enumerate(records):
            where = f"{path}#{index + 1}"
            report, found = report_from_record(rec, where)
            issues += found
            if report is not None:
                name = report.agency or unit_name(str(rec.get("source") or path))
                units.append(Unit(name, where, report))
    return units, issues


def cmd_aggregate(args: argparse.Namespace) -> int:
    agency = (args.agency or "").strip()
    if not agency:
        raise UsageError("请用 --agency 指定汇总报告的机关名称（如“某某县人民政府”）/ --agency is required")
    check_agency(agency)
    units, issues = load_units(args.paths)
    errors = [i for i in issues if i.level is Level.ERROR]
    for issue in issues:
        print(issue.format(), file=sys.stderr)
    if not units:
        raise UsageError("没有可汇总的单位报告 / nothing to sum")
    years = sorted({u.report.year for u in units})
    year = args.year or (years[0] if len(years) == 1 else 0)
    if not year:
        raise UsageError(
            f"各单位报告的年度不一致（{'、'.join(map(str, years))}），请用 --year 指定 / --year is required"
        )
    if errors:
        print("单位报告有错误，未写出汇总数据 / the units' data has errors; nothing written", file=sys.stderr)
        return 1
    formats = sorted({u.report.format for u in units})
    summary = Report(path=args.output or "<stdout>", format=formats[0], agency=agency, year=year)
    result = roll_up(summary, units)
    problems = [i for i in result.issues if i.level is Level.ERROR]
    for issue in problems:
        print(issue.format(), file=sys.stderr)
    if problems:
        return 1
    _write(summary_yaml(result.report, [u.name for u in units]), args.output)
    print(f"已汇总 {len(units)} 份报告 / summed {len(units)} reports", file=sys.stderr)
    return 0


def summary_yaml(report: Report, names: list[str]) -> str:
    """The summed report as a data file (totals left to be computed, as in a clerk's file)."""
    spec = report.spec
    values = {key: report.value(key) for key in statute.all_cells(spec)}
    head = [
        f"# {report.agency}{report.year}年度政府信息公开工作年度报告 —— 汇总数据（sphinx-gov-report aggregate 生成）",
        f"# 由以下 {len(names)} 份报告逐项相加：{'、'.join(names)}",
        "",
    ]
    website = {"name": "", "url": ""}
    meta = meta_lines(spec, report.agency, report.year, website, [])
    return "\n".join(head) + meta + "\n" + table_lines(spec, values)


def _write(text: str, output: str | None) -> None:
    """Write ``output`` (never over an existing file) or standard output."""
    if not output:
        sys.stdout.write(text)
        return
    try:
        with open(output, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise UsageError(f"文件已存在，未覆盖 / refusing to overwrite: {output}") from None
