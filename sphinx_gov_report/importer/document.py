"""What every reader produces: the source as paragraphs and tables in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A table cell: its text, or ``None`` for a position covered by a merged cell.
CellText = str | None


class ImportFailure(Exception):
    """A source that cannot be imported; the message is Chinese and names the file."""


@dataclass
class Block:
    """A paragraph (``rows`` empty) or a table (``rows`` of cell texts)."""

    text: str = ""
    rows: list[list[CellText]] = field(default_factory=list)
    page: int | None = None  #: PDF page (1-based)
    line: int | None = None  #: line in the source (text, HTML), 1-based
    #: A line of a wrapped layout (PDF, PDF-to-text): joined with its neighbours into paragraphs.
    wrapped: bool = False
    #: Rows that come from plain text (cells split by the text reader, not by a table's markup).
    from_text: bool = False

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


@dataclass
class Document:
    """A source as read: its kind, its blocks and what the reader noticed."""

    kind: str  #: ``html``, ``docx``, ``pdf`` or ``text``
    name: str
    blocks: list[Block] = field(default_factory=list)
    title_hint: str = ""  #: e.g. the HTML ``<title>`` or the PDF title metadata
    notes: list[str] = field(default_factory=list)  #: skipped parts, image tables (Chinese)
