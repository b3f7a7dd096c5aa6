"""Plausibility notices: figures that are possible but worth a second look (never errors).

- a high share of 其他处理 (the 2019 notice asks the supervising offices to look into it);
- a main figure more than 3 times, or less than a third of, last year's (both at least 10);
- 行政复议 / 行政诉讼 in a year without any application;
- a 纠错率 (结果纠正 among the concluded cases) over 50%.
"""

from __future__ import annotations

from decimal import Decimal

from . import statute
from .diagnostics import Issue, Subtype, notice
from .model import Number, Report, format_number
from .statute import Key

#: 其他处理 above this share of （七）总计 (with at least :data:`OTHER_MIN` cases) is pointed out.
OTHER_SHARE = Decimal("0.2")
OTHER_MIN = 5
#: Year-on-year factor, and the smallest figures it applies to.
FACTOR = 3
FACTOR_MIN = 10
CORRECTION_RATE = Decimal("0.5")

MAIN_FIGURES: tuple[Key, ...] = (
    ("applications", "new", "total"),
    ("applications", "results", "total", "total"),
    ("appeals", "review", "total"),
    ("appeals", "direct_suit", "total"),
    ("appeals", "suit_after_review", "total"),
)


def _value(report: Report, key: Key) -> Number | None:
    return None if report.is_invalid(key) or key not in report.cells else report.cells[key].value


def _note(report: Report, key: Key, message: str) -> Issue:
    cell = report.cells.get(key)
    return notice(Subtype.PLAUSIBILITY, message, report.path, report.line_of(key), cell.column if cell else None)


def check_plausibility(report: Report, previous: Report | None = None) -> list[Issue]:
    """The plausibility notices of ``report`` (``previous``: last year's, for the year-on-year change)."""
    issues = []
    spec = report.spec
    done = _value(report, ("applications", "results", "total", "total"))
    other_keys = [
        ("applications", *r.key, "total") for r in spec.applications_rows if r.key[:2] == ("results", "other")
    ]
    others = [_value(report, k) for k in other_keys]
    if done and None not in others:
        other = sum(o for o in others if o is not None)
        if other >= OTHER_MIN and Decimal(other) / Decimal(done) > OTHER_SHARE:
            share = (Decimal(other) * 100 / Decimal(done)).quantize(Decimal("0.1"))
            issues.append(
                _note(
                    report,
                    other_keys[0],
                    f"「{statute.group_label(spec, 'applications', ('results', 'other'))}」为 {other} 件，"
                    f"占（七）总计 {done} 件的 {share}%；"
                    "原则上所有申请都应按法定方式处理，主管部门会关注“其他处理”偏高的情况，请核对并在正文说明",
                )
            )
    if previous is not None:
        for key in MAIN_FIGURES:
            now, last = _value(report, key), _value(previous, key)
            if now is None or last is None or now < FACTOR_MIN or last < FACTOR_MIN:
                continue
            if now > FACTOR * last or now * FACTOR < last:
                issues.append(
                    _note(
                        report,
                        key,
                        f"「{statute.cell_label(spec, key)}」为 {format_number(now)}，上一年度为 {format_number(last)}，"
                        f"变化超过 {FACTOR} 倍；请核对数字，并在正文说明原因",
                    )
                )
    received = [_value(report, ("applications", row, "total")) for row in ("new", "carried_over")]
    if None not in received and sum(r for r in received if r is not None) == 0:
        for row in ("review", "direct_suit", "suit_after_review"):
            key = ("appeals", row, "total")
            count = _value(report, key)
            if count:
                issues.append(
                    _note(
                        report,
                        key,
                        f"「{statute.cell_label(spec, key)}」为 {format_number(count)}，而本年没有新收或上年结转的政府信息公开申请；"
                        "如系以前年度申请引起的复议或诉讼，请在正文说明",
                    )
                )
    for row in ("review", "direct_suit", "suit_after_review"):
        total, pending, corrected = (_value(report, ("appeals", row, c)) for c in ("total", "pending", "corrected"))
        if total is None or pending is None or corrected is None:
            continue
        concluded = total - pending
        if concluded >= 2 and Decimal(corrected) / Decimal(concluded) > CORRECTION_RATE:
            key = ("appeals", row, "corrected")
            rate = (Decimal(corrected) * 100 / Decimal(concluded)).quantize(Decimal("0.1"))
            issues.append(
                _note(
                    report,
                    key,
                    f"「{statute.cell_label(spec, key)}」为 {format_number(corrected)}，占已审结的 {format_number(concluded)} 件的 {rate}%"
                    "（纠错率超过 50%）；请核对，并在第五部分说明改进措施",
                )
            )
    return issues
