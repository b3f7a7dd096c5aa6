"""Shared helpers of the benchmarks: generated reports, timed Sphinx builds, marginal costs."""

from __future__ import annotations

import platform
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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
# The three statutory tables, placed by the extension.
GOV_TABLES = {"active": ".. gov-table:: 二", "applications": ".. gov-table:: 三", "appeals": ".. gov-table:: 四"}


def versions() -> str:
    import sphinx

    import sphinx_gov_report

    return (
        f"Python {platform.python_version()}, Sphinx {sphinx.__version__}, "
        f"sphinx-gov-report {sphinx_gov_report.__version__}, {platform.machine()} {platform.system()}"
    )


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def generate(count: int, name: str = "reports") -> list[Path]:
    """``count`` generated report files under ``_work/<name>`` (2019–2023, linked by ``previous``)."""
    return write_reports(fresh(WORK / name), count)


def index_page(names: list[str]) -> str:
    return "报告集\n######\n\n.. toctree::\n\n" + "\n".join(f"   {name}" for name in names) + "\n"


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def best_of(repeat: int, func: Callable[[], object]) -> float:
    return min(timed(func) for _ in range(repeat))


def clear_caches() -> None:
    """Empty the package's per-process caches, so a build or validation starts like a fresh process (bar imports)."""
    from sphinx_gov_report.core import preamble
    from sphinx_gov_report.core import reader as loader

    loader._cache.clear()
    preamble._compile.cache_clear()


def sphinx_build(srcdir: Path, outdir: Path, jobs: int = 1) -> None:
    """A full, fresh HTML build in this process (no subprocess start-up in the timing)."""
    from sphinx.cmd.build import build_main

    clear_caches()
    shutil.rmtree(outdir, ignore_errors=True)
    args = ["-q", "-E", "-b", "html", "-j", str(jobs), str(srcdir), str(outdir)]
    status = build_main(args)
    if status != 0:
        raise SystemExit(f"FAILED: sphinx-build exited with {status} for {srcdir}")


@dataclass
class Scaling:
    """Best-of-k times of the same work at ``n`` and ``2n`` reports, split into a fixed and a marginal cost."""

    n: int
    small: float  # seconds for n reports
    large: float  # seconds for 2n reports

    @property
    def marginal(self) -> float:
        """Seconds per extra report: (t(2n) − t(n)) / n."""
        return (self.large - self.small) / self.n

    @property
    def fixed(self) -> float:
        """Seconds that do not grow with the number of reports (start-up): t(n) − n × marginal."""
        return self.small - self.n * self.marginal

    def estimate(self, count: int) -> float:
        """Seconds for ``count`` reports: fixed + count × marginal."""
        return self.fixed + count * self.marginal
