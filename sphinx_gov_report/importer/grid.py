"""Merged cells (rowspan/colspan, gridSpan/vMerge) expanded to a rectangular grid."""

from __future__ import annotations

from .document import CellText

MAX_SPAN = 200


def expand(rows: list[list[tuple[str, int, int]]]) -> list[list[CellText]]:
    """Rows of ``(text, rowspan, colspan)`` cells as a grid: each cell at its top-left
    position, ``None`` at the positions its spans cover."""
    grid: list[list[CellText]] = []
    pending: dict[tuple[int, int], bool] = {}  # positions covered by a rowspan from above
    for r, cells in enumerate(rows):
        out: list[CellText] = []
        c = 0
        for text, rowspan, colspan in cells:
            while pending.pop((r, c), False):
                out.append(None)
                c += 1
            rowspan = max(1, min(rowspan, MAX_SPAN))
            colspan = max(1, min(colspan, MAX_SPAN))
            out.append(text)
            out.extend([None] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending[(r + dr, c + dc)] = True
            c += colspan
        while pending.pop((r, c), False):
            out.append(None)
            c += 1
        grid.append(out)
    return grid
