"""The Word output (``make docx``): read back with python-docx and rendered by LibreOffice.

Two builds of the real example project: as shipped (``make docx`` with ``-W``), and filled
with a generated report whose every cell holds a DISTINCT number (so that a number in the
wrong cell cannot go unnoticed), with the 仿宋 body font.  Each .docx is read back with
python-docx (labels and numbers in their cells, merges, header rows, keep-together, page,
fonts, properties) and converted to PDF with LibreOffice, whose words pdftotext reads
(every label present, no word outside the text block, the numbers in table order).

Expected labels, merges and the official order come from ``official.py`` (typed in from the
format reference), expected numbers from the YAML written here: nothing expected is derived
from the package under test.  Without soffice, make or poppler the rendering tests skip,
except in CI, where that is a failure.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import official as o
import pytest
import yaml
from conftest import EXAMPLE, IN_CI, ROOTS, sphinx_build
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from test_pdf import words  # pdftotext -bbox words, shared with the PDF tests

pytestmark = pytest.mark.docx

MM = 72 / 25.4
#: GB/T 9704-like page of the issue: A4, margins top/bottom/left/right in mm.
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}
VERSION = "2021"
AGENCY = "测试0011局"


def _require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        if IN_CI:
            pytest.fail(
                f"CI must render the Word file, but these tools are missing: {', '.join(missing)} (see .ci/run)"
            )
        pytest.skip(f"not installed: {', '.join(missing)}")


# ---------------------------------------------------------------- a report with distinct numbers


@dataclass
class Filled:
    """The generated report: its YAML and the expected numbers per table, keyed by official labels."""

    yaml: str
    active: dict[str, list[str]]  #: 表二 row label → values left to right
    applications: dict[tuple[str, ...], list[str]]  #: 表三 row labels → 7 values (总计 last)
    appeals: list[str]  #: 表四's 15 values left to right

    def numbers(self) -> list[str]:
        """Every number of the three tables in reading order (row by row, left to right)."""
        out = [v for block in o.ACTIVE[VERSION] for _k, label in block.rows for v in self.active[label]]
        out += [v for row in o.application_rows(VERSION) for v in self.applications[row.labels]]
        return out + self.appeals


def distinct_report(seed: int = 11) -> Filled:
    """A consistent 2021 report (all sums right) whose numbers are pairwise distinct and none a year."""
    rng = random.Random(seed)
    rows = o.application_rows(VERSION)
    leaves = [r for r in rows if r.key[0] == "results" and r.key[-1] != "total"]
    for _attempt in range(1000):
        pool = iter(rng.sample(range(100, 1000), 300))
        active = {
            label: [str(next(pool)) for _ in block.columns] for block in o.ACTIVE[VERSION] for _k, label in block.rows
        }
        active["行政事业性收费"] = [f"{next(pool)}.{rng.randint(10, 99)}"]
        results = {r.labels: [next(pool) for _ in range(6)] for r in leaves}
        carried = [next(pool) for _ in range(6)]
        forward = [next(pool) for _ in range(6)]
        total = [sum(v[c] for v in results.values()) for c in range(6)]
        new = [t + f - c for t, f, c in zip(total, forward, carried, strict=True)]
        by_labels = {(o.NEW,): new, (o.CARRIED_OVER,): carried, **results}
        by_labels[(o.RESULTS, o.RESULTS_TOTAL)] = total
        by_labels[(o.CARRIED_FORWARD,)] = forward
        applications = {labels: [*vals, sum(vals)] for labels, vals in by_labels.items()}
        appeals = {key: [next(pool) for _ in range(4)] for key, _labels in o.APPEAL_PARTS}
        appeals_rows = {key: [*vals, sum(vals)] for key, vals in appeals.items()}
        numbers = [int(v.split(".")[0]) for vals in active.values() for v in vals]
        numbers += [v for vals in applications.values() for v in vals]
        numbers += [v for vals in appeals_rows.values() for v in vals]
        if len(set(numbers)) == len(numbers) and not any(1900 <= n <= 2100 for n in numbers):
            break
    else:  # pragma: no cover - the pool is large enough
        raise AssertionError("no distinct report found")
    keys = {label: key for block in o.ACTIVE[VERSION] for key, label in block.rows}
    lines = [f'format: "{VERSION}"', f"agency: {AGENCY}", "year: 2021", "active:"]
    lines += [f"  {keys[label]}: [{', '.join(vals)}]" for label, vals in active.items()]
    lines += ["applications:", f"  new: {new}", f"  carried_over: {carried}", "  results:"]
    opened: tuple[str, ...] = ()
    for row in leaves:
        groups = row.key[1:-1]
        if groups and groups != opened:
            lines.append(f"    {groups[0]}:")
        opened = groups
        lines.append(f"{'    ' + '  ' * len(groups)}{row.key[-1]}: {results[row.labels]}")
    lines += [f"  carried_forward: {forward}", "appeals:"]
    lines += [f"  {key}: {vals}" for key, vals in appeals_rows.items()]
    lines.append("processing_fee: 0")
    return Filled(
        "\n".join(lines) + "\n",
        active,
        {labels: [str(v) for v in vals] for labels, vals in applications.items()},
        [str(v) for vals in appeals_rows.values() for v in vals],
    )


def _filled_index() -> str:
    tables = {1: "二", 2: "三", 3: "四"}
    lines = ["测试报告", "========", "", ".. gov-report:: data/2021.yaml", ""]
    for i, heading in enumerate(o.HEADINGS):
        lines += [heading, "=" * (2 * len(heading)), ""]
        lines += [f".. gov-table:: {tables[i]}", ""] if i in tables else ["本年度未收取信息处理费。", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- builds


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, unchanged, built with its own Makefile: ``make docx`` (with ``-W``)."""
    _require("make")
    src = tmp_path_factory.mktemp("docx") / "example"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    env = {**os.environ, "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"}
    cmd = ["make", "docx", f"SPHINXBUILD={sys.executable} -m sphinx", "SPHINXOPTS=-W --keep-going"]
    result = subprocess.run(cmd, cwd=src, capture_output=True, text=True, env=env, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stderr, result.stderr
    files = sorted((src / "_build" / "docx").glob("*.docx"))
    assert [f.name for f in files] == ["index.docx"]
    return files[0]


@pytest.fixture(scope="module")
def filled() -> Filled:
    return distinct_report()


@pytest.fixture(scope="module")
def filled_docx(tmp_path_factory: pytest.TempPathFactory, filled: Filled) -> Path:
    """The example with the distinct numbers, all six headings and the 仿宋 body font."""
    src = tmp_path_factory.mktemp("docx") / "filled"
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    (src / "data" / "2021.yaml").write_text(filled.yaml, encoding="utf-8")
    (src / "index.rst").write_text(_filled_index(), encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as fh:
        fh.write('\ngov_report_latex_font = "fangsong"\n')
    result = sphinx_build(src, src / "_build" / "docx", "-W", "--keep-going", builder="docx")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return src / "_build" / "docx" / "index.docx"


def to_pdf(docx: Path) -> Path:
    """``soffice --headless --convert-to pdf`` with a private profile."""
    _require("soffice", "pdftotext")
    outdir = docx.parent / "pdf"
    profile = docx.parent / "lo-profile"
    cmd = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(docx),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    pdf = outdir / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stdout + result.stderr
    return pdf


@pytest.fixture(scope="module")
def example_pdf(example_docx: Path) -> Path:
    return to_pdf(example_docx)


@pytest.fixture(scope="module")
def filled_pdf(filled_docx: Path) -> Path:
    return to_pdf(filled_docx)


# ---------------------------------------------------------------- reading the .docx back


@dataclass
class WCell:
    """A Word table cell as the file says: grid position, spans (from gridSpan/vMerge), text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    tc: Any


def _text(element: Any) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.findall(qn("w:p")))


def word_cells(table: Any) -> list[WCell]:
    """The cells of a table from its XML: ``w:gridSpan`` widens, ``w:vMerge`` continues the cell above."""
    out: list[WCell] = []
    above: dict[int, WCell] = {}
    for r, tr in enumerate(table._tbl.findall(qn("w:tr"))):
        c = 0
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                span = int(gs.get(qn("w:val"))) if gs is not None else 1
                vm = tcpr.find(qn("w:vMerge"))
                vmerge = (vm.get(qn("w:val")) or "continue") if vm is not None else None
            if vmerge == "continue":
                cell = above[c]
                assert cell.colspan == span, (r, c)
                assert _text(tc).strip() == "", (r, c, _text(tc))
                cell.rowspan += 1
            else:
                cell = WCell(r, c, 1, span, _text(tc), tc)
                out.append(cell)
                if vmerge == "restart":
                    above[c] = cell
                else:
                    above.pop(c, None)
            c += span
    return out


def by_position(table: Any) -> dict[tuple[int, int], WCell]:
    return {(c.row, c.col): c for c in word_cells(table)}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_three() -> dict[tuple[int, int], tuple[str, int, int]]:
    """表三 as the template draws it: (row, col) → (label, rowspan, colspan), from official.py."""
    cells = {
        (0, 0): (o.NOTE, 3, 3),
        (0, 3): (o.APPLICANTS, 1, 7),
        (1, 3): (o.NATURAL, 2, 1),
        (1, 4): (o.ORGANISATIONS, 1, 5),
        (1, 9): (o.TOTAL, 2, 1),
    }
    cells.update({(2, 4 + i): (kind, 1, 1) for i, kind in enumerate(o.ORGANISATION_KINDS)})
    rows = o.application_rows(VERSION)
    for i, row in enumerate(rows):
        for level, label in enumerate(row.labels):
            if level == len(row.labels) - 1:
                cells[(3 + i, level)] = (label, 1, 3 - level)
            elif i == 0 or rows[i - 1].labels[: level + 1] != row.labels[: level + 1]:
                count = sum(1 for r in rows[i:] if r.labels[: level + 1] == row.labels[: level + 1])
                cells[(3 + i, level)] = (label, count, 1)
    return cells


def expected_four() -> dict[tuple[int, int], tuple[str, int, int]]:
    """表四: 行政复议 over 5 columns, 行政诉讼 over 10 with its two parts, the outcomes below."""
    cells = {(0, 0): (o.REVIEW, 1, 5), (0, 5): (o.SUIT, 1, 10), (1, 5): (o.DIRECT_SUIT, 1, 5)}
    cells[(1, 10)] = (o.SUIT_AFTER_REVIEW, 1, 5)
    for i, (_key, label) in enumerate(o.OUTCOMES):
        cells[(1, i)] = (label, 2, 1)
        cells[(2, 5 + i)] = (label, 1, 1)
        cells[(2, 10 + i)] = (label, 1, 1)
    return cells


def tables(docx: Path) -> dict[str, Any]:
    document = Document(str(docx))
    assert len(document.tables) == 3
    return dict(zip("二三四", document.tables, strict=True))


def _has(element: Any, tag: str) -> bool:
    return element.find(qn(tag)) is not None


def header_rows(table: Any) -> list[int]:
    return [r for r, tr in enumerate(table._tbl.findall(qn("w:tr"))) if _has(tr.get_or_add_trPr(), "w:tblHeader")]


def kept_rows(table: Any) -> set[int]:
    """Rows whose every paragraph is ``keepNext`` (kept with the next row)."""
    kept = set()
    for r, tr in enumerate(table._tbl.findall(qn("w:tr"))):
        paragraphs = list(tr.iter(qn("w:p")))
        if paragraphs and all(p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in paragraphs):
            kept.add(r)
    return kept


# ---------------------------------------------------------------- python-docx: tables


@pytest.mark.parametrize("which", ["example_docx", "filled_docx"])
def test_table_three_labels_and_merges(which: str, request: pytest.FixtureRequest) -> None:
    table = tables(request.getfixturevalue(which))["三"]
    cells = by_position(table)
    for pos, (label, rowspan, colspan) in expected_three().items():
        assert pos in cells, (pos, label)
        cell = cells[pos]
        assert flat(cell.text) == flat(label), pos
        assert (cell.rowspan, cell.colspan) == (rowspan, colspan), (label, cell.rowspan, cell.colspan)
    # the merges of the issue, counted by hand from the template
    spans = {flat(c.text): (c.rowspan, c.colspan) for c in cells.values()}
    assert spans[flat(o.NOTE)] == (3, 3)
    assert spans[o.APPLICANTS] == (1, 7)
    assert spans[o.RESULTS] == (22, 1)
    assert [spans[g][0] for g in (o.WITHHELD_GROUP, o.UNAVAILABLE_GROUP, o.NOT_PROCESSED_GROUP, o.OTHER_GROUP)] == [
        8,
        3,
        5,
        3,
    ]
    # the XML itself: the corner note restarts a vertical merge 3 columns wide, continued twice
    trs = table._tbl.findall(qn("w:tr"))
    for r in range(3):
        tcpr = trs[r].findall(qn("w:tc"))[0].find(qn("w:tcPr"))
        assert tcpr.find(qn("w:gridSpan")).get(qn("w:val")) == "3"
        assert (tcpr.find(qn("w:vMerge")).get(qn("w:val")) or "continue") == ("restart" if r == 0 else "continue")
    # 3 header rows + 25 data rows, 10 grid columns
    assert len(trs) == 3 + 25
    assert len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == 10


def test_table_four_labels_and_merges(example_docx: Path) -> None:
    table = tables(example_docx)["四"]
    cells = by_position(table)
    for pos, (label, rowspan, colspan) in expected_four().items():
        assert flat(cells[pos].text) == label, pos
        assert (cells[pos].rowspan, cells[pos].colspan) == (rowspan, colspan), label
    assert [flat(cells[(3, c)].text) for c in range(15)] == ["0"] * 15
    assert header_rows(table) == [0, 1, 2]


def test_table_two_blocks(example_docx: Path) -> None:
    table = tables(example_docx)["二"]
    cells = word_cells(table)
    titles = [c for c in cells if c.text in [b.title for b in o.ACTIVE[VERSION]]]
    assert [c.text for c in titles] == [b.title for b in o.ACTIVE[VERSION]]
    assert all(c.colspan == 4 and c.col == 0 for c in titles)  # a block row over the whole table
    for block in o.ACTIVE[VERSION]:
        head = [c for c in cells if c.row == next(t.row for t in titles if t.text == block.title) + 1]
        assert [c.text for c in head] == [o.ITEM, *block.columns]
        assert sum(c.colspan for c in head) == 4
    # each block's title and column-head rows stay on the page of its first data row
    assert {t.row for t in titles} | {t.row + 1 for t in titles} <= kept_rows(table)
    assert header_rows(table) == []  # 表二 has no header row of its own to repeat


def test_header_rows_repeat_and_groups_stay_together(example_docx: Path) -> None:
    table = tables(example_docx)["三"]
    assert header_rows(table) == [0, 1, 2]
    trs = table._tbl.findall(qn("w:tr"))
    assert all(_has(tr.trPr, "w:cantSplit") for tr in trs)  # no row breaks across pages
    # kept with the next row: the header, and every row inside 三、本年度办理结果 but its last
    results = [i for i, r in enumerate(o.application_rows(VERSION)) if r.labels[0] == o.RESULTS]
    assert kept_rows(table) == {0, 1, 2} | {3 + i for i in results[:-1]}


def test_every_number_in_its_cell(filled_docx: Path, filled: Filled) -> None:
    found = tables(filled_docx)
    # 表三: by row labels (official order), 7 values in the applicant columns
    cells = by_position(found["三"])
    for i, row in enumerate(o.application_rows(VERSION)):
        values = [cells[(3 + i, c)].text for c in range(3, 10)]
        assert values == filled.applications[row.labels], row.labels
    # 表二: the values after each row label
    two = word_cells(found["二"])
    for label, values in filled.active.items():
        label_cell = next(c for c in two if c.text == label)
        row = sorted((c for c in two if c.row == label_cell.row and c.col > 0), key=lambda c: c.col)
        assert [c.text for c in row] == values, label
    # 表四: the one row of 15 under its header
    four = by_position(found["四"])
    assert [four[(3, c)].text for c in range(15)] == filled.appeals


def test_table_cells_centred_with_borders_fitting_the_page(example_docx: Path) -> None:
    text_width = Mm(210 - MARGINS["left"] - MARGINS["right"])
    for name, table in tables(example_docx).items():
        grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) * 635 - text_width) <= Mm(1), name  # twips → EMU
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            assert borders.find(qn(f"w:{edge}")).get(qn("w:val")) == "single", (name, edge)
        for cell in word_cells(table):
            tcpr = cell.tc.tcPr
            assert tcpr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
            if re.fullmatch(r"[\d.]+", cell.text):
                jc = cell.tc.find(qn("w:p")).pPr.find(qn("w:jc"))
                assert jc is not None and jc.get(qn("w:val")) == "center", (name, cell.text)


# ---------------------------------------------------------------- python-docx: page, fonts, text


def _east_asian(style: Any) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.mark.parametrize(("which", "body"), [("example_docx", "宋体"), ("filled_docx", "仿宋_GB2312")])
def test_page_and_fonts(which: str, body: str, request: pytest.FixtureRequest) -> None:
    document = Document(str(request.getfixturevalue(which)))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)  # A4
    for side, mm in MARGINS.items():
        assert abs(getattr(section, f"{side}_margin") - Mm(mm)) < Mm(0.1), side
    styles = document.styles
    assert _east_asian(styles["Normal"]) == body
    assert _east_asian(styles["Heading 1"]) == "黑体"
    assert _east_asian(styles["Heading 2"]) == "楷体_GB2312"
    assert _east_asian(styles["Title"]) == "方正小标宋简体"
    normal = styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert abs(normal.paragraph_format.line_spacing - Pt(29)) < Pt(0.1)
    assert normal.element.pPr.ind.get(qn("w:firstLineChars")) == "200"  # two characters
    # the six headings as 一级标题
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(o.HEADINGS)
    # 「— PAGE —」 in the footer
    footer = section.footer._element
    assert "— " in _text(footer) and " —" in _text(footer)
    assert any((i.text or "").strip() == "PAGE" for i in footer.iter(qn("w:instrText")))


def test_example_text_and_properties(example_docx: Path) -> None:
    document = Document(str(example_docx))
    text = "\n".join(p.text for p in document.paragraphs)
    title = [p for p in document.paragraphs if p.style.name == "Title"]
    assert len(title) == 1
    assert flat(title[0].text) == "富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告"
    assert "依法主动公开政务政府信息266条" in flat(text)  # a :gov: number in the prose
    assert "本年度未收取信息处理费。" in text
    props = document.core_properties
    assert props.title == "富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告"
    assert props.author == "富阳区人民政府春江街道办事处"
    assert props.language == "zh-CN"
    with zipfile.ZipFile(example_docx) as zf:  # no thumbnail of python-docx's template page
        assert not [n for n in zf.namelist() if "thumbnail" in n]


def test_prose_markup_and_warnings(tmp_path: Path) -> None:
    """Bold, emphasis, literal text, a link, a footnote, lists, an image; math and raw HTML warned about."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-docx", src)
    result = sphinx_build(src, tmp_path / "out", builder="docx")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    ours = [w for w in warnings if "[gov-report.docx]" in w]
    assert len(ours) == 2, warnings
    assert re.search(r"index\.rst:44: WARNING: .*数学公式.*\[gov-report\.docx\]", ours[0])
    assert re.search(r"index\.rst:46: WARNING: .*raw:: html.*\[gov-report\.docx\]", ours[1])
    # Sphinx's own warning for the unresolved reference, once (each report is resolved once)
    assert [w for w in warnings if w not in ours] == [w for w in warnings if "不存在的标签" in w]
    assert len([w for w in warnings if "不存在的标签" in w]) == 1, warnings
    document = Document(str(tmp_path / "out" / "index.docx"))
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "加粗文字" and r.bold for r in runs)
    assert any(r.text == "强调文字" and r.italic for r in runs)
    literal = next(r for r in runs if r.text == "字面文字")
    assert literal._element.rPr.rFonts.get(qn("w:ascii")) == "Courier New"
    text = [p.text for p in document.paragraphs]
    assert any("门户网站（https://www.example.gov.cn/）" in t for t in text)
    assert any(t.startswith("[1] 脚注的文字。") for t in text)
    assert any(r.text == "[1]" and r.font.superscript for r in runs)
    assert [t for t in text if t.startswith(("• ", "1. ", "2. "))] == ["• 第一项", "• 第二项", "1. 甲", "2. 乙"]
    assert "公式 a^2 无法排版。" in text
    assert len(document.inline_shapes) == 1  # the image, embedded
    assert "注意事项。" in text and 'print("代码")' in text and "行政机关公开政务信息。" in text
    centred = next(p for p in document.paragraphs if p.text == "居中的一行")
    assert centred.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert any("GB/T（推荐性国家标准）" in t for t in text)
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text == "测试机关\n2021年度政府信息公开工作年度报告"  # the agency on its own line
    assert document.core_properties.author == "测试机关"
    # the title is underlined like the headings (a sibling section): the headings still start at 一级
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == list(o.HEADINGS)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == ["（一）列表"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_file_per_report(tmp_path: Path, jobs: str) -> None:
    """A project of several reports: one .docx per document with a ``gov-report`` directive."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    result = sphinx_build(src, tmp_path / "out", "-j", jobs, builder="docx")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["a2021.docx", "b2019.docx", "c2022.docx"]
    for name, count in (("a2021", 3), ("b2019", 3), ("c2022", 1)):  # the gov-table directives of each
        assert len(Document(str(tmp_path / "out" / f"{name}.docx")).tables) == count


# ---------------------------------------------------------------- LibreOffice rendering


CLOSING = "，。、；：？！）》」』”’"
OPENING = "（《「『“‘"


def raw_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("which", ["example_pdf", "filled_pdf"])
def test_rendering_has_every_label(which: str, request: pytest.FixtureRequest) -> None:
    text = flat(raw_text(request.getfixturevalue(which)))
    for label in o.table_labels(VERSION):
        assert flat(label) in text, label
    for heading in o.HEADINGS:
        assert heading in text


def test_rendering_has_every_number_of_the_example(example_pdf: Path) -> None:
    """Every cell of the three tables holds 0 in the example, and the prose's :gov: figures are printed."""
    cells = sum(len(rows) * len(block.columns) for block in o.ACTIVE[VERSION] for rows in [block.rows])
    cells += len(o.application_rows(VERSION)) * len(o.APPLICANT_COLUMNS) + len(o.APPEAL_PARTS) * len(o.OUTCOMES)
    assert cells == 10 + 175 + 15
    assert [w[7] for w in words(example_pdf)].count("0") == cells
    figures = yaml.safe_load((EXAMPLE / "data" / "2021.yaml").read_text(encoding="utf-8"))["figures"]
    text = flat(raw_text(example_pdf))
    for name, value in figures.items():
        assert f"{value}条" in text or f"{value}份" in text or f"{value}篇" in text, name


@pytest.mark.parametrize("which", ["example_pdf", "filled_pdf"])
def test_rendering_stays_inside_the_text_block(which: str, request: pytest.FixtureRequest) -> None:
    tolerance = 1.5  # pt
    found = words(request.getfixturevalue(which))
    assert len(found) > 150
    outside, footers = [], []
    for page, width, height, x0, y0, x1, y1, text in found:
        assert (round(width), round(height)) == (595, 842)  # A4
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height, text  # on the page
        em = y1 - y0
        hang_right = 0.8 * em if text[-1] in CLOSING else 0
        hang_left = 0.8 * em if text[0] in OPENING else 0
        left = MARGINS["left"] * MM - tolerance - hang_left
        right = width - MARGINS["right"] * MM + tolerance + hang_right
        top, bottom = MARGINS["top"] * MM - tolerance, height - MARGINS["bottom"] * MM + tolerance
        if y0 >= bottom - 2 * tolerance:
            footers.append((page, text))
            continue
        if x0 < left or x1 > right or y0 < top or y1 > bottom:
            outside.append((page, text, round(x0), round(y0), round(x1), round(y1)))
    assert outside == []
    # below the text block only the page numbers 「— n —」, one per page, counting up
    pages = max(w[0] for w in found)
    numbers = [t for _, t in footers if t.isdigit()]
    assert {re.sub(r"\d+", "n", t) for _, t in footers} <= {"—", "n"}
    assert numbers == [str(n) for n in range(1, pages + 1)]


def test_rendering_numbers_in_table_order(filled_pdf: Path, filled: Filled) -> None:
    """The distinct numbers, read row by row on the rendered pages, come in the official order."""
    expected = filled.numbers()
    wanted = set(expected)
    found = [w for w in words(filled_pdf) if w[7] in wanted]
    # reading order: page, then line (same baseline within 2 pt), then left to right
    found.sort(key=lambda w: (w[0], round(w[6] / 2), w[3]))
    assert [w[7] for w in found] == expected


def test_rendering_keeps_table_three_groups_together(filled_pdf: Path) -> None:
    pages = raw_text(filled_pdf).split("\f")
    group = [flat(r.labels[-1]) for r in o.application_rows(VERSION) if r.labels[0] == o.RESULTS]
    on = {i for i, p in enumerate(pages) for label in group if label in flat(p)}
    assert len(on) == 1, "三、本年度办理结果 is split over pages"
    assert flat(o.RESULTS) in flat(pages[on.pop()])


def test_unwritable_output_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    """A Word file that cannot be written (e.g. held open by WPS): a located warning in Chinese."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-multi", src)
    out = tmp_path / "out"
    (out / "a2021.docx").mkdir(parents=True)  # a directory where the file should go
    result = sphinx_build(src, out, builder="docx")
    assert "Traceback" not in result.stderr
    assert re.search(r"a2021\.rst: WARNING: 无法写入 Word 文件「.*a2021\.docx」.*\[gov-report\.docx\]", result.stderr)
    assert (out / "b2019.docx").is_file()  # the other reports are still written


def test_font_names_from_the_configuration(tmp_path: Path) -> None:
    """``gov_report_docx_fonts``: 宋体 (bold) for the title; an unknown role is a warning."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-docx", src)
    with (src / "conf.py").open("a", encoding="utf-8") as fh:
        fh.write('\ngov_report_docx_fonts = {"title": "宋体", "kai": "楷体", "heading": "黑体"}\n')
    result = sphinx_build(src, tmp_path / "out", builder="docx")
    assert result.returncode == 0, result.stderr
    assert re.search(r"WARNING: gov_report_docx_fonts 中的字体角色「heading」未知.*\[gov-report\.docx\]", result.stderr)
    styles = Document(str(tmp_path / "out" / "index.docx")).styles
    assert _east_asian(styles["Title"]) == "宋体" and styles["Title"].font.bold
    assert _east_asian(styles["Heading 2"]) == "楷体"
    assert _east_asian(styles["Heading 1"]) == "黑体"


