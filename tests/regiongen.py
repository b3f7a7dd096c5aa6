"""Region test data: unit data files for ``units/<year>/`` made from :mod:`reportgen` reports."""

from __future__ import annotations

import random
from pathlib import Path

from reportgen import report_yaml


def unit_yaml(index: int, year: int, seed: int = 7) -> str:
    """A consistent report of unit ``index`` (no ``previous:`` line: a region finds last year itself)."""
    text, _forward = report_yaml(index, year, [0] * 6, {}, seed * 100003 + index * 101 + year)
    return "".join(line + "\n" for line in text.splitlines() if not line.startswith("previous:"))


def write_units(srcdir: Path, count: int, year: int = 2025, prose: bool = False, seed: int = 7) -> list[Path]:
    """``count`` units ``units/<year>/单位NNNN.yaml`` (and, with ``prose``, a short ``.rst`` each)."""
    folder = srcdir / "units" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"单位{index:04d}.yaml"
        path.write_text(unit_yaml(index, year, seed), encoding="utf-8")
        paths.append(path)
        if prose:
            path.with_suffix(".rst").write_text(unit_rst(index, year), encoding="utf-8")
    return paths


def unit_rst(index: int, year: int) -> str:
    """Prose for a unit: the six headings, its tables, and a section 五 of its own."""
    title = f"测试{index:04d}局{year}年度政府信息公开工作年度报告"
    parts = [title, "=" * (len(title) * 2 + 2), "", f".. gov-report:: 单位{index:04d}.yaml", ""]
    body = {
        "一、总体情况": f"本年新收政府信息公开申请\\ :gov:`applications.new.total`\\ 件（单位编号{index}）。",
        "二、主动公开政府信息情况": ".. gov-table:: 二",
        "三、收到和处理政府信息公开申请情况": ".. gov-table:: 三",
        "四、政府信息公开行政复议、行政诉讼情况": ".. gov-table:: 四",
        "五、存在的主要问题及改进情况": _own_words(index),
        "六、其他需要报告的事项": "本年度收取信息处理费\\ :gov:`processing_fee`\\ 元。",
    }
    for heading, text in body.items():
        parts += [heading, "=" * (len(heading) * 2 + 2), "", text, ""]
    return "\n".join(parts)


_WORDS = "公开目录标准平台培训考核申请答复期限规范监督政策解读回应关切网站栏目数据开放基层服务流程档案保密审查"


def _own_words(index: int) -> str:
    """A section 五 no other unit shares (random words, seeded by the unit)."""
    rng = random.Random(index)
    words = ["".join(rng.sample(_WORDS, 2)) for _ in range(40)]
    return f"一是{'、'.join(words[:20])}有待加强；二是{'、'.join(words[20:])}需要改进。"
