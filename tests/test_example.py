"""The example project rebuilds the example report: ``make html`` with ``-W``, prose, headings, tables.

The original text (``tests/reference/chunjiang-2021.txt``, the Word export the project was made from)
is the reference: every paragraph of prose and every table cell must appear in the built page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE

REFERENCE = Path(__file__).parent / "reference" / "chunjiang-2021.txt"

HEADINGS = [
    ("h1", "富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告"),
    ("h2", "一、总体情况"),
    ("h3", "（一）主动公开"),
    ("h3", "（二）依申请公开"),
    ("h3", "（三）政府信息管理"),  # 「(3）」 in the extracted text
    ("h3", "（四）政府信息平台建设"),
    ("h3", "（五）信息公开监督保障"),
    ("h2", "二、主动公开政府信息情况"),
    ("h2", "三、收到和处理政府信息公开申请情况"),
    ("h2", "四、政府信息公开行政复议、行政诉讼情况"),
    ("h2", "五、存在的主要问题及改进情况"),  # 「5、」 in the extracted text
    ("h2", "六、其他需要报告的事项"),
]


def _reference() -> tuple[list[str], dict[str, list[str]]]:
    """The prose lines of the reference text, and each table's cells (non-empty, in order)."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    prose: list[str] = []
    tables: dict[str, list[str]] = {}
    current = None
    for line in lines[2:]:  # the two title lines are the page title
        if line.startswith("\t"):
            if line.strip() and current:
                tables[current].append(line.strip())
            continue
        text = line.strip()
        if not text:
            continue
        heading = re.match(r"^(二|三|四)、", text)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        if re.match(r"^(一|五|六)、|^5、|^（[一二四五]）|^\(3）", text):
            current = None
            continue
        prose.append(re.sub(r"^(\d)、 ", r"\1、", text.replace("[bookmark: _GoBack]", "").strip()))
    return prose, tables


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built as a user would: ``make html`` with ``-W``."""
    project = tmp_path_factory.mktemp("example") / "example_project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_build"))
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    result = subprocess.run(
        ["make", "-C", str(project), "html", f"SPHINXBUILD={sphinx_build}", "SPHINXOPTS=-W"],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "build succeeded" in result.stdout
    return project / "_build" / "html" / "index.html"


def _page(built: Path) -> BeautifulSoup:
    return BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser")


def _body(built: Path):
    body = _page(built).select_one("[itemprop=articleBody]")
    for link in body.select("a.headerlink"):
        link.decompose()
    return body


def test_reference_parsing_is_sane() -> None:
    prose, tables = _reference()
    assert len(prose) == 15
    assert prose[0].startswith("根据《中华人民共和国政府信息公开条例》第五十条规定")
    assert prose[-1] == "本年度未收取信息处理费。"
    assert [len(tables[t]) for t in ("二", "三", "四")] == [30, 10 + 30 + 25 * 7, 2 + 5 + 2 + 10 + 15]


def test_headings_in_official_form(built: Path) -> None:
    body = _body(built)
    found = [(h.name, h.get_text().strip()) for h in body.find_all(["h1", "h2", "h3", "h4"])]
    assert found == HEADINGS


def test_preamble_is_the_reports_first_paragraph(built: Path) -> None:
    prose, _ = _reference()
    body = _body(built)
    first = body.find("p")
    assert "gov-report-preamble" in first.parent["class"]
    assert first.get_text() == prose[0]
    # it sits between the title and 一、总体情况, like in the original
    assert first.find_previous(["h1", "h2"]).name == "h1"
    assert first.find_next(["h1", "h2"]).get_text().strip() == "一、总体情况"


def test_all_prose_of_the_original(built: Path) -> None:
    prose, _ = _reference()
    paragraphs = [p.get_text() for p in _body(built).find_all("p") if not p.find_parent("table")]
    for text in prose:
        assert text in paragraphs, text
    # and in the original order
    positions = [paragraphs.index(text) for text in prose]
    assert positions == sorted(positions)


def test_numbers_in_prose_come_from_the_data(built: Path) -> None:
    body = _body(built)
    numbers = [span.get_text() for span in body.select("span.gov-number")]
    assert numbers == ["266", "4", "7", "3", "8", "5", "13", "35", "1", "1", "192", "1006"]


def test_every_table_cell_of_the_original(built: Path) -> None:
    _, tables = _reference()
    html = {}
    for table in _body(built).select("table.gov-report"):
        name = next(c for c in table["class"] if c.startswith("gov-report-"))[len("gov-report-") :]
        html[name] = [c.get_text().strip() for c in table.find_all(["th", "td"]) if c.get_text().strip()]
    assert sorted(html) == sorted(tables)
    for name, cells in tables.items():
        assert html[name] == cells, name
