"""The data rules: each fires on a minimal wrong example (subtype, line, official labels) and stays
silent on the example report; cross-year checks end to end, including the incremental rebuild."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, sphinx_build

from sphinx_gov_report.diagnostics import Level
from sphinx_gov_report.rules import validate_file

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
    # the wrong 总计 also breaks the 总计 column's 勾稽 rule, and nothing else
    assert sorted({i.subtype.value for i in issues}) == ["balance", "row-total"]


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


def test_balance(tmp_path: Path) -> None:
    issues = check(
        tmp_path, "applications:\n  new: [2, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n"
    )
    assert [(i.subtype.value, i.line) for i in issues] == [("balance", 5), ("balance", 5)]
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
