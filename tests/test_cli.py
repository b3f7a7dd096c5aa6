"""The ``sphinx-gov-report`` console script: help, exit codes, validate, schema and export (run as a subprocess)."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportgen import write_reports

from sphinx_gov_report.core import export, schema

CLI = Path(sys.executable).parent / "sphinx-gov-report"
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|notice) (?P<subtype>[a-z-]+): (?P<msg>.+)$"
)


def run(*args: str | Path, cwd: Path | None = None, ci: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    cmd = [str(CLI), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, check=False)


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """30 generated reports: 6 agencies × 2019–2023, each linked to last year's by ``previous``."""
    root = tmp_path / "reports"
    write_reports(root, 30)
    return root


def test_console_script_is_installed_in_this_environment():
    assert CLI.is_file() and os.access(CLI, os.X_OK)
    assert shutil.which("sphinx-gov-report", path=str(CLI.parent)) == str(CLI)


@pytest.mark.parametrize("command", [[], ["validate"], ["new"], ["schema"], ["export"]])
def test_help_in_chinese_and_english(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    out = " ".join(result.stdout.split())
    assert out.count("用法 / usage:") == 1
    assert "显示帮助并退出 / show this help and exit" in out
    expected = {
        (): ["校验报告数据文件 / validate report data files", "1 数据有错误 / rule errors in the data"],
        ("validate",): ["数据文件或目录", "files or directories", "--format {text,json}"],
        ("new",): ["--agency", "机关名称 / agency name", "--from LAST_YEAR", "last year's project or data file"],
        ("schema",): ["Print the JSON Schema", "写入文件而不是标准输出 / write to FILE"],
        ("export",): ["--to {json,csv}", "导出格式 / output format"],
    }[tuple(command)]
    for text in expected:
        assert text in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required"),
        (["validate"], "the following arguments are required: PATH"),
        (["frobnicate"], "invalid choice"),
        (["export", "x.yaml", "--to", "xml"], "invalid choice"),
        (["validate", "no-such-file.yaml"], "找不到文件或目录 / no such file or directory: no-such-file.yaml"),
        (["schema", "-o", "no-such-dir/x.json"], "无法读写文件「no-such-dir/x.json」："),
    ],
)
def test_usage_and_input_errors_exit_2(args, message, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_directory_without_data_files_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = run("validate", tmp_path)
    assert result.returncode == 2
    assert "没有找到 YAML 数据文件" in result.stderr


def test_validate_example_clean(example_src):
    for target in (example_src / "data" / "2021.yaml", example_src):
        result = run("validate", target)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout == ""
        assert result.stderr.strip() == "已校验 1 个文件：0 个错误，0 个提示"


def test_validate_reports_located_errors(example_src):
    data = example_src / "data" / "2021.yaml"
    text = (
        data.read_text(encoding="utf-8")
        .replace(
            "applications: {}",
            "applications:\n  new: [3, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [2, 0, 0, 0, 0, 0]\n  carried_forward: [-1, 0, 0, 0, 0, 0]",
        )
        .replace("appeals: {}", "appeals:\n  review: [1, 0, 0, 0, 2]")
    )
    data.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = run("validate", data, cwd=example_src)
    assert result.returncode == 1
    found = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(found), result.stdout
    by_subtype = {m["subtype"]: m for m in found if m}
    negative = by_subtype["value"]
    assert negative["path"] == str(data)
    assert lines[int(negative["line"]) - 1].strip().startswith("carried_forward: [-1")
    assert int(negative["col"]) == lines[int(negative["line"]) - 1].index("-1") + 1
    assert "「四、结转下年度继续办理 / 自然人」不能为负数" in negative["msg"]
    assert negative["level"] == "error"
    total = by_subtype["appeal-total"]
    assert lines[int(total["line"]) - 1] == "  review: [1, 0, 0, 0, 2]"
    assert total["msg"] == "「行政复议 / 总计」为 2，但结果维持、结果纠正、其他结果、尚未审结之和为 1"
    assert len(found) == 2
    assert result.stderr.strip() == "已校验 1 个文件：2 个错误，0 个提示"


def test_notices_alone_exit_0(generated):
    target = generated / "2022" / "0000.yaml"
    text = target.read_text(encoding="utf-8")
    old = re.search(r"  regulations: \[(\d+), (\d+), (\d+)\]", text)
    assert old
    target.write_text(text.replace(old.group(0), f"  regulations: [{old[1]}, {old[2]}, {int(old[3]) + 5}]"), "utf-8")
    result = run("validate", target)
    assert result.returncode == 0, result.stdout
    (line,) = result.stdout.splitlines()
    match = LINE.match(line)
    assert match and match["level"] == "notice" and match["subtype"] == "stock"
    assert f"为 {int(old[3]) + 5}，按上年现行有效件数" in match["msg"]


def test_validate_generated_directory_and_cross_year(generated):
    result = run("validate", generated)
    assert result.returncode == 0, result.stdout
    # random data is consistent, but not always plausible: only plausibility notices (see test_plausibility.py)
    found = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(m and m["level"] == "notice" and m["subtype"] == "plausibility" for m in found), result.stdout
    assert f"已校验 30 个文件：0 个错误，{len(found)} 个提示" in result.stderr
    # Break the carry-over of one report: last year's 结转下年度继续办理 is read through ``previous``.
    target = generated / "2021" / "0003.yaml"
    text = target.read_text(encoding="utf-8")
    carried = re.search(r"  carried_over: \[(\d+),", text)
    assert carried
    target.write_text(text.replace(carried.group(0), f"  carried_over: [{int(carried[1]) + 1},"), "utf-8")
    result = run("validate", generated)
    assert result.returncode == 1
    changed = [line for line in result.stdout.splitlines() if "notice plausibility" not in line]
    subtypes = sorted({LINE.match(line)["subtype"] for line in changed})  # type: ignore[index]
    assert subtypes == ["balance", "carry-over"]
    assert all(line.startswith(str(target)) for line in changed)
    assert "但上一年度报告「四、结转下年度继续办理 / 自然人」为" in result.stdout


def test_validate_json_output(generated):
    target = generated / "2020" / "0001.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("year: 2020", "year: 2020\nbogus: 1"), "utf-8")
    result = run("validate", "--format", "json", generated / "2020")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    plausibility = [i for i in doc["issues"] if i["subtype"] == "plausibility"]
    assert doc["errors"] == 1 and doc["notices"] == len(plausibility)
    assert [f["path"] for f in doc["files"]] == [str(generated / "2020" / f"{i:04d}.yaml") for i in range(6)]
    assert doc["files"][1]["errors"] == 1 and doc["files"][1]["agency"] == "测试0001局"
    (issue,) = [i for i in doc["issues"] if i not in plausibility]
    assert issue["subtype"] == "schema" and issue["level"] == "error" and issue["line"] == 4
    assert "未知的键「bogus」" in issue["message"]


def test_validate_root_confines_previous_links(generated, tmp_path):
    inner = generated / "2021"
    result = run("validate", "--root", inner, inner / "0000.yaml")
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert LINE.match(line)["subtype"] == "path"  # type: ignore[index]


def _run_with_tty_stderr(args: list[str], ci: bool) -> str:
    """Run the CLI with stderr on a pseudo-terminal; return what it wrote there."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        env["CI"] = "true"
    proc = subprocess.Popen([str(CLI), *args], stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_progress_bar_only_on_a_terminal_outside_ci(generated):
    on_tty = _run_with_tty_stderr(["validate", str(generated)], ci=False)
    assert "校验中 30/30 [##############################]" in on_tty
    assert "校验中 1/30" in on_tty
    assert "校验中" not in _run_with_tty_stderr(["validate", str(generated)], ci=True)
    assert "校验中" not in _run_with_tty_stderr(["validate", "--no-progress", str(generated)], ci=False)
    piped = run("validate", generated)
    assert "校验中" not in piped.stderr
    few = _run_with_tty_stderr(["validate", str(generated / "2019")], ci=False)
    assert "校验中" not in few and "已校验 6 个文件" in few


def test_schema_command_prints_the_generated_schema(tmp_path):
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == schema.build_schema()
    assert result.stdout == schema.SCHEMA_FILE.read_text(encoding="utf-8")
    assert run("schema", "-o", tmp_path / "s.json").returncode == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == result.stdout


def test_export_json_example(example_src):
    result = run("export", "data/2021.yaml", "--to", "json", cwd=example_src)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["layout"] == "sphinx-gov-report/export" and doc["version"] == 1
    (rec,) = doc["reports"]
    assert rec["source"] == "data/2021.yaml"
    assert rec["agency"] == "富阳区人民政府春江街道办事处" and rec["year"] == 2021 and rec["format"] == "2021"
    assert rec["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    assert rec["applications"]["results"]["withheld"]["state_secret"]["natural"] == 0
    assert rec["applications"]["results"]["total"]["total"] == 0
    assert rec["appeals"]["suit_after_review"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    assert rec["active"]["fees"] == {"amount": "0"}
    assert rec["figures"]["主动公开信息"] == 266 and rec["figures"]["微信发稿"] == 1006


def test_export_keeps_amounts_exact_and_computes_totals(example_src):
    data = example_src / "data" / "2021.yaml"
    text = data.read_text(encoding="utf-8").replace("  fees: 0 ", "  fees: 24252.311082 ")
    text = text.replace(
        "applications: {}", "applications:\n  new: [5, 1, 0, 0, 0, 2]\n  carried_forward: [5, 1, 0, 0, 0, 2]"
    )
    data.write_text(text.replace("processing_fee: 0", "processing_fee: 0.10"), encoding="utf-8")
    rec = json.loads(run("export", data, "--to", "json").stdout)["reports"][0]
    assert rec["active"]["fees"]["amount"] == "24252.311082"
    assert rec["processing_fee"] == "0.10"
    assert rec["applications"]["new"]["total"] == 8
    assert rec["applications"]["carried_forward"]["total"] == 8
    rows = list(csv.DictReader(io.StringIO(run("export", data, "--to", "csv").stdout)))
    assert rows[0]["active.fees.amount"] == "24252.311082"
    assert rows[0]["applications.new.total"] == "8"
    assert rows[0]["processing_fee"] == "0.10"


def test_export_generated_directory_csv_and_json(generated, tmp_path):
    out = tmp_path / "all.csv"
    result = run("export", generated, "--to", "csv", "-o", out)
    assert result.returncode == 0 and result.stdout == ""
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == export.csv_columns()
        rows = list(reader)
    assert len(rows) == 30
    assert reader.fieldnames[:4] == ["source", "format", "agency", "year"]
    assert "applications.results.withheld.state_secret.natural" in reader.fieldnames
    assert "applications.results.other.natural" in reader.fieldnames  # the 2019 single row
    by_year = {(r["agency"], r["year"]): r for r in rows}
    r2019, r2021 = by_year[("测试0000局", "2019")], by_year[("测试0000局", "2021")]
    assert r2019["format"] == "2019" and r2019["applications.results.other.no_correction.natural"] == ""
    assert r2021["active.procurement.amount"] == "" and r2021["applications.results.other.natural"] == ""
    source = generated / "2021" / "0000.yaml"
    assert r2021["source"] == source.as_posix()
    text = source.read_text(encoding="utf-8")
    fee = re.search(r"fees: \[([0-9.]+)\]", text)
    assert fee and r2021["active.fees.amount"] == fee[1]
    # Same records as JSON, one per report, in the same order.
    doc = json.loads(run("export", generated, "--to", "json").stdout)
    assert [(r["agency"], str(r["year"])) for r in doc["reports"]] == [(r["agency"], r["year"]) for r in rows]
    rec = doc["reports"][[r["source"] for r in doc["reports"]].index(source.as_posix())]
    for column in export.csv_columns():
        value = export.flatten(rec).get(column)
        assert r2021[column] == ("" if value is None else str(value)), column


def test_export_refuses_data_with_errors(example_src, tmp_path):
    data = example_src / "data" / "2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("year: 2021", "year: 二〇二一"), encoding="utf-8")
    out = tmp_path / "x.json"
    result = run("export", data, "--to", "json", "-o", out)
    assert result.returncode == 1
    assert "error value:" in result.stderr and "未导出" in result.stderr
    assert not out.exists() and result.stdout == ""


def test_every_text_line_has_line_and_column(tmp_path):
    """File-level problems too: ``file:1:1:``, so editor problem matchers and grep see one shape."""
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes('format: "2021"\nagency: 某局\nyear: 2022\n'.encode("gbk"))
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    result = run("validate", tmp_path)
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    matches = [LINE.match(line) for line in lines]
    assert all(matches), result.stdout
    by_path = {m["path"]: m for m in matches if m}
    notice = by_path[str(gbk)]
    assert (notice["line"], notice["col"], notice["level"], notice["subtype"]) == ("1", "1", "notice", "file")
    assert "已按 GBK/GB18030 读取" in notice["msg"]
    assert by_path[str(empty)]["line"] == "1" and by_path[str(empty)]["col"] == "1"


def test_json_output_is_utf8_not_escaped(tmp_path, example_src):
    data = example_src / "data" / "2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("year: 2021", "year: 2021\nbogus: 1"), "utf-8")
    for args in (("validate", "--format", "json", data), ("schema",)):
        result = run(*args)
        assert "\\u" not in result.stdout, args
        json.loads(result.stdout)
    assert "未知的键「bogus」" in run("validate", "--format", "json", data).stdout
    assert "本年新收" in run("schema").stdout
    exported = run("export", EXAMPLE_DATA, "--to", "json")
    assert exported.returncode == 0 and "\\u" not in exported.stdout
    assert '"agency": "富阳区人民政府春江街道办事处"' in exported.stdout


EXAMPLE_DATA = Path(__file__).resolve().parents[1] / "example_project" / "data" / "2021.yaml"


def test_validate_root_error_names_the_root_option_not_conf_py(generated):
    inner = generated / "2021"
    result = run("validate", "--root", inner, inner / "0000.yaml")
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    match = LINE.match(line)
    assert match and match["subtype"] == "path"
    assert "conf.py" not in line and "gov_report_allow_outside_srcdir" not in line
    assert f"在 --root 指定的目录（{inner}）之外，已拒绝读取" in match["msg"]
    assert "请把 --root 设为同时包含这两个文件的上级目录" in match["msg"]
    # Without --root nothing is confined.
    assert run("validate", inner / "0000.yaml").returncode == 0


def _break(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("year: ", "bogus: 1\nyear: ", 1), "utf-8")


def test_export_is_strict_by_default_and_skip_invalid_exports_the_rest(generated, tmp_path):
    broken = generated / "2023" / "0004.yaml"  # no later report links to it
    _break(broken)
    out = tmp_path / "all.json"
    strict = run("export", generated, "--to", "json", "-o", out)
    assert strict.returncode == 1
    assert "未导出任何数据" in strict.stderr and "--skip-invalid" in strict.stderr
    assert not out.exists()
    lenient = run("export", generated, "--to", "json", "--skip-invalid", "-o", out)
    assert lenient.returncode == 1  # something was left out
    problems = [LINE.match(line) for line in lenient.stderr.splitlines() if line.startswith(str(broken))]
    assert problems and all(problems) and problems[0]["subtype"] == "schema"  # type: ignore[index]
    assert f"已导出 29 份报告，跳过 1 个有错误的文件：{broken}" in lenient.stderr
    sources = [r["source"] for r in json.loads(out.read_text(encoding="utf-8"))["reports"]]
    assert len(sources) == 29 and broken.as_posix() not in sources
    # Nothing invalid: --skip-invalid changes nothing.
    clean = run("export", generated / "2019", "--to", "csv", "--skip-invalid")
    assert clean.returncode == 0 and clean.stderr == "" and len(clean.stdout.splitlines()) == 7


def test_export_csv_for_excel_has_a_bom(generated, tmp_path):
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert run("export", generated / "2020", "--to", "csv", "-o", plain).returncode == 0
    assert run("export", generated / "2020", "--to", "csv", "--excel", "-o", excel).returncode == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    with excel.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["agency"] == "测试0000局" and len(rows) == 6
    stdout = subprocess.run(
        [str(CLI), "export", str(generated / "2020"), "--to", "csv", "--excel"], capture_output=True, check=False
    )
    assert stdout.returncode == 0 and stdout.stdout.startswith(b"\xef\xbb\xbfsource,format,agency")
    wrong = run("export", generated / "2020", "--to", "json", "--excel")
    assert wrong.returncode == 2 and "--excel 只用于 --to csv" in wrong.stderr


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        ([], "错误：缺少必需的参数：命令", "error: the following arguments are required: 命令 / command"),
        (["validate"], "错误：缺少必需的参数：PATH", "error: the following arguments are required: PATH"),
        (["validate", "x.yaml", "--bogus"], "错误：无法识别的参数：--bogus", "error: unrecognized arguments: --bogus"),
        (["frobnicate"], "错误：参数 命令 的值 'frobnicate' 无效，可选：", "invalid choice: 'frobnicate'"),
        (["export", "x.yaml", "--to", "xml"], "错误：参数 --to 的值 'xml' 无效，可选：", "invalid choice: 'xml'"),
        (["new", "p", "--year", "abc"], "错误：参数 --year 应为整数，而不是 'abc'", "invalid int value: 'abc'"),
        (["schema", "-o"], "错误：参数 -o/--output 后面需要一个值", "expected one argument"),
    ],
)
def test_usage_errors_in_chinese_first(args, chinese, english, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("用法 / usage: ")
    first = next(i for i, line in enumerate(lines) if chinese in line)
    second = next(i for i, line in enumerate(lines) if english in line)
    assert first < second, result.stderr
    assert lines[first].startswith("sphinx-gov-report") and lines[second].startswith("sphinx-gov-report")
