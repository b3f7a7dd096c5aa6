"""The PDF of what ``sphinx-gov-report new`` writes, as a clerk builds it with ``make latexpdf``.

Three projects: the skeleton exactly as ``new`` writes it (comments between each heading
and its table), the same filled with generated numbers and a long 一、总体情况, and the
skeleton with one typo in its data.  Checked on the PDF itself (pdftotext ``-bbox``, pdfinfo,
the rendered page): each table starts on the page of its heading, the metadata, no space
between digits and CJK where the official template has none, single-line cells centred
vertically, and the banner and 「？」 marks of broken data.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import official as o
import pytest
from reportgen import report_yaml
from test_pdf import _latexpdf, _require_tex, page_texts, squeeze, words

pytestmark = pytest.mark.pdf

AGENCY = "某县市场监督管理局"
YEAR = 2025
#: The first words of each table (from the official format), to find the page where it starts.
TABLE_STARTS = {1: "第二十条第（一）项", 2: o.APPLICANTS, 3: o.REVIEW}


def new_project(tmp: Path, name: str) -> Path:
    dest = tmp / name
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(dest), "--agency", AGENCY, "--year", str(YEAR)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture(scope="module")
def new_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_tex()
    return _latexpdf(new_project(tmp_path_factory.mktemp("clerk"), "new"))


@pytest.fixture(scope="module")
def filled_new_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``new``'s project with generated numbers and a long overview (so the tables move down)."""
    _require_tex()
    src = new_project(tmp_path_factory.mktemp("clerk"), "filled")
    text, _ = report_yaml(3, YEAR, [2, 0, 1, 0, 0, 1], {}, seed=13)
    (src / "data" / f"{YEAR}.yaml").write_text(text, encoding="utf-8")
    index = (src / "index.rst").read_text(encoding="utf-8")
    filler = "本年度，本机关认真贯彻落实政府信息公开条例，持续推进政务公开标准化规范化建设。" * 3
    index = index.replace("二、主动公开政府信息情况\n", "\n\n".join([filler] * 7) + "\n\n二、主动公开政府信息情况\n", 1)
    (src / "index.rst").write_text(index, encoding="utf-8")
    return _latexpdf(src)


@pytest.fixture(scope="module")
def broken_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``new``'s project with one typo: a full-width digit in 行政许可."""
    _require_tex()
    src = new_project(tmp_path_factory.mktemp("clerk"), "broken")
    data = src / "data" / f"{YEAR}.yaml"
    text, n = re.subn(r"(?m)^  licensing: .*$", "  licensing: ２3", data.read_text(encoding="utf-8"))
    assert n == 1
    data.write_text(text, encoding="utf-8")
    return _latexpdf(src)


def _page_of(pdf: Path, text: str) -> int:
    """The first page (1-based) with a word starting with ``text`` (or ``text`` split over words)."""
    for n, page in enumerate(page_texts(pdf), start=1):
        if squeeze(text) in squeeze(page):
            return n
    raise AssertionError(f"{text} not in the PDF")


@pytest.mark.parametrize("which", ["new_pdf", "filled_new_pdf"])
def test_each_heading_is_on_the_page_where_its_table_starts(which: str, request: pytest.FixtureRequest) -> None:
    pdf: Path = request.getfixturevalue(which)
    found = words(pdf)
    for index, first_word in TABLE_STARTS.items():
        heading = o.HEADINGS[index]
        heading_pages = [w[0] for w in found if w[7] == heading]
        assert len(heading_pages) == 1, (heading, heading_pages)
        table_page = min(w[0] for w in found if w[7].startswith(first_word))
        assert heading_pages[0] == table_page, f"{heading} on page {heading_pages[0]}, its table on {table_page}"
        # the heading is above the table's first words on that page
        heading_y = next(w[4] for w in found if w[7] == heading)
        table_y = min(w[4] for w in found if w[0] == table_page and w[7].startswith(first_word))
        assert heading_y < table_y


def test_filled_project_moves_tables_down(filled_new_pdf: Path) -> None:
    """The long overview really pushes the tables on: the check above is not vacuous."""
    assert _page_of(filled_new_pdf, o.HEADINGS[3]) >= 3


