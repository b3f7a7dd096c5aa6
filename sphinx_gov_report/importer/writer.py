"""Write what was imported: the YAML data file as printed and the prose (reST or MyST Markdown)."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal

from ..core import statute
from ..core.statute import Key
from .meta import Meta
from .prose import Prose
from .tables import OTHER_ROW, Extraction, Target, Value

CONTACT_ORDER = ("organization", "address", "postcode", "phone", "fax", "email")


def q(value: object) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(str(value), ensure_ascii=False)


def number(value: Value) -> str:
    if value is None:
        return "~"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _row(ex: Extraction, table: str, key: Key, columns: tuple[str, ...]) -> tuple[str, str]:
    full = (table, *key)
    keys = [(*full, c) for c in columns]
    values = [ex.values.get(k) for k in keys]
    comment = ""
    marks = [ex.marks[k] for k in keys if k in ex.marks]
    short = next((r for r in ex.short_rows if (r.target.table, *r.target.key) == full), None)
    if full not in ex.rows:
        comment = "原文中没有读到此行，留空待核对"
    elif short is not None and full in ex.completed:
        comment = f"原文本行只印出 {len(short.printed)} 个数，缺的按表格附近单独印出的数字补全，请核对（见导入报告）"
    elif short is not None:
        comment = f"原文本行只印出 {len(short.printed)} 个数，留空待核对（见导入报告）"
    elif marks:
        comment = f"印为「{'」「'.join(dict.fromkeys(marks))}」的格按空白导入"
    text = number(values[0]) if len(columns) == 1 else "[" + ", ".join(number(v) for v in values) + "]"
    return text, comment


def data_yaml(ex: Extraction, meta: Meta, source: str, kind: str, schema: str = "report.schema.json") -> str:
    """The data file: every row of tables 二–四 as printed (``~`` = printed blank)."""
    spec = statute.FORMATS[ex.format]
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# 由 sphinx-gov-report import 从「{source}」（{kind}）导入：数字照原文所印。",
        "# ~ 表示原文该格为空白（或未能读取，见导入报告）；总计照原文所印，不自动计算，",
        "# 因此校验和构建会报告原文中的错误。",
        "",
        f'format: "{ex.format}"' + (f"    # 原文表三「{OTHER_ROW.labels[-1]}」只有一行（旧格式）" if ex.hybrid else ""),
        f"agency: {q(meta.agency)}" + ("" if meta.agency else "    # 原文中没有找到机关名称，请填写"),
        f"year: {meta.year}" if meta.year else "year: ~    # 原文中没有找到年度，请填写",
    ]
    if meta.period_start and meta.period_end:
        lines.append(f"period: {{start: {meta.period_start.isoformat()}, end: {meta.period_end.isoformat()}}}")
    if meta.website_name or meta.website_url:
        lines.append(f"website: {{name: {q(meta.website_name)}, url: {q(meta.website_url)}}}")
    if meta.contact:
        lines.append("contact:")
        lines += [f"  {k}: {q(meta.contact[k])}" for k in CONTACT_ORDER if k in meta.contact]
    lines += ["", f"# {statute.HEADINGS[1]}", "active:"]
    for block, row in statute.active_rows(spec):
        target = Target("active", row.key, row.labels[-1], tuple(c.key for c in block.columns), "")
        text, comment = _row(ex, "active", row.key, target.columns)
        lines.append(
            _commented(
                f"  {row.key[0]}: {text}", f"{block.title} {row.labels[-1]}" + (f"；{comment}" if comment else "")
            )
        )
    for table, rows, columns in (
        ("applications", spec.applications_rows, spec.applications_columns),
        ("appeals", spec.appeals_rows, spec.appeals_columns),
    ):
        cols = tuple(c.key for c in columns)
        heading = statute.HEADINGS[2 if table == "applications" else 3]
        names = "、".join(c.labels[-1] for c in columns)
        lines += ["", f"# {heading}", f"# 每行依次为：{names}", f"{table}:"]
        opened: tuple[str, ...] = ()
        keys = [r.key for r in rows]
        if table == "applications" and ex.hybrid:
            keys = [k for k in keys if k[:2] != ("results", "other")]
            keys.insert(keys.index(("results", "total")), ("results", "other"))
        labels = {r.key: r.labels for r in rows}
        labels[OTHER_ROW.key] = OTHER_ROW.labels
        for key in keys:
            groups = key[:-1]
            for depth in range(len(groups)):
                if groups[: depth + 1] != opened[: depth + 1]:
                    lines.append(f"{'  ' * (depth + 1)}{groups[depth]}:")
            opened = groups
            text, comment = _row(ex, table, key, cols)
            label = labels[key][-1]
            lines.append(
                _commented(f"{'  ' * (len(groups) + 1)}{key[-1]}: {text}", label + (f"；{comment}" if comment else ""))
            )
    lines.append("")
    if meta.processing_fee is not None:
        lines.append(f"processing_fee: {number(meta.processing_fee)}    # {statute.HEADINGS[5]}：信息处理费（元）")
    else:
        lines.append("# processing_fee: 原文中没有找到信息处理费的金额")
    return "\n".join(lines) + "\n"


def _commented(code: str, comment: str) -> str:
    return f"{code}    # {comment}" if comment else code


# -- prose -------------------------------------------------------------------
def width(text: str) -> int:
    """Display width (East Asian wide characters count 2), as reST section underlines need."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_RST_SPECIAL = re.compile(r"([\\`*_|])")
_RST_START = re.compile(r"^(?:[-+*•]\s|\d+[.)]\s|[a-zA-Z#][.)]\s|\(\w+\)\s|\.\.\s|[=~^\"'`:.]{2,})")


