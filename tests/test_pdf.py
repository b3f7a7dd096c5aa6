"""The real PDF (``sphinx-build -M latexpdf``): labels, numbers, margins, page breaks, fonts.

Two builds: the example project exactly as shipped, and a copy filled with generated
numbers (plus LaTeX special characters in the agency name and an amount ending in 0),
the 仿宋 body font and a shorter text block so that 表三 has to break across pages.
Needs xelatex, latexmk, make and poppler; skipped without them, except in CI where that
is a failure.

The expected labels and the official row and column order come from ``official.py``
(typed in from the format reference) and the expected numbers from the YAML the test
writes: nothing expected is derived from the package under test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import official as o
import pytest
import yaml
from conftest import IN_CI
from reportgen import report_yaml

pytestmark = pytest.mark.pdf

TOOLS = ("xelatex", "latexmk", "make", "pdftotext", "pdffonts", "pdfinfo")
MM = 72 / 25.4
#: The report geometry the extension sets (sphinx_gov_report.ext.latex_config.GEOMETRY).
EXAMPLE_MARGINS = {"left": 28, "right": 26, "top": 37, "bottom": 35}
#: The filled project sets its own geometry: a shorter text block.
FILLED_MARGINS = {"left": 28, "right": 26, "top": 37, "bottom": 60}
FILLED_GEOMETRY = r"\usepackage[a4paper,top=37mm,bottom=60mm,left=28mm,right=26mm,footskip=14mm]{geometry}"
AGENCY = r"测试{局}_100%$#&^~\办"

#: An amount with a trailing zero: printed as written, not as 120.5.
FEES = "120.50"


def _tools_missing() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def _require_tex() -> None:
    missing = _tools_missing()
    if missing:
        if IN_CI:
            pytest.fail(f"CI must build the PDF, but these tools are missing: {', '.join(missing)} (see .ci/run)")
        pytest.skip(f"TeX/poppler not installed: {', '.join(missing)}")


def _latexpdf(src: Path) -> Path:
    build = src / "_build"
    env = {**os.environ, "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"}
    cmd = [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(build)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdfs = list((build / "latex").glob("*.pdf"))
    assert len(pdfs) == 1, pdfs
    (build / "latex" / LATEXMK_OUTPUT).write_text(result.stdout + result.stderr, encoding="utf-8")
    return pdfs[0]


#: What ``-M latexpdf`` printed (latexmk's messages and each xelatex run's), kept next to the PDF.
LATEXMK_OUTPUT = "latexpdf.out"


def xelatex_runs(pdf: Path) -> int:
    """How many times latexmk ran xelatex for ``pdf`` (Sphinx's latexmkrc runs it as latexmk's ``pdflatex``)."""
    out = (pdf.parent / LATEXMK_OUTPUT).read_text(encoding="utf-8")
    return len(re.findall(r"(?m)^Run number \d+ of rule '(?:pdf|xe)latex'", out))


def _without_tables(pdf: Path, dst: Path) -> Path:
    """The project that built ``pdf``, copied to ``dst`` with its ``gov-table`` directives taken out."""
    src = pdf.parents[2]
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("_build"))
    index = dst / "index.rst"
    text, removed = re.subn(r"(?m)^\.\. gov-table:: .*\n", "", index.read_text(encoding="utf-8"))
    assert removed == 3
    index.write_text(text, encoding="utf-8")
    return _latexpdf(dst)


def _filled_index() -> str:
    headings = o.HEADINGS
    tables = {1: "二", 2: "三", 3: "四"}
    lines = ["测试报告", "========", "", ".. gov-report:: data/2021.yaml", ""]
    for i, heading in enumerate(headings):
        lines += [heading, "=" * (2 * len(heading)), ""]
        lines += [f".. gov-table:: {tables[i]}", ""] if i in tables else ["本年度未收取信息处理费。", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, unchanged, built with ``-M latexpdf``."""
    _require_tex()
    src = tmp_path_factory.mktemp("pdf") / "example"
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "example_project", src, ignore=shutil.ignore_patterns("_build")
    )
    return _latexpdf(src)


