"""The clerk's path in HTML: a project from ``new``, one typo, the page and the build summary."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import official as o
import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build

AGENCY = "某县市场监督管理局"
YEAR = 2025


def new_project(tmp: Path, *extra: str) -> Path:
    dest = tmp / "report"
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(dest), "--agency", AGENCY, "--year", str(YEAR)]
    result = subprocess.run([*cmd, *extra], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return dest


def typo(src: Path, value: str = "[２3, 1]", row: str = "licensing") -> None:
    data = src / "data" / f"{YEAR}.yaml"
    text, n = re.subn(rf"(?m)^  {row}: .*$", f"  {row}: {value}", data.read_text(encoding="utf-8"))
    assert n == 1
    data.write_text(text, encoding="utf-8")


def build(src: Path, *args: str) -> tuple[BeautifulSoup, str]:
    result = sphinx_build(src, src / "_build" / "html", *args)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((src / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page, result.stdout + result.stderr


@pytest.mark.parametrize("value", ["２3", "23，5"])
def test_one_typo_keeps_the_tables_and_shows_a_banner(tmp_path: Path, value: str) -> None:
    src = new_project(tmp_path)
    typo(src, value)
    page, output = build(src)
    assert "build succeeded, 1 warning." in output
    tables = page.select("table.gov-report")
    assert len(tables) == 3
    # the broken cell is marked, the others show their numbers
    row = next(tr for tr in tables[0].select("tr") if tr.th and tr.th.get_text() == "行政许可")
    cell = row.select_one("td.gov-data")
    assert cell.get_text() == "？" and "gov-invalid" in cell["class"] and cell["title"].startswith("本格数据有误")
    assert len(page.select("td.gov-invalid")) == 1
    assert all(td.get_text() == "0" for td in page.select("td.gov-data") if td is not cell)
    # the banner, before the first table, with the count and a link to the first finding
    banner = page.select_one(".gov-report-banner")
    assert banner is not None
    text = banner.get_text(" ", strip=True)
    assert text.startswith("本报告数据有误，不得发布：共 1 处错误， 第一处在 data/2025.yaml 第 33 行")
    link = banner.select_one("a[href]")
    assert link["href"] == "#gov-report-finding-1"
    finding = page.find(id="gov-report-finding-1")
    assert finding is not None and "行政许可" in finding.parent.get_text()
    assert banner.find_next("table") is tables[0]
    # the role shows a number where it can, and never a raw key
    assert "applications.new.total" not in page.get_text()
    assert [s.get_text() for s in page.select("span.gov-number")] == ["0"]


def test_role_of_a_broken_cell_is_marked(tmp_path: Path) -> None:
    src = new_project(tmp_path)
    typo(src)
    index = src / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace("本年新收", "公开行政许可决定 :gov:`active.licensing` 件。本年新收"),
        encoding="utf-8",
    )
    page, _ = build(src)
    marks = page.select("abbr.gov-invalid")
    assert [m.get_text() for m in marks] == ["？"]
    assert "active.licensing" not in page.get_text()


def test_summary_counts_docutils_warnings_by_file(tmp_path: Path) -> None:
    """「Title underline too short.」 in index.rst is counted, under index.rst, not under the data file."""
    src = new_project(tmp_path)
    index = src / "index.rst"
    heading = o.HEADINGS[1]
    text = index.read_text(encoding="utf-8").replace(f"{heading}\n{'=' * 24}", f"{heading}\n=====")
    assert text != index.read_text(encoding="utf-8")
    index.write_text(text, encoding="utf-8")
    _, output = build(src)
    shown = output.count("WARNING: Title underline too short.")
    assert shown >= 1  # docutils 0.20 (Sphinx 7.4) reports this one twice, later versions once
    assert f"build succeeded, {shown} warning" in output
    assert f"构建检查：共 {shown} 个警告：index.rst {shown} 个。" in output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_summary_counts_match_sphinx(tmp_path: Path, jobs: str) -> None:
    src = new_project(tmp_path)
    typo(src)
    (src / "other.rst").write_text("其他说明\n====\n\n正文 :gov:`year`\n\n标题\n=\n", encoding="utf-8")
    page, output = build(src, "-j", jobs)
    assert page.select_one(".gov-report-banner") is not None and len(page.select("td.gov-invalid")) == 1
    sphinx_count = int(re.search(r"build succeeded, (\d+) warnings?\.", output)[1])
    assert sphinx_count == 4, output  # data, role, toctree, underline
    summary = next(line for line in output.splitlines() if line.startswith("构建检查："))
    assert summary.startswith(f"构建检查：共 {sphinx_count} 个警告：")
    counts = dict(re.findall(r"([\w./]+) (\d+) 个", summary.split("：", 2)[2]))
    assert counts == {"other.rst": "3", "data/2025.yaml": "1"}


def test_no_warnings(tmp_path: Path) -> None:
    _, output = build(new_project(tmp_path))
    assert "构建检查：没有警告。" in output


def test_summary_of_a_second_build_and_of_config_warnings(tmp_path: Path) -> None:
    """A config value of the wrong type is counted (under conf.py); an incremental build counts again."""
    src = new_project(tmp_path)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\ngov_report_json_download = 'yes'\n", encoding="utf-8")
    _, output = build(src)
    count = int(re.search(r"build succeeded, (\d+) warnings?\.", output)[1])
    summary = next(line for line in output.splitlines() if line.startswith("构建检查："))
    assert summary.startswith(f"构建检查：共 {count} 个警告：") and "conf.py" in summary, output


@pytest.mark.sphinx("html", testroot="basic", srcdir="clerk-rebuild")
def test_same_application_builds_twice(app) -> None:
    app.build()
    first = app.status.getvalue()
    assert "构建检查：没有警告。" in first
    (Path(app.srcdir) / "index.rst").write_text(
        (Path(app.srcdir) / "index.rst").read_text(encoding="utf-8") + "\n其他说明\n====\n\n正文。\n", encoding="utf-8"
    )
    app.build()
    second = app.status.getvalue()[len(first) :]
    shown = app.warning.getvalue().count("Title underline too short.")
    assert shown >= 1  # docutils 0.20 (Sphinx 7.4) reports this one twice, later versions once
    assert f"构建检查：共 {shown} 个警告：index.rst {shown} 个。" in second, second


def test_publishing_build_refuses_an_unfinished_report(tmp_path: Path) -> None:
    """``new``'s conf.py switches gov_report_strict on with ``-t publish``: 【待填写】 then fails ``-W``."""
    src = new_project(tmp_path)
    draft = sphinx_build(src, src / "_build" / "draft", "-W")
    assert draft.returncode == 0, draft.stdout + draft.stderr
    publish = sphinx_build(src, src / "_build" / "publish", "-W", "-t", "publish")
    assert publish.returncode != 0
    assert "【待填写】" in publish.stderr
