"""Printed blanks: a cell written blank (``~``, ``null``, a dash) stays blank, is warned at its line
naming the cell, is never computed, and no rule or total uses it; the 2019 上一年项目数量 chain."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import official as o
from bs4 import BeautifulSoup
from conftest import ROOTS, sphinx_build
from htmlgrid import report_tables

from sphinx_gov_report.core.diagnostics import Level, Subtype
from sphinx_gov_report.core.rules import validate_file

# lines:     1             2              3            4
HEAD = "format: 2021\nagency: 测试局\nyear: 2021\napplications:\n"
BODY = (
    "  new: [2, ~, 0, 0, 0, 0]\n"  # 5: 商业企业 printed blank; the row's 总计 left out
    "  carried_over: [0, 0, 0, 0, 0, 0, 0]\n"  # 6
    "  results:\n"  # 7
    "    disclosed: [2, 0, 0, 0, 0, 0, 2]\n"  # 8
    "  carried_forward: [0, 0, 0, 0, 0, —, 0]\n"  # 9: 其他 printed as a dash
)


def test_blank_cells_are_warned_kept_blank_and_left_out_of_the_rules(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(HEAD + BODY, encoding="utf-8")
    report, issues = validate_file(str(path), str(tmp_path))
    assert report is not None and report.complete  # the tables are still shown
    blanks = [i for i in issues if i.subtype is Subtype.BLANK]
    assert [(i.line, i.level) for i in blanks] == [(5, Level.ERROR), (9, Level.ERROR)]
    assert blanks[0].message.startswith(f"「{o.NEW} / 商业企业」留空了：法定表格不得留空")
    assert blanks[1].message.startswith(f"「{o.CARRIED_FORWARD} / 其他」留空了")
    assert report.is_blank(("applications", "new", "commercial"))
    # the row total is not computed from a blank: it is blank too
    assert report.is_blank(("applications", "new", "total"))
    # no rule on a blank cell (the 商业企业 and 其他 columns would not balance if blanks were 0)
    assert [i for i in issues if i.subtype is not Subtype.BLANK] == []


def test_blank_cells_render_blank_and_fail_w(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    (src / "data" / "report.yaml").write_text(HEAD.replace("year: 2021", "year: 2022") + BODY, encoding="utf-8")
    out = tmp_path / "html"
    result = sphinx_build(src, out, "-W", "--keep-going", "-D", "show_warning_types=1")
    assert result.returncode != 0
    assert "report.yaml:5: WARNING: 「一、本年新收政府信息公开申请数量 / 商业企业」留空了" in result.stderr
    assert "[gov-report.blank]" in result.stderr
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = report_tables(page)["三"]
    cell = table.find(attrs={"data-key": "applications.new.commercial"})
    total = table.find(attrs={"data-key": "applications.new.total"})
    natural = table.find(attrs={"data-key": "applications.new.natural"})
    assert (cell.get_text(), total.get_text(), natural.get_text()) == ("", "", "2")


def test_blank_cells_export_as_null(tmp_path: Path) -> None:
    from sphinx_gov_report.cli.main import main

    path = tmp_path / "r.yaml"
    path.write_text(HEAD + BODY, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["export", str(path), "--to", "json", "-o", str(out), "--skip-invalid"]) == 1
    # --skip-invalid leaves a report with errors out; the export record itself:
    from sphinx_gov_report.core import export

    report, _ = validate_file(str(path), str(tmp_path))
    record = export.record(report, "r.yaml")
    assert record["applications"]["new"]["commercial"] is None
    assert record["applications"]["new"]["natural"] == 2
    assert json.loads(export.to_json([record]))["reports"][0]["applications"]["new"]["total"] is None


def test_2019_projects_chain_is_checked_year_to_year(tmp_path: Path) -> None:
    """2019 表二: this year's 上一年项目数量 = last year's 上一年项目数量 + 本年增/减 (a notice)."""
    last = tmp_path / "2019.yaml"
    last.write_text('format: "2019"\nagency: 测试局\nyear: 2019\nactive:\n  licensing: [5, 2, 10]\n', encoding="utf-8")
    this = tmp_path / "2020.yaml"
    this.write_text(
        'format: "2019"\nagency: 测试局\nyear: 2020\nprevious: 2019.yaml\nactive:\n  licensing: [9, 0, 4]\n',
        encoding="utf-8",
    )
    _report, issues = validate_file(str(this), str(tmp_path))
    stock = [i for i in issues if i.subtype is Subtype.STOCK]
    assert len(stock) == 1 and stock[0].level is Level.NOTICE and stock[0].line == 6
    assert "上一年项目数量」为 9" in stock[0].message and "应为 7" in stock[0].message
    this.write_text(this.read_text(encoding="utf-8").replace("[9, 0, 4]", "[7, 0, 4]"), encoding="utf-8")
    assert [i for i in validate_file(str(this), str(tmp_path))[1] if i.subtype is Subtype.STOCK] == []


def test_a_group_written_as_one_row_is_counted_and_warned(tmp_path: Path) -> None:
    """A 2021 report printed with 2019's single-row （六）其他处理 (as hongze-2023/2024 are)."""
    path = tmp_path / "r.yaml"
    body = (
        "  new: [3, 0, 0, 0, 0, 0]\n"  # 5
        "  results:\n"  # 6
        "    other: [1, 0, 0, 0, 0, 0, 1]\n"  # 7
        "    disclosed: [2, 0, 0, 0, 0, 0]\n"  # 8
    )
    path.write_text(HEAD + body, encoding="utf-8")
    report, issues = validate_file(str(path), str(tmp_path))
    assert report is not None and report.complete
    assert [(i.subtype, i.line) for i in issues] == [(Subtype.OLD_ROW, 7)]
    assert "「三、本年度办理结果 / （六）其他处理」只写了一行（旧格式的写法）：已计入「3.其他」" in issues[0].message
    assert report.value(("applications", "results", "other", "other", "natural")) == 1
    assert report.value(("applications", "results", "total", "total")) == 3  # the checks see every number
