"""What a Windows clerk meets: ``make.bat``, files saved with CRLF line ends and a UTF-8 BOM."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx
from bs4 import BeautifulSoup
from conftest import sphinx_build
from sphinx.util.template import SphinxRenderer

AGENCY = "某县市场监督管理局"


def _new(tmp: Path) -> Path:
    dest = tmp / "report"
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(dest), "--agency", AGENCY, "--year", "2025"]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    return dest


def test_make_bat_is_sphinx_quickstarts_with_crlf(tmp_path: Path) -> None:
    """The same make.bat as ``sphinx-quickstart`` writes for this layout, with Windows line ends."""
    data = (_new(tmp_path) / "make.bat").read_bytes()
    data.decode("ascii")  # cmd.exe reads it in the ANSI code page: ASCII only
    assert data.count(b"\r\n") == data.count(b"\n") > 20  # every line ends in CRLF
    template = Path(sphinx.__file__).parent / "templates" / "quickstart" / "make.bat.new.jinja"
    expected = SphinxRenderer().render_string(
        template.read_text(encoding="utf-8"), {"rsrcdir": ".", "rbuilddir": "_build"}
    )
    assert data.decode("ascii").replace("\r\n", "\n").strip() == expected.strip()
    # and it builds what the Makefile builds
    makefile = (tmp_path / "report" / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"(?m)^SOURCEDIR\s+= \.$", makefile) and re.search(r"(?m)^BUILDDIR\s+= _build$", makefile)


def _windows_files(src: Path, typo_line: int | None = None) -> int:
    """Rewrite the data file and index.rst with a BOM and CRLF; put a typo on a data line."""
    data = src / "data" / "2025.yaml"
    lines = data.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("  licensing:"))
    lines[row] = "  licensing: ２3" if typo_line else "  licensing: 23"
    data.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    index = src / "index.rst"
    text = index.read_text(encoding="utf-8").replace(
        "本年新收", "公开行政许可决定\\ :gov:`active.licensing`\\ 件。本年新收"
    )
    index.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    return row + 1


@pytest.mark.parametrize("typo", [False, True])
def test_crlf_and_bom_files_build(tmp_path: Path, typo: bool) -> None:
    src = _new(tmp_path)
    line = _windows_files(src, typo_line=1 if typo else None)
    result = sphinx_build(src, src / "_build" / "html")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    page = BeautifulSoup((src / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select("table.gov-report")) == 3
    assert page.select_one("h1").get_text().startswith(f"{AGENCY}2025年度")  # the BOM is not in the title
    cell = page.select_one('td[data-key="active.licensing.decisions"]')
    if typo:
        assert re.search(rf"data[/\\]2025\.yaml:{line}: WARNING: .*行政许可", output), output
        assert cell.get_text() == "？"
    else:
        assert "构建检查：没有警告。" in output, output
        assert cell.get_text() == "23"
        assert [s.get_text() for s in page.select("span.gov-number")] == ["23", "0"]


def test_validate_reads_crlf_and_bom(tmp_path: Path) -> None:
    src = _new(tmp_path)
    line = _windows_files(src, typo_line=1)
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "validate", str(src / "data" / "2025.yaml")]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert re.search(rf"2025\.yaml:{line}:\d+: error", result.stdout), result.stdout
