"""core.rollup without Sphinx: exact sums, stated figures checked, stocks as notices, mixed formats refused."""

from __future__ import annotations

from pathlib import Path

from sphinx_gov_report.core.diagnostics import Level, Subtype
from sphinx_gov_report.core.rollup import summarize

UNIT = """\
format: "2021"
agency: {name}
year: 2025
active:
  normative_documents: [1, 0, {stock}]
  fees: {fee}
applications:
  new: [{new}, 0, 0, 0, 0, 0]
  carried_over: [0, 0, 0, 0, 0, 0]
  results:
    disclosed: [{new}, 0, 0, 0, 0, 0]
  carried_forward: [0, 0, 0, 0, 0, 0]
"""


def _units(folder: Path, rows: list[tuple[str, int, int, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, new, stock, fee in rows:
        text = UNIT.format(name=name, new=new, stock=stock, fee=fee)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def _summary(root: Path, extra: str = "") -> Path:
    path = root / "summary.yaml"
    path.write_text(f'format: "2021"\nagency: 某某县人民政府\nyear: 2025\nsum_of: units\n{extra}', encoding="utf-8")
    return path


def test_amounts_add_up_exactly_and_totals_are_checked(tmp_path: Path) -> None:
    _units(tmp_path / "units", [("甲局", 3, 10, "0.1"), ("乙局", 4, 5, "0.20"), ("丙镇", 5, 1, "1234.000001")])
    rolled, issues = summarize(str(_summary(tmp_path)), str(tmp_path))
    assert rolled is not None and issues == []
    report = rolled.report
    assert str(report.value(("active", "fees", "amount"))) == "1234.300001"  # 0.1 + 0.20 + 1234.000001, no float
    assert report.value(("applications", "new", "natural")) == 12
    assert report.value(("applications", "results", "total", "total")) == 12
    assert rolled.provenance[("applications", "new", "natural")] == [("丙镇", 5), ("乙局", 4), ("甲局", 3)]


def test_a_stated_figure_names_the_unit_making_up_the_difference(tmp_path: Path) -> None:
    _units(tmp_path / "units", [("甲局", 3, 10, "0"), ("乙局", 4, 5, "0"), ("丙镇", 5, 1, "0")])
    extra = "active:\n  normative_documents: [3, 0, 15]\napplications:\n  new: [7, 0, 0, 0, 0, 0]\n"
    _rolled, issues = summarize(str(_summary(tmp_path, extra)), str(tmp_path))
    errors = [i for i in issues if i.level is Level.ERROR]
    assert len(errors) == 1 and errors[0].subtype is Subtype.ROLLUP
    assert errors[0].line == 8  # the line of 「new:」 in summary.yaml
    assert "填写为 7，但 3 个单位之和为 12（相差 -5）" in errors[0].message
    assert "差额恰为「丙镇」的 5，可能漏计了该单位" in errors[0].message
    # 现行有效件数 15 against 10 + 5 + 1 = 16: a notice (a 清理 may recount stocks)
    notices = [i for i in issues if i.level is Level.NOTICE]
    assert len(notices) == 1 and "现行有效件数」填写为 15，但 3 个单位之和为 16" in notices[0].message
    assert "差额恰为「丙镇」的 1" in notices[0].message


def test_two_units_make_up_a_difference(tmp_path: Path) -> None:
    _units(tmp_path / "units", [("甲局", 3, 0, "0"), ("乙局", 4, 0, "0"), ("丙镇", 9, 0, "0")])
    extra = "applications:\n  new: [9, 0, 0, 0, 0, 0]\n"
    _rolled, issues = summarize(str(_summary(tmp_path, extra)), str(tmp_path))
    assert "差额恰为「乙局」与「甲局」之和，可能漏计了这两个单位" in issues[0].message


def test_mixed_format_versions_are_refused_naming_the_units(tmp_path: Path) -> None:
    _units(tmp_path / "units", [("甲局", 3, 0, "0")])
    old = UNIT.format(name="乙局", new=1, stock=0, fee="0").replace('"2021"', '"2019"').replace("2025", "2020")
    old = old.replace("  normative_documents: [1, 0, 0]\n  fees: 0\n", "")
    (tmp_path / "units" / "乙局.yaml").write_text(old, encoding="utf-8")
    _rolled, issues = summarize(str(_summary(tmp_path)), str(tmp_path))
    rollup = [i for i in issues if i.subtype is Subtype.ROLLUP]
    assert len(rollup) == 1 and rollup[0].line == 4
    assert "格式版本不一致" in rollup[0].message
    assert "2019 年格式：乙局" in rollup[0].message and "2021 年格式：甲局" in rollup[0].message


def test_units_with_errors_are_left_out_and_named(tmp_path: Path) -> None:
    _units(tmp_path / "units", [("甲局", 3, 0, "0"), ("乙局", 4, 0, "0")])
    (tmp_path / "units" / "乙局.yaml").write_text(
        "agency: 乙局\nyear: 2025\napplications:\n  new: [a]\n", encoding="utf-8"
    )
    rolled, issues = summarize(str(_summary(tmp_path)), str(tmp_path))
    assert rolled is not None and rolled.report.value(("applications", "new", "natural")) == 3
    assert any("未计入汇总：乙局" in i.message for i in issues)


def test_sum_of_outside_the_source_directory_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    _units(tmp_path / "elsewhere", [("甲局", 3, 0, "0")])
    path = root / "summary.yaml"
    path.write_text('format: "2021"\nagency: 县\nyear: 2025\nsum_of: ../elsewhere\n', encoding="utf-8")
    rolled, issues = summarize(str(path), str(root))
    assert rolled is not None and rolled.units == []
    assert [i.subtype for i in issues] == [Subtype.PATH]
