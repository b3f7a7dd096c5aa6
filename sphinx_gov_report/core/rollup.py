"""The 汇总 roll-up: a summary report whose tables are the cell-by-cell sum of its units' reports.

A summary data file names what it sums with ``sum_of`` (folders of unit data
files, or single files, relative to it).  Every cell of
:func:`~sphinx_gov_report.core.statute.all_cells` is summed — tables 三 and 四
entirely, table 二's columns (amounts as exact :class:`~decimal.Decimal`),
stocks (:attr:`~sphinx_gov_report.core.statute.FormatSpec.stock_columns`)
too.  Totals are the sums of the units' totals; the ordinary rules then check
that they equal the sums of their parts.  A figure the summary file states
itself is compared with the sum: a difference is an error at its YAML line
(a notice for stocks, which a 清理 may recount) naming the units that make it
up.  Each summed cell keeps its provenance (unit → value).  No Sphinx here.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from dataclasses import dataclass, field
from decimal import Decimal

from . import statute
from .diagnostics import Issue, Subtype, error, notice
from .model import Cell, Number, Report, format_number
from .paths import PathPolicy, check_inside
from .reader import load_report
from .rules import check_report, validate_file
from .statute import Key

#: How many contributing units a message lists at most.
LISTED = 8


@dataclass
class Unit:
    """One unit's report as summed: its name (the data file's stem), file and report."""

    name: str
    path: str
    report: Report


@dataclass
class Rollup:
    """The result: the summed report, its units, each cell's provenance and the problems found."""

    report: Report
    units: list[Unit] = field(default_factory=list)
    provenance: dict[Key, list[tuple[str, Number]]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def unit_name(path: str) -> str:
    """A unit's name: its data file's name without ``.yaml``."""
    return os.path.splitext(os.path.basename(path))[0]


def unit_files(folder: str) -> list[str]:
    """The unit data files of a folder (``*.yaml``, ``*.yml``), sorted by name."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        os.path.join(folder, n)
        for n in names
        if n.endswith((".yaml", ".yml")) and not n.startswith(".") and os.path.isfile(os.path.join(folder, n))
    ]


def resolve(summary: Report, root: str | None, allow_outside: bool) -> tuple[list[str], list[Issue]]:
    """The unit data files named by the summary's ``sum_of`` (folders expanded), and problems."""
    base = os.path.dirname(os.path.abspath(summary.path))
    line = summary.sum_of_line
    files: list[str] = []
    issues: list[Issue] = []
    for entry in summary.sum_of:
        full = os.path.normpath(os.path.join(base, entry))
        if not check_inside(full, root, allow_outside):
            issues.append(error(Subtype.PATH, f"汇总范围「{entry}」在文档源目录之外，已拒绝读取", summary.path, line))
        elif os.path.isdir(full):
            found = [f for f in unit_files(full) if os.path.abspath(f) != os.path.abspath(summary.path)]
            if not found:
                issues.append(
                    notice(Subtype.ROLLUP, f"汇总范围「{entry}」目录中还没有单位数据文件", summary.path, line)
                )
            files += found
        elif os.path.isfile(full):
            files.append(full)
        else:
            issues.append(
                error(Subtype.ROLLUP, f"汇总范围「{entry}」不存在（应为单位数据文件或其所在目录）", summary.path, line)
            )
    return list(dict.fromkeys(files)), issues


def total(parts: list[tuple[str, Number]], money: bool) -> Number:
    start: Number = Decimal(0) if money else 0
    return sum((v for _n, v in parts), start)


def _explain(parts: list[tuple[str, Number]], difference: Number) -> str:
    """The units whose figures make up ``difference`` (stated − sum): one unit, two, or the contributors."""
    wanted: Number = -difference if difference < 0 else difference
    nonzero = [(n, v) for n, v in parts if v]
    verb = "重复计入" if difference > 0 else "漏计"
    for name, value in nonzero:
        if value == wanted:
            return f"差额恰为「{name}」的 {format_number(value)}，可能{verb}了该单位"
    seen: dict[Number, str] = {}
    for name, value in nonzero:
        other = seen.get(wanted - value)  # counts with counts, amounts with amounts
        if other is not None:
            return f"差额恰为「{other}」与「{name}」之和，可能{verb}了这两个单位"
        seen.setdefault(value, name)
    listed = sorted(nonzero, key=lambda p: -p[1])[:LISTED]
    shown = "、".join(f"{n} {format_number(v)}" for n, v in listed)
    more = f"等 {len(nonzero)} 个单位" if len(nonzero) > LISTED else ""
    return f"各单位的数字为：{shown}{more}" if shown else "各单位此项均为 0"


def roll_up(summary: Report, units: list[Unit]) -> Rollup:
    """The summary with its tables summed from ``units`` (which must share one format version)."""
    result = Rollup(summary, units)
    if not units:
        return result
    formats: dict[str, list[str]] = {}
    for unit in units:
        formats.setdefault(unit.report.format, []).append(unit.name)
    if len(formats) > 1 or summary.format not in formats:
        groups = "；".join(f"{fmt} 年格式：{'、'.join(names[:LISTED])}" for fmt, names in sorted(formats.items()))
        result.issues.append(
            error(
                Subtype.ROLLUP,
                f"汇总的各单位报告格式版本不一致，无法逐项相加（本汇总为 {summary.format} 年格式；{groups}）",
                summary.path,
                summary.sum_of_line,
            )
        )
        return result
    spec = summary.spec
    cells: dict[Key, Cell] = {}
    line = summary.sum_of_line
    for key in statute.all_cells(spec):
        parts = [(u.name, u.report.value(key)) for u in units]
        result.provenance[key] = parts
        value = total(parts, key in spec.money_columns)
        stated = summary.cells.get(key)
        if stated is not None and stated.given and stated.value != value:
            label = statute.cell_label(spec, key)
            difference = stated.value - value
            message = (
                f"「{label}」填写为 {format_number(stated.value)}，但 {len(units)} 个单位之和为 "
                f"{format_number(value)}（相差 {format_number(difference)}）；{_explain(parts, difference)}"
            )
            if key in spec.stock_columns:
                result.issues.append(
                    notice(Subtype.ROLLUP, message + "；如经过清理重新统计，可忽略此提示", summary.path, stated.line)
                )
            else:
                result.issues.append(error(Subtype.ROLLUP, message, summary.path, stated.line, stated.column))
        where = stated.line if stated is not None and stated.given else line
        cells[key] = Cell(value, where, None, True)
    result.report = dataclasses.replace(summary, cells=cells, invalid=set())
    # totals are sums of the units' totals: check that they still equal the sums of their parts
    result.issues += check_report(result.report)
    return result


_cache: dict[tuple, Rollup] = {}
_lock = threading.Lock()


def _stamp(path: str) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, st.st_size, st.st_mtime_ns)


