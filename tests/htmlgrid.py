"""Helpers for tests that read the statutory tables back out of built HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag


@dataclass(frozen=True)
class HCell:
    """One ``<th>``/``<td>`` as written: tag, scope, text, rowspan, colspan."""

    tag: str
    scope: str | None
    text: str
    rowspan: int = 1
    colspan: int = 1


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def report_tables(page: BeautifulSoup) -> dict[str, Tag]:
    """The statutory tables of a page by name (二, 三, 四)."""
    out = {}
    for table in page.select("table.gov-report"):
        names = [c[len("gov-report-") :] for c in table["class"] if c.startswith("gov-report-")]
        out[names[0]] = table
    return out


def cell(tag: Tag) -> HCell:
    return HCell(
        tag.name,
        tag.get("scope"),
        tag.get_text(),
        int(tag.get("rowspan", 1)),
        int(tag.get("colspan", 1)),
    )


def rows(table: Tag, part: str) -> list[list[HCell]]:
    """The rows of ``thead`` or of all ``tbody`` sections, in order."""
    return [
        [cell(c) for c in tr.find_all(["th", "td"], recursive=False)]
        for p in table.find_all(part)
        for tr in p.find_all("tr", recursive=False)
    ]


def matrix(row_cells: list[list[HCell]]) -> list[list[HCell]]:
    """Expand spans: one entry per grid position (a merged cell repeats)."""
    grid: dict[tuple[int, int], HCell] = {}
    for r, cells in enumerate(row_cells):
        c = 0
        for hc in cells:
            while (r, c) in grid:
                c += 1
            for dr in range(hc.rowspan):
                for dc in range(hc.colspan):
                    assert (r + dr, c + dc) not in grid, f"overlap at {(r + dr, c + dc)}"
                    grid[(r + dr, c + dc)] = hc
            c += hc.colspan
    nrows = max(r for r, _ in grid) + 1
    ncols = max(c for _, c in grid) + 1
    assert len(grid) == nrows * ncols, "the spans do not tile a rectangle"
    return [[grid[(r, c)] for c in range(ncols)] for r in range(nrows)]


def body_values(table: Tag, label_cols: int) -> dict[tuple[str, ...], list[str]]:
    """Table 三: the data of each body row keyed by its distinct row labels."""
    out = {}
    for line in matrix(rows(table, "tbody")):
        labels: list[str] = []
        for hc in line[:label_cols]:
            if hc.text not in labels:
                labels.append(hc.text)
        out[tuple(labels)] = [hc.text for hc in line[label_cols:]]
    return out
