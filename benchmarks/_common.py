"""Shared helpers of the benchmarks: generated reports and timed Sphinx builds."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(__file__).resolve().parent / "_work"
sys.path.insert(0, str(ROOT / "tests"))

from reportgen import write_reports  # noqa: E402

CONF = 'extensions = {extensions!r}\nlanguage = "zh_CN"\nhtml_theme = "basic"\n'
HEADINGS_BODY = """\
一、总体情况
============

本年新收政府信息公开申请若干件。

二、主动公开政府信息情况
========================

{active}

三、收到和处理政府信息公开申请情况
==================================

{applications}

四、政府信息公开行政复议、行政诉讼情况
======================================

{appeals}

五、存在的主要问题及改进情况
============================

第 {n} 份报告：问题与改进。

六、其他需要报告的事项
======================

本年度收取信息处理费 :gov:`processing_fee` 元。
"""


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def generate(count: int, name: str = "reports") -> list[Path]:
    """``count`` generated report files under ``_work/<name>`` (2019–2023, linked by ``previous``)."""
    return write_reports(fresh(WORK / name), count)


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def sphinx_build(srcdir: Path, outdir: Path, jobs: int = 1) -> None:
    """A full, fresh HTML build in this process (no subprocess start-up in the timing)."""
    from sphinx.cmd.build import build_main

    shutil.rmtree(outdir, ignore_errors=True)
    args = ["-q", "-E", "-b", "html", "-j", str(jobs), str(srcdir), str(outdir)]
    status = build_main(args)
    if status != 0:
        raise SystemExit(f"sphinx-build failed ({status}) for {srcdir}")
