"""Rows that print fewer numbers than their table has columns, completed from the numbers printed
on their own near the table (as a PDF-to-text extraction leaves a cell printed over two lines),
on small hand-written texts: completed only on evidence, always listed, blank when undecided."""

from __future__ import annotations

from pathlib import Path

from sphinx_gov_report.core import statute
from sphinx_gov_report.importer.report import as_dict, as_text
from sphinx_gov_report.importer.run import Imported, import_source
from sphinx_gov_report.importer.writer import data_yaml

SPEC = statute.FORMATS["2021"]
HEAD = "某某局2024年政府信息公开工作年度报告\n一、总体情况\n"
TABLE_2 = "二、主动公开政府信息情况\n第二十条第（一）项\n"
RULE = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
REGULATIONS = "| 规章 | 22 | 235 |\n"
NORMATIVE = "| 行政规范性文件 | 34 | 189 |\n"


def run(tmp_path: Path, text: str) -> Imported:
    path = tmp_path / "report.md"
    path.write_text(HEAD + text + "三、收到和处理政府信息公开申请情况\n", encoding="utf-8")
    return import_source(path)


def row(imp: Imported, key: str) -> list[object]:
    return [imp.extraction.values.get(("active", key, c.key)) for c in SPEC.active[0].columns]


def entry(imp: Imported, key: str) -> dict:
    """The one import-report entry about table 二's row ``key``."""
    label = next(r.labels[-1] for r in SPEC.active[0].rows if r.key == (key,))
    found = [u for u in as_dict(imp)["uncertain"] if u["where"].endswith(f"{SPEC.active[0].title} / {label}」")]
    assert len(found) == 1, as_dict(imp)["uncertain"]
    return found[0]


def test_noted_loose_numbers_complete_their_rows_in_order(tmp_path: Path) -> None:
    imp = run(
        tmp_path,
        "全年主动公开规章 22 件、行政规范性文件 34 件。\n"
        + TABLE_2
        + "22\n（其中修订 16 件）\n55（含自然失效 29 件）\n"
        + RULE
        + REGULATIONS
        + NORMATIVE,
    )
    assert row(imp, "regulations") == [22, 22, 235]
    assert row(imp, "normative_documents") == [34, 55, 189]
    regulations = entry(imp, "regulations")
    assert "「本年废止件数」22（" in regulations["reason"] and "（其中修订 16 件）" in regulations["reason"]
    assert "「规章 22 件」" in regulations["reason"]  # the prose confirms the column of the printed 22
    assert any(a.startswith("22 55 235（") for a in regulations["alternatives"])  # the other loose number
    normative = entry(imp, "normative_documents")
    assert "「本年废止件数」55（" in normative["reason"] and "（含自然失效 29 件）" in normative["reason"]
    report = as_dict(imp)
    assert not any("无法归入表格的数字" in s for s in report["skipped"])  # both loose numbers were used
    text = data_yaml(imp.extraction, imp.meta, "t", imp.kind_name)
    assert "regulations: [22, 22, 235]" in text and "normative_documents: [34, 55, 189]" in text
    assert "16" not in text.split("active:")[1].split("licensing")[0]  # the notes are not numbers
    assert "29" not in text.split("active:")[1].split("licensing")[0]
    assert "补全" in as_text(imp)


def test_undecided_row_stays_blank_and_is_listed(tmp_path: Path) -> None:
    """A loose 「7」 with no note and no prose: 7 22 235 or 22 7 235 (22 235 7 would make the
    现行有效件数 smaller than the others); nothing decides, so the row stays blank."""
    imp = run(tmp_path, TABLE_2 + "7\n" + RULE + REGULATIONS)
    assert row(imp, "regulations") == [None, None, None]
    listed = entry(imp, "regulations")
    assert "「7」" in listed["reason"] and "留空" in listed["reason"]
    assert sorted(listed["alternatives"]) == ["22 7 235", "7 22 235"]
    assert any("「7」" in s for s in as_dict(imp)["skipped"])  # still reported as not imported


