"""Every real report in ../shared/realdocs imports to its hand transcription, cell by cell.

The expected files in ``expected/`` were transcribed by hand from the documents (see their
README); nothing here is derived from the importer's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from expected_cells import cells, load

from sphinx_gov_report.core import statute
from sphinx_gov_report.core.rules import validate_file
from sphinx_gov_report.importer.report import as_dict
from sphinx_gov_report.importer.run import import_source
from sphinx_gov_report.importer.writer import data_yaml

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"
REFERENCE = ROOT.parent / "shared" / "reference"
EXPECTED = HERE / "expected"
NAMES = sorted(p.stem for p in EXPECTED.glob("*.yaml"))

#: Cells the importer leaves blank (and lists as uncertain) because the source lost them. None:
#: shanghai-bgt-2025's table 二 （一） rows print two of three cells (「| 规章 | 22 | 235 |」), the third
#: stands as a loose number lines away; the rows are completed on evidence and listed (see below).
UNREAD: dict[str, int] = {}


def source(name: str) -> Path:
    found = [p for p in REALDOCS.iterdir() if p.name.startswith(name + ".") and p.suffix != ".yaml"]
    assert len(found) == 1, f"realdoc for {name}: {found}"
    return found[0]


def test_every_realdoc_has_an_expected_file() -> None:
    docs = {p.name.split(".")[0] for p in REALDOCS.iterdir() if p.name != "README.md"}
    assert docs == {n.split(".")[0] for n in NAMES}


@pytest.fixture(scope="module")
def imported() -> dict[str, object]:
    return {name: import_source(source(name)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_as_transcribed(name: str, imported: dict) -> None:
    imp = imported[name]
    expected = load(EXPECTED / f"{name}.yaml")
    ex = imp.extraction
    got = {**ex.values, **ex.marks}
    wrong = {
        k: (v, got.get(k, "absent")) for k, v in expected.items() if k in got and got[k] != v and got[k] is not None
    }
    assert wrong == {}, "numbers read wrong (expected, got)"
    blank = [k for k, v in expected.items() if got.get(k) != v]
    assert len(blank) == UNREAD.get(name, 0), f"cells not read: {blank}"
    # every cell not read is listed in the import report, by its row
    report = as_dict(imp)
    listed = " ".join(u["where"] + u["reason"] for u in report["uncertain"]) + " ".join(report["rows_missing"])
    for key in blank:
        assert statute.cell_label(statute.FORMATS[ex.format], key).split(" / ")[-2] in listed
    # the written data file holds the same numbers (a printed 「/」 as a blank ~ with a comment)
    text = data_yaml(ex, imp.meta, name, imp.kind_name)
    written = cells(yaml.safe_load(text))
    for key, value in expected.items():
        if key in blank:
            continue
        assert written[key] == (None if value == "/" else value), key
    if "/" in expected.values():
        assert "印为「/」的格按空白导入" in text


@pytest.mark.parametrize("name", NAMES)
def test_format_and_metadata(name: str, imported: dict) -> None:
    imp = imported[name]
    data = yaml.safe_load((EXPECTED / f"{name}.yaml").read_text(encoding="utf-8"))
    header = (EXPECTED / f"{name}.yaml").read_text(encoding="utf-8").split("\nformat:")[0]
    assert imp.extraction.format == str(data["format"])
    assert imp.extraction.hybrid == ("hybrid format" in header)
    for key in ("agency", "year"):
        if data.get(key) is not None:
            assert getattr(imp.meta, key) == data[key], key
    if data.get("processing_fee") is not None:
        assert imp.meta.processing_fee == Decimal(str(data["processing_fee"]))
    if data.get("period"):
        assert (imp.meta.period_start, imp.meta.period_end) == (data["period"]["start"], data["period"]["end"])


def test_label_misprints_are_reported(imported: dict) -> None:
    for name in ("hongze-2023", "hongze-2024"):
        diffs = imported[name].extraction.label_diffs
        assert ("2.其他法律行政止公开", "2.其他法律行政法规禁止公开") in diffs
    assert ("规范性文件", "行政规范性文件") in imported["shuyang-fgj-2023"].extraction.label_diffs
    assert imported["huaian-2024"].extraction.label_diffs == []  # 1、 for 1. is not a misprint


def test_titles_as_printed(imported: dict) -> None:
    """The report's own title, not a collector's or portal's header before it."""
    assert imported["shuyang-fgj-2023"].prose.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    assert imported["hongze-2023"].prose.title.replace(" ", "") == "洪泽区人民政府2023年政府信息公开工作年度报告"
    assert imported["shanghai-kewei-2024"].prose.title.replace(" ", "") == "2024年上海市科委政府信息公开工作年度报告"


