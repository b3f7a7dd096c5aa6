"""The example report's statutory tables in HTML, cell by cell, against the official template.

The expected labels, spans and header scopes are copied by hand from the format
reference (official-format.md §2.5 and §3.3), not derived from ``template.py``,
so that a mistake in the template data makes these tests fail.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOTS
from htmlgrid import HCell, body_values, matrix, report_tables, rows, soup
from sphinx.testing.util import SphinxTestApp


def th(scope: str, text: str, rowspan: int = 1, colspan: int = 1) -> HCell:
    return HCell("th", scope, text, rowspan, colspan)


def td(text: str, rowspan: int = 1, colspan: int = 1) -> HCell:
    return HCell("td", None, text, rowspan, colspan)


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEAD = [
    [td(NOTE, 3, 3), th("colgroup", "申请人情况", colspan=7)],
    [th("col", "自然人", rowspan=2), th("colgroup", "法人或其他组织", colspan=5), th("col", "总计", rowspan=2)],
    [th("col", t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
]

WITHHELD = (
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
)
UNAVAILABLE = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
NOT_PROCESSED = (
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
)
OTHER_2021 = (
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
)


def applications_labels(version: str) -> list[list[HCell]]:
    """The row-label cells of table 三's body rows, as written in HTML (covered cells omitted)."""
    result_rows = 22 if version == "2021" else 20
    out = [
        [th("row", "一、本年新收政府信息公开申请数量", colspan=3)],
        [th("row", "二、上年结转政府信息公开申请数量", colspan=3)],
        [th("rowgroup", "三、本年度办理结果", rowspan=result_rows), th("row", "（一）予以公开", colspan=2)],
        [th("row", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2)],
    ]
    groups = [("（三）不予公开", WITHHELD), ("（四）无法提供", UNAVAILABLE), ("（五）不予处理", NOT_PROCESSED)]
    if version == "2021":
        groups.append(("（六）其他处理", OTHER_2021))
    for group, items in groups:
        out.append([th("rowgroup", group, rowspan=len(items)), th("row", items[0])])
        out += [[th("row", item)] for item in items[1:]]
    if version == "2019":
        out.append([th("row", "（六）其他处理", colspan=2)])
    out.append([th("row", "（七）总计", colspan=2)])
    out.append([th("row", "四、结转下年度继续办理", colspan=3)])
    return out


OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
APPEALS_HEAD = [
    [th("colgroup", "行政复议", colspan=5), th("colgroup", "行政诉讼", colspan=10)],
    [th("col", t, rowspan=2) for t in OUTCOMES]
    + [th("colgroup", "未经复议直接起诉", colspan=5), th("colgroup", "复议后起诉", colspan=5)],
    [th("col", t) for t in OUTCOMES * 2],
]


def active_2021(values: list[str]) -> list[list[HCell]]:
    """Table 二 (2021) with the given numbers in reading order."""
    v = iter(values)
    item = th("col", "信息内容")
    one = th("col", "本年处理决定数量", colspan=3)
    return [
        [th("rowgroup", "第二十条第（一）项", colspan=4)],
        [item, th("col", "本年制发件数"), th("col", "本年废止件数"), th("col", "现行有效件数")],
        [th("row", "规章"), td(next(v)), td(next(v)), td(next(v))],
        [th("row", "行政规范性文件"), td(next(v)), td(next(v)), td(next(v))],
        [th("rowgroup", "第二十条第（五）项", colspan=4)],
        [item, one],
        [th("row", "行政许可"), td(next(v), colspan=3)],
        [th("rowgroup", "第二十条第（六）项", colspan=4)],
        [item, one],
        [th("row", "行政处罚"), td(next(v), colspan=3)],
        [th("row", "行政强制"), td(next(v), colspan=3)],
        [th("rowgroup", "第二十条第（八）项", colspan=4)],
        [item, th("col", "本年收费金额（单位：万元）", colspan=3)],
        [th("row", "行政事业性收费"), td(next(v), colspan=3)],
    ]


