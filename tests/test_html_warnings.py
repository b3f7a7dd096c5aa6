"""Problems in the data or in the documents are located Sphinx warnings; the build goes on."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, sphinx_build
from htmlgrid import body_values, report_tables, soup


def _lines(warnings: str) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in warnings.splitlines() if "WARNING" in line]


@pytest.mark.sphinx("html", testroot="warnings", srcdir="warnings-located")
def test_data_errors_name_file_line_and_cell(app) -> None:
    app.build()
    lines = _lines(app.warning.getvalue())
    data = str(Path(app.srcdir) / "data" / "bad.yaml")
    assert any(
        line.startswith(f"{data}:9: WARNING: 「三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密 / 总计」为 9")
        and line.endswith("[gov-report.row-total]")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{data}:12: WARNING: 「行政复议 / 总计」为 2") and line.endswith("[gov-report.appeal-total]")
        for line in lines
    ), lines
    assert any("勾稽关系" in line and line.endswith("[gov-report.balance]") for line in lines), lines
    assert "Traceback" not in app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="warnings", srcdir="warnings-goes-on")
def test_build_goes_on_and_renders_the_given_numbers(app) -> None:
    app.build()
    tables = report_tables(soup(Path(app.outdir) / "bad.html"))
    assert sorted(tables) == ["三", "四"]
    values = body_values(tables["三"], 3)
    assert values[("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")][-1] == "9"
    # the other documents were written too
    assert (Path(app.outdir) / "index.html").exists()
    assert (Path(app.outdir) / "misuse.html").exists()


@pytest.mark.sphinx("html", testroot="warnings", srcdir="warnings-usage")
def test_usage_errors_are_located_in_the_document(app) -> None:
    app.build()
    lines = _lines(app.warning.getvalue())
    src = Path(app.srcdir)

    def has(doc: str, line: int, text: str) -> bool:
        prefix = f"{src / doc}:{line}: WARNING: "
        return any(x.startswith(prefix) and text in x and x.endswith("[gov-report.reference]") for x in lines)

    assert has("misuse.rst", 4, "请先在本文档中用 gov-report 指令指定报告数据文件"), lines
    assert has("misuse.rst", 6, "请先用 gov-report 指令指定报告数据文件"), lines
    assert has("misuse.rst", 10, "未知的数据项「applications.nope.total」"), lines
    assert has("misuse.rst", 12, "未知的表格「五」"), lines
    assert has("misuse.rst", 14, "每个文档只能使用一次 gov-report 指令"), lines
    missing = [x for x in lines if x.startswith(f"{src / 'missing.rst'}:4: WARNING: ")]
    assert len(missing) == 1, lines  # the missing file is reported once, not again by the role and table
    assert "找不到" in missing[0]
    assert missing[0].endswith("[gov-report.file]")


def test_fail_on_warning_fails_without_traceback(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-warnings", src)
    result = sphinx_build(src, tmp_path / "out", "-W", "-q")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "gov-report" in result.stderr


def test_suppress_warnings_by_subtype(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    data = src / "data" / "c2022.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("new: [7, 0, 0, 0, 0, 0]", "new: [7, 0, 0, 0, 0, 0, 8]"))
    loud = sphinx_build(src, tmp_path / "loud", "-q", "-E")
    assert "c2022.yaml:5: WARNING: 「一、本年新收政府信息公开申请数量 / 总计」为 8" in loud.stderr
    quiet = sphinx_build(
        src, tmp_path / "quiet", "-q", "-E", "-D", "suppress_warnings=gov-report.row-total,gov-report.balance"
    )
    assert quiet.stderr == ""