def test_headings_as_printed(imported: dict) -> None:
    fgj = [s.heading for s in imported["shuyang-fgj-2023"].prose.sections]
    assert "五、存在的主要问题及整改措施" in fgj
    report = as_dict(imported["shuyang-fgj-2023"])
    assert {"printed": "五、存在的主要问题及整改措施", "template": "五、存在的主要问题及改进情况"} in report[
        "heading_differences"
    ]
    assert "五、存在的主要问题及改进情况" in imported["shanghai-bgt-2025"].prose.missing


def test_example_text_imports_to_example_numbers(tmp_path: Path) -> None:
    imp = import_source(REFERENCE / "000_3144073e6df75b8c.txt")
    data = tmp_path / "2021.yaml"
    data.write_text(data_yaml(imp.extraction, imp.meta, "example", imp.kind_name), encoding="utf-8")
    example, _issues = validate_file(str(ROOT / "example_project" / "data" / "2021.yaml"), None, True)
    mine, issues = validate_file(str(data), None, True)
    assert example is not None and mine is not None
    assert [i.format() for i in issues] == []
    assert (mine.agency, mine.year, mine.format, mine.processing_fee) == (
        example.agency,
        example.year,
        example.format,
        example.processing_fee,
    )
    for key in statute.all_cells(example.spec):
        assert mine.value(key) == example.value(key), key
    assert all(mine.cells[k].given for k in statute.all_cells(example.spec))  # written out, as printed


def test_rows_completed_from_loose_numbers_are_listed(imported: dict) -> None:
    """shanghai-bgt-2025: each cell of the two completed rows is named in the import report with
    the transcribed number, the loose numbers' notes are quoted but not stored."""
    imp = imported["shanghai-bgt-2025"]
    spec = statute.FORMATS[imp.extraction.format]
    expected = load(EXPECTED / "shanghai-bgt-2025.yaml")
    report = as_dict(imp)
    for row, note in (("regulations", "（其中修订 16 件）"), ("normative_documents", "（含自然失效 29 件）")):
        keys = [k for k in expected if k[:2] == ("active", row)]
        assert len(keys) == 3
        label = statute.cell_label(spec, keys[0]).split(" / ")[-2]
        entries = [u for u in report["uncertain"] if u["where"].endswith(f"「第二十条第（一）项 / {label}」")]
        assert len(entries) == 1, label
        reason = entries[0]["reason"]
        for key in keys:
            assert f"「{statute.column_label(spec, key)}」{expected[key]}（" in reason, key
        assert note in reason and "依据" in reason
        assert entries[0]["alternatives"]  # the readings set aside
    text = data_yaml(imp.extraction, imp.meta, "shanghai-bgt-2025", imp.kind_name)
    written = yaml.safe_load(text)["active"]
    assert (written["regulations"], written["normative_documents"]) == ([22, 22, 235], [34, 55, 189])
    rows = [line for line in text.splitlines() if line.startswith(("  regulations:", "  normative_documents:"))]
    assert len(rows) == 2 and all("单独印出的数字补全" in line for line in rows)  # the data file says so too
    assert not any(word in text for word in ("修订", "自然失效"))  # the notes are not data
    assert not any("「22」" in s or "「55」" in s for s in report["skipped"])  # the loose numbers were used
