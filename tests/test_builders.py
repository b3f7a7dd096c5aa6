"""Other builders: text gets a readable generic table; singlehtml and epub use the HTML renderer."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from xml.dom import minidom
from xml.etree import ElementTree

import official as o
import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS
from htmlgrid import body_values, report_tables, rows
from sphinx.testing.util import SphinxTestApp


def _build(builder: str, tmp_path: Path, **conf: object) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    app = SphinxTestApp(builder, srcdir=src, confoverrides={"version": "1", "copyright": "2026", **conf})
    try:
        app.build()
        assert app.warning.getvalue() == ""  # no warning at all, from us or from the writer
        return Path(app.outdir)
    finally:
        app.cleanup()


def _text_rows(text: str, first_label: str) -> list[str]:
    """The grid lines of the text table that contains ``first_label``."""
    start = text.index(first_label)
    block = text[text.rfind("\n\n", 0, start) : text.find("\n\n", start)]
    return [line for line in block.splitlines() if line.startswith(("|", "+"))]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip("|").split("|")]


def test_text_tables_read_correctly(tmp_path: Path) -> None:
    text = (_build("text", tmp_path) / "a2021.txt").read_text(encoding="utf-8")
    # 表三: each data row on one line, its numbers in the official column order
    line = next(x for x in _text_rows(text, "一、本年新收政府信息公开申请数量") if "一、本年新收" in x)
    assert _cells(line)[-7:] == ["10", "2", "1", "0", "1", "0", "14"]
    total = next(x for x in _text_rows(text, "（七）总计") if "（七）总计" in x)
    assert _cells(total)[-7:] == ["9", "2", "1", "0", "1", "0", "13"]
    for label in (
        "（本列数据的勾稽关系为：第一项加第二",
        "申请人情况",
        "法人或其他组织",
        "四、结转下年度继续办理",
        "5.要求行政机关确认",
    ):
        assert label in text, label
    # 表二: amounts exact, merged value columns
    fee = next(x for x in _text_rows(text, "第二十条第（八）项") if "24252.311082" in x)
    assert _cells(fee)[-1] == "24252.311082"
    # 表四: the numbers in the order of the header
    appeals = _text_rows(text, "| 行政复议")
    numbers = [x for x in appeals if re.fullmatch(r"\|( [0-9]+ +\|)+", x)]
    assert [c for c in _cells(numbers[0])] == [
        "1",
        "1",
        "0",
        "1",
        "3",
        "0",
        "0",
        "1",
        "0",
        "1",
        "2",
        "0",
        "0",
        "0",
        "2",
    ]
    # header labels come before the separator of the body (=== line)
    head_end = next(i for i, x in enumerate(appeals) if x.startswith("|==="))
    assert any("未经复议直接起诉" in x for x in appeals[:head_end])


def test_singlehtml_uses_scoped_headers(tmp_path: Path) -> None:
    page = BeautifulSoup((_build("singlehtml", tmp_path) / "index.html").read_text(encoding="utf-8"), "html.parser")
    tables = page.select("table.gov-report")
    assert len(tables) == 7  # 二三四 (2021) + 二三四 (2019) + 三 (2022)
    assert page.select("table.gov-report .stub") == []
    values = body_values(report_tables(page)["三"], 3)  # the last 表三 on the page: c2022
    assert values[("一、本年新收政府信息公开申请数量",)] == ["7", "0", "0", "0", "0", "0", "7"]
    assert all(t.caption for t in tables)
    assert all(t.find("th", scope="row") for t in tables if "gov-report-四" not in t["class"])


def test_epub_is_well_formed_and_carries_the_css(tmp_path: Path) -> None:
    out = _build("epub", tmp_path)
    xhtml = out / "a2021.xhtml"
    minidom.parse(str(xhtml))  # well-formed XHTML despite our own table markup
    page = BeautifulSoup(xhtml.read_text(encoding="utf-8"), "html.parser")
    table = report_tables(page)["三"]
    assert rows(table, "thead")[0][1].text == "申请人情况"
    assert (out / "_static" / "gov_report.css").exists()
    assert 'href="_static/gov_report.css"' in (out / "content.opf").read_text(encoding="utf-8")
    books = list(out.glob("*.epub"))
    assert len(books) == 1
    with zipfile.ZipFile(books[0]) as book:
        assert "_static/gov_report.css" in book.namelist()


def _output_text(builder: str, out: Path, docname: str) -> str:
    """The text of a document as one builder wrote it (man and texinfo: the whole book, one file)."""
    if builder == "dirhtml":
        page = out / docname / "index.html"
        return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text("\n")
    if builder == "xml":
        return "\n".join(ElementTree.parse(out / f"{docname}.xml").getroot().itertext())
    if builder == "pseudoxml":
        lines = (out / f"{docname}.pseudoxml").read_text(encoding="utf-8").splitlines()
        return "\n".join(line for line in lines if not line.lstrip().startswith("<"))
    (book,) = out.glob("*.1" if builder == "man" else "*.texi")
    return book.read_text(encoding="utf-8")


def _numbers_after(text: str, label: str, count: int) -> list[str]:
    """The first ``count`` numbers after the first ``label``: the data of that table row."""
    rest = text[text.index(label) + len(label) :]
    return [t for t in rest.split() if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", t)][:count]


@pytest.mark.parametrize("builder", ["dirhtml", "man", "xml", "texinfo", "pseudoxml"])
def test_other_builders_write_the_tables(builder: str, tmp_path: Path) -> None:
    """Every official label of both formats, and table 三's numbers row by row, in each builder's output."""
    out = _build(builder, tmp_path)
    for docname, version, new, total in (
        ("a2021", "2021", ["10", "2", "1", "0", "1", "0", "14"], ["9", "2", "1", "0", "1", "0", "13"]),
        ("b2019", "2019", ["3", "0", "0", "0", "0", "0", "3"], ["3", "0", "0", "0", "0", "0", "3"]),
    ):
        text = _output_text(builder, out, docname)
        assert [label for label in o.table_labels(version) if label not in text] == []
        if builder in ("man", "texinfo") and docname != "a2021":
            continue  # one file for the whole project: its first table 三 is a2021's
        assert _numbers_after(text, o.NEW, 7) == new
        assert _numbers_after(text, o.RESULTS_TOTAL, 7) == total


def test_singlehtml_carries_the_css(tmp_path: Path) -> None:
    out = _build("singlehtml", tmp_path)
    assert 'href="_static/gov_report.css' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "_static" / "gov_report.css").read_text(encoding="utf-8").startswith("/* sphinx-gov-report")


def test_man_page_has_one_cell_per_slot(tmp_path: Path) -> None:
    """Man pages cannot merge cells: every row carries its own labels (the merged ones repeated)."""
    out = _build("man", tmp_path)
    page = next(out.glob("*.1")).read_text(encoding="utf-8")
    assert page.count("三、本年度办理结果") == 22 * 2 + 20  # 表三 of the two 2021 reports, and of the 2019 one
    assert page.count("（三）不予公开") == 8 * 3
    assert "1.属于国家秘密" in page


def test_xml_output_has_no_parse_state(tmp_path: Path) -> None:
    out = _build("xml", tmp_path)
    document = (out / "a2021.xml").read_text(encoding="utf-8")
    assert "<table" in document
    assert "gov_report" not in document.split(">", 2)[1]  # the <document ...> start tag
    assert not re.search(r'gov_report(_data|_root|_outside|_attempted)?="', document)
