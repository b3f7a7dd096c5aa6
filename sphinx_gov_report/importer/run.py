"""Import one source: read it, map its tables, find its metadata and prose."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import statute
from .document import Document
from .loose import recover
from .meta import Meta, find_meta
from .prose import Prose, read_prose
from .sources import KINDS, read_document
from .tables import OTHER_ROW, Extraction, extract


@dataclass
class Imported:
    """Everything read from one source."""

    path: Path
    doc: Document
    extraction: Extraction
    meta: Meta
    prose: Prose

    @property
    def kind_name(self) -> str:
        return KINDS[self.doc.kind]

    @property
    def format_name(self) -> str:
        name = f"{self.extraction.format} 年格式"
        if self.extraction.hybrid:
            name += f"，但表三「{OTHER_ROW.labels[-1]}」只有一行（2019 年旧格式的写法）"
        if self.meta.year and statute.expected_format(self.meta.year) != self.extraction.format:
            name += f"（{self.meta.year} 年度应使用 {statute.expected_format(self.meta.year)} 年格式）"
        return name


def import_source(path: Path, fmt: str | None = None) -> Imported:
    """Import ``path``; raises :class:`~.document.ImportFailure` with a Chinese message."""
    doc = read_document(path)
    extraction = extract(doc, fmt)
    prose = read_prose(doc)
    recover(extraction, prose.all_text)
    section6 = [p.text for s in prose.sections if s.index == 5 for p in s.paras]
    title_lines = [prose.title, doc.title_hint, *prose.title_lines]
    meta = find_meta([t for t in title_lines if t], prose.preamble, prose.all_text, section6)
    return Imported(path, doc, extraction, meta, prose)