@pytest.mark.parametrize("which", ["example_pdf", "filled_pdf"])
def test_rendering_repeats_table_three_header(which: str, request: pytest.FixtureRequest) -> None:
    """Every page that shows rows of 表三 shows its header too (the example's 表三 runs over two pages)."""
    pages = [flat(p) for p in raw_text(request.getfixturevalue(which)).split("\f")]
    rows = [flat(r.labels[-1]) for r in o.application_rows(VERSION)]
    showing = [p for p in pages if any(label in p for label in rows)]
    assert showing
    for page in showing:
        assert flat(o.NOTE) in page and o.APPLICANTS in page and "".join(o.ORGANISATION_KINDS) in page


def test_documents_of_the_toctree_are_inlined(tmp_path: Path) -> None:
    """A report with a part in another file (a toctree): one Word file, the part in its place."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-docx", src)
    index = (src / "index.rst").read_text(encoding="utf-8")
    index = index.replace("（一）列表\n----------\n", ".. toctree::\n\n   part\n\n（二）列表\n----------\n")
    (src / "index.rst").write_text(index, encoding="utf-8")
    (src / "part.rst").write_text("（一）另一个文件\n----------------\n\n另一个文件的文字。\n", encoding="utf-8")
    result = sphinx_build(src, tmp_path / "out", builder="docx")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["index.docx"]
    document = Document(str(tmp_path / "out" / "index.docx"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [
        ("Heading 1", o.HEADINGS[0]),
        ("Heading 2", "（一）另一个文件"),
        ("Heading 2", "（二）列表"),
    ]
    assert [h for h in headings if h[0] == "Heading 1"] == [("Heading 1", h) for h in o.HEADINGS]
    text = [p.text for p in document.paragraphs]
    assert text.index("另一个文件的文字。") < text.index("• 第一项")


def test_region_project_gives_one_file_per_unit_and_the_summary(tmp_path: Path) -> None:
    """A region project (see docs/region.rst) with three units: a Word file for each unit and for
    the 汇总, whose 表三 holds the units' sums (summed here from the YAML, read with PyYAML)."""
    from regiongen import write_units

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_gov_report"]\nlanguage = "zh_CN"\nproject = "某某县"\n'
        'exclude_patterns = ["_build", "units"]\ngov_region_name = "某某县"\n',
        encoding="utf-8",
    )
    (src / "index.rst").write_text(
        "某某县\n======\n\n.. toctree::\n   :glob:\n\n   summary/*\n   region/*\n", encoding="utf-8"
    )
    (src / "units.yaml").write_text(
        "units:\n" + "".join(f"  - {{name: 单位{i:04d}, kind: 部门}}\n" for i in range(3)), encoding="utf-8"
    )
    files = write_units(src, 3)
    (src / "summary").mkdir()
    summary = (
        _filled_index().replace("data/2021.yaml", "2025.yaml").replace("测试报告\n========", "某某县汇总\n==========")
    )
    (src / "summary" / "2025.rst").write_text(summary, encoding="utf-8")
    (src / "summary" / "2025.yaml").write_text(
        'format: "2021"\nagency: 某某县人民政府\nyear: 2025\nsum_of: ../units/2025\n', encoding="utf-8"
    )
    out = tmp_path / "docx"
    result = sphinx_build(src, out, builder="docx")
    assert result.returncode == 0, result.stderr
    assert "[gov-report.docx]" not in result.stderr
    found = sorted(str(p.relative_to(out)) for p in out.rglob("*.docx"))
    units = [f"region/2025/单位{i:04d}.docx" for i in range(3)]
    assert found == [*units, "summary/2025.docx"]
    news = [yaml.safe_load(f.read_text(encoding="utf-8"))["applications"]["new"] for f in files]
    new = [sum(column) for column in zip(*news, strict=True)]
    three = by_position(tables(out / "summary" / "2025.docx")["三"])
    assert flat(three[(3, 0)].text) == o.NEW
    assert [three[(3, c)].text for c in range(3, 10)] == [str(n) for n in [*new, sum(new)]]
