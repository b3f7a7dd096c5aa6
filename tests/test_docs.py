"""The documentation builds with the extension itself under -W and covers the whole public surface."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import sphinx
from bs4 import BeautifulSoup
from conftest import ROOT, sphinx_build
from htmlgrid import report_tables

from sphinx_gov_report.core import reader as loader
from sphinx_gov_report.core import statute
from sphinx_gov_report.ext import directives

DOCS = ROOT / "docs"
PACKAGE = ROOT / "sphinx_gov_report"


@pytest.fixture(scope="module")
def docs_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("docs") / "docs"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build"))
    out = src / "_build" / "html"
    result = sphinx_build(src, out, "-W", "--keep-going", "-E")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


def _text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_docs_build_with_warnings_as_errors(docs_html: Path) -> None:
    index = BeautifulSoup((docs_html / "index.html").read_text(encoding="utf-8"), "html.parser")
    toc = {a["href"] for a in index.select("div.toctree-wrapper a.reference.internal")}
    for page in ("tutorial", "directives", "yaml", "config", "example", "pdf", "rules", "workflow"):
        assert f"{page}.html" in toc, page
    assert "sphinx_gov_report" in (DOCS / "conf.py").read_text(encoding="utf-8")
    assert 'language = "zh_CN"' in _text("conf.py")


def test_live_example_is_rendered_by_the_extension(docs_html: Path) -> None:
    page = BeautifulSoup((docs_html / "example.html").read_text(encoding="utf-8"), "html.parser")
    tables = report_tables(page)
    assert sorted(tables) == ["三", "二", "四"]
    preamble = page.select_one("div.gov-report-preamble p").get_text()
    assert preamble.startswith("本报告根据《中华人民共和国政府信息公开条例》")
    assert "某某区人民政府门户网站（www.example.gov.cn）" in preamble
    numbers = [s.get_text() for s in page.select("span.gov-number")]
    assert numbers == ["16", "12", "15", "2", "356", "24252.311082"]


def test_every_config_value_is_documented() -> None:
    from sphinx_gov_report.ext import config

    class Recorder:  # what setup() registers, through ext/config.py's register()
        def __init__(self) -> None:
            self.names: set[str] = set()

        def add_config_value(self, name: str, *args: object, **kwargs: object) -> None:
            self.names.add(name)

        def connect(self, *args: object) -> None:
            pass

    app = Recorder()
    config.register(app)  # type: ignore[arg-type]
    names = app.names
    assert "gov_report_preamble_template" in names and names == set(config.VALUES)
    for path in PACKAGE.rglob("*.py"):  # nothing registered elsewhere
        assert "add_config_value(" not in path.read_text(encoding="utf-8") or path.name == "config.py"
    documented = set(re.findall(r"^\.\. confval:: (\w+)$", _text("config.rst"), re.MULTILINE))
    assert names == documented


def test_directives_role_and_options_are_documented() -> None:
    text = _text("directives.rst")
    for name in ("gov-report", "gov-table"):
        assert f".. {name}::" in text
    assert ":gov:`" in text
    options = set(directives.GovReportDirective.option_spec) | set(directives.GovTableDirective.option_spec)
    for option in options:
        assert f"``:{option}:``" in text, option
    for alias in statute.TABLE_ALIASES:
        assert f"``{alias}``" in text, alias
    assert "数据项引用" in text  # the role's warning message points the reader to this section


def test_every_yaml_key_is_documented() -> None:
    text = _text("yaml.rst")
    for key in (*loader.TOP_KEYS, *loader.CONTACT_KEYS):
        assert f"``{key}``" in text, key
    for key in ("yaml-language-server", "report.schema.json", "24252.311082"):
        assert key in text


def test_readme_commands_match_ci() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest'
    build_command = (
        'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && '
        'make -C example_project html SPHINXBUILD="$PWD/.venv/bin/sphinx-build"'
    )
    assert test_command in ci
    assert readme.count(test_command) == 2  # Chinese and English sections
    assert readme.count(build_command) == 2
    packages = re.search(r'TEX_PACKAGES="([^"]*)"', ci).group(1).replace("\\\n", " ").split()
    assert " ".join(packages) in readme


def _readme_minimal_example() -> dict[str, str]:
    """The files of the README's 最小示例: each fenced block under a line naming the file in backquotes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### 最小示例") :]
    section = section[: section.index("\n### ", 1)]
    blocks = re.findall(r"^`([\w./]+)`[^\n]*\n\n```\w+\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    return dict(blocks)


def test_readme_minimal_example_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    files = _readme_minimal_example()
    assert sorted(files) == ["conf.py", "data/2022.yaml", "index.rst"]
    src = tmp_path / "minimal"
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = sphinx_build(src, out, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "data/2022.yaml（某某局2022年度报告）：0 个错误，0 个提示" in result.stdout + result.stderr
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert sorted(report_tables(page)) == ["三", "二", "四"]
    assert [s.get_text() for s in page.select("span.gov-number")] == ["3"]


def _code_blocks(text: str) -> list[tuple[str, str]]:
    """``(language, body)`` of every ``.. code-block::`` (dedented by the three-space indent)."""
    blocks = re.findall(r"^\.\. code-block:: (\w+)\n\n((?:   .*\n|\n)+)", text, re.MULTILINE)
    return [(lang, "\n".join(line[3:] for line in body.rstrip().splitlines()) + "\n") for lang, body in blocks]


def test_tutorial_examples_build_and_show_the_real_warnings(tmp_path: Path) -> None:
    """The tutorial's conf.py, data file and index.rst, literally; then its §6 edit gives exactly the warnings shown."""
    blocks = _code_blocks(_text("tutorial.rst"))
    files = {lang: body for lang, body in blocks if lang in ("python", "yaml", "rst")}
    src = tmp_path / "2022"
    (src / "data").mkdir(parents=True)
    (src / "conf.py").write_text(files["python"], encoding="utf-8")
    (src / "data" / "2022.yaml").write_text(files["yaml"], encoding="utf-8")
    (src / "index.rst").write_text(files["rst"], encoding="utf-8")
    clean = sphinx_build(src, tmp_path / "out", "-W", "--keep-going")
    assert clean.returncode == 0, clean.stderr
    # §6: 自然人 of the ``new`` row from 5 to 6, on the line the tutorial names.
    data = src / "data" / "2022.yaml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[15].startswith("  new:         [5,")
    lines[15] = lines[15].replace("[5,", "[6,", 1)
    data.write_text("".join(lines), encoding="utf-8")
    broken = sphinx_build(src, tmp_path / "out", "-E")
    output = (broken.stdout + broken.stderr).splitlines()
    (shown,) = [body for lang, body in blocks if lang == "text" and "WARNING" in body]
    expected = [line.replace("/home/user/2022", str(src)) for line in shown.splitlines()]
    if sphinx.version_info < (8,):  # warning types are shown from Sphinx 8 on
        expected = [re.sub(r" \[gov-report\.[a-z-]+\]$", "", line) for line in expected]
    warnings = [line for line in output if "WARNING" in line]
    assert warnings == [line for line in expected if "WARNING" in line]
    assert expected[-1] in output


def test_region_example_is_built(docs_html: Path) -> None:
    """The 3-unit region of docs/region.rst: pages from the files, the 汇总 summed (hand-added figures)."""
    summary = BeautifulSoup((docs_html / "summary" / "2025.html").read_text(encoding="utf-8"), "html.parser")
    cells = {td["data-key"]: td.get_text() for td in summary.select("td[data-key]")}
    # 新收: 县教育局 5+1, 县卫生健康委员会 3, 某某镇 1; 行政许可 120 + 300 + 12; 收费 0 + 1.25 + 0
    assert cells["applications.new.natural"] == "9"
    assert cells["applications.new.total"] == "10"
    assert cells["active.licensing.decisions"] == "432"
    assert cells["active.fees.amount"] == "1.25"
    status = BeautifulSoup((docs_html / "region" / "2025" / "index.html").read_text(encoding="utf-8"), "html.parser")
    names = [tr.td.get_text() for tr in status.select("table.gov-region-status tbody tr")]
    assert names == ["县教育局", "县卫生健康委员会", "某某镇"]  # the registry's order
    for name in names:
        assert (docs_html / "region" / "2025" / f"{name}.html").is_file()
    assert "region/index.html" in (docs_html / "region.html").read_text(encoding="utf-8")