def rst_text(text: str) -> str:
    text = _RST_SPECIAL.sub(r"\\\1", text.strip())
    return "\\" + text if _RST_START.match(text) else text


def _md_text(text: str) -> str:
    text = re.sub(r"([\\`*_#<>\[\]|])", r"\\\1", text.strip())
    return "\\" + text if re.match(r"^(?:[-+]\s|\d+[.)]\s|>)", text) else text


def index_rst(prose: Prose, meta: Meta, data_path: str) -> str:
    """The document: the published title, preamble and sections; tables as ``gov-table``."""
    title = rst_text(prose.title or f"{meta.agency}{meta.year or ''}年度政府信息公开工作年度报告")
    rule = "=" * (width(title) + 2)
    out = [rule, title, rule, "", f".. gov-report:: {data_path}", "   :no-preamble:", ""]
    out += [line for p in prose.preamble for line in (rst_text(p), "")]
    for section in prose.sections:
        heading = rst_text(section.heading)
        out += [heading, "=" * (width(heading) + 2), ""]
        for para in section.paras:
            if para.kind == "table":
                out += [f".. gov-table:: {para.text}", ""]
            elif para.kind == "sub":
                sub = rst_text(para.text)
                out += [sub, "-" * (width(sub) + 2), ""]
            else:
                out += [rst_text(para.text), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def index_md(prose: Prose, meta: Meta, data_path: str) -> str:
    """The same document as MyST Markdown (needs ``myst_parser``)."""
    title = _md_text(prose.title or f"{meta.agency}{meta.year or ''}年度政府信息公开工作年度报告")
    out = [f"# {title}", "", "```{gov-report} " + data_path, ":no-preamble:", "```", ""]
    out += [line for p in prose.preamble for line in (_md_text(p), "")]
    for section in prose.sections:
        out += [f"## {_md_text(section.heading)}", ""]
        for para in section.paras:
            if para.kind == "table":
                out += ["```{gov-table} " + para.text, "```", ""]
            elif para.kind == "sub":
                out += [f"### {_md_text(para.text)}", ""]
            else:
                out += [_md_text(para.text), ""]
    return "\n".join(out).rstrip("\n") + "\n"
