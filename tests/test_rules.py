"""The data rules: each fires on a minimal wrong example (subtype, line, official labels) and stays
silent on the example report; cross-year checks end to end, including the incremental rebuild."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, sphinx_build
from docutils import nodes

from sphinx_gov_report.core.diagnostics import Level
from sphinx_gov_report.core.grid import get_grid
from sphinx_gov_report.core.rules import validate_file
from sphinx_gov_report.ext.tables import generic_table, table_node

HEAD = "format: 2021\nagency: 测试局\nyear: 2021\n"  # lines 1-3
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def check(tmp_path: Path, body: str, name: str = "report.yaml", head: str = HEAD) -> list:
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    report, issues = validate_file(str(path), str(tmp_path))
    assert report is not None and report.complete
    return issues


def test_example_report_is_silent() -> None:
    report, issues = validate_file(str(EXAMPLE / "data" / "2021.yaml"), str(EXAMPLE))
    assert report is not None
    assert issues == []


def test_row_total(tmp_path: Path) -> None:
    issues = check(
        tmp_path,
        "applications:\n  new: [1, 0, 0, 0, 0, 0]\n  results:\n    withheld:\n"
        "      state_secret: [1, 0, 0, 0, 0, 0, 3]\n",
    )
    (issue,) = [i for i in issues if i.subtype.value == "row-total"]
    assert issue.line == 8
    assert issue.message == (
        "「三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密 / 总计」为 3，但本行自然人与法人或其他组织各列之和为 1"
    )
    # reported once: the computed （七）总计 / 总计 is the sum of the （七）总计 row, which the wrong
    # 总计 does not change, so the 勾稽 rule of the 总计 column still holds
    assert sorted({i.subtype.value for i in issues}) == ["row-total"]


def test_column_total(tmp_path: Path) -> None:
    issues = check(
        tmp_path,
        "applications:\n  new: [2, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n"
        "    partial: [1, 0, 0, 0, 0, 0]\n    total:\n      natural: 3\n",
    )
    (issue,) = [i for i in issues if i.subtype.value == "column-total"]
    assert issue.line == 10
    assert "「三、本年度办理结果 / （七）总计 / 自然人」为 3" in issue.message
    assert "（一）至（六）各项（含全部细项）之和为 2" in issue.message


def test_wrong_corner_cell(tmp_path: Path) -> None:
    """The corner 「（七）总计 / 总计」 written wrong: the column-total rule names it (so do the row and the 勾稽 rule)."""
    body = (
        "applications:\n  new: [1, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n"
        "    total: [1, 0, 0, 0, 0, 0, 2]\n"
    )
    issues = check(tmp_path, body)
    assert [(i.subtype.value, i.line) for i in issues] == [("row-total", 8), ("column-total", 8), ("balance", 8)]
    assert issues[1].message == (
        "「三、本年度办理结果 / （七）总计 / 总计」为 2，但（一）至（六）各项（含全部细项）之和为 1"
    )


def test_seventh_row_total_follows_its_row(tmp_path: Path) -> None:
    """（七）总计 written without its 总计: the corner is the sum of the row as published, and the
    column-total rule checks both the written cell and the corner."""
    body = (
        "applications:\n  new: [52, 7, 1, 0, 2, 1]\n  results:\n    disclosed: [40, 7, 1, 0, 2, 1]\n"
        "    partial: [12, 0, 0, 0, 0, 0]\n    total: [51, 7, 1, 0, 2, 1]\n"
    )
    path = tmp_path / "report.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    report, issues = validate_file(str(path), str(tmp_path))
    assert report is not None and report.complete
    # the published row adds up: 51 7 1 0 2 1 | 62
    node = generic_table(table_node(get_grid("2021", "三"), report, "三"))
    row = {
        e["gov_key"].rsplit(".", 1)[1]: int(e.astext())
        for e in node.findall(nodes.entry)
        if e.get("gov_key", "").startswith("applications.results.total.")
    }
    assert row == {"natural": 51, "commercial": 7, "research": 1, "nonprofit": 0, "legal": 2, "other": 1, "total": 62}
    # the corner differs from its column because of 自然人: reported once, at 自然人
    column = [i for i in issues if i.subtype.value == "column-total"]
    assert [(i.line, i.message) for i in column] == [
        (9, "「三、本年度办理结果 / （七）总计 / 自然人」为 51，但（一）至（六）各项（含全部细项）之和为 52"),
    ]
    assert sorted({i.subtype.value for i in issues}) == ["balance", "column-total"]


def test_computed_corner_checked_against_its_column(tmp_path: Path) -> None:
    """A wrong 总计 of a detail row: the computed corner (from the written （七）总计 row) is checked."""
    body = (
        "applications:\n  new: [1, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0, 3]\n"
        "    total: [1, 0, 0, 0, 0, 0]\n"
    )
    issues = check(tmp_path, body)
    assert [(i.subtype.value, i.line) for i in issues] == [("row-total", 7), ("column-total", 8)]
    assert issues[1].message == (
        "「三、本年度办理结果 / （七）总计 / 总计」按本行各列之和为 1，但（一）至（六）各项（含全部细项）的总计之和为 3；"
        "请核对本行各列及（一）至（六）各行的总计"
    )


def test_computed_corner_not_checked_without_seventh_row(tmp_path: Path) -> None:
    body = "applications:\n  new: [2, 1, 0, 0, 0, 0]\n  results:\n    disclosed: [2, 1, 0, 0, 0, 0]\n"
    assert check(tmp_path, body) == []


def test_balance(tmp_path: Path) -> None:
    issues = check(
        tmp_path, "applications:\n  new: [2, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n"
    )
    # 自然人: the one written cell that alone explains the difference of 1 (（一）予以公开, line 7);
    # 总计 (computed throughout): at 一、本年新收
    assert [(i.subtype.value, i.line) for i in issues] == [("balance", 7), ("balance", 5)]
    assert issues[0].message.startswith("「申请人情况 / 自然人」列不满足勾稽关系")
    assert "一、本年新收 2 + 二、上年结转 0 = 2" in issues[0].message
    assert "三、本年度办理结果（七）总计 1 + 四、结转下年度继续办理 0 = 1" in issues[0].message
    assert issues[1].message.startswith("「申请人情况 / 总计」列")


def test_balance_holds_with_carry_over(tmp_path: Path) -> None:
    body = (
        "applications:\n  new: [2, 1, 0, 0, 0, 0]\n  carried_over: [1, 0, 0, 0, 0, 0, 1]\n"
        "  results:\n    disclosed: [2, 0, 0, 0, 0, 0]\n    other:\n      other: [0, 1, 0, 0, 0, 0]\n"
        "    total: [2, 1, 0, 0, 0, 0, 3]\n  carried_forward: [1, 0, 0, 0, 0, 0, 1]\n"
    )
    assert check(tmp_path, body) == []


@pytest.mark.parametrize(
    ("row", "label"),
    [
        ("review", "行政复议 / 总计"),
        ("direct_suit", "行政诉讼 / 未经复议直接起诉 / 总计"),
        ("suit_after_review", "行政诉讼 / 复议后起诉 / 总计"),
    ],
)
def test_appeal_total(tmp_path: Path, row: str, label: str) -> None:
    issues = check(tmp_path, f"appeals:\n  {row}: [1, 2, 0, 0, 0]\n")
    assert [(i.subtype.value, i.line, i.column) for i in issues] == [("appeal-total", 5, len(row) + 18)]
    assert issues[0].message == f"「{label}」为 0，但结果维持、结果纠正、其他结果、尚未审结之和为 3"


def test_outdated_format(tmp_path: Path) -> None:
    issues = check(tmp_path, "", head="format: 2019\nagency: 测试局\nyear: 2022\n")
    assert [(i.subtype.value, i.line) for i in issues] == [("format", 1)]
    assert "2022年度报告应使用 2021 年修订的格式（国办公开办函〔2021〕30号）" in issues[0].message


def test_outdated_format_comes_before_the_errors_it_causes(tmp_path: Path) -> None:
    """A 2021-format file marked 2019: the format error first, and the structural errors blamed on it."""
    path = tmp_path / "report.yaml"
    path.write_text(
        "agency: 测试局\nyear: 2022\nactive:\n  licensing: 356\n  penalty: 12\napplications:\n"
        "  new: [1, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\nformat: 2019\n",
        encoding="utf-8",
    )
    _report, issues = validate_file(str(path), str(tmp_path))
    assert [(i.subtype.value, i.line) for i in issues] == [("format", 10), ("schema", 4), ("schema", 5)]
    assert issues[0].message.endswith(
        "请设置 format: 2021；其后 2 处表格结构错误是按 2019 年格式读取数据所致，改正格式版本后会随之消失或改变"
    )
    assert issues[1].message == (
        "「二、主动公开政府信息情况 / 第二十条第（五）项 / 行政许可」应为一行 3 个数字，如 [0, 0, 0]"
        "（按 format: 2019 的表格结构读取；多半是格式版本设置错误所致，请先改正 format）"
    )


def test_structural_errors_not_blamed_on_a_right_format(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(HEAD + "active:\n  licensing: [1, 2]\n", encoding="utf-8")
    _report, issues = validate_file(str(path), str(tmp_path))
    assert [(i.subtype.value, i.line) for i in issues] == [("schema", 5)]
    assert "format" not in issues[0].message


@pytest.mark.parametrize(
    ("period", "line", "message"),
    [
        (
            "{start: 2021-12-31, end: 2021-01-01}",
            4,
            "「统计期限」的止日 2021-01-01 早于起日 2021-12-31；"
            "2021年度报告的统计期限应为 2021-01-01 至 2021-12-31（在 2021 年内）",
        ),
        (
            "\n  start: 2020-01-01\n  end: 2020-12-31",
            5,
            "「统计期限 / 起」为 2020-01-01，不在报告年度 2021 年内；"
            "2021年度报告的统计期限应为 2021-01-01 至 2021-12-31（在 2021 年内）",
        ),
    ],
    ids=["reversed", "other-year"],
)
def test_period(tmp_path: Path, period: str, line: int, message: str) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(HEAD + f"period: {period}\n", encoding="utf-8")
    report, issues = validate_file(str(path), str(tmp_path))
    assert report is not None and not report.complete  # no preamble with a wrong period
    first = issues[0]
    assert (first.subtype.value, first.line, first.message) == ("value", line, message)
    assert [i.subtype.value for i in issues] == ["value"] * len(issues)  # one per date outside the year


def test_period_inside_the_year_is_fine(tmp_path: Path) -> None:
    assert check(tmp_path, "period: {start: 2021-03-01, end: 2021-12-31}\n") == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("new: [52，8，1，0，2，1]", "使用了全角逗号「，」分隔数字，请改为半角逗号「,」，写作 [52, 8, 1, 0, 2, 1]"),
        ("new: 52，8，1，0，2，1", "使用了全角逗号「，」分隔数字，请改为半角逗号「,」，写作 [52, 8, 1, 0, 2, 1]"),
        ("new: [52、8、1、0、2、1]", "使用了顿号「、」分隔数字，请改为半角逗号「,」，写作 [52, 8, 1, 0, 2, 1]"),
        ("new: [52，8, 1, 0, 2, 1]", "使用了全角逗号「，」分隔数字，请改为半角逗号「,」，写作 [52, 8, 1, 0, 2, 1]"),
    ],
)
def test_fullwidth_commas(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(HEAD + f"applications:\n  {row}\n", encoding="utf-8")
    _report, issues = validate_file(str(path), str(tmp_path))
    assert [(i.subtype.value, i.line, i.message) for i in issues] == [
        ("value", 5, f"「一、本年新收政府信息公开申请数量」{message}")
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("processing_fee: 1，234.5\n", "「信息处理费（元）」的数字「1，234.5」请不要使用千位分隔符，写作 1234.5"),
        (
            "active:\n  licensing: 3，5\n",
            "「二、主动公开政府信息情况 / 第二十条第（五）项 / 行政许可」只能填一个数字，实际为「3，5」"
            "（用全角逗号「，」分隔了几个数字）；请只填一个数字",
        ),
    ],
    ids=["thousands", "one-column-row"],
)
def test_fullwidth_commas_in_one_number(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    _report, issues = validate_file(str(path), str(tmp_path))
    assert [(i.subtype.value, i.message) for i in issues] == [("value", message)]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "aplications:\n  new: [1, 0, 0, 0, 0, 0]\n",
            4,
            "「报告数据」下有未知的键「aplications」；是否应为「applications」（三、收到和处理政府信息公开申请情况）？",
        ),
        (
            "applications:\n  results:\n    unavailable: {not_hold: [1, 0, 0, 0, 0, 0]}\n",
            6,
            "「三、本年度办理结果 / （四）无法提供」下有未知的键「not_hold」；是否应为「not_held」（1.本机关不掌握相关政府信息）？",
        ),
        (
            "applications:\n  results:\n    unavalable: {}\n",
            6,
            "「三、本年度办理结果」下有未知的键「unavalable」；是否应为「unavailable」（（四）无法提供）？",
        ),
        (
            "applications:\n  new: {natual: 1}\n",
            5,
            "「一、本年新收政府信息公开申请数量」下有未知的列「natual」；是否应为「natural」（自然人）？",
        ),
        (
            "active:\n  licencing: 3\n",
            5,
            "「二、主动公开政府信息情况」下有未知的键「licencing」；是否应为「licensing」（第二十条第（五）项 / 行政许可）？",
        ),
        (
            "appeals:\n  review: {uphold: 1}\n",
            5,
            "「行政复议」下有未知的列「uphold」；是否应为「upheld」（结果维持）？",
        ),
        (
            "contact: {phon: '1'}\n",
            4,
            "「联系方式」下有未知的键「phon」；是否应为「phone」（电话）？",
        ),
        (
            "period: {begin: 2021-01-01}\n",
            4,
            "「统计期限」下有未知的键「begin」；可用的键：start（起）、end（止）",
        ),
    ],
    ids=["top", "group-row", "group", "column", "active", "appeals", "contact", "no-guess"],
)
def test_unknown_key_named_by_official_labels(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    _report, issues = validate_file(str(path), str(tmp_path))
    assert [(i.subtype.value, i.line, i.message) for i in issues] == [("schema", line, message)]


def test_rules_skip_unreadable_cells(tmp_path: Path) -> None:
    """A cell that cannot be read is reported once, not again by every total it belongs to."""
    path = tmp_path / "r.yaml"
    path.write_text(
        HEAD + "applications:\n  new: [1, x, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n",
        encoding="utf-8",
    )
    report, issues = validate_file(str(path), str(tmp_path))
    assert report is not None and not report.complete
    assert [i.subtype.value for i in issues] == ["value"]


# -- cross-year --------------------------------------------------------------

LAST = (
    "format: 2021\nagency: 测试局\nyear: 2020\nactive:\n  regulations: [1, 0, 10]\n"
    "applications:\n  new: [3, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n"
    "  carried_forward: [2, 0, 0, 0, 0, 0]\n"
)


def test_carry_over_and_stock(tmp_path: Path) -> None:
    (tmp_path / "2020.yaml").write_text(LAST, encoding="utf-8")
    body = (
        "previous: {data: 2020.yaml}\nactive:\n  regulations: [2, 1, 12]\n"
        "applications:\n  new: [1, 0, 0, 0, 0, 0]\n  carried_over: [1, 0, 0, 0, 0, 0]\n"
        "  results:\n    disclosed: [2, 0, 0, 0, 0, 0]\n"
    )
    issues = check(tmp_path, body)
    errors = [(i.subtype.value, i.line) for i in issues if i.level is Level.ERROR]
    assert errors == [("carry-over", 9), ("carry-over", 9)]
    assert issues[0].message == (
        "「二、上年结转政府信息公开申请数量 / 自然人」为 1，但上一年度报告「四、结转下年度继续办理 / 自然人」为 2"
    )
    (stock,) = [i for i in issues if i.level is Level.NOTICE]
    assert (stock.subtype.value, stock.line) == ("stock", 6)
    assert "「二、主动公开政府信息情况 / 第二十条第（一）项 / 规章 / 现行有效件数」为 12" in stock.message
    assert "应为 11" in stock.message and "可忽略此提示" in stock.message


def _cross_year_project(tmp_path: Path, via_conf: bool) -> Path:
    src = tmp_path / "src"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    with (src / "conf.py").open("a", encoding="utf-8") as fh:
        fh.write("\nshow_warning_types = True\n")  # the default only from Sphinx 8
    (src / "data" / "2020.yaml").write_text(LAST.replace("测试局", "富阳区人民政府春江街道办事处"), encoding="utf-8")
    if via_conf:
        with (src / "conf.py").open("a", encoding="utf-8") as fh:
            fh.write('\ngov_report_previous = {"data/2021.yaml": "data/2020.yaml"}\n')
    else:
        data = src / "data" / "2021.yaml"
        data.write_text(data.read_text(encoding="utf-8") + "\nprevious:\n  data: 2020.yaml\n", encoding="utf-8")
    return src


@pytest.mark.parametrize("via_conf", [False, True], ids=["yaml", "conf"])
def test_cross_year_end_to_end(tmp_path: Path, via_conf: bool) -> None:
    src = _cross_year_project(tmp_path, via_conf)
    out = tmp_path / "out"
    first = sphinx_build(src, out, "-W", "--keep-going")
    warnings = _ANSI.sub("", first.stderr)
    assert first.returncode != 0
    assert "Traceback" not in warnings
    carry = [line for line in warnings.splitlines() if "[gov-report.carry-over]" in line]
    assert len(carry) == 2  # 自然人 and 总计: last year carried 2 forward, this year 0 carried over
    assert all(f"{src / 'data' / '2021.yaml'}:" in line for line in carry)
    assert "上一年度报告「四、结转下年度继续办理 / 自然人」为 2" in carry[0]
    assert "2 个错误，1 个提示" in _ANSI.sub("", first.stdout)  # the 现行有效件数 notice

    # fix last year's data: this year's page is rebuilt and the build is clean
    last = src / "data" / "2020.yaml"
    last.write_text(
        last.read_text(encoding="utf-8")
        .replace("carried_forward: [2, 0, 0, 0, 0, 0]", "carried_forward: [0, 0, 0, 0, 0, 0]")
        .replace("new: [3, 0", "new: [1, 0")
        .replace("regulations: [1, 0, 10]", "regulations: [0, 0, 0]"),
        encoding="utf-8",
    )
    second = sphinx_build(src, out, "-W", "--keep-going")
    assert second.returncode == 0, second.stderr
    status = _ANSI.sub("", second.stdout)
    assert re.search(r"0 added, 1 changed, 0 removed", status), status
    assert "0 个错误，0 个提示" in status


def test_suppress_one_rule(tmp_path: Path) -> None:
    src = _cross_year_project(tmp_path, via_conf=True)
    with (src / "conf.py").open("a", encoding="utf-8") as fh:
        fh.write('suppress_warnings = ["gov-report.carry-over"]\n')
    result = sphinx_build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    assert "0 个错误，1 个提示" in _ANSI.sub("", result.stdout)
