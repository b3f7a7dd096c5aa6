"""MyST Markdown: the directives, the role and the document checks in ``.md`` files.

``tests/roots/test-myst`` is the example project (``example_project/``, reST) written in
Markdown with the same data; both are built and their tables, numbers, preamble and
findings compared.  ``new --markup md`` writes a Markdown project that builds like the
reST one, and keeps each heading with its table in the LaTeX output.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE, ROOTS, sphinx_build

pytest.importorskip("myst_parser")


def _build(src: Path, builder: str = "html") -> tuple[Path, str]:
    out = src / "_build" / builder
    result = sphinx_build(src, out, builder=builder)
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result.stdout + result.stderr


def _page(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


def _findings(output: str) -> list[tuple[str, str]]:
    """(kind, message) of every finding, without file and line."""
    found = []
    for line in output.splitlines():
        m = re.match(r"^\S+?:\d+: (WARNING: |提示\[[\w.-]+\]：)(.*)$", line)
        if m:
            found.append((m[1], m[2]))
    return sorted(found)


def _same_page(rst: BeautifulSoup, md: BeautifulSoup) -> None:
    assert [str(t) for t in md.select("table.gov-report")] == [str(t) for t in rst.select("table.gov-report")]
    assert len(rst.select("table.gov-report")) == 3
    assert [s.get_text() for s in md.select(".gov-number")] == [s.get_text() for s in rst.select(".gov-number")]
    assert rst.select(".gov-number")
    preamble = [p.get_text() for p in rst.select(".gov-report-preamble p")]
    assert preamble and [p.get_text() for p in md.select(".gov-report-preamble p")] == preamble

    def headings(page: BeautifulSoup) -> list[str]:
        return [h.find(string=True) for h in page.select("h2")]

    assert headings(md) == headings(rst) and len(headings(rst)) == 6


def test_myst_twin_of_the_example(tmp_path: Path) -> None:
    rst_src, md_src = tmp_path / "rst", tmp_path / "md"
    shutil.copytree(EXAMPLE, rst_src, ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(ROOTS / "test-myst", md_src)
    rst_out, rst_log = _build(rst_src)
    md_out, md_log = _build(md_src)
    _same_page(_page(rst_out), _page(md_out))
    assert _findings(md_log) == _findings(rst_log)


def test_checks_run_on_markdown(tmp_path: Path) -> None:
    src = tmp_path / "md"
    shutil.copytree(ROOTS / "test-myst", src)
    index = src / "index.md"
    text = index.read_text(encoding="utf-8")
    text = text.replace("## 五、存在的主要问题及改进情况", "## 五、存在的问题")
    text = text.replace("按照“统一管理", "【待填写】按照“统一管理")
    text = text.replace("{gov}`主动公开信息`", "{gov}`主动公开信心`")
    index.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    _, log = _build(src)
    heading = lines.index("## 五、存在的问题") + 1
    todo = next(i for i, line in enumerate(lines, 1) if line.startswith("【待填写】按照"))
    role = next(i for i, line in enumerate(lines, 1) if "主动公开信心" in line)
    assert re.search(rf"index\.md:{heading}: WARNING: .*五、存在的主要问题及改进情况", log), log
    assert f"index.md:{todo}: 提示[gov-report.content]" in log, log
    assert re.search(rf"index\.md:{role}: WARNING: 未知的数据项「主动公开信心」", log), log


def _new(tmp: Path, name: str, *extra: str) -> Path:
    dest = tmp / name
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(dest), "--agency", "某县市场监督管理局"]
    result = subprocess.run([*cmd, "--year", "2025", *extra], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return dest


def test_new_markdown_project(tmp_path: Path) -> None:
    rst, md = _new(tmp_path, "rst"), _new(tmp_path, "md", "--markup", "md")
    assert (md / "index.md").is_file() and not (md / "index.rst").exists()
    assert 'extensions = ["myst_parser", "sphinx_gov_report"]' in (md / "conf.py").read_text(encoding="utf-8")
    rst_out, rst_log = _build(rst)
    md_out, md_log = _build(md)
    _same_page(_page(rst_out), _page(md_out))
    assert _findings(md_log) == _findings(rst_log)
    assert len(_findings(md_log)) == 2  # 【待填写】 and the empty 五
    assert "构建检查：没有警告。" in md_log
    # the comments between headings and tables do not part them in the PDF
    latex, _ = _build(md, "latex")
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count(r"\begin{sphinxgovreportkeep}") == 3


def test_new_from_markdown_project_stays_markdown(tmp_path: Path) -> None:
    md = _new(tmp_path, "2025", "--markup", "md")
    dest = tmp_path / "2026"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(dest), "--from", str(md)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (dest / "index.md").is_file() and (dest / "previous" / "index.md").is_file()
    _build(dest)