def summarize(path: str, root: str | None = None, allow_outside: bool = False) -> tuple[Rollup | None, list[Issue]]:
    """Load a summary data file, its units, and roll them up (``None`` when it cannot be read).

    Cached by the files' sizes and modification times, so that a document's
    directives, roles and downloads share one roll-up.
    """
    loaded = load_report(path, root, allow_outside)
    summary = loaded.report
    if summary is None or not summary.sum_of:
        return None, list(loaded.issues)
    files, issues = resolve(summary, root, allow_outside)
    key = (_stamp(path), root, allow_outside, tuple(_stamp(f) for f in files))
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit, list(hit.issues)
    issues = list(loaded.issues) + issues
    units: list[Unit] = []
    broken: list[str] = []
    for file in files:
        report, _found = validate_file(file, root, allow_outside)
        if report is None or not report.complete:
            broken.append(unit_name(file))
            continue
        units.append(Unit(unit_name(file), file, report))
    if broken:
        issues.append(
            error(
                Subtype.ROLLUP,
                f"{len(broken)} 个单位的数据文件有错误，未计入汇总：{'、'.join(broken)}；请先改正这些文件",
                path,
                summary.sum_of_line,
            )
        )
    if not summary.complete:
        result = Rollup(summary, units, issues=issues)
    else:
        result = roll_up(summary, units)
        result.issues = issues + result.issues
        if broken:
            result.report.complete = True  # the sum of the usable units is still shown
    with _lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = result
    return result, list(result.issues)


def effective_report(
    path: str, root: str | None = None, allow_outside: bool = False, *, policy: PathPolicy | None = None
) -> Report | None:
    """The report a page shows: the data file's, or for a 汇总 file (``sum_of``) the summed one."""
    if policy is not None:
        root, allow_outside = policy.root, policy.allow_outside
    report = load_report(path, root, allow_outside).report
    if report is not None and report.sum_of:
        rolled, _issues = summarize(path, root, allow_outside)
        return rolled.report if rolled is not None else report
    return report
