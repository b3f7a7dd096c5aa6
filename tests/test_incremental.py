"""Incremental builds: editing a report's YAML re-reads exactly the documents that use it."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from conftest import ROOTS
from htmlgrid import report_tables, rows, soup

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _touch_later(path: Path) -> None:
    """Make sure the edit is newer than the last build whatever the clock resolution."""
    later = time.time() + 5
    os.utime(path, (later, later))


def _read_and_written(status: str) -> tuple[str, set[str], set[str]]:
    """The "updating environment" summary, and the documents read and written."""
    status = _ANSI.sub("", status)
    summary = re.search(r"updating environment: (?:\[[^]]*\] )?(\d+ added, \d+ changed, \d+ removed)", status)
    read = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))
    return (summary.group(1) if summary else ""), read, written


def _build(make_app, src: Path, **kwargs) -> tuple[str, str, Path]:
    """Build once with a fresh application object: (status, warnings, outdir)."""
    app = make_app("html", srcdir=src, **kwargs)
    try:
        app.build()
        return app.status.getvalue(), app.warning.getvalue(), Path(app.outdir)
    finally:
        app.cleanup()  # unregister its nodes before the next application is created


def _copy(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-multi", src)
    return src


def test_editing_yaml_rebuilds_only_its_document(make_app, rootdir: Path, tmp_path: Path) -> None:
    src = _copy(rootdir, tmp_path)
    status, _, _ = _build(make_app, src)
    assert _read_and_written(status)[0] == "6 added, 0 changed, 0 removed"

    # nothing changed: nothing is read again
    status, _, _ = _build(make_app, src)
    summary, read, _ = _read_and_written(status)
    assert summary == "0 added, 0 changed, 0 removed"
    assert read == set()

    data = src / "data" / "a2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("licensing: 120", "licensing: 121"), encoding="utf-8")
    _touch_later(data)
    status, warnings, outdir = _build(make_app, src)
    summary, read, written = _read_and_written(status)
    assert summary == "0 added, 1 changed, 0 removed"
    assert read == {"a2021"}
    # Sphinx also rewrites the toctree parent of a changed document (its navigation may change)
    assert written == {"a2021", "index"}
    assert warnings == ""
    table = report_tables(soup(outdir / "a2021.html"))["二"]
    assert rows(table, "tbody")[6][1].text == "121"


def test_editing_one_of_two_reports(make_app, rootdir: Path, tmp_path: Path) -> None:
    src = _copy(rootdir, tmp_path)
    _build(make_app, src)
    data = src / "data" / "b2019.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "processing_fee: 3\n", encoding="utf-8")
    _touch_later(data)
    status, _, _ = _build(make_app, src)
    summary, read, _ = _read_and_written(status)
    assert summary == "0 added, 1 changed, 0 removed"
    assert read == {"b2019"}


def test_editing_the_preamble_template_rebuilds_the_reports(make_app, rootdir: Path, tmp_path: Path) -> None:
    src = _copy(rootdir, tmp_path)
    (src / "preamble.txt").write_text("{{ agency }}{{ year }}年度报告。\n", encoding="utf-8")
    overrides = {"gov_report_preamble_template": "preamble.txt"}
    _build(make_app, src, confoverrides=overrides)
    (src / "preamble.txt").write_text("{{ agency }}编制{{ year }}年度报告。\n", encoding="utf-8")
    _touch_later(src / "preamble.txt")
    status, _, outdir = _build(make_app, src, confoverrides=overrides)
    summary, read, _ = _read_and_written(status)
    assert summary == "0 added, 3 changed, 0 removed"
    assert read == {"a2021", "b2019", "c2022"}
    page = soup(outdir / "c2022.html")
    assert page.select_one("div.gov-report-preamble p").get_text() == "测试市测试局编制2022年度报告。"


def test_fixing_a_missing_file_rebuilds(make_app, rootdir: Path, tmp_path: Path) -> None:
    src = _copy(rootdir, tmp_path)
    data = src / "data" / "c2022.yaml"
    saved = data.read_text(encoding="utf-8")
    data.unlink()
    _, warnings, _ = _build(make_app, src)
    assert "c2022.yaml" in warnings
    data.write_text(saved, encoding="utf-8")
    _touch_later(data)
    status, warnings, outdir = _build(make_app, src)
    summary, read, _ = _read_and_written(status)
    assert summary == "0 added, 1 changed, 0 removed"
    assert read == {"c2022"}
    assert warnings == ""
    assert "三" in report_tables(soup(outdir / "c2022.html"))


def test_unchanged_rebuild_repeats_the_errors(tmp_path: Path) -> None:
    """A report with errors fails ``-W`` on every build, not only on the one that read it."""
    from conftest import sphinx_build

    src = _copy(ROOTS, tmp_path)
    data = src / "data" / "c2022.yaml"
    text = data.read_text(encoding="utf-8")
    assert "new: [7, 0, 0, 0, 0, 0]" in text
    data.write_text(
        text.replace("new: [7, 0, 0, 0, 0, 0]", "new: [7, 0, 0, 0, 0, 0, 9]"), encoding="utf-8"
    )  # 总计 wrong
    out = tmp_path / "out"
    first = sphinx_build(src, out, "-W", "--keep-going")
    second = sphinx_build(src, out, "-W", "--keep-going")
    for run in (first, second):
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stderr
    assert "0 added, 0 changed, 0 removed" in _ANSI.sub("", second.stdout)
    located = [line for line in first.stderr.splitlines() if "c2022.yaml:" in line]
    assert located, first.stderr
    # the same located warnings again, although c2022 was not read this time
    assert [line for line in second.stderr.splitlines() if "c2022.yaml:" in line] == located
    assert re.search(r"data/c2022\.yaml（.*）：[1-9]\d* 个错误", _ANSI.sub("", second.stdout))
