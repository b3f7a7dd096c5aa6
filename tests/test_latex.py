"""The generated LaTeX (no TeX needed): report defaults fill only what conf.py leaves unset."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from conftest import sphinx_build
from sphinx.util import texescape

from sphinx_gov_report.ext.latex import TableWriter
from sphinx_gov_report.ext.latex_config import FONT_CANDIDATES, font_candidates
from sphinx_gov_report.ext.tables import decode


def _build(src: Path, tmp_path: Path, extra_conf: str = "", *args: str):
    if extra_conf:
        conf = src / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + "\n" + extra_conf + "\n", encoding="utf-8")
    out = tmp_path / "latex"
    result = sphinx_build(src, out, *args, builder="latex")
    assert result.returncode == 0, result.stderr
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    return tex, result.stderr


def test_defaults_for_a_chinese_report(example_src: Path, tmp_path: Path) -> None:
    tex, warnings = _build(example_src, tmp_path)
    assert "gov-report" not in warnings
    assert r"\documentclass[a4paper,12pt,english,oneside]{sphinxhowto}" in tex
    assert r"\def\sphinxgovreportbodyfont{song}" in tex
    assert r"\usepackage{sphinxgovreportfonts}" in tex
    assert r"\sphinxgovreporttitle{富阳区人民政府春江街道办事处}{2021}" in tex
    for absent in ("FreeSerif", r"\sphinxtableofcontents", r"\printindex", r"\sphinxmaketitle", r"\chapter{"):
        assert absent not in tex
    # the three tables are rendered by the extension, each kept with its heading
    assert tex.count(r"\begin{sphinxgovreporttable}") == 3
    assert tex.count(r"\begin{sphinxgovreportkeep}") == 3
    assert r"\begin{tabulary}" not in tex and r"\sphinxattablestart" not in tex


def test_user_settings_win(example_src: Path, tmp_path: Path) -> None:
    conf = (
        'latex_documents = [("index", "r.tex", "报告", "", "manual")]\n'
        'latex_elements = {"papersize": "b5paper", "fontpkg": r"\\setCJKmainfont{FandolSong-Regular.otf}",'
        ' "maketitle": r"\\maketitle", "printindex": r"\\printindex"}\n'
    )
    tex, _ = _build(example_src, tmp_path, conf)
    assert "{sphinxmanual}" in tex and "b5paper" in tex
    assert r"\setCJKmainfont{FandolSong-Regular.otf}" in tex and "sphinxgovreportfonts" not in tex
    assert r"\maketitle" in tex and r"\sphinxgovreporttitle" not in tex
    assert r"\printindex" in tex
    # what the user left unset is still filled in
    assert r"\usepackage[a4paper,top=37mm" in tex and r"\sphinxtableofcontents" not in tex


def test_defaults_only_at_config_inited_and_never_over_user_values(make_app, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "example_project", src, ignore=shutil.ignore_patterns("_build")
    )
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nlatex_elements = {"papersize": "b5paper"}\n', encoding="utf-8"
    )
    app = make_app("latex", srcdir=src)
    # after config-inited: the user's key kept, the unset ones filled, the report theme in place
    assert app.config.latex_elements["papersize"] == "b5paper"
    assert app.config.latex_elements["tableofcontents"] == ""
    assert app.config.latex_theme == "govreport"
    assert app.config.latex_documents[0][4] == "govreport"
    before = {k: copy.deepcopy(app.config[k]) for k in ("latex_elements", "latex_theme", "latex_documents")}
    app.build()
    assert {k: app.config[k] for k in before} == before  # nothing changes during the build


def test_latex_defaults_can_be_switched_off(example_src: Path, tmp_path: Path) -> None:
    tex, _ = _build(example_src, tmp_path, "gov_report_latex_defaults = False")
    assert "{sphinxmanual}" in tex and r"\sphinxmaketitle" in tex
    assert "sphinxgovreportfonts" not in tex and r"\sphinxgovreporttitle{" not in tex
    assert r"\begin{sphinxgovreporttable}" in tex  # the tables are still the extension's


def test_non_chinese_project_keeps_sphinx_defaults(example_src: Path, tmp_path: Path) -> None:
    tex, _ = _build(example_src, tmp_path, 'language = "en"')
    assert r"\usepackage{sphinxgovreport}" in tex  # the tables still need it
    assert "sphinxgovreportfonts" not in tex and r"\sphinxmaketitle" in tex
    assert r"\begin{sphinxgovreporttable}" in tex


def test_fangsong_option_and_bad_values_warn(example_src: Path, tmp_path: Path) -> None:
    tex, _ = _build(example_src, tmp_path, 'gov_report_latex_font = "fangsong"')
    assert r"\def\sphinxgovreportbodyfont{fangsong}" in tex
    conf = 'gov_report_latex_font = "kai"\ngov_report_latex_fonts = {"fangsong": "没有这个字体", "bold": "x"}'
    tex, warnings = _build(example_src, tmp_path / "bad", conf)
    assert r"\def\sphinxgovreportbodyfont{song}" in tex
    assert "gov_report_latex_font 的值「kai」无效" in warnings
    assert "字体角色「bold」未知" in warnings
    # the warnings carry type gov-report: subtype config for the values, latex for a missing font
    assert "字体角色「bold」未知，已忽略；可用的角色：song、fangsong、hei、kai" in warnings
    assert re.search(r"conf\.py:\d+: WARNING: gov_report_latex_font 的值「kai」无效", warnings)  # located
    quiet = conf + '\nsuppress_warnings = ["gov-report.latex", "gov-report.config"]'
    _, warnings = _build(example_src, tmp_path / "quiet", quiet)
    assert "gov_report_latex" not in warnings


def test_font_candidates_put_the_users_choice_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import sphinx_gov_report.ext.latex_config as lc

    monkeypatch.setattr(lc, "font_exists", lambda name: None)  # no fc-list/kpsewhich: keep everything
    assert font_candidates("fangsong", ["方正仿宋_GBK"]) == ["方正仿宋_GBK", *FONT_CANDIDATES["fangsong"]]
    monkeypatch.setattr(lc, "font_exists", lambda name: name.startswith("Fandol"))
    assert font_candidates("song", []) == ["FandolSong-Regular.otf"]


@pytest.fixture
def tex_escapes() -> None:
    """``texescape.escape`` only escapes once the LaTeX builder has called ``texescape.init()``:
    without a build earlier in the session the tables would be empty (it is idempotent)."""
    texescape.init()


@pytest.mark.usefixtures("tex_escapes")
def test_table_latex_escapes_and_spans() -> None:
    from docutils import nodes

    table = nodes.table(gov_table="三")
    tgroup = nodes.tgroup(cols=2)
    table += tgroup
    tgroup += [nodes.colspec(colwidth=3), nodes.colspec(colwidth=1)]
    tbody = nodes.tbody()
    tgroup += tbody
    row1, row2 = nodes.row(), nodes.row()
    row1 += nodes.entry("", nodes.paragraph(text=r"a\b{c}%$#&_^~"), classes=["gov-rowgroup"], morerows=1)
    row1 += nodes.entry("", nodes.paragraph(text="1"), classes=["gov-data"])
    row2 += nodes.entry("", nodes.paragraph(text="2"), classes=["gov-data"])
    tbody += [row1, row2]
    latex = TableWriter(decode(table), "xelatex").latex()
    assert r"a\textbackslash{}b\{c\}\%\$\#\&\_\textasciicircum{}\textasciitilde{}" in latex
    assert r"\sphinxgovreportspancell{b0}" in latex  # the merged cell spans both rows
    assert r"\\*\sphinxgovreportcline{2-2}" in latex  # no page break inside the merge
    assert latex.count(r"\multicolumn{1}{|p{\sphinxgovreportwidth{3}{1}}|}{}") == 1  # covered slot


def _caption_project(src: Path) -> None:
    page = src / "index.rst"
    text = page.read_text(encoding="utf-8").replace(
        ".. gov-table:: 三", ".. gov-table:: 三\n   :caption: 依申请公开情况表\n   :name: t3\n\n见 :numref:`t3`。"
    )
    page.write_text(text, encoding="utf-8")


def test_captions_only_where_they_add_something(example_src: Path, tmp_path: Path) -> None:
    """As on the official form, a table under its own section heading has no caption; a custom one is printed."""
    tex, _ = _build(example_src, tmp_path)
    assert r"\caption" not in tex
    _caption_project(example_src)
    tex, _ = _build(example_src, tmp_path / "custom")
    assert tex.count(r"\caption*{依申请公开情况表}\\") == 1
    assert tex.count(r"\caption") == 1


def test_numref_numbers_the_tables(example_src: Path, tmp_path: Path) -> None:
    _caption_project(example_src)
    tex, _ = _build(example_src, tmp_path, "numfig = True")
    # numbered like every Sphinx table: a real caption, with the label right after it
    assert r"\caption{依申请公开情况表}\label{\detokenize{index:t3}}\\" in tex
    assert tex.count(r"\caption{") == 3
    assert r"\hyperref[\detokenize{index:t3}]" in tex


def _groups(text: str, start: int) -> tuple[list[str], int]:
    """The brace groups ``{…}{…}`` that follow ``start`` (nested braces kept), and where they end."""
    groups, i = [], start
    while i < len(text) and text[i] == "{":
        depth, j = 0, i
        while True:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        groups.append(text[i + 1 : j])
        i = j + 1
    return groups, i


def _top_level_split(row: str, sep: str = "&") -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(row):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == sep and depth == 0:
            parts.append(row[start:i])
            start = i + 1
    return [*parts, row[start:]]


def longtable_rows(tex: str, name: str) -> list[list[tuple[int, str, str]]]:
    """The body rows of statutory table ``name`` in ``tex``: per cell (colspan, kind, text);
    slots covered by a merged cell from a row above read as (colspan, "", "")."""
    start = tex.index(rf"\begin{{sphinxgovreporttable}}{{{name}}}")
    body = tex[tex.index(r"\endhead", start) : tex.index(r"\end{longtable}", start)]
    rows = []
    for line in body.splitlines():
        if not line.startswith(r"\multicolumn"):
            continue
        cells = []
        for cell in _top_level_split(re.sub(r"\\\\\*?.*$", "", line)):
            (colspan, _spec, content), _end = _groups(cell, len(r"\multicolumn"))
            if not content:
                cells.append((int(colspan), "", ""))
                continue
            args, _ = _groups(content, content.index("{"))
            cells.append((int(colspan), args[-2], args[-1]))
        rows.append(cells)
    return rows


def test_latex_rows_hold_each_number_in_its_column(tmp_path: Path) -> None:
    """表三 and 表四 of a report with a distinct number in every cell, read row by row from the .tex."""
    from conftest import ROOTS
    from test_architecture import EXPECTED_APPEALS, _expected_applications

    out = tmp_path / "latex"
    result = sphinx_build(ROOTS / "test-filled", out, "-W", builder="latex")
    assert result.returncode == 0, result.stderr
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    rows = longtable_rows(tex, "三")
    expected = _expected_applications()
    assert len(rows) == len(expected) == 25
    for cells, (labels, numbers) in zip(rows, expected.items(), strict=True):
        data = [c for c in cells if c[1] == "data"]
        assert [int(text) for _span, _kind, text in data] == numbers, labels
        heads = [(span, kind, text) for span, kind, text in cells if kind in ("rowhead", "rowgroup")]
        # the row's own label closes its label cells and spans what its label path leaves over
        assert heads[-1] == (4 - len(labels), "rowhead", labels[-1]), (labels, heads)
        assert sum(span for span, _k, _t in cells) == 10
    # 三、本年度办理结果 is written once, merged over the 22 result rows
    assert [c for r in rows for c in r if c[2] == "三、本年度办理结果"] == [(1, "rowgroup", "三、本年度办理结果")]
    four = longtable_rows(tex, "四")
    assert [[int(t) for _s, _k, t in four[0]]] == [EXPECTED_APPEALS]
