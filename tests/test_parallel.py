"""A parallel build (-j 2) of a multi-report project gives the same output as a serial one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOTS, sphinx_build

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _pages(outdir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(outdir.glob("*.html"))}


def _build(root: str, tmp_path: Path, jobs: str) -> tuple[Path, str, str]:
    src = tmp_path / f"src-{jobs}"
    shutil.copytree(ROOTS / root, src)
    out = tmp_path / f"out-{jobs}"
    result = sphinx_build(src, out, "-j", jobs, "-E")
    assert result.returncode == 0, result.stderr
    warnings = _ANSI.sub("", result.stderr).replace(str(src), "<src>")
    return out, result.stdout, warnings


def test_parallel_html_equals_serial(tmp_path: Path) -> None:
    serial, _, serial_warnings = _build("test-multi", tmp_path, "1")
    parallel, status, parallel_warnings = _build("test-multi", tmp_path, "2")
    # the documents really were read in chunks by worker processes ("reading sources... [ 50%] a .. b")
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", _ANSI.sub("", status)), status
    assert serial_warnings == parallel_warnings == ""
    pages, other = _pages(serial), _pages(parallel)
    assert sorted(pages) == [
        "a2021.html",
        "about.html",
        "b2019.html",
        "c2022.html",
        "genindex.html",
        "index.html",
        "notes.html",
        "search.html",
    ]
    for name, html in pages.items():
        assert other[name] == html, name
    assert "24252.311082" in pages["a2021.html"]
    for line in (
        "data/a2021.yaml（测试市测试局2021年度报告）：0 个错误",
        "data/b2019.yaml（测试市测试局2020年度报告）：0 个错误",
    ):
        assert line in status


def test_parallel_warnings_equal_serial(tmp_path: Path) -> None:
    serial, _, serial_warnings = _build("test-warnings", tmp_path, "1")
    parallel, status, parallel_warnings = _build("test-warnings", tmp_path, "2")
    assert "[gov-report.row-total]" in serial_warnings
    assert sorted(serial_warnings.splitlines()) == sorted(parallel_warnings.splitlines())
    assert _pages(serial) == _pages(parallel)
    # the end-of-build summary counts each report once, merged from the worker processes
    # (row-total, appeal-total, and the 勾稽 rule in the 自然人 and 总计 columns)
    assert "data/bad.yaml（测试局2022年度报告）：4 个错误" in status
