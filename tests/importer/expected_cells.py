"""Flatten a hand-transcribed expected data file (or an imported one) to statutory cells."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from sphinx_gov_report.core import statute


def _value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, bool):
        raise TypeError(v)
    if isinstance(v, float):
        return Decimal(str(v))
    if isinstance(v, (int, Decimal)):
        return v
    if isinstance(v, str):
        return v  # a printed mark such as 「/」
    raise TypeError(v)


def _row(value: Any, columns: list[str]) -> dict[str, Any]:
    if isinstance(value, list):
        return {c: _value(v) for c, v in zip(columns, value, strict=False)}
    if isinstance(value, dict):
        return {c: _value(value.get(c)) for c in columns if c in value}
    return {columns[0]: _value(value)}


def cells(data: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    """Every cell written in ``data`` (a loaded YAML mapping): full key → value (``None`` = blank)."""
    spec = statute.FORMATS[str(data.get("format", "2021"))]
    out: dict[tuple[str, ...], Any] = {}
    active = data.get("active") or {}
    for block, row in statute.active_rows(spec):
        if row.key[0] in active:
            for c, v in _row(active[row.key[0]], [c.key for c in block.columns]).items():
                out[("active", *row.key, c)] = v
    for table, rows, columns in (
        ("applications", spec.applications_rows, spec.applications_columns),
        ("appeals", spec.appeals_rows, spec.appeals_columns),
    ):
        tree = data.get(table) or {}
        keys = [r.key for r in rows]
        if table == "applications" and spec.version == "2021":
            keys.append(("results", "other"))
        for key in keys:
            node: Any = tree
            for part in key:
                node = node.get(part) if isinstance(node, dict) else None
            if node is None or (isinstance(node, dict) and any(isinstance(v, (dict, list)) for v in node.values())):
                continue
            for c, v in _row(node, [c.key for c in columns]).items():
                out[(table, *key, c)] = v
    return out


def load(path: Path) -> dict[tuple[str, ...], Any]:
    return cells(yaml.safe_load(path.read_text(encoding="utf-8")))
