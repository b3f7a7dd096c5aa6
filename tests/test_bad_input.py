"""Bad input: the corpus under ``tests/corpus/`` through the loader and through a real Sphinx build.

Each corpus file must give one located, plain-Chinese warning with the right subtype, never a
traceback; a document whose data has errors shows no preamble, tables or numbers; the other
documents of the project are still built; and ``-W`` fails the build.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import sphinx_build

from sphinx_gov_report.core.reader import load_bytes, load_report
from sphinx_gov_report.core.rules import validate_file
from sphinx_gov_report.core.yamltree import MAX_BYTES

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
ENTRIES = {entry["file"]: entry for entry in MANIFEST}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

UNDERLINE = "-" * 60
REPORT_RST = """\
{title}
{rule}

.. gov-report:: {data}

一、总体情况
{underline}

本年新收政府信息公开申请 :gov:`applications.new.total` 件。

二、主动公开政府信息情况
{underline}

.. gov-table:: 二

三、收到和处理政府信息公开申请情况
{underline}

.. gov-table:: 三

四、政府信息公开行政复议、行政诉讼情况
{underline}

.. gov-table:: 四

五、存在的主要问题及改进情况
{underline}

人员不足，下一步加强培训。

六、其他需要报告的事项
{underline}

本年度未收取信息处理费。
"""
GOOD_YAML = """\
format: 2021
agency: 正常局
year: 2021
applications:
  new: [3, 1, 0, 0, 0, 0]
  results:
    disclosed: [2, 1, 0, 0, 0, 0]
  carried_forward: [1, 0, 0, 0, 0, 0]
