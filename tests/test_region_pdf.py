"""A region project's PDFs: ``make -j2 latexpdf`` writes one PDF per unit and one per 汇总 report."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from regiongen import write_units
from test_pdf import _require_tex
from test_region import new_region

pytestmark = pytest.mark.pdf


def _text(pdf: Path) -> str:
    """The PDF's text with all white space removed (titles and sentences wrap across lines)."""
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", result.stdout)


def test_every_unit_and_the_summary_is_its_own_pdf(tmp_path: Path) -> None:
    _require_tex()
    src = new_region(tmp_path)
    files = write_units(src, 2, prose=True)
    sphinx = f"{sys.executable} -m sphinx"
    env = {**os.environ, "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        ["make", "-j2", "latexpdf", f"SPHINXBUILD={sphinx}"],
        cwd=src, capture_output=True, text=True, env=env, check=False, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    latex = src / "_build" / "latex"
    assert sorted(p.name for p in latex.glob("*.pdf")) == sorted(
        ["2025-汇总.pdf", "2025-单位0000.pdf", "2025-单位0001.pdf", "2025-示例部门.pdf"]
    )
    news = [sum(yaml.safe_load(f.read_text(encoding="utf-8"))["applications"]["new"]) for f in files]
    unit = _text(latex / "2025-单位0001.pdf")
    assert "测试0001局2025年度政府信息公开工作年度报告" in unit
    assert "三、收到和处理政府信息公开申请情况" in unit
    assert f"本年新收政府信息公开申请{news[1]}件" in unit
    assert "测试0000局" not in unit  # only its own report
    summary = _text(latex / "2025-汇总.pdf")
    assert "某某县2025年度政府信息公开工作年度报告（汇总）" in summary
    assert f"共受理政府信息公开申请{sum(news)}件" in summary