def active_2019(values: list[str]) -> list[list[HCell]]:
    """Table 二 (2019 试行) with the given numbers in reading order."""
    v = iter(values)
    item = th("col", "信息内容")
    projects = [th("col", "上一年项目数量"), th("col", "本年增/减"), th("col", "处理决定数量")]
    return [
        [th("rowgroup", "第二十条第（一）项", colspan=4)],
        [item, th("col", "本年新制作数量"), th("col", "本年新公开数量"), th("col", "对外公开总数量")],
        [th("row", "规章"), td(next(v)), td(next(v)), td(next(v))],
        [th("row", "规范性文件"), td(next(v)), td(next(v)), td(next(v))],
        [th("rowgroup", "第二十条第（五）项", colspan=4)],
        [item, *projects],
        [th("row", "行政许可"), td(next(v)), td(next(v)), td(next(v))],
        [th("row", "其他对外管理服务事项"), td(next(v)), td(next(v)), td(next(v))],
        [th("rowgroup", "第二十条第（六）项", colspan=4)],
        [item, *projects],
        [th("row", "行政处罚"), td(next(v)), td(next(v)), td(next(v))],
        [th("row", "行政强制"), td(next(v)), td(next(v)), td(next(v))],
        [th("rowgroup", "第二十条第（八）项", colspan=4)],
        [item, th("col", "上一年项目数量"), th("col", "本年增/减", colspan=2)],
        [th("row", "行政事业性收费"), td(next(v)), td(next(v), colspan=2)],
        [th("rowgroup", "第二十条第（九）项", colspan=4)],
        [item, th("col", "采购项目数量"), th("col", "采购总金额", colspan=2)],
        [th("row", "政府集中采购"), td(next(v)), td(next(v), colspan=2)],
    ]


def _build(src: Path, out: Path) -> Path:
    app = SphinxTestApp("html", srcdir=src, builddir=out)
    try:
        app.build()
        assert app.warning.getvalue() == ""
        return Path(app.outdir)
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def example_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("example") / "src"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    return _build(src, src / "_build") / "index.html"


@pytest.fixture(scope="module")
def multi_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("multi") / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    return _build(src, src / "_build")


# --- the example report (every number is 0) -------------------------------------------------


def test_example_has_the_three_tables_with_captions(example_html: Path) -> None:
    tables = report_tables(soup(example_html))
    assert sorted(tables) == ["三", "二", "四"]
    captions = {name: t.caption.get_text() for name, t in tables.items()}
    assert captions == {
        "二": "二、主动公开政府信息情况",
        "三": "三、收到和处理政府信息公开申请情况",
        "四": "四、政府信息公开行政复议、行政诉讼情况",
    }
    # Each caption repeats the section heading right above it: kept for screen readers, not shown twice.
    assert all(t.caption.get("class") == ["gov-report-caption-repeat"] for t in tables.values())


def test_example_table_2(example_html: Path) -> None:
    table = report_tables(soup(example_html))["二"]
    assert not table.find("thead")
    assert rows(table, "tbody") == active_2021(["0"] * 10)
    # one row group per 第二十条 item, its title heading the group
    assert [tb.th.get_text() for tb in table.find_all("tbody")] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]


def test_example_table_3(example_html: Path) -> None:
    table = report_tables(soup(example_html))["三"]
    assert rows(table, "thead") == APPLICANT_HEAD
    body = rows(table, "tbody")
    labels = applications_labels("2021")
    assert len(body) == 25
    assert [[c for c in r if c.tag == "th"] for r in body] == labels
    assert [[c for c in r if c.tag == "td"] for r in body] == [[td("0")] * 7] * 25
    assert len(matrix(rows(table, "thead") + body)[0]) == 10


def test_example_table_4(example_html: Path) -> None:
    table = report_tables(soup(example_html))["四"]
    assert rows(table, "thead") == APPEALS_HEAD
    assert rows(table, "tbody") == [[td("0")] * 15]


def test_example_tables_wrap_and_have_scroll_region(example_html: Path) -> None:
    page = soup(example_html)
    for table in report_tables(page).values():
        region = table.parent
        assert region.name == "div"
        assert "gov-report-scroll" in region["class"]
        assert region["role"] == "region"
        assert region["tabindex"] == "0"
        assert table.find_all(attrs={"nowrap": True}) == []
        assert all("nowrap" not in (c.get("style") or "") for c in table.find_all(["th", "td"]))
        widths = [col["style"] for col in table.colgroup.find_all("col")]
        assert len(widths) == len(matrix(rows(table, "thead") + rows(table, "tbody"))[0])
    css = (example_html.parent / "_static" / "gov_report.css").read_text(encoding="utf-8")
    assert "nowrap" not in css
    assert "overflow-x: auto" in css
    assert "white-space: normal" in css
    assert 'href="_static/gov_report.css' in example_html.read_text(encoding="utf-8")


def test_no_docutils_stub_cells(example_html: Path) -> None:
    page = soup(example_html)
    assert page.select("table.gov-report .stub") == []
    for table in report_tables(page).values():
        for data in table.find_all("td", class_="gov-data"):
            assert data.get_text().strip() != ""


# --- numbers land in the right cells (2021 and 2019 formats) ----------------------------------


