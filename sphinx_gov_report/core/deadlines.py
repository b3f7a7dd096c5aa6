"""Publication deadlines by level (《条例》第四十九条 and the format notice's 「报告方式及时间」).

县级以上人民政府部门 and 乡镇 publish by 1月31日 (or an earlier date the 县 sets), the 县's
report by 2月20日, the 市's by 3月10日, the 省's by 3月31日, all of the year after the report's.
"""

from __future__ import annotations

import datetime as dt
import os

from .diagnostics import Issue, Subtype, error, notice
from .model import Report, format_date

#: (month, day) of the deadline for each level, in the year after the report's.
DEADLINES = {"部门": (1, 31), "乡镇": (1, 31), "县": (2, 20), "市": (3, 10), "省": (3, 31)}
BASIS = {
    "部门": "《中华人民共和国政府信息公开条例》第四十九条",
    "乡镇": "参照《中华人民共和国政府信息公开条例》第四十九条对部门的要求",
    "县": "年度报告格式通知：县级政府汇总所属部门和乡镇政府的年度报告，于2月20日前",
    "市": "年度报告格式通知：地市级政府汇总所属部门和县级政府年度报告，于3月10日前",
    "省": "年度报告格式通知：省级政府汇总所属部门和地市级政府年度报告，于3月31日前",
}
#: Days before the deadline from which a build reminds of it.
REMIND_DAYS = 7


def build_date() -> dt.date:
    """Today, or the date of ``SOURCE_DATE_EPOCH`` (reproducible builds) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def deadline(report: Report) -> dt.date | None:
    """The statutory deadline of ``report`` (``None`` when its level or year is not known)."""
    pub = report.publication
    if not pub.level or not report.year:
        return None
    month, day = DEADLINES[pub.level]
    statutory = dt.date(report.year + 1, month, day)
    if pub.deadline is not None and pub.level in ("部门", "乡镇") and pub.deadline < statutory:
        return pub.deadline
    return statutory


def deadline_line(report: Report) -> str | None:
    """「……年度报告的法定发布期限：2026年1月31日前（部门，依据……）」, printed by the build."""
    due = deadline(report)
    if due is None:
        return None
    pub = report.publication
    basis = "县级政府规定的期限" if pub.deadline == due and pub.level in ("部门", "乡镇") else BASIS[pub.level]
    return f"{report.agency}{report.year}年度报告的法定发布期限：{format_date(due)}前（{pub.level}，依据{basis}）"


def check_deadline(report: Report, today: dt.date) -> list[Issue]:
    """A warning when the publication date is past the deadline; a notice while it approaches."""
    due = deadline(report)
    if due is None:
        return []
    pub = report.publication
    if pub.published is not None:
        if pub.published > due:
            late = (pub.published - due).days
            return [
                error(
                    Subtype.DEADLINE,
                    f"发布日期 {format_date(pub.published)} 晚于法定发布期限 {format_date(due)}（{pub.level}）{late} 天；"
                    "逾期发布在评估中会扣分，请核对发布日期或尽早发布",
                    report.path,
                    pub.published_line,
                )
            ]
        return []
    left = (due - today).days
    line = pub.level_line
    if 0 <= left <= REMIND_DAYS:
        return [
            notice(
                Subtype.DEADLINE,
                f"距法定发布期限 {format_date(due)}（{pub.level}）还有 {left} 天；发布后请在 published: 中写明发布日期",
                report.path,
                line,
            )
        ]
    if left < 0 and today.year == report.year + 1:
        return [
            notice(
                Subtype.DEADLINE,
                f"已超过法定发布期限 {format_date(due)}（{pub.level}）{-left} 天，而数据中没有发布日期（published:）",
                report.path,
                line,
            )
        ]
    return []