processing_fee: 0
"""


def write_report(src: Path, name: str, data: str) -> None:
    title = f"{name} 报告"
    text = REPORT_RST.format(title=title, rule="=" * 40, data=data, underline=UNDERLINE)
    (src / f"{name}.rst").write_text(text, encoding="utf-8")


def make_project(root: Path) -> Path:
    """A project with one document per corpus file, a good document and the path cases."""
    src = root / "src"
    shutil.copytree(CORPUS, src / "data", ignore=shutil.ignore_patterns("manifest.yaml"))
    (src / "data" / "good.yaml").write_text(GOOD_YAML, encoding="utf-8")
    outside = root / "outside.yaml"
    outside.write_text(GOOD_YAML.replace("正常局", "外部局"), encoding="utf-8")
    os.symlink(outside, src / "data" / "link.yaml")
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\nexclude_patterns = ["_build"]\n'
        "show_warning_types = True\n",  # the default only from Sphinx 8
        encoding="utf-8",
    )
    names = [Path(entry["file"]).stem for entry in MANIFEST]
    for entry in MANIFEST:
        write_report(src, Path(entry["file"]).stem, f"data/{entry['file']}")
    write_report(src, "good", "data/good.yaml")
    write_report(src, "parent", "../../../../../../../../etc/passwd")
    write_report(src, "absolute", "/etc/passwd")
    write_report(src, "symlink", "data/link.yaml")
    toc = "\n".join(f"   {n}" for n in [*names, "good", "parent", "absolute", "symlink"])
    (src / "index.rst").write_text(f"测试\n====\n\n.. toctree::\n\n{toc}\n", encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, int]:
    root = tmp_path_factory.mktemp("bad-input")
    src = make_project(root)
    out = root / "out"
    result = sphinx_build(src, out, "-W", "--keep-going", "-E")
    return src, out, _ANSI.sub("", result.stderr + result.stdout), result.returncode


def _soup(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


# -- the loader --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_corpus_through_loader(name: str) -> None:
    entry = ENTRIES[name]
    path = str(CORPUS / name)
    report, issues = validate_file(path, str(CORPUS))
    if entry.get("ok"):
        assert issues == []
        assert report is not None and report.complete
        assert report.agency == entry["agency"]
        return
    matching = [i for i in issues if i.subtype.value == entry["subtype"] and entry["message"] in i.message]
    assert matching, [i.format() for i in issues]
    issue = matching[0]
    assert issue.line == entry["line"]
    assert issue.level.value == entry.get("level", "error")
    assert issue.path == path
    assert re.search(r"[\u4e00-\u9fff]", issue.message)
    assert "Traceback" not in issue.message
    if entry.get("level") == "notice" or entry.get("usable"):
        assert report is not None and report.complete
        if "agency" in entry:
            assert report.agency == entry["agency"]
    else:
        assert report is None or not report.complete


def test_corpus_is_complete() -> None:
    """Every corpus file has an entry in the manifest (and vice versa, except the missing file)."""
    files = {p.name for p in CORPUS.iterdir() if p.name != "manifest.yaml"}
    assert files == set(ENTRIES) - {"does_not_exist.yaml"}


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"agency: a\nyear: 2021\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    loaded = load_report(str(path))
    assert loaded.report is None
    assert [i.subtype.value for i in loaded.issues] == ["file"]
    assert f"{MAX_BYTES // 1024} KiB" in loaded.issues[0].message
    assert load_bytes(path.read_bytes(), str(path)).issues[0].subtype.value == "file"


def test_symlink_outside_refused_by_loader(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD_YAML, encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    os.symlink(outside, src / "last.yaml")
    this = src / "this.yaml"
    this.write_text(GOOD_YAML.replace("year: 2021", "year: 2022") + "previous: last.yaml\n", encoding="utf-8")
    report, issues = validate_file(str(this), str(src))
    assert report is not None
    assert [(i.subtype.value, i.line) for i in issues] == [("path", 10)]
    _report, allowed = validate_file(str(this), str(src), allow_outside=True)
    # last year's 1 carried forward (自然人, 总计) against this year's 0 carried over
    assert [(i.subtype.value, i.line) for i in allowed] == [("carry-over", 4), ("carry-over", 4)]


# -- a real Sphinx build -----------------------------------------------------


def test_build_fails_with_W_and_never_tracebacks(build: tuple[Path, Path, str, int]) -> None:
    _src, out, output, status = build
    assert status != 0
    assert "Traceback" not in output
    assert "Exception occurred" not in output
    assert (out / "good.html").is_file()


def test_good_document_still_built(build: tuple[Path, Path, str, int]) -> None:
    _src, out, output, _status = build
    assert not [
        line for line in output.splitlines() if "WARNING" in line and ("good.rst" in line or "good.yaml" in line)
    ]
    soup = _soup(out, "good")
    tables = soup.select("table.gov-report")
    assert len(tables) == 3
    assert soup.select_one("span.gov-number").get_text() == "4"


def _warning_lines(output: str, subtype: str) -> list[str]:
    return [line for line in output.splitlines() if f"[gov-report.{subtype}]" in line]


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_corpus_through_sphinx(build: tuple[Path, Path, str, int], name: str) -> None:
    src, out, output, _status = build
    entry = ENTRIES[name]
    stem = Path(name).stem
    soup = _soup(out, stem)
    if entry.get("ok") or entry.get("level") == "notice":
        assert not [line for line in output.splitlines() if f"/data/{name}" in line and "WARNING" in line]
        assert len(soup.select("table.gov-report")) == 3
        return
    if entry["line"] is None:  # a problem with the whole file: reported at the directive
        where = f"{src / stem}.rst:4: WARNING: data/{name}："
    else:
        where = f"{src / 'data' / name}:{entry['line']}: WARNING: "
    lines = [line for line in _warning_lines(output, entry["subtype"]) if where in line]
    assert any(entry["message"] in line for line in lines), (where, output)
    if entry.get("usable"):
        assert len(soup.select("table.gov-report")) == 3
    else:  # shown as far as it can be, broken parts marked, never a raw key or a made-up number
        assert soup.select(".gov-report-preamble") == []
        banner = soup.select_one(".gov-report-banner")
        assert banner is not None and banner.get_text().strip().startswith("本报告数据有误，不得发布：共 ")
        assert "applications.new.total" not in soup.get_text()
        tables = soup.select("table.gov-report")
        assert len(tables) in (0, 3)
        if not tables:  # the file could not be read at all: a marked placeholder for each table
            assert len(soup.select("p.gov-invalid")) == 3
            assert [m.get_text() for m in soup.select("abbr.gov-invalid")] == ["？"]
        for cell in soup.select("td.gov-invalid"):
            assert cell.get_text() == "？" and cell["title"].startswith("本格数据有误")


@pytest.mark.parametrize("name", ["parent", "symlink"])
def test_paths_outside_srcdir_refused(build: tuple[Path, Path, str, int], name: str) -> None:
    src, out, output, _status = build
    lines = [line for line in _warning_lines(output, "path") if f"{src / name}.rst:4:" in line]
    assert len(lines) == 1
    assert "在文档源目录之外，已拒绝读取" in lines[0]
    assert "gov_report_allow_outside_srcdir = True" in lines[0]
    assert _soup(out, name).select("table.gov-report") == []


def test_absolute_path_is_relative_to_srcdir(build: tuple[Path, Path, str, int]) -> None:
    src, _out, output, _status = build
    lines = [line for line in _warning_lines(output, "file") if f"{src / 'absolute'}.rst:4:" in line]
    assert len(lines) == 1
    assert "/etc/passwd：找不到报告数据文件" in lines[0]
    assert "root:" not in output


def test_outside_allowed_when_configured(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD_YAML.replace("正常局", "外部局"), encoding="utf-8")
    os.symlink(outside, src / "link.yaml")
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\ngov_report_allow_outside_srcdir = True\n',
        encoding="utf-8",
    )
    write_report(src, "index", "link.yaml")
    result = sphinx_build(src, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("table.gov-report")) == 3


def test_summary_counts_every_report(build: tuple[Path, Path, str, int]) -> None:
    _src, _out, output, _status = build
    assert "data/good.yaml（正常局2021年度报告）：0 个错误，0 个提示" in output
    assert "data/octal.yaml（测试局2021年度报告）：1 个错误，0 个提示" in output
    assert "data/gbk.yaml（某市统计局2021年度报告）：0 个错误，1 个提示" in output


# -- injection ---------------------------------------------------------------

INJECTION_YAML = r"""agency: '局\textbf{x} {a} 100% $5 #1 A&B a_b x^2 ~y <script>alert(1)</script> *em* :gov:`year`'
year: 2021
website:
  name: '<b>网站</b> \input{/etc/passwd}'
  url: 'javascript:alert(1)'
