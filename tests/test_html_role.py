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
    missing = [span.get_text() for span in page.select("span.gov-missing")]
    assert missing == ["applications.new.total", "applications.nope.total"]
    assert "misuse.rst:10: WARNING: 未知的数据项「applications.nope.total」" in app.warning.getvalue()
