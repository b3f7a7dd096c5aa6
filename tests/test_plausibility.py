"""Plausibility notices on real reports' published tables
(hand transcriptions in tests/prose/corpus.yaml), through the command line as a clerk runs it."""

from __future__ import annotations

from pathlib import Path

from test_cli import LINE, run

# 上海市人民政府办公厅 2025 (shanghai-bgt-2025.md): （六）其他处理 43 + 0 + 276 = 319 of 1191.
SHANGHAI_2025 = """\
format: "2021"
agency: 上海市人民政府办公厅
year: 2025
applications:
  new: [1259, 0, 0, 0, 0, 36]
  carried_over: [170, 0, 0, 0, 0, 19]
  results:
    disclosed: [206, 0, 0, 0, 0, 0]
    partial: [2, 0, 0, 0, 0, 0]
    withheld:
      state_secret: [4, 0, 0, 0, 0, 0]
      three_security: [1, 0, 0, 0, 0, 0]
      internal: [9, 0, 0, 0, 0, 0]
      process: [1, 0, 0, 0, 0, 0]
      inquiry: [5, 0, 0, 0, 0, 0]
    unavailable:
      not_held: [513, 0, 0, 0, 0, 0]
      needs_creation: [48, 0, 0, 0, 0, 0]
      unclear: [3, 0, 0, 0, 0, 0]
    not_processed:
      complaint: [62, 0, 0, 0, 0, 0]
      repeated: [16, 0, 0, 0, 0, 0]
      publication: [1, 0, 0, 0, 0, 0]
      excessive: [1, 0, 0, 0, 0, 0]
    other:
      no_correction: [43, 0, 0, 0, 0, 0]
      other: [235, 0, 0, 0, 0, 41]
  carried_forward: [279, 0, 0, 0, 0, 14]
appeals:
  review: [40, 0, 10, 5, 55]
  direct_suit: [2, 0, 4, 6, 12]
  suit_after_review: [6, 0, 9, 7, 22]
"""

# 淮安市洪泽区人民政府 2023 and 2024 (hongze-2023.pdf, hongze-2024.pdf): 新收 21 → 95.
HONGZE_2023 = """\
format: "2021"
agency: 淮安市洪泽区人民政府
year: 2023
applications:
  new: [21, 0, 0, 0, 0, 0]
  results:
    partial: [4, 0, 0, 0, 0, 0]
    withheld:
      state_secret: [1, 0, 0, 0, 0, 0]
      process: [1, 0, 0, 0, 0, 0]
      enforcement_files: [1, 0, 0, 0, 0, 0]
    unavailable:
      not_held: [10, 0, 0, 0, 0, 0]
      needs_creation: [3, 0, 0, 0, 0, 0]
    not_processed:
      complaint: [1, 0, 0, 0, 0, 0]
"""
HONGZE_2024 = """\
format: "2021"
agency: 淮安市洪泽区人民政府
year: 2024
applications:
  new: [95, 0, 0, 0, 0, 0]
  results:
    disclosed: [50, 0, 0, 0, 0, 0]
    partial: [9, 0, 0, 0, 0, 0]
    withheld:
      three_security: [1, 0, 0, 0, 0, 0]
      process: [1, 0, 0, 0, 0, 0]
      enforcement_files: [1, 0, 0, 0, 0, 0]
    unavailable:
      not_held: [31, 0, 0, 0, 0, 0]
      needs_creation: [1, 0, 0, 0, 0, 0]
    not_processed:
      complaint: [1, 0, 0, 0, 0, 0]
appeals:
  review: [1, 1, 0, 0, 2]
  direct_suit: [1, 0, 0, 0, 1]
  suit_after_review: [2, 0, 1, 0, 3]
previous: 2023.yaml
"""


def notices(path: Path) -> list[tuple[int, str, str]]:
    result = run("validate", path)
    assert result.returncode == 0, result.stdout
    found = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(found), result.stdout
    return [(int(m["line"]), m["subtype"], m["msg"]) for m in found if m and m["level"] == "notice"]


def test_high_share_of_other_processing(tmp_path: Path) -> None:
    path = tmp_path / "2025.yaml"
    path.write_text(SHANGHAI_2025, encoding="utf-8")
    (found,) = notices(path)
    assert found[:2] == (26, "plausibility")  # at （六） 1. (the first line of the group)
    assert "「三、本年度办理结果 / （六）其他处理」为 319 件，占（七）总计 1191 件的 26.8%" in found[2]


def test_year_on_year_change_over_three_times(tmp_path: Path) -> None:
    (tmp_path / "2023.yaml").write_text(HONGZE_2023, encoding="utf-8")
    (tmp_path / "2024.yaml").write_text(HONGZE_2024, encoding="utf-8")
    found = notices(tmp_path / "2024.yaml")
    # 新收 at its row; the computed （七）总计 at the table's line
    assert [f[:2] for f in found] == [(5, "plausibility"), (4, "plausibility")], found
    assert "「一、本年新收政府信息公开申请数量 / 总计」为 95，上一年度为 21，变化超过 3 倍" in found[0][2]
    assert "「三、本年度办理结果 / （七）总计 / 总计」为 95，上一年度为 21" in found[1][2]


def test_appeals_without_applications_and_high_correction_rate(tmp_path: Path) -> None:
    # 洪泽 2024's 表四 (复议 维持 1 纠正 1) with one more 纠正, in a year without applications
    path = tmp_path / "2024.yaml"
    text = HONGZE_2024.split("applications:")[0] + "appeals:\n  review: [1, 2, 0, 0, 3]\n"
    path.write_text(text, encoding="utf-8")
    found = notices(path)
    assert [f[:2] for f in found] == [(5, "plausibility"), (5, "plausibility")], found
    assert "「行政复议 / 总计」为 3，而本年没有新收或上年结转的政府信息公开申请" in found[0][2]
    assert "「行政复议 / 结果纠正」为 2，占已审结的 3 件的 66.7%（纠错率超过 50%）" in found[1][2]


def test_acknowledged_plausibility_notice_is_not_reported(tmp_path: Path) -> None:
    path = tmp_path / "2025.yaml"
    ack = "acknowledgements:\n  - rule: plausibility\n    cell: applications.results.other.no_correction.total\n"
    path.write_text(SHANGHAI_2025 + ack + "    reason: 含申请人主动撤回 157 件\n", encoding="utf-8")
    assert notices(path) == []
