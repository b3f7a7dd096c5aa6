"""``sphinx-gov-report import`` end to end: projects that build and show the published errors,
the import report (text and JSON), never overwriting, a region's folder, ``new --from-published``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from generate import docx_file, numbers

from sphinx_gov_report.cli.main import main
from sphinx_gov_report.core.rules import validate_file

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_gov_report.cli", *args], capture_output=True, text=True, encoding="utf-8"
    )


def build(project: Path) -> tuple[subprocess.CompletedProcess[str], BeautifulSoup]:
    out = project / "_build" / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-j", "2", str(project), str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    return result, BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


def table_texts(soup: BeautifulSoup) -> list[list[str]]:
    return [[td.get_text(strip=True) for td in tr.find_all(["td", "th"])] for tr in soup.find_all("tr")]


def test_pdf_import_builds_and_the_build_shows_the_published_errors(tmp_path: Path, capsys) -> None:
    project = tmp_path / "hongze"
    assert main(["import", str(REALDOCS / "hongze-2023.pdf"), "-o", str(project)]) == 0
    report = capsys.readouterr().out
    assert "PDF 文件" in report and "印为「2.其他法律行政止公开」" in report
    assert (project / "import-report.txt").read_text(encoding="utf-8") == report
    data = (project / "data" / "2023.yaml").read_text(encoding="utf-8")
    assert "review: [10, 1, 0, 0, 0]" in data  # 总计 as printed (0), not computed
    result, soup = build(project)
    assert "「行政复议 / 总计」为 0，但结果维持、结果纠正、其他结果、尚未审结之和为 11" in result.stderr
    assert "「行政诉讼 / 复议后起诉 / 总计」为 0" in result.stderr
    for link in soup.select("a.headerlink"):
        link.decompose()
    headings = [h.get_text(strip=True) for h in soup.find_all("h2")]
    assert headings[:6] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert "全年收取政府信息公开信息处理费 0 元" in soup.get_text()
    # the old single-row （六） is written as printed; the reader refuses it in a 2021-format file
    assert "「三、本年度办理结果 / （六）其他处理」" in result.stderr


def test_check_runs_validate_and_the_build(tmp_path: Path, capsys) -> None:
    code = main(["import", str(REALDOCS / "hongze-2023.pdf"), "-o", str(tmp_path / "p"), "--check"])
    out = capsys.readouterr().out
    assert code == 1
    assert "error appeal-total" in out  # validate
    build_lines = [line for line in out.splitlines() if "构建 / build:" in line]
    assert any("WARNING: 「行政复议 / 总计」为 0" in line for line in build_lines)  # the build's warnings


def test_import_report_as_json(tmp_path: Path, capsys) -> None:
    assert main(["import", str(REALDOCS / "shuyang-fgj-2023.html"), "-o", str(tmp_path / "p"), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (report,) = doc["reports"]
    assert report["kind"] == "html" and report["format"] == "2021" and not report["hybrid"]
    assert {"printed": "规范性文件", "template": "行政规范性文件"} in report["label_differences"]
    assert report["cells_blank"] == 125  # the five 法人或其他组织 columns, printed blank, 25 rows
    assert "印为「规范性文件」" in (tmp_path / "p" / "import-report.txt").read_text(encoding="utf-8")


def test_never_overwrites(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p"
    source = str(REALDOCS / "fuyang-chunjiang-2021.txt")
    assert main(["import", source, "-o", str(project)]) == 0
    data = project / "data" / "2021.yaml"
    data.write_text("# 用户改过的文件\n", encoding="utf-8")
    assert main(["import", source, "-o", str(project)]) == 2
    assert "文件已存在，未作任何改动" in capsys.readouterr().err
    assert data.read_text(encoding="utf-8") == "# 用户改过的文件\n"
    assert main(["import", source, "-o", str(project), "--force"]) == 0
    assert "# 用户改过的文件" not in data.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["docx", "text", "html", "pdf"])
def test_each_kind_imports_and_builds(tmp_path: Path, kind: str) -> None:
    if kind == "docx":
        source = tmp_path / "镇.docx"
        docx_file(source, numbers(), "某某镇人民政府", 2023)
        expect = str(numbers()[("appeals", "review", "upheld")])
    elif kind == "text":
        source = REALDOCS / "fuyang-chunjiang-2021.txt"
        expect = "0"
    elif kind == "html":
        source = REALDOCS / "shuyang-fgj-2023.html"
        expect = "26"
    else:
        source = REALDOCS / "huaian-2024.pdf"
        expect = "3119"
    project = tmp_path / "p"
    result = cli("import", str(source), "-o", str(project))
    assert result.returncode == 0, result.stderr
    _result, soup = build(project)
    assert len(soup.select("table")) >= 3
    rows = table_texts(soup)
    assert any(expect in row for row in rows)
    if kind == "pdf":
        assert ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"] in rows
        assert any(r[-1:] == ["96171.6"] for r in rows)


def test_hostile_source_on_the_command_line(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("不是 PDF", encoding="utf-8")
    result = cli("import", str(fake), "-o", str(tmp_path / "p"))
    assert result.returncode == 2
    assert "文件名是 .pdf，但内容不是 PDF 文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "p").exists()


def test_folder_fills_the_units_of_a_region_project(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("hongze-2023.pdf", "huaian-2024.pdf", "shuyang-fgj-2023.html"):
        shutil.copy(REALDOCS / name, inbox / name)
    (inbox / "坏文件.docx").write_bytes(b"not a zip")
    region = tmp_path / "region"
    assert main(["import", str(inbox), "-o", str(region), "--check"]) == 2  # one file failed
    out = capsys.readouterr()
    lines = [line for line in out.out.splitlines() if line.startswith("✓")]
    assert len(lines) == 3
    assert "坏文件.docx" in out.err and "不是 Word 文档" in out.err
    assert "共 4 个文件：导入 3 个，失败 1 个" in out.out
    for year, unit in ((2023, "hongze-2023"), (2024, "huaian-2024"), (2023, "shuyang-fgj-2023")):
        assert (region / "units" / str(year) / f"{unit}.yaml").is_file()
        assert (region / "units" / str(year) / f"{unit}.rst").is_file()
        assert "导入报告" in (region / "units" / str(year) / f"{unit}.import-report.txt").read_text(encoding="utf-8")
    report, _issues = validate_file(str(region / "units" / "2024" / "huaian-2024.yaml"), str(region), False)
    assert report is not None and report.value(("applications", "new", "total")) == 3119
    hongze = next(line for line in lines if "hongze-2023" in line)
    assert "校验发现" in hongze


def test_new_from_published_links_last_year(tmp_path: Path, capsys) -> None:
    project = tmp_path / "2025"
    assert main(["new", str(project), "--from-published", str(REALDOCS / "huaian-2024.pdf")]) == 0
    assert "导入" in capsys.readouterr().err
    previous = project / "previous" / "2024.yaml"
    assert previous.is_file()
    report, _issues = validate_file(str(project / "data" / "2025.yaml"), str(project), False)
    assert report is not None
    assert (report.agency, report.year) == ("淮安市人民政府", 2025)
    assert report.value(("applications", "carried_over", "natural")) == 103  # last year's 结转下年度
    assert report.previous.data == str(previous.resolve())


def test_markdown_prose(tmp_path: Path) -> None:
    assert main(["import", str(REALDOCS / "fuyang-chunjiang-2021.txt"), "-o", str(tmp_path), "--markup", "md"]) == 0
    text = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "```{gov-table} 三\n```" in text and "## 六、其他需要报告的事项" in text
    assert "myst_parser" in (tmp_path / "conf.py").read_text(encoding="utf-8")