@pytest.fixture(scope="module")
def filled_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated numbers, special characters in the agency, 仿宋, and a short text block."""
    _require_tex()
    src = tmp_path_factory.mktemp("pdf") / "filled"
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "example_project", src, ignore=shutil.ignore_patterns("_build")
    )
    text, _ = report_yaml(7, 2021, [3, 1, 0, 2, 0, 1], {}, seed=2021)
    quoted = 'agency: "' + AGENCY.replace("\\", "\\\\") + '"'
    text = re.sub(r"(?m)^agency: .*$", lambda _: quoted, text)
    text, fees = re.subn(r"(?m)^  fees: .*$", f"  fees: {FEES}", text)
    assert fees == 1
    (src / "data" / "2021.yaml").write_text(text, encoding="utf-8")
    (src / "index.rst").write_text(_filled_index(), encoding="utf-8")
    conf = (src / "conf.py").read_text(encoding="utf-8")
    conf += f'\ngov_report_latex_font = "fangsong"\nlatex_elements = {{"geometry": r"{FILLED_GEOMETRY}"}}\n'
    (src / "conf.py").write_text(conf, encoding="utf-8")
    return _latexpdf(src)


@pytest.fixture(scope="module")
def example_pdf_without_tables(example_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _without_tables(example_pdf, tmp_path_factory.mktemp("pdf") / "example-no-tables")


@pytest.fixture(scope="module")
def filled_pdf_without_tables(filled_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _without_tables(filled_pdf, tmp_path_factory.mktemp("pdf") / "filled-no-tables")


# ---------------------------------------------------------------- helpers on the PDF


def raw_text(pdf: Path) -> str:
    """The text in content-stream order (each table cell's lines stay together)."""
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def page_texts(pdf: Path) -> list[str]:
    return raw_text(pdf).split("\f")[:-1]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def words(pdf: Path) -> list[tuple[int, float, float, float, float, float, float, str]]:
    """(page, width, height, xMin, yMin, xMax, yMax, text) of every word."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    result = []
    for n, chunk in enumerate(out.split("<page ")[1:], start=1):
        size = PAGE.match("<page " + chunk)
        assert size, chunk[:200]
        width, height = float(size[1]), float(size[2])
        for m in WORD.finditer(chunk):
            result.append((n, width, height, *(float(m[i]) for i in range(1, 5)), m[5]))
    return result


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def section(text: str, start: str, end: str) -> str:
    flat = text
    i = flat.index(start)
    return flat[i : flat.index(end, i)]


CLOSING = "，。、；：？！）」』”’》〉】"
OPENING = "（「『“‘《〈【"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def numbers(text: str) -> list[str]:
    return [t for t in text.split() if NUMBER.match(t)]


def _row(node: object, columns: tuple[tuple[str, str], ...]) -> list[str | None]:
    """One row as the YAML writes it (a list, one number, or a mapping by column key); ``None`` where omitted."""
    if node is None:
        return [None] * len(columns)
    if isinstance(node, dict):
        return [node.get(key) for key, _label in columns]
    values = node if isinstance(node, list) else [node]
    assert len(values) <= len(columns), values
    return [*values, *[None] * (len(columns) - len(values))]


def _counts(values: list[str | None]) -> list[int]:
    """Counts with an omitted 总计 (the last column) filled in as the sum of the others."""
    *parts, total = values
    counts = [int(v or 0) for v in parts]
    return [*counts, int(total) if total is not None else sum(counts)]


def expected_numbers(data: Path, table: str) -> list[str]:
    """The numbers of a 2021-format table in reading order, straight from the YAML file.

    Scalars are read as written (``yaml.BaseLoader``: an amount keeps its trailing zeros) and laid
    out in the official row and column order of ``official.py``; an omitted 总计 is the sum of its
    parts, an omitted （七）总计 row the sum of the result rows above it.
    """
    doc = yaml.load(data.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar a string
    if table == "二":
        active = doc.get("active") or {}
        out = []
        for block in o.ACTIVE_2021:
            columns = tuple((c, c) for c in block.columns)
            for key, _label in block.rows:
                out += [v if v is not None else "0" for v in _row(active.get(key), columns)]
        return out
    if table == "三":
        apps = doc.get("applications") or {}
        columns = o.APPLICANT_COLUMNS
        lines = []
        for row in o.application_rows("2021"):
            node = apps
            for part in row.key:
                node = node.get(part) if isinstance(node, dict) else None
            if row.key == ("results", "total") and node is None:
                done = lines[2:]  # （一）…（六）: every row after 一 and 二 so far
                node = [str(sum(line[c] for line in done)) for c in range(len(columns) - 1)]
            lines.append(_counts(_row(node, columns)))
        return [str(n) for line in lines for n in line]
    appeals = doc.get("appeals") or {}
    return [str(n) for key, _labels in o.APPEAL_PARTS for n in _counts(_row(appeals.get(key), o.OUTCOMES))]


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("which", ["example_pdf", "filled_pdf"])
def test_every_statutory_label_is_printed(which: str, request: pytest.FixtureRequest) -> None:
    text = squeeze(raw_text(request.getfixturevalue(which)))
    labels = o.table_labels("2021")
    assert len(labels) == 64
    missing = [label for label in labels if squeeze(label) not in text]
    assert missing == []


def test_example_prints_every_number_and_the_title_block(example_pdf: Path) -> None:
    text = raw_text(example_pdf)
    assert squeeze(text).startswith("富阳区人民政府春江街道办事处2021年度政府信息公开工作年度报告")
    heads = o.HEADINGS
    # all cells of the example are 0: count them per table
    assert numbers(section(text, heads[1], heads[2])) == ["0"] * 10
    assert numbers(section(text, heads[2], heads[3])) == ["0"] * (25 * 7)
    assert numbers(section(text, heads[3], heads[4])) == ["0"] * 15
    for word in ("Contents", "Release", "Index", "Chapter", "Table of"):
        assert word not in text
    assert not re.search(r"(?m)^(目录|索引)$", text)


def test_filled_numbers_in_order(filled_pdf: Path) -> None:
    """Every number of tables 二, 三 and 四, in row-major order, and the agency name verbatim."""
    text = raw_text(filled_pdf)
    data = filled_pdf.parents[2] / "data" / "2021.yaml"
    heads = o.HEADINGS
    for table, (start, end) in {"二": (1, 2), "三": (2, 3), "四": (3, 4)}.items():
        expected = expected_numbers(data, table)
        assert len(expected) == {"二": 10, "三": 175, "四": 15}[table]
        assert numbers(section(text, heads[start], heads[end])) == expected, table
    assert expected_numbers(data, "二")[-1] == FEES  # printed with its trailing zero
    assert len(set(expected_numbers(data, "三"))) > 5  # enough different numbers to notice a misplaced one
    assert squeeze(AGENCY) in squeeze(text)
    assert squeeze(AGENCY + "2021年度政府信息公开工作年度报告") in squeeze(text)


@pytest.mark.parametrize(("which", "margins"), [("example_pdf", EXAMPLE_MARGINS), ("filled_pdf", FILLED_MARGINS)])
def test_no_word_outside_the_margins(which: str, margins: dict[str, int], request: pytest.FixtureRequest) -> None:
    tolerance = 1.0  # pt: glyph bounding boxes versus the text block
    found = words(request.getfixturevalue(which))
    assert len(found) > 200
    outside, footers = [], []
    for page, width, height, x0, y0, x1, y1, text in found:
        assert (round(width), round(height)) == (595, 842)  # A4
        # a full-width punctuation mark compressed at a line's end (or start) keeps its ink inside the
        # text block, but pdftotext reports its whole em box: allow that part of the em
        em = y1 - y0
        hang_right = 0.8 * em if text[-1] in CLOSING else 0
        hang_left = 0.8 * em if text[0] in OPENING else 0
        left = margins["left"] * MM - tolerance - hang_left
        right = width - margins["right"] * MM + tolerance + hang_right
        top, bottom = margins["top"] * MM - tolerance, height - margins["bottom"] * MM + tolerance
        if y0 >= bottom - 2 * tolerance:
            footers.append((page, text, y1))
            continue
        if x0 < left or x1 > right or y0 < top or y1 > bottom:
            outside.append((page, text, round(x0), round(y0), round(x1), round(y1)))
    assert outside == []
    # below the text block only the page number "— n —", within the bottom margin
    assert {re.sub(r"\d+", "n", t) for _, t, _ in footers} <= {"—n", "—", "—n—"}
    assert all(y1 < height - 10 * MM for _, _, y1 in footers)


def test_page_counts_are_sane(example_pdf: Path, filled_pdf: Path) -> None:
    assert 3 <= pages(example_pdf) <= 7
    assert 3 <= pages(filled_pdf) <= 8
    # no blank pages: every page has text besides its number
    for pdf in (example_pdf, filled_pdf):
        assert all(len(squeeze(p)) > 20 for p in page_texts(pdf))


def test_table_three_breaks_cleanly(filled_pdf: Path) -> None:
    """In the short text block 表三 breaks: its header repeats and no merged group is split."""
    texts = [squeeze(p) for p in page_texts(filled_pdf)]
    with_header = [i for i, p in enumerate(texts) if "申请人情况" in p]
    assert len(with_header) >= 2, "表三 should continue on a second page with its header"
    assert all("（本列数据的勾稽关系为" in texts[i] for i in with_header)
    assert "（续表）" in texts[with_header[1]]
    group_rows = [r.labels[-1] for r in o.application_rows("2021") if r.labels[0] == o.RESULTS]
    pages_of_group = {i for i, p in enumerate(texts) for label in group_rows if squeeze(label) in p}
    assert len(pages_of_group) == 1, "三、本年度办理结果 is split over pages"
    assert "三、本年度办理结果" in texts[pages_of_group.pop()]


def test_table_four_is_legible(example_pdf: Path) -> None:
    """表四's 15 columns: header words at least 8 pt tall, on a portrait page inside the margins."""
    found = [w for w in words(example_pdf) if w[7] in ("结果", "维持", "纠正", "尚未", "审结")]
    assert len(found) >= 3 * 5
    assert min(w[6] - w[4] for w in found) >= 8.0


def test_cjk_fonts_are_embedded(example_pdf: Path, filled_pdf: Path) -> None:
    for pdf, body in ((example_pdf, ("Serif", "Song")), (filled_pdf, ("Fang",))):
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
        names = [r[0] for r in rows]
        assert any("CJK" in n or "Fandol" in n for n in names), names
        assert any(any(b in n for b in body) for n in names), names
        # emb column: every font embedded
        assert all(r[-5] == "yes" for r in rows), out
        assert not any("FreeSerif" in n for n in names)


@pytest.mark.parametrize("which", ["example_pdf", "filled_pdf"])
def test_tables_cost_no_extra_xelatex_pass(which: str, request: pytest.FixtureRequest) -> None:
    """The statutory tables settle their column widths on the first pass: latexmk runs xelatex no
    more often than for the same document without them (the headings, title block and PDF
    outline already take two passes there).  表三's header is merged cells only, and longtable
    used to give its label columns their widths a pass late (issue 15)."""
    with_tables = xelatex_runs(request.getfixturevalue(which))
    without = xelatex_runs(request.getfixturevalue(f"{which}_without_tables"))
    assert without >= 1  # latexmk's output was read
    assert with_tables <= without, (with_tables, without)


def test_generated_latex(example_pdf: Path) -> None:
    tex = next(example_pdf.parent.glob("*.tex")).read_text(encoding="utf-8")
    assert r"{sphinxhowto}" in tex and "a4paper,12pt" in tex
    assert r"\usepackage[a4paper,top=37mm,bottom=35mm,left=28mm,right=26mm,footskip=14mm]{geometry}" in tex
    assert r"\sphinxgovreporttitle{富阳区人民政府春江街道办事处}{2021}" in tex
    assert r"\usepackage[report]{sphinxgovreport}" in tex
    for absent in ("FreeSerif", r"\sphinxtableofcontents", r"\printindex", r"\makeindex", "Contents", r"\chapter"):
        assert absent not in tex
    assert tex.count(r"\begin{longtable}") == 3
    assert r"\section{一、总体情况}" in tex
    assert (example_pdf.parent / "sphinxgovreport.sty").is_file()
