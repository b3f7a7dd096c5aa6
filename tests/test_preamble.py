"""The legal preamble: default wording with every slot, a project template, and switching it off."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

DEFAULT_2021 = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
    "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
    "（国办公开办函〔2021〕30号）要求编制，"
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。"
    "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
    "本报告的电子版可在测试市人民政府门户网站（www.example.gov.cn）下载。"
    "如对本报告有疑问，请与测试市测试局办公室联系（地址：测试市人民路1号，邮编：100001，"
    "电话：010-12345678，传真：010-12345679，电子邮箱：gk@example.gov.cn）。"
)

DEFAULT_2019 = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
    "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "（国办公开办函〔2019〕60号）要求编制，"
    "全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
    "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分。"
    "本报告中所列数据的统计期限自2020年1月1日起至2020年6月30日止。"
)


def preamble(outdir: Path, docname: str) -> list[str]:
    page = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return [p.get_text() for p in page.select("div.gov-report-preamble p")]


def first_paragraphs(outdir: Path, docname: str) -> list[str]:
    """The text of the first two paragraphs of the page body (preamble, then the report's prose)."""
    page = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    body = page.select_one("div.body") or page.select_one("[itemprop=articleBody]")
    return [p.get_text() for p in body.find_all("p")[:2]]


@pytest.mark.sphinx("html", testroot="preamble", srcdir="preamble-default")
def test_default_wording_fills_every_slot(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert preamble(app.outdir, "default") == [DEFAULT_2021]
    # the preamble is the report's first paragraph, right under the title
    assert first_paragraphs(app.outdir, "default") == [DEFAULT_2021, "正文第一段。"]


@pytest.mark.sphinx("html", testroot="preamble", srcdir="preamble-2019")
def test_default_wording_2019_custom_period_no_optional_slots(app) -> None:
    app.build()
    assert preamble(app.outdir, "y2019") == [DEFAULT_2019]


@pytest.mark.sphinx("html", testroot="preamble", srcdir="preamble-off")
def test_no_preamble_option(app) -> None:
    app.build()
    assert preamble(app.outdir, "off") == []
    assert first_paragraphs(app.outdir, "off")[0] == "正文第一段。"
    assert preamble(app.outdir, "default") == [DEFAULT_2021]


@pytest.mark.sphinx(
    "html", testroot="preamble", srcdir="preamble-config-off", confoverrides={"gov_report_preamble": False}
)
def test_preamble_switched_off_in_conf(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert preamble(app.outdir, "default") == []
    assert preamble(app.outdir, "y2019") == []


@pytest.mark.sphinx(
    "html",
    testroot="preamble",
    srcdir="preamble-template",
    confoverrides={"gov_report_preamble_template": "_templates/preamble.txt"},
)
def test_project_template(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert preamble(app.outdir, "default") == [
        "测试市测试局依据《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制2021年度报告，"
        "统计期限2021年1月1日至2021年12月31日。网站：测试市人民政府门户网站（www.example.gov.cn）；"
        "联系：测试市测试局办公室，地址：测试市人民路1号，邮编：100001，电话：010-12345678，传真：010-12345679，"
        "电子邮箱：gk@example.gov.cn。",
        "第二段：信息处理费12.50元，共6个部分，首部分为一、总体情况。",
    ]
    assert preamble(app.outdir, "off") == []


@pytest.mark.sphinx(
    "html",
    testroot="preamble",
    srcdir="preamble-broken",
    confoverrides={"gov_report_preamble_template": "_templates/broken.txt"},
)
def test_broken_template_is_a_located_warning(app) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "Traceback" not in warnings
    assert "broken.txt:2: WARNING: 前言模板语法错误" in warnings
    assert "[gov-report.preamble]" in warnings
    assert preamble(app.outdir, "default") == []


@pytest.mark.sphinx(
    "html",
    testroot="preamble",
    srcdir="preamble-missing",
    confoverrides={"gov_report_preamble_template": "_templates/nope.txt"},
)
def test_missing_template_is_a_warning(app) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "nope.txt:1: WARNING: 无法读取前言模板：不存在" in warnings
    assert "Traceback" not in warnings


@pytest.mark.sphinx(
    "html",
    testroot="preamble",
    srcdir="preamble-not-a-path",
    confoverrides={"gov_report_preamble_template": 5},
)
def test_template_setting_that_is_not_a_path_is_a_warning(app) -> None:
    app.build()  # no exception: a Chinese warning, and the setting counts as its default (built-in preamble)
    warnings = app.warning.getvalue()
    assert "gov_report_preamble_template 应为前言模板文件的路径（文字，相对于源目录），实际为「5」" in warnings
    assert "[gov-report.config]" in warnings
    assert preamble(app.outdir, "default")[0].startswith("本报告根据《中华人民共和国政府信息公开条例》")


def test_markup_in_metadata_is_not_interpreted(make_app, tmp_path: Path, rootdir: Path) -> None:
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-preamble", src)
    data = src / "data" / "full.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("测试市测试局办公室", "'**办公室** <b>x</b> `y`_'"), encoding="utf-8"
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    text = preamble(app.outdir, "default")[0]
    assert "请与**办公室** <b>x</b> `y`_联系" in text
    html = (app.outdir / "default.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;x&lt;/b&gt;" in html
