"""``new --from``: last year's prose is this year's starting text, its numbers following the data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLE, sphinx_build

AGENCY = "某县市场监督管理局"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def _last_year(tmp_path: Path, markup: str) -> Path:
    """A 2025 project with numbers in the data and plain numbers typed in its prose."""
    src = tmp_path / "2025"
    assert run("new", src, "--agency", AGENCY, "--year", "2025", "--markup", markup).returncode == 0
    data = src / "data" / "2025.yaml"
    text = data.read_text(encoding="utf-8")
    for row, value in (("licensing", 356), ("penalty", 7), ("coercion", 7)):
        text, n = re.subn(rf"(?m)^  {row}: .*$", f"  {row}: {value}", text)
        assert n == 1, row
    data.write_text(text, encoding="utf-8")
    index = src / f"index.{markup}"
    prose = "2025年，本局作出行政许可决定356件、行政处罚决定7件，开展培训12次，公开目录1.、2.两部分。"
    five = "本年度存在的问题：一是公开不够及时。"
    body = index.read_text(encoding="utf-8")
    body = re.sub(r"【待填写】.*", prose, body, count=1)
    heading = "五、存在的主要问题及改进情况"
    body = re.sub(rf"({re.escape(heading)}\n(?:=+\n)?)", rf"\1\n{five}\n", body, count=1)
    index.write_text(body, encoding="utf-8")
    result = sphinx_build(src, src / "_build" / "html")
    assert result.returncode == 0 and "构建检查：没有警告。" in result.stdout, result.stdout + result.stderr
    return src


@pytest.mark.parametrize("markup", ["rst", "md"])
def test_numbers_follow_the_data_and_rewrites_are_marked(tmp_path: Path, markup: str) -> None:
    pytest.importorskip("myst_parser") if markup == "md" else None
    last = _last_year(tmp_path, markup)
    dest = tmp_path / "2026"
    result = run("new", dest, "--from", last)
    assert result.returncode == 0, result.stderr
    assert "【待修改】" in result.stdout + result.stderr
    text = (dest / f"index.{markup}").read_text(encoding="utf-8")
    role = "{gov}`%s`" if markup == "md" else "\\ :gov:`%s`\\ "
    # 2025年 is last year's year; 356 is the only cell with that value; 7 is two cells'; 12 no cell's
    assert (role % "year") + "年，本局作出行政许可决定" + (role % "active.licensing.decisions") + "件" in text
    assert "行政处罚决定7件，开展培训12次" in text
    assert "公开目录1.、2.两部分" in text  # enumerators are not numbers of the tables
    assert text.count("【待修改】") == 2  # that paragraph, and the comment in section 五
    assert "【待修改】" + (role % "year") + "年，本局" in text
    # 五 must not repeat last year's: empty, last year's text kept in a marked comment
    lead = "% " if markup == "md" else ".. "
    comment = "% 本年度存在的问题" if markup == "md" else "   本年度存在的问题"
    assert f"\n{lead}【待修改】请结合本年度实际情况撰写本部分" in text and f"\n{comment}" in text
    assert "2026年度政府信息公开工作年度报告" in text and "data/2026.yaml" in text
    # this year's numbers show where last year's stood
    data = dest / "data" / "2026.yaml"
    data.write_text(re.sub(r"(?m)^  licensing: .*$", "  licensing: 401", data.read_text(encoding="utf-8")), "utf-8")
    build = sphinx_build(dest, dest / "_build" / "html")
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    page = BeautifulSoup((dest / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [s.get_text() for s in page.select("span.gov-number")][:2] == ["2026", "401"]
    assert "本年度存在的问题" not in page.get_text()
    # the content check sees the markers: one notice per marked paragraph
    notices = [line for line in output.splitlines() if "提示[gov-report.content]" in line]
    assert len(notices) == 2, output
    assert "【待修改】" in notices[0] and "沿用自上一年度报告，尚待修改" in notices[0]
    assert "「五、存在的主要问题及改进情况」没有内容" in notices[1]
    assert "repetition" not in output


def test_example_carries_its_figures(tmp_path: Path) -> None:
    """The example quotes ``figures``: they are carried into the new data file, and their paragraphs marked."""
    dest = tmp_path / "2022"
    assert run("new", dest, "--from", EXAMPLE).returncode == 0
    data = (dest / "data" / "2022.yaml").read_text(encoding="utf-8")
    assert re.search(r'(?m)^  "主动公开信息": 266$', data)
    build = sphinx_build(dest, dest / "_build" / "html")
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    assert "未知的数据项" not in output
    text = (dest / "index.rst").read_text(encoding="utf-8")
    assert "【待修改】针对主动公开的政府信息" in text
