"""The example report's statutory tables in HTML, cell by cell, against the official template.

The expected labels come from ``official.py`` (typed in by hand from the format
reference, official-format.md §2.5 and §3.3), the spans and header scopes are written
out here; nothing is derived from ``template.py``, so that a mistake in the template
data makes these tests fail.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import official as o
import pytest
from conftest import EXAMPLE, ROOTS
from htmlgrid import HCell, body_values, matrix, report_tables, rows, soup
from sphinx.testing.util import SphinxTestApp


def th(scope: str, text: str, rowspan: int = 1, colspan: int = 1) -> HCell:
    return HCell("th", scope, text, rowspan, colspan)


def td(text: str, rowspan: int = 1, colspan: int = 1) -> HCell:
    return HCell("td", None, text, rowspan, colspan)


APPLICANT_HEAD = [
    [td(o.NOTE, 3, 3), th("colgroup", o.APPLICANTS, colspan=7)],
    [th("col", o.NATURAL, rowspan=2), th("colgroup", o.ORGANISATIONS, colspan=5), th("col", o.TOTAL, rowspan=2)],
    [th("col", t) for t in o.ORGANISATION_KINDS],
]
OTHER_2021 = o.labels(o.OTHER_2021)


def applications_labels(version: str) -> list[list[HCell]]:
    """The row-label cells of table 三's body rows, as written in HTML (covered cells omitted)."""
    result_rows = 22 if version == "2021" else 20
    out = [
        [th("row", o.NEW, colspan=3)],
        [th("row", o.CARRIED_OVER, colspan=3)],
        [th("rowgroup", o.RESULTS, rowspan=result_rows), th("row", o.DISCLOSED, colspan=2)],
        [th("row", o.PARTIAL, colspan=2)],
    ]
    groups = [(o.WITHHELD_GROUP, o.WITHHELD), (o.UNAVAILABLE_GROUP, o.UNAVAILABLE)]
    groups.append((o.NOT_PROCESSED_GROUP, o.NOT_PROCESSED))
    if version == "2021":
        groups.append((o.OTHER_GROUP, o.OTHER_2021))
    for group, pairs in groups:
        items = o.labels(pairs)
        out.append([th("rowgroup", group, rowspan=len(items)), th("row", items[0])])
        out += [[th("row", item)] for item in items[1:]]
    if version == "2019":
        out.append([th("row", o.OTHER_GROUP, colspan=2)])
    out.append([th("row", o.RESULTS_TOTAL, colspan=2)])
    out.append([th("row", o.CARRIED_FORWARD, colspan=3)])
    return out


OUTCOMES = o.labels(o.OUTCOMES)
APPEALS_HEAD = [
    [th("colgroup", o.REVIEW, colspan=5), th("colgroup", o.SUIT, colspan=10)],
    [th("col", t, rowspan=2) for t in OUTCOMES]
    + [th("colgroup", o.DIRECT_SUIT, colspan=5), th("colgroup", o.SUIT_AFTER_REVIEW, colspan=5)],
    [th("col", t) for t in OUTCOMES * 2],
]


def active_table(version: str, values: list[str]) -> list[list[HCell]]:
    """Table 二 with the given numbers in reading order.

    A block's title heads its row group (over all four columns), then its column headers under
    「信息内容」, then one row per item; values fill the value columns, the last one stretched
    over the columns the block does not use.
    """
    v = iter(values)
    out = []
    for block in o.ACTIVE[version]:
        *first, last = block.columns
        span = 4 - len(block.columns)  # the last value column spans the unused ones
        out.append([th("rowgroup", block.title, colspan=4)])
        out.append([th("col", o.ITEM), *(th("col", c) for c in first), th("col", last, colspan=span)])
        for _key, label in block.rows:
            cells = [td(next(v)) for _ in first]
            out.append([th("row", label), *cells, td(next(v), colspan=span)])
    assert next(v, None) is None, "more values than cells"
    return out


def active_2021(values: list[str]) -> list[list[HCell]]:
    return active_table("2021", values)


def active_2019(values: list[str]) -> list[list[HCell]]:
    return active_table("2019", values)


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


def test_amount_printed_as_written(tmp_path: Path) -> None:
    """An amount ending in 0 keeps its decimals: 120.50 (not 120.5), in table 二 and in the prose."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    data = src / "data" / "a2021.yaml"
    text = data.read_text(encoding="utf-8")
    assert text.count("fees: 24252.311082\n") == 1
    data.write_text(text.replace("fees: 24252.311082\n", "fees: 120.50\n"), encoding="utf-8")
    page = soup(_build(src, src / "_build") / "a2021.html")
    table = report_tables(page)["二"]
    assert rows(table, "tbody") == active_2021(["1", "0", "5", "3", "1", "12", "120", "45", "2", "120.50"])
    # the prose (a2021.rst: 行政事业性收费 :gov:`active.fees.amount` 万元): the role's span, not the table cell
    roles = [span.get_text() for span in page.select("span.gov-number")]
    assert "120.50" in roles and "120.5" not in roles


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