def test_2021_numbers_in_their_cells(multi_html: Path) -> None:
    tables = report_tables(soup(multi_html / "a2021.html"))
    assert rows(tables["二"], "tbody") == active_2021(["1", "0", "5", "3", "1", "12", "120", "45", "2", "24252.311082"])
    assert rows(tables["三"], "thead") == APPLICANT_HEAD
    values = body_values(tables["三"], 3)
    assert values[("一、本年新收政府信息公开申请数量",)] == ["10", "2", "1", "0", "1", "0", "14"]
    assert values[("二、上年结转政府信息公开申请数量",)] == ["1", "0", "0", "0", "0", "0", "1"]
    r = "三、本年度办理结果"
    assert values[(r, "（一）予以公开")] == ["4", "1", "0", "0", "0", "0", "5"]
    assert values[(r, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")] == [
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "2",
    ]
    assert values[(r, "（三）不予公开", "1.属于国家秘密")] == ["1", "0", "0", "0", "0", "0", "1"]
    assert values[(r, "（三）不予公开", "4.保护第三方合法权益")] == ["0", "1", "0", "0", "0", "0", "1"]
    assert values[(r, "（四）无法提供", "1.本机关不掌握相关政府信息")] == ["1", "0", "1", "0", "0", "0", "2"]
    assert values[(r, "（五）不予处理", "2.重复申请")] == ["1", "0", "0", "0", "0", "0", "1"]
    assert values[(r, "（六）其他处理", OTHER_2021[1])] == ["0", "0", "0", "0", "1", "0", "1"]
    assert values[(r, "（六）其他处理", "3.其他")] == ["0"] * 7
    assert values[(r, "（七）总计")] == ["9", "2", "1", "0", "1", "0", "13"]
    assert values[("四、结转下年度继续办理",)] == ["2", "0", "0", "0", "0", "0", "2"]
    assert len(values) == 25
    assert rows(tables["四"], "thead") == APPEALS_HEAD
    assert [c.text for c in rows(tables["四"], "tbody")[0]] == (
        ["1", "1", "0", "1", "3", "0", "0", "1", "0", "1", "2", "0", "0", "0", "2"]
    )


def test_2019_format_tables(multi_html: Path) -> None:
    tables = report_tables(soup(multi_html / "b2019.html"))
    assert rows(tables["二"], "tbody") == active_2019(
        [
            "1",
            "1",
            "3",
            "2",
            "2",
            "10",
            "5",
            "1",
            "30",
            "2",
            "-1",
            "8",
            "3",
            "0",
            "12",
            "1",
            "0",
            "1",
            "4",
            "0",
            "6",
            "251000",
        ]
    )
    assert rows(tables["三"], "thead") == APPLICANT_HEAD
    body = rows(tables["三"], "tbody")
    assert len(body) == 23
    assert [[c for c in r if c.tag == "th"] for r in body] == applications_labels("2019")
    values = body_values(tables["三"], 3)
    assert values[("三、本年度办理结果", "（六）其他处理")] == ["1", "0", "0", "0", "0", "0", "1"]
    assert values[("三、本年度办理结果", "（七）总计")] == ["3", "0", "0", "0", "0", "0", "3"]
    assert rows(tables["四"], "thead") == APPEALS_HEAD


def test_table_options_caption_and_name(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    page = src / "c2022.rst"
    text = page.read_text(encoding="utf-8").replace(
        ".. gov-table:: 三",
        ".. gov-table:: applications\n   :caption: 表3　依申请公开情况\n   :name: table-3\n   :class: my-special\n\n见 :ref:`table-3`。",
    )
    page.write_text(text, encoding="utf-8")
    out = _build(src, src / "_build")
    html = soup(out / "c2022.html")
    table = report_tables(html)["三"]
    assert table.caption.get_text() == "表3　依申请公开情况"
    assert not table.caption.get("class")  # differs from the heading: shown
    assert table["class"] == ["gov-report", "gov-report-三", "my-special"]
    assert "table-3" in table["id"].split()
    assert html.find("a", href="#table-3") is not None


def test_numfig_numbers_the_captions(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + "\nnumfig = True\n", encoding="utf-8")
    page = src / "c2022.rst"
    text = page.read_text(encoding="utf-8").replace(
        ".. gov-table:: 三", ".. gov-table:: 三\n   :name: t3\n\n见 :numref:`t3`。"
    )
    page.write_text(text, encoding="utf-8")
    html = soup(_build(src, src / "_build") / "c2022.html")
    table = report_tables(html)["三"]
    number = table.caption.select_one("span.caption-number").get_text()
    assert re.fullmatch(r"表 \d+ ", number)
    assert table.caption.get_text() == number + "三、收到和处理政府信息公开申请情况"
    assert not table.caption.get("class")  # numbered: shown although it repeats the heading
    assert html.find("a", href="#t3").get_text() == number.strip()
