"""The import report: what was detected, what differs from the template, what is uncertain."""

from __future__ import annotations

from typing import Any

from ..core import statute
from .prose import heading_differs
from .run import Imported
from .tables import Extraction


def missing_cells(ex: Extraction) -> list[str]:
    """The statutory rows not found in the document (left blank), by their labels."""
    spec = statute.FORMATS[ex.format]
    missing = []
    for block, row in statute.active_rows(spec):
        if ("active", *row.key) not in ex.rows:
            missing.append(" / ".join((block.title, *row.labels)))
    for row in spec.applications_rows:
        if ex.hybrid and row.key[:2] == ("results", "other"):
            continue
        if ("applications", *row.key) not in ex.rows:
            missing.append(" / ".join(row.labels))
    for row in spec.appeals_rows:
        if ("appeals", *row.key) not in ex.rows:
            missing.append(" / ".join(row.labels))
    return missing


def as_dict(imp: Imported, written: list[str] | None = None) -> dict[str, Any]:
    """The report as JSON-ready data."""
    ex = imp.extraction
    blanks = sum(1 for k, v in ex.values.items() if v is None)
    return {
        "source": str(imp.path),
        "kind": imp.doc.kind,
        "format": ex.format,
        "hybrid": ex.hybrid,
        "format_description": imp.format_name,
        "agency": imp.meta.agency or None,
        "year": imp.meta.year,
        "cells_read": sum(1 for v in ex.values.values() if v is not None),
        "cells_blank": blanks,
        "rows_missing": missing_cells(ex),
        "label_differences": [{"printed": p, "template": t} for p, t in ex.label_diffs],
        "heading_differences": [
            {"printed": s.heading, "template": statute.HEADINGS[s.index]}
            for s in imp.prose.sections
            if heading_differs(s)
        ],
        "headings_missing": imp.prose.missing,
        "uncertain": [{"where": u.where, "reason": u.reason, "alternatives": u.alternatives} for u in ex.uncertain],
        "skipped": [*imp.doc.notes, *ex.skipped, *imp.prose.skipped, *imp.meta.notes],
        "written": written or [],
    }


def as_text(imp: Imported, written: list[str] | None = None) -> str:
    """The report for a person (Chinese)."""
    d = as_dict(imp, written)
    out = [
        f"导入报告：{d['source']}",
        f"  来源类型：{imp.kind_name}",
        f"  格式：{d['format_description']}",
        f"  机关：{d['agency'] or '（未找到）'}　年度：{d['year'] or '（未找到）'}",
        f"  读到的数字：{d['cells_read']} 格；空白或未能读取：{d['cells_blank']} 格",
    ]

    def section(title: str, items: list[str]) -> None:
        if items:
            out.append(f"  {title}（{len(items)}）：")
            out.extend(f"    - {item}" for item in items)

    section("原文中没有读到的行（已留空）", d["rows_missing"])
    section(
        "与法定格式不同的栏目名称",
        [f"印为「{x['printed']}」，法定格式为「{x['template']}」" for x in d["label_differences"]],
    )
    section(
        "与法定格式不同的标题",
        [f"印为「{x['printed']}」，法定格式为「{x['template']}」" for x in d["heading_differences"]],
    )
    section("没有找到的标题", d["headings_missing"])
    section(
        "读取不确定的单元格",
        [
            f"{u['where']}：{u['reason']}"
            + (f"（其他可能：{'；'.join(u['alternatives'])}）" if u["alternatives"] else "")
            for u in d["uncertain"]
        ],
    )
    section("跳过的内容", d["skipped"])
    section("写出的文件", d["written"])
    return "\n".join(out) + "\n"
