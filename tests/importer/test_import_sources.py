"""Each source kind end to end from generated files (the statute's own tables with merged
cells), the text layouts, run-together digits, and hostile inputs."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from generate import docx_file, html_page, numbers

from sphinx_gov_report.importer.document import ImportFailure
from sphinx_gov_report.importer.run import import_source
from sphinx_gov_report.importer.tables import split_run_together

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_generated_html_with_rowspan_colspan_and_span_soup(tmp_path: Path, version: str) -> None:
    values = numbers(version)
    page = tmp_path / "report.html"
    page.write_text(html_page(values, "某某县统计局", 2024 if version == "2021" else 2020, version), encoding="utf-8")
    imp = import_source(page)
    assert imp.doc.kind == "html"
    assert imp.extraction.format == version
    assert {k: imp.extraction.values.get(k) for k in values} == values
    assert imp.extraction.label_diffs == [] and imp.extraction.uncertain == []
    assert imp.meta.agency == "某某县统计局"
    assert imp.meta.processing_fee == 0
    assert [s.index for s in imp.prose.sections] == [0, 1, 2, 3, 4, 5]
    assert "一、总体情况" not in " ".join(imp.prose.preamble)  # the <script> text is not content


@pytest.mark.parametrize("version", ["2021", "2019"])
def test_generated_docx_with_merged_cells(tmp_path: Path, version: str) -> None:
    values = numbers(version)
    path = tmp_path / "unit.docx"
    docx_file(path, values, "某某镇人民政府", 2023, version)
    raw = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "w:gridSpan" in raw and "w:vMerge" in raw  # the merges are real Word merges
    imp = import_source(path)
    assert imp.doc.kind == "docx"
    assert {k: imp.extraction.values.get(k) for k in values} == values
    assert (imp.meta.agency, imp.meta.year) == ("某某镇人民政府", 2023)


def test_text_layouts(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(
        "某某局2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息 5 条。\n"
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
        "规章 | 0 | 0 | 0\n行政规范性文件 | 3 | 1 | ４２\n行政许可 1,200\n"
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6\n"
        "（一）予以公开 | 4 | | | | | | 4\n四、政府信息公开行政复议、行政诉讼情况\n行政复议\n"
        "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n",
        encoding="utf-8",
    )
    ex = import_source(text).extraction
    assert ex.values[("active", "normative_documents", "in_force")] == 42  # full-width digits
    assert ex.values[("active", "licensing", "decisions")] == 1200
    assert [ex.values[("applications", "new", c)] for c in ("natural", "commercial", "total")] == [5, 1, 6]
    row = [ex.values[("applications", "results", "disclosed", c)] for c in ("natural", "commercial", "total")]
    assert row == [4, None, 4]  # printed blank stays blank
    assert [ex.values[("appeals", "review", c)] for c in ("upheld", "total")] == [1, 1]
    assert any("千位分隔符" in u.reason for u in ex.uncertain)


def test_run_together_digits_resolved_by_the_row_sum(tmp_path: Path) -> None:
    text = tmp_path / "report.txt"
    text.write_text(
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1210000022\n"
        "二、上年结转政府信息公开申请数量 1000001\n（一）予以公开 111\n",
        encoding="utf-8",
    )
    ex = import_source(text).extraction
    new = [ex.values[("applications", "new", c.key)] for c in __import__("sphinx_gov_report").core.statute.APPLICANTS]
    assert new == [12, 10, 0, 0, 0, 0, 22]  # the only split whose columns add up to the total
    unsure = {u.where.split("「")[-1].rstrip("」"): u for u in ex.uncertain}
    assert "一、本年新收政府信息公开申请数量" in unsure
    assert unsure["一、本年新收政府信息公开申请数量"].alternatives  # the other splits are listed
    # 1000001 → 1 0 0 0 0 0 1 is the only split into 7 numbers; 111 cannot make 7 numbers
    assert ex.values[("applications", "carried_over", "total")] == 1
    assert ex.values[("applications", "results", "disclosed", "natural")] is None


def test_split_run_together_lists_every_split_that_adds_up() -> None:
    good, total = split_run_together(["101"], 3, [(0, 3)])
    assert good == [[1, 0, 1]] and total == 1
    good, total = split_run_together(["112"], 2, [])
    assert sorted(good) == [[1, 12], [11, 2]] and total == 2


def _docx_bytes(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>"
        )
        z.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


HOSTILE = {
    "not-a-zip.docx": (b"this is not a word file", "不是 Word 文档"),
    "bomb.docx": (None, "zip 炸弹"),
    "xxe.docx": (
        _docx_bytes(
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:document>'
        ),
        "DOCTYPE",
    ),
    "fake.pdf": (b"<html><body>not a pdf</body></html>", "不是 PDF"),
    "broken.pdf": (b"%PDF-1.7\n1 0 obj <<>> garbage", "PDF"),
    "empty.html": (b"", "没有文字内容"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .docx"),
}


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a/>")
        z.writestr("word/media/huge.bin", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gives_a_chinese_error(tmp_path: Path, name: str) -> None:
    data, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(_bomb() if data is None else data)
    with pytest.raises(ImportFailure) as info:
        import_source(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_malformed_html_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(
        "<html><body><p>二、主动公开政府信息情况<table><tr><td>行政许可<td>17<tr><td>行政处罚<td>3</table"
        "<p>三、收到和处理政府信息公开申请情况</b></i><div><table><tr><td>一、本年新收政府信息公开申请数量"
        "<td>2<td>0<td>0<td>0<td>0<td>0<td>2\xff".encode("utf-8", "replace")
    )
    ex = import_source(path).extraction
    assert ex.values[("active", "licensing", "decisions")] == 17
    assert ex.values[("applications", "new", "natural")] == 2
    assert ex.values[("applications", "new", "total")] is None  # 「2\ufffd」 cannot be read: blank, and listed
    assert any("无法读取" in u.reason and "总计" in u.where for u in ex.uncertain)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    """A PDF with no text (as a scan is) is refused with the reason."""
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    with pytest.raises(ImportFailure, match="没有文字层"):
        import_source(path)


def test_decimal_amounts_kept_as_printed(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("二、主动公开政府信息情况\n第二十条第（八）项\n行政事业性收费 | 4068.208\n", encoding="utf-8")
    assert import_source(path).extraction.values[("active", "fees", "amount")] == Decimal("4068.208")


def test_other_portal_layouts(tmp_path: Path) -> None:
    """Block titles in a rowspan column, a printed subtotal row, numbers with units, <br> in labels."""
    page = tmp_path / "page.htm"
    page.write_text(
        "<html><body><div class='article'><p>二、主动公开政府信息情况</p><table>"
        "<tr><td rowspan='3'>第二十条第（一）项</td><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>"
        "<td>现行有效件数</td></tr><tr><td>规章</td><td>1件</td><td>0</td><td>4</td></tr>"
        "<tr><td>行政规范<br/>性文件</td><td>2</td><td>3</td><td>9</td></tr>"
        "<tr><td>第二十条第（五）项</td><td>行政许可</td><td colspan='3'>&nbsp;15&nbsp;</td></tr></table>"
        "<p>三、收到和处理政府信息公开申请情况</p><table>"
        "<tr><td>一、本年新收政府信息公开申请数量</td>" + "<td>1</td>" * 6 + "<td>6</td></tr>"
        "<tr><td rowspan='3'>三、本年度办理结果</td><td colspan='2'>（三）不予公开</td>" + "<td>9</td>" * 7 + "</tr>"
        "<tr><td></td><td>1.属于国家秘密</td>" + "<td>2</td>" * 7 + "</tr>"
        "<tr><td></td><td>2.其他法律行政法规禁止公开</td>" + "<td>7</td>" * 7 + "</tr>"
        "</table></div></body></html>",
        encoding="utf-8",
    )
    ex = import_source(page).extraction
    assert [ex.values[("active", "regulations", c)] for c in ("issued", "repealed", "in_force")] == [1, 0, 4]
    assert [ex.values[("active", "normative_documents", c)] for c in ("issued", "repealed", "in_force")] == [2, 3, 9]
    assert ex.values[("active", "licensing", "decisions")] == 15
    assert ex.values[("applications", "new", "total")] == 6
    assert ex.values[("applications", "results", "withheld", "state_secret", "natural")] == 2
    assert ex.values[("applications", "results", "withheld", "prohibited", "natural")] == 7
    assert any("不是法定栏目" in s and "不予公开" in s for s in ex.skipped)  # the subtotal row is not a row
    assert any("带单位" in u.reason for u in ex.uncertain)


@pytest.mark.parametrize("suffix", [".html", ".txt", ".docx", ".pdf", ".md"])
def test_random_bytes_never_crash(tmp_path: Path, suffix: str) -> None:
    """Garbage (and truncated real files) under any name: an import or a Chinese ImportFailure."""
    import random

    rng = random.Random(suffix)
    real = {".pdf": "hongze-2023.pdf", ".html": "shuyang-fgj-2023.html"}.get(suffix)
    for i in range(12):
        if real and i % 3 == 0:
            data = (REALDOCS / real).read_bytes()
            data = data[: rng.randrange(1, len(data))]
        else:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        path = tmp_path / f"f{i}{suffix}"
        path.write_bytes(data)
        try:
            import_source(path)
        except ImportFailure as exc:
            assert str(path) in str(exc)


def test_one_number_per_line_after_its_label(tmp_path: Path) -> None:
    """Text copied from a page where every cell is a line of its own, without markers."""
    lines = ["三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", *"5100006"]
    lines += ["二、上年结转政府信息公开申请数量", *"1000001", "四、政府信息公开行政复议、行政诉讼情况", "行政复议"]
    lines += [*"200020000000000"]
    path = tmp_path / "cells.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ex = import_source(path).extraction
    assert [ex.values[("applications", "new", c)] for c in ("natural", "commercial", "total")] == [5, 1, 6]
    assert ex.values[("applications", "carried_over", "total")] == 1
    assert [ex.values[("appeals", "review", c)] for c in ("upheld", "total")] == [2, 2]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "no-lines"])
def test_generated_pdf(tmp_path: Path, ruled: bool) -> None:
    """The generated Word report printed to PDF by LibreOffice: ruled tables (表三 over two pages)
    read as tables; tables without lines read from the text layer, labels wrapped over lines."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is needed for this test"
    values = numbers(below=100)  # two-digit numbers fit the printed columns
    source = tmp_path / "unit.docx"
    docx_file(source, values, "某某镇人民政府", 2024, ruled=ruled, landscape=not ruled)
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    imp = import_source(tmp_path / "unit.pdf")
    assert imp.doc.kind == "pdf"
    if ruled:
        assert len({b.page for b in imp.doc.blocks if b.is_table}) >= 2
    else:
        assert not any(b.is_table for b in imp.doc.blocks)  # no ruled table: the text layer only
    assert {k: imp.extraction.values.get(k) for k in values} == values
    assert (imp.meta.agency, imp.meta.year) == ("某某镇人民政府", 2024)
