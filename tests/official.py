"""The official wording and order of the statutory tables, typed in by hand.

Every label here is copied character for character from the format reference
(``/work/shared/reference/official-format.md`` §2.5 for the 2021 format, 国办公开办函〔2021〕30号,
and §3.3 for the 2019 试行 format, 国办公开办函〔2019〕60号), full-width punctuation included.
Nothing is derived from ``sphinx_gov_report``: a misprinted or reordered label in
``template.py`` must make the tests that use this module fail.

Next to the labels stand the data file's keys (as documented for users in ``docs/yaml.rst``),
so that a test can read its own YAML back in the official row and column order.
"""

from __future__ import annotations

from typing import NamedTuple

#: The six section headings of the template (both formats).
HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# ---------------------------------------------------------------- 表二 (主动公开)

#: The header of the first column of every block of table 二.
ITEM = "信息内容"


class ActiveBlock(NamedTuple):
    """One 第二十条 block of table 二: its title, value-column headers and (YAML key, row label) rows."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, str], ...]


ACTIVE_2021 = (
    ActiveBlock(
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
    ),
    ActiveBlock("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可"),)),
    ActiveBlock("第二十条第（六）项", ("本年处理决定数量",), (("penalty", "行政处罚"), ("coercion", "行政强制"))),
    ActiveBlock("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),)),
)

ACTIVE_2019 = (
    ActiveBlock(
        "第二十条第（一）项",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        (("regulations", "规章"), ("normative_documents", "规范性文件")),
    ),
    ActiveBlock(
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
    ),
    ActiveBlock(
        "第二十条第（六）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    ActiveBlock("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),)),
    ActiveBlock("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),)),
)

ACTIVE = {"2021": ACTIVE_2021, "2019": ACTIVE_2019}

# ---------------------------------------------------------------- 表三 (收到和处理申请)

#: The 勾稽 note in the corner of table 三 (identical in both formats).
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
NATURAL = "自然人"
ORGANISATIONS = "法人或其他组织"
ORGANISATION_KINDS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TOTAL = "总计"
#: The seven data columns of table 三, left to right: (YAML key, label).
APPLICANT_COLUMNS = (
    ("natural", NATURAL),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal", "法律服务机构"),
    ("other", "其他"),
    ("total", TOTAL),
)

NEW = "一、本年新收政府信息公开申请数量"
CARRIED_OVER = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
DISCLOSED = "（一）予以公开"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
WITHHELD_GROUP = "（三）不予公开"
UNAVAILABLE_GROUP = "（四）无法提供"
NOT_PROCESSED_GROUP = "（五）不予处理"
OTHER_GROUP = "（六）其他处理"
RESULTS_TOTAL = "（七）总计"
CARRIED_FORWARD = "四、结转下年度继续办理"

#: The sub-rows of each group: (YAML key, label).
WITHHELD = (
    ("state_secret", "1.属于国家秘密"),
    ("prohibited", "2.其他法律行政法规禁止公开"),
    ("three_security", "3.危及“三安全一稳定”"),
    ("third_party", "4.保护第三方合法权益"),
    ("internal", "5.属于三类内部事务信息"),
    ("process", "6.属于四类过程性信息"),
    ("enforcement_files", "7.属于行政执法案卷"),
    ("inquiry", "8.属于行政查询事项"),
)
UNAVAILABLE = (
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("unclear", "3.补正后申请内容仍不明确"),
)
NOT_PROCESSED = (
    ("complaint", "1.信访举报投诉类申请"),
    ("repeated", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("excessive", "4.无正当理由大量反复申请"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
#: 2021 only: （六）其他处理 has three sub-rows (in 2019 it is a single row).
OTHER_2021 = (
    ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
)


def labels(items: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The labels of (key, label) pairs."""
    return tuple(label for _key, label in items)


class AppRow(NamedTuple):
    """A data row of table 三: its YAML path under ``applications`` and its labels, outermost first."""

    key: tuple[str, ...]
    labels: tuple[str, ...]


def application_rows(version: str) -> tuple[AppRow, ...]:
    """The data rows of table 三, top to bottom: 25 (2021) or 23 (2019)."""
    groups = [("withheld", WITHHELD_GROUP, WITHHELD), ("unavailable", UNAVAILABLE_GROUP, UNAVAILABLE)]
    groups.append(("not_processed", NOT_PROCESSED_GROUP, NOT_PROCESSED))
    if version == "2021":
        groups.append(("other", OTHER_GROUP, OTHER_2021))
    rows = [
        AppRow(("new",), (NEW,)),
        AppRow(("carried_over",), (CARRIED_OVER,)),
        AppRow(("results", "disclosed"), (RESULTS, DISCLOSED)),
        AppRow(("results", "partial"), (RESULTS, PARTIAL)),
    ]
    for key, group, items in groups:
        rows += [AppRow(("results", key, k), (RESULTS, group, label)) for k, label in items]
    if version == "2019":
        rows.append(AppRow(("results", "other"), (RESULTS, OTHER_GROUP)))
    rows.append(AppRow(("results", "total"), (RESULTS, RESULTS_TOTAL)))
    rows.append(AppRow(("carried_forward",), (CARRIED_FORWARD,)))
    return tuple(rows)


# ---------------------------------------------------------------- 表四 (复议诉讼)

REVIEW = "行政复议"
SUIT = "行政诉讼"
DIRECT_SUIT = "未经复议直接起诉"
SUIT_AFTER_REVIEW = "复议后起诉"
#: The five columns of each of the three parts: (YAML key, label).
OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", TOTAL),
)
#: The three parts of table 四, left to right: (YAML key, labels outermost first).
APPEAL_PARTS = (
    ("review", (REVIEW,)),
    ("direct_suit", (SUIT, DIRECT_SUIT)),
    ("suit_after_review", (SUIT, SUIT_AFTER_REVIEW)),
)


def table_labels(version: str) -> tuple[str, ...]:
    """Every distinct label printed in tables 二, 三 and 四 of a format."""
    found = [ITEM]
    for block in ACTIVE[version]:
        found += [block.title, *block.columns, *labels(block.rows)]
    found += [NOTE, APPLICANTS, NATURAL, ORGANISATIONS, *ORGANISATION_KINDS, TOTAL]
    found += [label for row in application_rows(version) for label in row.labels]
    found += [REVIEW, SUIT, DIRECT_SUIT, SUIT_AFTER_REVIEW, *labels(OUTCOMES)]
    return tuple(dict.fromkeys(found))
