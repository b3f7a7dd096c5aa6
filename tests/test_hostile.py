"""Hostile and broken input, round two (issue 14): through real builds and the real command line.

The data-file classes are in ``tests/corpus/`` (see ``test_bad_input.py``); here are the ones
that need a project, ``conf.py``, the file system or the CLI: paths naming the source directory,
NUL and symlink loops, ``conf.py`` values of the wrong type, the preamble template outside the
source directory or a special file, JSON download names, CSV formulas, overwrites, ``new``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import sphinx_build
from test_bad_input import GOOD_YAML, write_report

from sphinx_gov_report.ext import config as gov_config
from sphinx_gov_report.ext.latex_config import FONT_CANDIDATES

CLI = Path(sys.executable).parent / "sphinx-gov-report"
CONF = (
    'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\nexclude_patterns = ["_build"]\nshow_warning_types = True\n'
)
SECRET = "绝密：源目录之外的内容"


def run(*args: str | Path, cwd: Path | None = None, module: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli"] if module else [str(CLI)]
    cmd += [str(a) for a in args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, check=False)


def project(root: Path, conf_extra: str = "") -> Path:
    src = root / "src"
    (src / "data").mkdir(parents=True)
    (src / "conf.py").write_text(CONF + conf_extra, encoding="utf-8")
    return src


def toc(src: Path, names: list[str]) -> None:
    entries = "\n".join(f"   {n}" for n in names)
    (src / "index.rst").write_text(f"测试\n====\n\n.. toctree::\n\n{entries}\n", encoding="utf-8")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- paths that name the source directory, contain NUL, or loop ------------------------------


@pytest.fixture(scope="module")
def paths_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, int]:
    src = project(tmp_path_factory.mktemp("paths"))
    data = src / "data"
    (data / "good.yaml").write_text(GOOD_YAML, encoding="utf-8")
    os.symlink("loop_b.yaml", data / "loop_a.yaml")
    os.symlink("loop_a.yaml", data / "loop_b.yaml")
    os.symlink("t_b.rst", data / "t_a.rst")
    os.symlink("t_a.rst", data / "t_b.rst")
    (data / "prevloop.yaml").write_text(
        GOOD_YAML.replace("year: 2021", "year: 2022") + "previous:\n  data: loop_a.yaml\n  text: t_a.rst\n",
        encoding="utf-8",
    )
    write_report(src, "srcroot", "/")
    write_report(src, "dot", ".")
    write_report(src, "nul", "data/good\x00.yaml")
    write_report(src, "loop", "data/loop_a.yaml")
    write_report(src, "prevloop", "data/prevloop.yaml")
    write_report(src, "good", "data/good.yaml")
    toc(src, ["srcroot", "dot", "nul", "loop", "prevloop", "good"])
    out = src.parent / "out"
    result = sphinx_build(src, out, "-W", "--keep-going")
    return src, out, result.stderr + result.stdout, result.returncode


def test_hostile_paths_never_abort_the_build(paths_build: tuple[Path, Path, str, int]) -> None:
    _src, out, output, status = paths_build
    assert status != 0  # -W fails it …
    assert "Traceback" not in output and "Exception occurred" not in output  # … with warnings, not a crash
    assert len(soup(out / "good.html").select("table.gov-report")) == 3  # the other documents are built
    assert (out / "_gov_report" / "data" / "good.json").is_file()


@pytest.mark.parametrize(
    ("doc", "subtype", "message"),
    [
        ("srcroot", "file", "/：报告数据路径是一个目录，不是 YAML 文件"),
        ("dot", "file", ".：报告数据路径是一个目录，不是 YAML 文件"),
        ("nul", "path", "报告数据文件的路径「data/good\\u0000.yaml」含有控制字符或不可见字符，已拒绝读取"),
        # Sphinx 8+ resolves the path (the directive reports it), 7.4 does not (the loader reports it)
        ("loop", "file", "是循环的符号链接（链接最终又指向自己）"),
    ],
)
def test_hostile_data_paths_are_located_warnings(
    paths_build: tuple[Path, Path, str, int], doc: str, subtype: str, message: str
) -> None:
    src, out, output, _status = paths_build
    lines = [line for line in output.splitlines() if line.startswith(f"{src / doc}.rst:4: WARNING: ")]
    assert any(message in line and f"[gov-report.{subtype}]" in line for line in lines), output
    assert soup(out / f"{doc}.html").select("table.gov-report") == []


def test_symlink_loops_as_last_years_files(paths_build: tuple[Path, Path, str, int]) -> None:
    src, out, output, _status = paths_build
    where = f"{src / 'data' / 'prevloop.yaml'}:"
    lines = [line for line in output.splitlines() if line.startswith(where)]
    assert any("上一年度报告数据无法读取" in line and "循环的符号链接" in line for line in lines), output
    assert any("上一年度报告全文" in line and "循环的符号链接" in line for line in lines), output
    assert len(soup(out / "prevloop.html").select("table.gov-report")) == 3  # this year's data is fine


def test_validate_reports_a_symlink_loop(paths_build: tuple[Path, Path, str, int]) -> None:
    src, _out, _output, _status = paths_build
    result = run("validate", src / "data")
    assert "Traceback" not in result.stderr
    assert "loop_a.yaml:1:1: error file: 报告数据文件是循环的符号链接" in result.stdout


# -- conf.py values ------------------------------------------------------------------------


def test_string_false_for_allow_outside_counts_as_false(tmp_path: Path) -> None:
    src = project(tmp_path, 'gov_report_allow_outside_srcdir = "False"\n')
    outside = tmp_path / "outside.yaml"
    outside.write_text(GOOD_YAML.replace("正常局", SECRET), encoding="utf-8")
    os.symlink(outside, src / "data" / "link.yaml")
    write_report(src, "index", "data/link.yaml")
    result = sphinx_build(src, tmp_path / "out", "-W", "--keep-going")
    output = result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    conf_line = f"{src / 'conf.py'}:5: WARNING: gov_report_allow_outside_srcdir 应为 True 或 False"
    assert conf_line in output and "[gov-report.config]" in output
    assert "已按默认值 False 处理" in output
    assert "在文档源目录之外，已拒绝读取" in output  # it counted as False, not bool("False")
    assert SECRET not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


BAD_VALUES = {
    "gov_report_preamble": "no",
    "gov_report_preamble_template": ["_templates/p.txt"],
    "gov_report_allow_outside_srcdir": 1,
    "gov_report_previous": [("data/2022.yaml", "data/2021.yaml")],
    "gov_report_latex_font": 3,
    "gov_report_latex_fonts": "Noto Serif CJK SC",
    "gov_report_json_download": "yes",
}


@pytest.mark.parametrize("name", sorted(BAD_VALUES))
def test_every_config_value_is_validated_in_chinese(make_app, tmp_path: Path, name: str) -> None:
    src = project(tmp_path, f"{name} = {BAD_VALUES[name]!r}\n")  # in conf.py: -D would convert strings
    (src / "data" / "good.yaml").write_text(GOOD_YAML, encoding="utf-8")
    write_report(src, "index", "data/good.yaml")
    app = make_app("html", srcdir=src)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    ours = [line for line in warnings.splitlines() if "[gov-report.config]" in line and name in line]
    assert len(ours) == 1, warnings
    assert ours[0].startswith(f"{src / 'conf.py'}:5: WARNING: ")
    assert re.search(r"[\u4e00-\u9fff]", ours[0])
    assert getattr(app.config, name) == BAD_VALUES[name]  # never mutated …
    assert getattr(gov_config.settings(app.config, str(src)), name.removeprefix("gov_report_")) == getattr(
        gov_config.Settings(), name.removeprefix("gov_report_")
    )  # … and the default is used
    assert len(soup(Path(app.outdir) / "index.html").select("table.gov-report")) == 3


def test_conf_values_located_at_their_line(tmp_path: Path) -> None:
    src = project(tmp_path, 'gov_report_json_download = "False"\ngov_report_preamble = 0\n')
    (src / "data" / "good.yaml").write_text(GOOD_YAML, encoding="utf-8")
    write_report(src, "index", "data/good.yaml")
    output = sphinx_build(src, tmp_path / "out").stderr
    assert f"{src / 'conf.py'}:5: WARNING: gov_report_json_download 应为 True 或 False" in output
    assert f"{src / 'conf.py'}:6: WARNING: gov_report_preamble 应为 True 或 False" in output
    assert (tmp_path / "out" / "_gov_report" / "data" / "good.json").is_file()  # default True


def test_font_roles_match_the_latex_candidates() -> None:
    assert tuple(FONT_CANDIDATES) == gov_config.FONT_ROLES


# -- the preamble template -----------------------------------------------------------------


@pytest.fixture(scope="module")
def template_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """One build per hostile template path (each in a subprocess, so a hang is a failure, not a stall)."""
    root = tmp_path_factory.mktemp("templates")
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    cases = {
        "parent": "../secret.txt",
        "absolute": str(secret),
        "etc": "/etc/passwd",
        "devzero": "/dev/zero",
        "fifo": "_templates/fifo",
        "directory": "_templates",
        "symlink": "_templates/link.txt",
        "dotdot_inside": "_templates/../../secret.txt",
    }
    results = {}
    for case, value in cases.items():
        src = project(root / case, f"gov_report_preamble_template = {value!r}\n")
        (src / "_templates").mkdir()
        os.mkfifo(src / "_templates" / "fifo")
        os.symlink(secret, src / "_templates" / "link.txt")
        (src / "data" / "good.yaml").write_text(GOOD_YAML, encoding="utf-8")
        write_report(src, "index", "data/good.yaml")
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", str(src), str(root / case / "out")]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        results[case] = (done.stderr, (root / case / "out" / "index.html").read_text(encoding="utf-8"))
    return results


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("parent", "gov_report_preamble_template「'../secret.txt'」在源目录之外，已拒绝读取"),
        ("absolute", "是绝对路径：前言模板的路径应相对于源目录"),
        ("etc", "gov_report_preamble_template「'/etc/passwd'」是绝对路径"),
        ("devzero", "gov_report_preamble_template「'/dev/zero'」是绝对路径"),
        ("dotdot_inside", "在源目录之外，已拒绝读取"),
        ("fifo", "无法读取前言模板：不是普通文件（管道、设备等特殊文件不会被读取）"),
        ("directory", "无法读取前言模板：是一个目录，不是文件"),
        ("symlink", "无法读取前言模板：在源目录之外（解析符号链接后），已拒绝读取"),
    ],
)
def test_preamble_template_is_confined_to_the_source_directory(
    template_builds: dict[str, tuple[str, str]], case: str, message: str
) -> None:
    warnings, html = template_builds[case]
    assert message in warnings, warnings
    assert "Traceback" not in warnings
    assert SECRET not in html and "root:x:0" not in html
    assert "[gov-report.config]" in warnings or "[gov-report.preamble]" in warnings


# -- JSON downloads ------------------------------------------------------------------------


def test_json_downloads_are_distinct_and_quoted(tmp_path: Path) -> None:
    src = project(tmp_path)
    names = {"yaml": "r.yaml", "yml": "r.yml", "hash": "no#1.yaml", "query": "what?.yaml", "space": "a b%.yaml"}
    for doc, name in names.items():
        (src / "data" / name).write_text(GOOD_YAML.replace("正常局", f"{doc}局"), encoding="utf-8")
        write_report(src, doc, f"data/{name}")
    toc(src, list(names))
    out = tmp_path / "out"
    result = sphinx_build(src, out, "-W")
    assert result.returncode == 0, result.stderr
    targets = set()
    for doc in names:
        link = soup(out / f"{doc}.html").select_one("a.gov-report-json")
        assert link is not None
        href = link["href"]
        assert "#" not in href and "?" not in href and " " not in href  # a URL, not a raw file name
        target = out / unquote(href)
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["reports"][0]["agency"] == f"{doc}局"  # each page links to its own numbers
        targets.add(target)
    assert len(targets) == len(names)
    assert (out / "_gov_report" / "data" / "r.json").is_file()  # the documented name for .yaml
    assert (out / "_gov_report" / "data" / "r.yml.json").is_file()


# -- CSV formulas --------------------------------------------------------------------------

FORMULA_YAML = GOOD_YAML.replace("agency: 正常局", 'agency: \'=HYPERLINK("http://evil","点击")\'') + (
    "website:\n  name: '@SUM(1+1)'\n  url: '-2+3'\ncontact:\n  phone: '+86 010 12345678'\n"
    "  fax: \"-1\"\n  address: '安全的地址'\n"
)


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    data = tmp_path / "=cmd.yaml"
    data.write_text(FORMULA_YAML, encoding="utf-8")
    for excel in ([], ["--excel"]):
        out = tmp_path / f"out{len(excel)}.csv"
        result = run("export", data.name, "--to", "csv", *excel, "-o", out, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))
        assert row["source"] == "'=cmd.yaml"
        assert row["agency"] == "'" + '=HYPERLINK("http://evil","点击")'
        assert row["website.name"] == "'@SUM(1+1)"
        assert row["website.url"] == "'-2+3"
        assert row["contact.phone"] == "'+86 010 12345678"
        assert row["contact.fax"] == "'-1"
        assert row["contact.address"] == "安全的地址"
        assert row["applications.new.total"] == "4"  # numbers stay numbers
    # JSON keeps the text exactly as written
    doc = json.loads(run("export", data, "--to", "json").stdout)
    assert doc["reports"][0]["agency"] == '=HYPERLINK("http://evil","点击")'


# -- overwrites ----------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "2021.yaml").write_text(GOOD_YAML, encoding="utf-8")
    (data / "s.yaml").write_text(GOOD_YAML.replace("year: 2021", "year: 2022"), encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("args", "victim", "message"),
    [
        (["export", "{d}/2021.yaml", "--to", "json", "-o", "{d}/2021.yaml"], "2021.yaml", "就是输入的数据文件"),
        (["export", "{d}", "--to", "json", "-o", "{d}/s.yaml"], "s.yaml", "就是输入的数据文件"),
        (["export", "{d}/2021.yaml", "--to", "csv", "-o", "{d}/s.yaml", "--force"], "s.yaml", "扩展名是 .yaml/.yml"),
        (["schema", "-o", "{d}/2021.yaml"], "2021.yaml", "扩展名是 .yaml/.yml"),
        (["schema", "-o", "{d}/2021.yaml", "--force"], "2021.yaml", "扩展名是 .yaml/.yml"),
        (["export", "{d}/2021.yaml", "--to", "json", "-o", "{d}/../notes.txt"], "../notes.txt", "已存在"),
        (["schema", "-o", "{d}/../notes.txt"], "../notes.txt", "确需覆盖请加 --force"),
    ],
)
def test_outputs_never_replace_the_users_files(data_dir: Path, args: list[str], victim: str, message: str) -> None:
    (data_dir.parent / "notes.txt").write_text("用户自己的笔记", encoding="utf-8")
    before = (data_dir / victim).read_bytes()
    result = run(*[a.format(d=data_dir) for a in args])
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert (data_dir / victim).read_bytes() == before


def test_own_outputs_are_replaced_and_force_replaces_others(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert run("export", data_dir / "2021.yaml", "--to", "json", "-o", out).returncode == 0
    assert run("export", data_dir, "--to", "json", "-o", out).returncode == 0  # an earlier export: replaced
    assert len(json.loads(out.read_text(encoding="utf-8"))["reports"]) == 2
    csv_out = tmp_path / "export.csv"
    assert run("export", data_dir, "--to", "csv", "--excel", "-o", csv_out).returncode == 0
    assert run("export", data_dir, "--to", "csv", "-o", csv_out).returncode == 0
    schema_out = tmp_path / "schema.json"
    assert run("schema", "-o", schema_out).returncode == 0
    assert run("schema", "-o", schema_out).returncode == 0
    other = tmp_path / "other.json"
    other.write_text('{"mine": true}', encoding="utf-8")
    assert run("schema", "-o", other).returncode == 2
    assert run("schema", "-o", other, "--force").returncode == 0
    assert json.loads(other.read_text(encoding="utf-8"))["title"] == "政府信息公开工作年度报告数据"


# -- new -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-1", "1900", "2007", "2101", "99999"])
def test_new_year_out_of_range(tmp_path: Path, year: str) -> None:
    result = run("new", tmp_path / "p", "--agency", "测试局", "--year", year)
    assert result.returncode == 2
    assert f"年度应为 2008 至 2100 之间的年份，实际为 {int(year)}" in result.stderr
    assert not (tmp_path / "p").exists()


def test_new_from_refuses_data_outside_last_years_project(tmp_path: Path) -> None:
    last = tmp_path / "last"
    last.mkdir()
    (last / "conf.py").write_text(CONF, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(GOOD_YAML.replace("正常局", SECRET), encoding="utf-8")
    write_report(last, "index", "../elsewhere.yaml")
    result = run("new", tmp_path / "new", "--from", last)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "在其项目目录" in result.stderr and "之外" in result.stderr
    assert not (tmp_path / "new").exists()
    # the same through a symlink inside the project
    (last / "index.rst").unlink()
    os.symlink(elsewhere, last / "2021.yaml")
    write_report(last, "index", "2021.yaml")
    result = run("new", tmp_path / "new", "--from", last)
    assert result.returncode == 2 and not (tmp_path / "new").exists()


def test_new_from_does_not_follow_last_years_previous_outside(tmp_path: Path) -> None:
    last = tmp_path / "last"
    last.mkdir()
    (last / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "older.yaml").write_text(GOOD_YAML.replace("正常局", SECRET).replace("2021", "2020"), "utf-8")
    (last / "2021.yaml").write_text(GOOD_YAML + "previous: ../older.yaml\n", encoding="utf-8")
    write_report(last, "index", "2021.yaml")
    result = run("new", tmp_path / "new", "--from", last)
    assert result.returncode == 0, result.stderr
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "new").rglob("*") if p.is_file())
    assert SECRET not in written
    assert "在文档源目录之外，已拒绝读取" in result.stderr  # reported among last year's errors


def test_new_from_with_a_shared_preamble_template(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "preamble.txt").write_text("共用前言：{{ agency }}{{ year }}年度。\n", encoding="utf-8")
    last = tmp_path / "units" / "last"
    last.mkdir(parents=True)
    (last / "conf.py").write_text(CONF + 'gov_report_preamble_template = "../../shared/preamble.txt"\n', "utf-8")
    (last / "2021.yaml").write_text(GOOD_YAML, encoding="utf-8")
    write_report(last, "index", "2021.yaml")
    before = sorted(p for p in tmp_path.rglob("*"))
    new = tmp_path / "units" / "new"
    result = run("new", new, "--from", last)
    assert result.returncode == 0, result.stderr
    assert (new / "_templates" / "preamble.txt").read_text(encoding="utf-8").startswith("共用前言")
    assert "gov_report_preamble_template = '_templates/preamble.txt'" in (new / "conf.py").read_text("utf-8")
    after = sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(new))
    assert after == [p for p in before if not p.is_relative_to(new)]  # nothing written outside the new project
    built = sphinx_build(new, tmp_path / "out", "-W")
    assert "gov_report_preamble_template" not in built.stderr and "前言模板" not in built.stderr
    assert "共用前言：正常局2022年度。" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_new_leaves_no_partial_project(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    os.symlink(tmp_path / "nowhere", root / "data")  # a dangling symlink where the data folder goes
    result = run("new", root, "--agency", "测试局", "--year", "2022")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "data" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["data"]


def test_new_cleans_up_after_a_failed_write(tmp_path: Path) -> None:
    from sphinx_gov_report.cli.new import _write_all

    root = tmp_path / "p"
    root.mkdir()
    (root / "mine.txt").write_text("用户的文件", encoding="utf-8")
    with pytest.raises(OSError):
        _write_all(root, {"conf.py": "x", "sub/a.txt": "a", "conf.py/b": "b"})
    assert sorted(p.name for p in root.iterdir()) == ["mine.txt"]


def test_python_dash_m_cli_prints_messages_not_tracebacks(tmp_path: Path) -> None:
    for args in (["new", tmp_path / "p", "--agency", "<b>局</b>"], ["new", tmp_path / "p", "--year", "0"]):
        module = run(*args, module=True)
        script = run(*args)
        assert module.returncode == script.returncode == 2
        assert "Traceback" not in module.stderr
        assert module.stderr == script.stderr
    version = run("--version", module=True)
    assert version.returncode == 0 and version.stdout.startswith("sphinx-gov-report ")
    assert not (tmp_path / "p").exists()


# -- the repetition check ------------------------------------------------------------------

REPETITION_SCRIPT = """
from sphinx_gov_report.ext.checks import similarity
last = ("问题不足" * 120_000)[:450_000]
this = ("问题不足" * 3 + "改进") * 20_000
print(round(similarity(this, last), 2))
"""


def test_repetition_check_is_linear_on_long_repetitive_text() -> None:
    # A bound, not a benchmark: the old quadratic alignment needed minutes for this.
    done = subprocess.run([sys.executable, "-c", REPETITION_SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # every 问题不足问题不足问题不足 is covered by runs of last year's text, no 改进: 12 of each 14 characters
    assert done.stdout.strip() == "0.86"


def test_repetition_bound_is_reported(tmp_path: Path) -> None:
    src = project(tmp_path)
    five = "五、存在的主要问题及改进情况"
    (src / "last.rst").write_text(f"{five}\n{'-' * 40}\n\n{'人员不足' * 40_000}\n", encoding="utf-8")
    (src / "data" / "r.yaml").write_text(
        GOOD_YAML.replace("year: 2021", "year: 2022") + "previous:\n  text: ../last.rst\n", "utf-8"
    )
    write_report(src, "index", "data/r.yaml")
    (src / "conf.py").write_text(CONF + 'exclude_patterns = ["_build", "last.rst"]\n', encoding="utf-8")
    result = sphinx_build(src, tmp_path / "out")
    assert "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    assert re.search(
        r"提示\[gov-report.repetition\]：.*重复率只比较了前 100000 个字符（上一年度 16000\d 个字符", output
    )


def test_new_from_never_opens_special_files(tmp_path: Path) -> None:
    last = tmp_path / "last"
    last.mkdir()
    os.mkfifo(last / "conf.py")  # open() on a FIFO waits for a writer forever
    os.mkfifo(last / "draft.rst")
    (last / "2021.yaml").write_text(GOOD_YAML, encoding="utf-8")
    write_report(last, "index", "2021.yaml")
    cmd = [str(CLI), "new", str(tmp_path / "new"), "--from", str(last)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)  # a hang fails here
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "previous" / "2021.yaml").is_file()