def _catalog_and_info(pdf: Path) -> bytes:
    data = pdf.read_bytes()
    streams = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            streams.append(zlib.decompress(m[1]))
        except zlib.error:
            continue
    return data + b"".join(streams)


def test_metadata(new_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(new_pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(re.findall(r"(?m)^(\w+):\s+(.*)$", info))
    assert fields["Title"] == f"{AGENCY}{YEAR}年度政府信息公开工作年度报告"
    assert fields["Author"] == AGENCY
    assert fields["Subject"] == f"{YEAR}年度政府信息公开工作年度报告"
    assert fields["Keywords"].split(",") == ["政府信息公开", "年度报告", AGENCY, f"{YEAR}年度"]
    assert b"/Lang(zh-CN)" in _catalog_and_info(new_pdf)


def test_no_space_between_digits_and_cjk(new_pdf: Path) -> None:
    """The template prints 「1.属于国家秘密」 and 「2025年度」: pdftotext sees one word each."""
    texts = [w[7] for w in words(new_pdf)]
    assert "1.属于国家秘密" in texts
    assert f"{YEAR}年度政府信息公开工作年度报告" in texts
    raw = "".join(page_texts(new_pdf))
    assert "1. 属于" not in raw and f"{YEAR} 年" not in raw


def _gray(pdf: Path, page: int, dpi: int) -> tuple[int, int, bytes]:
    """Page ``page`` rendered in grey (width, height, one byte per pixel)."""
    out = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    assert m, out[:40]
    return int(m[1]), int(m[2]), out[m.end() :]


def _gaps(pdf: Path, word: tuple[int, float, float, float, float, float, float, str]) -> tuple[float, float]:
    """Space (pt) between the word's ink and the cell's top and bottom rules."""
    dpi = 200
    page, _w, _h, x0, y0, x1, y1, _t = word
    width, height, pixels = _gray(pdf, page, dpi)
    scale = dpi / 72

    def dark(x: int, y: int) -> bool:
        return pixels[y * width + x] < 128

    probe = int((x1 + 1.5) * scale)  # just right of the word: white inside the cell
    middle = int((y0 + y1) / 2 * scale)
    top = next(y for y in range(middle, 0, -1) if dark(probe, y))
    bottom = next(y for y in range(middle, height) if dark(probe, y))
    columns = range(int(x0 * scale), int(x1 * scale) + 1)
    ink = [y for y in range(top + 2, bottom - 1) if any(dark(x, y) for x in columns)]
    assert ink, word
    return (ink[0] - top) / scale, (bottom - ink[-1]) / scale


def test_single_line_cells_are_centred_vertically(new_pdf: Path) -> None:
    found = words(new_pdf)
    label = next(w for w in found if w[7] == o.DISCLOSED)  # （一）予以公开: a single-line row head
    zero = next(w for w in found if w[7] == "0" and w[0] == label[0] and abs(w[4] - label[4]) < 3)
    for word in (label, zero):
        above, below = _gaps(new_pdf, word)
        assert abs(above - below) <= 1.2, (word[7], above, below)


def test_broken_data_shows_tables_and_banner(broken_pdf: Path) -> None:
    pages = [squeeze(p) for p in page_texts(broken_pdf)]
    assert "本报告数据有误，不得发布：共1处错误，第一处在data/2025.yaml第" in pages[0]
    everything = "".join(pages)
    for first_word in TABLE_STARTS.values():
        assert squeeze(first_word) in everything
    found = words(broken_pdf)
    licensing = next(w for w in found if w[7] == "行政许可")
    marks = [w for w in found if w[7] == "？" and w[0] == licensing[0] and abs(w[4] - licensing[4]) < 3]
    assert len(marks) == 1, "the broken cell shows 「？」 in its row"
    # the other tables still show their numbers (zeros of the skeleton)
    assert sum(1 for w in found if w[7] == "0") > 100
    # a link from the banner to the first finding
    assert b"/Subtype/Link" in _catalog_and_info(broken_pdf).replace(b" ", b"")
