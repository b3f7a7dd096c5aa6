"""The open-data layout of report data (``sphinx-gov-report export`` and the HTML JSON download).

JSON: ``{"layout": "sphinx-gov-report/export", "version": 1, "reports": [record, ...]}``.
A *record* has the keys of the data file (see the JSON Schema) with every cell
present and every 总计 computed, plus ``source`` (the data file)::

    source, format, agency, year, period{start,end}, website{name,url},
    contact{organization,address,postcode,phone,fax,email}, processing_fee,
    active{row{column}}, applications{new,carried_over,results{...},carried_forward},
    appeals{review,direct_suit,suit_after_review}, figures{name}

Counts are JSON integers; amounts (收费金额, 信息处理费, 采购总金额) are decimal
strings written exactly as in the data (``"24252.311082"``); dates are ISO
strings.  CSV has one row per report and the columns :func:`csv_columns`:
the metadata columns, then one column per cell named by its dotted key
(``applications.results.withheld.state_secret.natural``) — all cells of the
2021 format in official order, then those only in the 2019 format; cells that
a report's format lacks are empty.  ``figures`` are JSON-only.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from . import statute
from .model import Number, Report, format_number
from .reader import CONTACT_KEYS

LAYOUT = "sphinx-gov-report/export"
VERSION = 1

META_COLUMNS = (
    "source",
    "format",
    "agency",
    "year",
    "period.start",
    "period.end",
    "website.name",
    "website.url",
    *(f"contact.{k}" for k in CONTACT_KEYS),
    "processing_fee",
)


def _value(value: Number | None) -> int | str | None:
    if value is None:
        return None
    return format_number(value) if isinstance(value, Decimal) else value


def record(report: Report, source: str) -> dict[str, Any]:
    """One report as an export record."""
    c = report.contact
    rec: dict[str, Any] = {
        "source": source,
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
        "period": {
            "start": report.period_start.isoformat() if report.period_start else None,
            "end": report.period_end.isoformat() if report.period_end else None,
        },
        "website": {"name": report.website_name, "url": report.website_url},
        "contact": {k: getattr(c, k) for k in CONTACT_KEYS},
        "processing_fee": _value(report.processing_fee),
    }
    for key in statute.all_cells(report.spec):
        level = rec
        for part in key[:-1]:
            level = level.setdefault(part, {})
        level[key[-1]] = None if report.is_blank(key) else _value(report.value(key))
    rec["figures"] = {name: _value(cell.value) for name, cell in report.figures.items()}
    return rec


def document(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON document holding ``records``."""
    return {"layout": LAYOUT, "version": VERSION, "reports": records}


def to_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(document(records), ensure_ascii=False, indent=2) + "\n"


def csv_columns() -> list[str]:
    """All CSV column names, independent of the input (2021 cells, then 2019-only cells)."""
    cells: list[str] = []
    for version in ("2021", "2019"):
        for key in statute.all_cells(statute.FORMATS[version]):
            name = ".".join(key)
            if name not in cells:
                cells.append(name)
    return [*META_COLUMNS, *cells]


def flatten(rec: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted names for the nested values of a record (``figures`` left out)."""
    flat: dict[str, Any] = {}
    for name, value in rec.items():
        if not prefix and name == "figures":
            continue
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


#: A text cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ``'`` (as OWASP recommends).

    Numbers (counts) are left alone: ``-3`` is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(records: list[dict[str, Any]]) -> str:
    """One row per report; text that a spreadsheet would evaluate is neutralised (:func:`neutralise`)."""
    columns = csv_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: "" if v is None else neutralise(v) for k, v in flatten(rec).items()})
    return out.getvalue()
