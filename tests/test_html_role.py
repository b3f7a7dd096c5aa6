"""The ``gov`` role puts numbers from the data into the prose."""

from __future__ import annotations

from pathlib import Path

import pytest
from htmlgrid import soup


@pytest.mark.sphinx("html", testroot="multi", srcdir="role-values")
def test_role_inserts_numbers_and_metadata(app) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(Path(app.outdir) / "a2021.html")
    numbers = [span.get_text() for span in page.select("span.gov-number")]
    # total computed from the row, a single cell, a deep cell, an exact amount, a figure, metadata
    assert numbers == ["14", "10", "1", "24252.311082", "266", "测试市测试局", "2021"]
    text = page.select_one("span.gov-number").parent.get_text()
    assert "本年新收申请 14 件，其中自然人 10 件" in text
    assert "行政事业性收费 24252.311082 万元" in text


@pytest.mark.sphinx("text", testroot="multi", srcdir="role-text")
def test_role_in_text_output(app) -> None:
    app.build()
    text = (Path(app.outdir) / "c2022.txt").read_text(encoding="utf-8")
    assert "本年新收申请 7 件。" in text


@pytest.mark.sphinx("html", testroot="warnings", srcdir="role-unknown")
def test_unknown_item_keeps_the_text_and_warns(app) -> None:
    app.build()
    page = soup(Path(app.outdir) / "misuse.html")
    # never the raw key: a marked 「？」 with the explanation as its tooltip
    missing = [(m.get_text(), m["title"]) for m in page.select("abbr.gov-invalid")]
    assert missing == [("？", "报告数据有误，无法显示这个数字"), ("？", "未知的数据项「applications.nope.total」")]
    assert "applications.nope.total" not in page.get_text()
    assert "misuse.rst:10: WARNING: 未知的数据项「applications.nope.total」" in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="role-shorthand")
def test_one_column_row_shorthand_and_suggestions(app) -> None:
    app.build()
    page = soup(Path(app.outdir) / "index.html")
    # a row of table 二 with a single column stands for its cell (the YAML writes ``licensing: 356``)
    assert [span.get_text() for span in page.select("span.gov-number")] == ["356", "12", "1.50", "3"]
    # a three-column row is not a number; misspelt names get the closest valid one
    missing = [m["title"] for m in page.select("abbr.gov-invalid")]
    assert missing == [
        f"未知的数据项「{k}」" for k in ("active.licencing", "active.regulations", "主动公开信心", "zzz")
    ]
    assert {m.get_text() for m in page.select("abbr.gov-invalid")} == {"？"}
    warnings = [w for w in app.warning.getvalue().splitlines() if "WARNING" in w]
    assert len(warnings) == 4, warnings
    assert all("index.rst:10: WARNING: 未知的数据项「" in w and "[gov-report.reference]" in w for w in warnings)
    assert (
        "未知的数据项「active.licencing」；是否应为「active.licensing」"
        "（二、主动公开政府信息情况 / 第二十条第（五）项 / 行政许可 / 本年处理决定数量）？可用的数据项见文档“数据项引用”"
    ) in warnings[0]
    assert (
        "未知的数据项「active.regulations」；这一行有 3 列，请写明其中一列：active.regulations.issued（本年制发件数）、"
        "active.regulations.repealed（本年废止件数）、active.regulations.in_force（现行有效件数）；"
    ) in warnings[1]
    assert "未知的数据项「主动公开信心」；是否应为「主动公开信息」（正文数字 / 主动公开信息）？" in warnings[2]
    assert "未知的数据项「zzz」；格式如 applications.new.total；可用的数据项见文档“数据项引用”" in warnings[3]