def test_the_prose_decides_the_column(tmp_path: Path) -> None:
    """The same with 「主动公开规章 22 件」 (本年制发件数 or 现行有效件数): 7 22 235 contradicts it."""
    imp = run(tmp_path, "全年主动公开规章 22 件。\n" + TABLE_2 + "7\n" + RULE + REGULATIONS)
    assert row(imp, "regulations") == [22, 7, 235]
    listed = entry(imp, "regulations")
    assert "「规章 22 件」" in listed["reason"]
    assert any(a.startswith("7 22 235（") and "规章 22 件" in a for a in listed["alternatives"])


def test_a_noted_number_for_another_row(tmp_path: Path) -> None:
    """Printed above the table, next to 规章, but the prose says it is 行政规范性文件's 废止 count;
    规章's own missing number is not printed anywhere: that row stays blank and listed."""
    imp = run(
        tmp_path,
        "本年废止行政规范性文件 55 件。\n" + TABLE_2 + "55（含自然失效 29 件）\n" + RULE + REGULATIONS + NORMATIVE,
    )
    assert row(imp, "normative_documents") == [34, 55, 189]
    assert row(imp, "regulations") == [None, None, None]
    assert "缺的是哪一列原文没有印出" in entry(imp, "regulations")["reason"]
    assert "「行政规范性文件 55 件」" in entry(imp, "normative_documents")["reason"]


def test_a_noted_number_when_the_first_row_is_complete(tmp_path: Path) -> None:
    imp = run(tmp_path, TABLE_2 + "55（含自然失效 29 件）\n" + RULE + "| 规章 | 1 | 0 | 30 |\n" + NORMATIVE)
    assert row(imp, "regulations") == [1, 0, 30]
    assert row(imp, "normative_documents") == [34, 55, 189]
    assert "「本年废止件数」55（" in entry(imp, "normative_documents")["reason"]


def test_two_short_rows_one_loose_number_nothing_decides(tmp_path: Path) -> None:
    imp = run(tmp_path, TABLE_2 + "55（含自然失效 29 件）\n" + RULE + REGULATIONS + NORMATIVE)
    assert row(imp, "regulations") == [None, None, None]
    assert row(imp, "normative_documents") == [None, None, None]
    for key, alternatives in (("regulations", ["22 55 235"]), ("normative_documents", ["34 55 189"])):
        listed = entry(imp, key)
        assert listed["alternatives"] == alternatives
        assert "「55（含自然失效 29 件）」可能属于本行，也可能属于表中别的行" in listed["reason"]


def test_table_three_row_sum_places_the_total(tmp_path: Path) -> None:
    """A 表三 row printing six of its seven numbers, the seventh loose: only as 总计 does the row add up."""
    path = tmp_path / "report.md"
    path.write_text(
        HEAD
        + "三、收到和处理政府信息公开申请情况\n7\n"
        + "| 一、本年新收政府信息公开申请数量 | 5 | 2 | 0 | 0 | 0 | 0 |\n"
        + "四、政府信息公开行政复议、行政诉讼情况\n",
        encoding="utf-8",
    )
    imp = import_source(path)
    new = [imp.extraction.values.get(("applications", "new", c.key)) for c in SPEC.applications_columns]
    assert new == [5, 2, 0, 0, 0, 0, 7]
    listed = [u for u in as_dict(imp)["uncertain"] if "一、本年新收政府信息公开申请数量" in u["where"]]
    assert len(listed) == 1 and "各列之和等于总计" in listed[0]["reason"]


def test_too_many_loose_numbers_are_not_weighed(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        HEAD
        + "三、收到和处理政府信息公开申请情况\n"
        + "".join(f"{n}\n" for n in range(1, 11))
        + "| 一、本年新收政府信息公开申请数量 | 5 |\n四、政府信息公开行政复议、行政诉讼情况\n",
        encoding="utf-8",
    )
    imp = import_source(path)
    assert all(imp.extraction.values.get(("applications", "new", c.key)) is None for c in SPEC.applications_columns)
    listed = [u for u in as_dict(imp)["uncertain"] if "一、本年新收政府信息公开申请数量" in u["where"]]
    assert len(listed) == 1 and "太多" in listed[0]["reason"] and "留空" in listed[0]["reason"]
