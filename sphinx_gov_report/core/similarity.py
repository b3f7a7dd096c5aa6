"""Copied text: how much of a report repeats last year's, or another unit's.

The template's boilerplate is stripped first (headings, table labels, the statutory
sentences, digits and punctuation), then the texts are compared by character
shingles: a character counts as copied when it lies in a run of :data:`SHINGLE`
characters that also occurs in the other text.  The work is linear in the length
of both texts (a set of hashed shingles), and the inputs are bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import statute

#: Length of the character runs compared (shorter runs are common phrases, not copying).
SHINGLE = 8
#: Longest text compared (characters after normalisation); the rest is ignored.
MAX_CHARS = 200_000
#: Over this share of the whole report, or of section 五, against last year: copied.
REPORT_LIMIT = 0.5
#: A whole report with less own text than this (a project just made by ``new``) is not compared.
REPORT_MIN_CHARS = 100
#: Sections of two units this similar (and at least :data:`UNIT_MIN_CHARS` long) are near-identical.
UNIT_LIMIT = 0.8
UNIT_MIN_CHARS = 60

#: Sentences every report writes (the statute's or the template's own words), and placeholders:
#: a sentence with one of these is left out.
STATUTORY_SENTENCES = (
    r"【待(?:填写|修改)】",  # ``new``'s placeholders and last year's text carried over
    r"^\s*本(?:年度)?报告.{0,80}?(?:编制|编写|制作)",
    r"本(?:年度)?报告(?:中)?所列数据",
    r"本(?:年度)?报告(?:的)?电子版",
    r"如对本(?:年度)?报告",
    r"(?:未|没有|不)收取(?:任何)?信息处理费",
    r"本列数据的勾稽关系为",
    r"统计期限|统计时限",
)
_STATUTORY = re.compile("|".join(STATUTORY_SENTENCES))
_KEEP = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]+")


def _labels() -> list[str]:
    labels: set[str] = set(statute.HEADINGS) | set(statute.LONG_HEADINGS)
    labels |= {h[2:] for h in statute.HEADINGS} | {h[2:] for h in statute.LONG_HEADINGS}
    for spec in statute.FORMATS.values():
        labels.update((spec.name, spec.notice, spec.applications_note))
        for block in spec.active:
            labels.add(block.title)
            labels.update(label for column in block.columns for label in column.labels)
            labels.update(label for row in block.rows for label in row.labels)
        for rows in (spec.applications_rows, spec.appeals_rows):
            labels.update(label for row in rows for label in row.labels)
        for columns in (spec.applications_columns, spec.appeals_columns):
            labels.update(label for column in columns for label in column.labels)
    return sorted((label for label in labels if len(label) >= 2), key=len, reverse=True)


#: Table labels and headings, longest first (so a label is removed before its parts).
LABELS = tuple(_labels())
_LABELS = re.compile("|".join(re.escape(label) for label in LABELS))


#: Longest piece of text the statutory patterns are run on.  Their ``[^。]*`` parts make a regular
#: expression search quadratic in a text without 「。」 (450 KB took minutes); statutory sentences
#: are short, so the patterns run per sentence, and a longer sentence per line, up to this length.
STATUTORY_PIECE = 400
_SENTENCE = re.compile(r"[^。]*。|[^。]+$")


def _strip_statutory(text: str) -> str:
    """``text`` without the statutory sentences; linear in its length (see :data:`STATUTORY_PIECE`)."""
    out = []
    for sentence in _SENTENCE.findall(text):
        if len(sentence) <= STATUTORY_PIECE:
            out.append(_STATUTORY.sub("", sentence))
            continue
        for line in sentence.splitlines(keepends=True):
            out.append(_STATUTORY.sub("", line) if len(line) <= STATUTORY_PIECE else line)
    return "".join(out)


def normalise(text: str) -> str:
    """``text`` without boilerplate, digits, punctuation and spaces (what copying is measured on)."""
    text = _strip_statutory(text)
    text = _LABELS.sub("", text)
    return "".join(_KEEP.findall(text))[:MAX_CHARS]


def shingles(text: str) -> set[int]:
    """Hashes of the :data:`SHINGLE`-character runs of a normalised text."""
    return {hash(text[i : i + SHINGLE]) for i in range(len(text) - SHINGLE + 1)}


@dataclass(frozen=True)
class Overlap:
    """How much of a text is found in another."""

    length: int  #: characters compared (normalised)
    copied: int  #: of which copied
    longest: str  #: the longest copied passage (normalised)

    @property
    def share(self) -> float:
        return self.copied / self.length if self.length else 0.0


def overlap(text: str, other: set[int]) -> Overlap:
    """The characters of the normalised ``text`` lying in a shingle of ``other``."""
    covered = [False] * len(text)
    for i in range(len(text) - SHINGLE + 1):
        if hash(text[i : i + SHINGLE]) in other:
            for j in range(i, i + SHINGLE):
                covered[j] = True
    best = (0, 0)
    start = None
    for i, flag in enumerate([*covered, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            best = max(best, (i - start, start))
            start = None
    length, at = best
    return Overlap(len(text), sum(covered), text[at : at + length])


class ShingleIndex:
    """Which of the texts added so far hold :data:`UNIT_LIMIT` of a new text: an inverted index
    of shingles, so comparing n units costs about n texts, not n² pairs.

    One pass over the new text's shingles counts, for every indexed text that has one of them,
    exactly the characters :func:`overlap` counts as copied, so nothing is missed or added.
    """

    def __init__(self) -> None:
        self._postings: dict[int, list[int]] = {}
        self._count = 0

    def add(self, text: str) -> int:
        """Index a normalised text; returns its number (0, 1, …)."""
        number = self._count
        self._count += 1
        for shingle in shingles(text):
            self._postings.setdefault(shingle, []).append(number)
        return number

    def candidates(self, text: str, limit: float = UNIT_LIMIT) -> list[int]:
        """The numbers of the indexed texts holding at least ``limit`` of the normalised ``text``."""
        covered: dict[int, int] = {}
        end: dict[int, int] = {}  # where the characters covered so far end, per indexed text
        for i in range(len(text) - SHINGLE + 1):
            for number in self._postings.get(hash(text[i : i + SHINGLE]), ()):
                covered[number] = covered.get(number, 0) + i + SHINGLE - max(end.get(number, 0), i)
                end[number] = i + SHINGLE
        need = limit * len(text)
        return sorted(n for n, count in covered.items() if count >= need)


def combine(parts: Iterable[Overlap]) -> Overlap:
    """The overlap of several texts taken together (the longest passage of any)."""
    parts = list(parts)
    longest = max((p.longest for p in parts), key=len, default="")
    return Overlap(sum(p.length for p in parts), sum(p.copied for p in parts), longest)


def similarity(this: str, last: str) -> float:
    """Share of ``this`` copied from ``last`` (both raw text)."""
    return overlap(normalise(this), shingles(normalise(last))).share


def passage(text: str, limit: int = 24) -> str:
    """The beginning of a copied passage, for a message."""
    return text if len(text) <= limit else text[:limit] + "…"
