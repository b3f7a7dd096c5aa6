"""Generated sources for the importer tests: the statute's tables (from ``core.grid``, merged
cells and all) written as an HTML page with rowspan/colspan and Word-style span soup, and as
a .docx with gridSpan/vMerge merges.  The numbers are chosen here, so they are the expected
values."""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path

from sphinx_gov_report.core import statute
from sphinx_gov_report.core.grid import DATA, get_grid

Values = dict[tuple[str, ...], int | Decimal]
HEADINGS = statute.HEADINGS


def numbers(version: str = "2021", below: int | None = None) -> Values:
    """A distinct number for every cell (so a cell read into the wrong place shows); with
    ``below``, numbers wrap round under it (short numbers for narrow printed columns)."""
    spec = statute.FORMATS[version]
    values: Values = {}
    for i, key in enumerate(statute.all_cells(spec)):
        n = i % (below - 3) if below else i
        values[key] = Decimal(f"{n}.5") if key in spec.money_columns else n + 3
    return values


def _soup(text: str) -> str:
    """``text`` as Word pastes it: one ``<span>`` per character or two, with mso styles."""
    parts = [text[i : i + 2] for i in range(0, len(text), 2)]
    return "".join(
        f'<span style="font-family:仿宋_GB2312;mso-bidi-font-size:10.5pt"><font face="方正仿宋_GBK">{html.escape(p)}</font></span>'
        for p in parts
    )


def html_page(values: Values, agency: str, year: int, version: str = "2021") -> str:
    """A portal page: CMS chrome, the title, the six sections, tables with rowspan/colspan."""
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>门户网站</title>",
        "<style>td{border:1px solid}</style><script>var x = '一、总体情况';</script></head><body>",
        "<div class='nav'>首页 &gt; 政府信息公开 &gt; 年度报告</div>",
        "<table class='meta'><tr><td>索引号：</td><td>000/2024-1</td></tr></table>",
        f"<h1>{agency}{year}年政府信息公开工作年度报告</h1>",
        f"<p class='MsoNormal'>{_soup(f'本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。')}<o:p></o:p></p>",
        f"<p>{_soup(HEADINGS[0])}</p><p>本机关认真贯彻落实《条例》。</p>",
        "<p>（一）主动公开</p><p>全年主动公开信息 12 条。</p>",
    ]
    for index, table in ((1, "二"), (2, "三"), (3, "四")):
        out.append(f"<p><b>{_soup(HEADINGS[index])}</b></p>")
        out.append("<table border='1' style='mso-table-layout-alt:fixed'>")
        grid = get_grid(version, table)
        for row in [*grid.head, *grid.body]:
            out.append("<tr>")
            for cell in row:
                text = str(values[cell.key]) if cell.kind == DATA and cell.key else cell.text
                span = (f" rowspan='{cell.rowspan}'" if cell.rowspan > 1 else "") + (
                    f" colspan='{cell.colspan}'" if cell.colspan > 1 else ""
                )
                out.append(f"<td{span} style='width:40pt'><p class='MsoNormal'>{_soup(text)}<o:p></o:p></p></td>")
            out.append("</tr>")
        out.append("</table>")
    out += [
        f"<p>{HEADINGS[4]}</p><p>一是人员不足。二是形式单一。</p>",
        f"<p>{HEADINGS[5]}</p><p>本年度未收取信息处理费。</p>",
        "</body></html>",
    ]
    return "\n".join(out)


def docx_file(
    path: Path,
    values: Values,
    agency: str,
    year: int,
    version: str = "2021",
    ruled: bool = True,
    landscape: bool = False,
) -> None:
    """A Word report with the statute's tables, merged cells made with ``cell.merge``; tables
    drawn with lines unless ``ruled`` is false."""
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(f"{agency}")
    document.add_paragraph(f"{year}年度政府信息公开工作年度报告")
    document.add_paragraph(f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。")
    document.add_paragraph(HEADINGS[0])
    document.add_paragraph("本机关认真贯彻落实《条例》，全年主动公开信息 12 条。")
    for index, table in ((1, "二"), (2, "三"), (3, "四")):
        document.add_paragraph(HEADINGS[index])
        grid = get_grid(version, table)
        rows = [*grid.head, *grid.body]
        t = document.add_table(rows=len(rows), cols=grid.ncols)
        if ruled:
            t.style = "Table Grid"  # ruled, as reports are printed
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                text = str(values[cell.key]) if cell.kind == DATA and cell.key else cell.text
                target = t.cell(r, c)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(t.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                target.text = text
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, c + dc))
                c += cell.colspan
    document.add_paragraph(HEADINGS[4])
    document.add_paragraph("一是人员不足。二是形式单一。")
    document.add_paragraph(HEADINGS[5])
    document.add_paragraph("本年度未收取信息处理费。")
    document.save(str(path))
