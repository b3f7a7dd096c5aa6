"""Where the column rules of 表三 point, in the data file ``new`` writes (every row written as zeros)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_gov_report.core.rules import validate_file


@pytest.fixture
def data(tmp_path: Path) -> Path:
    dest = tmp_path / "report"
    cmd = [
        sys.executable,
        "-m",
        "sphinx_gov_report.cli",
        "new",
        str(dest),
        "--agency",
        "某县市场监督管理局",
        "--year",
        "2025",
    ]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0
    return dest / "data" / "2025.yaml"


def _fill(data: Path, row: str, value: str) -> int:
    """Write ``value`` on the line of ``row`` (as the skeleton names it); its line number."""
    lines = data.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if re.match(rf"^\s+{row}: \[", line))
    lines[index] = re.sub(r"\[.*?\]", value, lines[index])
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def _where(data: Path, subtype: str) -> list[int | None]:
    _, issues = validate_file(str(data), str(data.parent))
    return [i.line for i in issues if i.subtype.value == subtype]


def test_balance_points_at_the_filled_row(data: Path) -> None:
    """Only 一、本年新收 filled in: the 勾稽 warning is on that line, not on 四 or （七）总计."""
    line = _fill(data, "new", "[5, 0, 0, 0, 0, 0]")
    assert _where(data, "balance") == [line, line]  # 自然人 and 总计 (its 总计 is written too)


def test_balance_points_at_the_filled_detail_row(data: Path) -> None:
    """Only a detail row of 三、本年度办理结果 filled in: the warning is on that detail row."""
    line = _fill(data, "state_secret", "[0, 3, 0, 0, 0, 0]")
    assert _where(data, "balance")[:1] == [line]


def test_balance_without_a_single_cause_stays_at_the_carry_forward(data: Path) -> None:
    """新收 5 and 予以公开 3: no one row explains the 2 left; 四、结转下年度继续办理 is the row to complete."""
    _fill(data, "new", "[5, 0, 0, 0, 0, 0]")
    _fill(data, "disclosed", "[3, 0, 0, 0, 0, 0]")
    forward = next(
        i
        for i, line in enumerate(data.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"^\s+carried_forward: \[", line)
    )
    assert _where(data, "balance")[:1] == [forward]


def test_column_total_points_at_the_filled_detail_row(data: Path) -> None:
    """（七）总计 written (as zeros), then a detail row filled in: the column-total warning is on that row."""
    text = data.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(\s+)# total: (\[.*?\])", r"\1total: \2", text)
    assert n == 1
    data.write_text(text, encoding="utf-8")
    line = _fill(data, "partial", "[0, 0, 2, 0, 0, 0]")
    total = next(
        i for i, s in enumerate(data.read_text(encoding="utf-8").splitlines(), 1) if re.match(r"^\s+total: \[", s)
    )
    assert _where(data, "column-total") == [line]
    assert line != total