contact:
  organization: '办公室 .. raw:: html'
  phone: '%&$#_{}~^\'
processing_fee: 0
figures:
  '<i>名</i>': 7
"""
AGENCY = r"局\textbf{x} {a} 100% $5 #1 A&B a_b x^2 ~y <script>alert(1)</script> *em* :gov:`year`"


@pytest.fixture(scope="module")
def injection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("injection") / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\n', encoding="utf-8")
    (src / "data.yaml").write_text(INJECTION_YAML, encoding="utf-8")
    write_report(src, "index", "data.yaml")
    index = src / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "本年新收政府信息公开申请 :gov:`applications.new.total` 件。", "机关 :gov:`agency`，数字 :gov:`<i>名</i>`。"
        ),
        encoding="utf-8",
    )
    return src


def test_injection_is_literal_text_in_html(injection: Path) -> None:
    out = injection.parent / "html"
    result = sphinx_build(injection, out, "-W")
    assert result.returncode == 0, result.stderr
    soup = _soup(out, "index")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    assert soup.find("b") is None and soup.find("i") is None and soup.find("em") is None
    assert not soup.select('a[href^="javascript:"]')
    numbers = [s.get_text() for s in soup.select("span.gov-number")]
    assert numbers == [AGENCY, "7"]
    preamble = soup.select_one(".gov-report-preamble").get_text()
    assert r"<b>网站</b> \input{/etc/passwd}（javascript:alert(1)）" in preamble
    assert "办公室 .. raw:: html" in preamble and "%&$#_{}~^\\" in preamble


def test_injection_is_escaped_in_latex(injection: Path) -> None:
    out = injection.parent / "latex"
    result = sphinx_build(injection, out, "-W", builder="latex")
    assert result.returncode == 0, result.stderr
    (tex,) = out.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    escaped = (
        r"局\textbackslash{}textbf\{x\} \{a\} 100\% \$5 \#1 A\&B a\_b x\textasciicircum{}2 \textasciitilde{}y "
        r"<script>alert(1)</script> *em* :gov:`year`"
    )
    assert r"\DUrole{gov-number}{" + escaped + "}" in text  # the role's output
    assert r"<b>网站</b> \textbackslash{}input\{/etc/passwd\}" in text  # the preamble
    assert r"\%\&\$\#\_\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}" in text
    assert r"\input{/etc/passwd}" not in text and r"\textbf{x}" not in text
