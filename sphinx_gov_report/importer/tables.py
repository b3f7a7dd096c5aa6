"""Map the cells of a read document to the statute's cells, by their printed labels.

Rows are recognised by the label printed before their numbers, compared tolerantly with
the labels of :mod:`sphinx_gov_report.core.statute` (never with per-portal rules). A row
whose label is lost or ambiguous is placed by its position after the last recognised row,
and listed as uncertain; table 四's fifteen numbers are read in order after its header.
Numbers are kept as printed: a blank cell stays blank (``None``), totals are not computed.
A row printing fewer numbers than its columns is left blank here and kept, with the numbers
printed on their own near the table, for :mod:`.loose` to complete on evidence.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..core import statute
from ..core.statute import FormatSpec, Key
from .document import CellText, Document
from .labels import canon, core, ratio, similar
from .text import is_value_text

Value = int | Decimal | None

_LABEL_NUMBERS = re.compile(
    r"^(?P<label>(?:\d{1,2}\s*[.、．]\s*)?[^\d\s](?:.*?[^\d\s.、,，:：])?)\s*(?P<nums>(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+|$)){1,16})$"
)
_ONLY_NUMBERS = re.compile(r"^(?:[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+|$)){2,16}$")
_BLANK_MARKS = {"/", "／", "-", "－", "—", "–", "\\", "、"}
_2019 = statute.FORMATS["2019"]
_2021 = statute.FORMATS["2021"]


def _active_labels(spec: FormatSpec) -> set[str]:
    return {c.labels[-1] for b in spec.active for c in b.columns} | {r.labels[-1] for b in spec.active for r in b.rows}


#: Labels of table 二 that only the 2019 format prints (none a part of a 2021 label, so that the
#: 2021 misprint 「规范性文件」 does not count).
_2019_MARKS = tuple(
    sorted(m for m in _active_labels(_2019) - _active_labels(_2021) if not any(m in x for x in _active_labels(_2021)))
)
#: The single row 其他处理 of the 2019 format (printed in some 2021-format reports: hybrid).
OTHER_ROW = next(r for r in _2019.applications_rows if r.key == ("results", "other"))
#: Header labels of table 四 (its 总计 aside, which table 三 prints too).
_APPEALS_MARKS = {label for r in _2021.appeals_rows for label in r.labels} | {
    c.labels[-1] for c in _2021.appeals_columns if c.key != "total"
}
MAX_RUN_DIGITS = 24
#: Labels of groups of rows (a printed subtotal row under them is not a statutory row).
_GROUPS = {core(r.labels[i]) for r in _2021.applications_rows for i in range(len(r.labels) - 1)} | {
    core(label) for c in _2021.applications_columns for label in c.labels[:-1]
}
_UNIT = re.compile(r"^(?P<n>[+-]?\d+(?:\.\d+)?)(?P<unit>件|条|项|个|份|次|人次|元|万元)$")
#: A parenthesised note printed under or after a number (「（其中修订16件）」「（含自然失效29件）」).
_ANNOTATION = re.compile(r"^[（(](?=[^（）()]*(?:\d|其中|含|包括))[^（）()]{1,40}[)）]$")
#: A number standing alone on its line with its note: 「55（含自然失效29件）」.
_LOOSE = re.compile(r"^(?P<n>\d{1,7})\s*(?P<note>[（(](?=[^（）()]*(?:\d|其中|含|包括))[^（）()]{1,40}[)）])$")
#: How far (in lines or blocks) a loose number may stand from the row it completes.
LOOSE_REACH = 60


@dataclass(frozen=True)
class Target:
    """A row of a statutory table that the document may print."""

    table: str  #: ``active``, ``applications`` or ``appeals``
    key: Key  #: the row key inside the table
    label: str  #: the official label of the row (its last label)
    columns: tuple[str, ...]
    full: str  #: all its labels, joined with `` / `` (for messages)
    core: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "core", core(self.label))


@dataclass
class Uncertain:
    """A cell or row whose reading was not certain: what was done, and the alternatives."""

    where: str
    reason: str
    alternatives: list[str] = field(default_factory=list)


@dataclass
class ShortRow:
    """A row that printed fewer numbers than its table has columns (left blank for now)."""

    target: Target
    printed: list[str]  #: the numbers it printed, in order
    where: str
    index: int  #: the block it was read from
    note: Uncertain  #: its entry in :attr:`Extraction.uncertain`


@dataclass
class LooseCell:
    """A number printed on its own near a table, belonging to no row (perhaps lifted out of one)."""

    text: str  #: the number as printed
    where: str
    index: int  #: the block it was read from
    table: str  #: the table being read there
    annotation: str = ""  #: a parenthesised note printed with it (not a number of the tables)
    skipped: int | None = None  #: its entry in :attr:`Extraction.skipped`


@dataclass
class Extraction:
    """The numbers read from a document, and everything not read for certain."""

    format: str = "2021"
    hybrid: bool = False  #: a 2021-format table 三 printing 其他处理 as one row, as the 2019 format does
    values: dict[Key, Value] = field(default_factory=dict)  #: full cell key → value as printed
    marks: dict[Key, str] = field(default_factory=dict)  #: blank cells printed with a mark (「/」「-」)
    rows: dict[Key, Target] = field(default_factory=dict)  #: full row key → target, rows found
    label_diffs: list[tuple[str, str]] = field(default_factory=list)  #: (printed, official)
    uncertain: list[Uncertain] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    tables_seen: set[str] = field(default_factory=set)
    short_rows: list[ShortRow] = field(default_factory=list)  #: rows left blank for lack of numbers
    loose: list[LooseCell] = field(default_factory=list)  #: numbers near a table that belong to no row
    completed: set[Key] = field(default_factory=set)  #: full row keys of short rows completed from loose numbers


def detect_format(doc: Document) -> str:
    """``2019`` when table 二 prints a label only the 2019 format has, else ``2021``."""
    for block in doc.blocks:
        texts = [c for row in block.rows for c in row if c] if block.is_table else [block.text]
        for text in texts:
            c = canon(text)
            if len(c) <= 40 and any(mark in c for mark in _2019_MARKS):
                return "2019"
    return "2021"


def targets(spec: FormatSpec) -> list[Target]:
    """The rows of tables 二, 三 and 四 of ``spec``, with the single-row （六） of 2019 for 2021."""
    out = []
    for block, row in statute.active_rows(spec):
        cols = tuple(c.key for c in block.columns)
        out.append(Target("active", row.key, row.labels[-1], cols, " / ".join((block.title, *row.labels))))
    cols = tuple(c.key for c in spec.applications_columns)
    for row in spec.applications_rows:
        if spec.version == "2021" and row.key == ("results", "other", "no_correction"):
            out.append(Target("applications", OTHER_ROW.key, OTHER_ROW.labels[-1], cols, OTHER_ROW.labels[-1]))
        out.append(Target("applications", row.key, row.labels[-1], cols, " / ".join(row.labels)))
    cols = tuple(c.key for c in spec.appeals_columns)
    for row in spec.appeals_rows:
        out.append(Target("appeals", row.key, row.labels[-1], cols, " / ".join(row.labels)))
    return out


def parse_value(text: str) -> tuple[Value, str]:
    """A cell's number as printed, or ``None`` for a blank; with a note when not plain."""
    raw = unicodedata.normalize("NFKC", text).strip()
    plain = raw.replace(" ", "")
    if not plain:
        return None, ""
    if plain in _BLANK_MARKS:
        return None, f"印为「{raw}」"
    note = ""
    if "," in plain:
        plain, note = plain.replace(",", ""), f"印为「{raw}」（千位分隔符）"
    if " " in raw:
        note = f"印为「{raw}」（数字中有空格，按一个数读取）"
    unit = _UNIT.match(plain)
    if unit:
        plain, note = unit.group("n"), f"印为「{raw}」（带单位）"
    try:
        if "." in plain:
            return Decimal(plain), note
        return int(plain), note
    except (ValueError, InvalidOperation):
        return None, f"无法读取「{raw}」"


def split_line(text: str) -> list[CellText]:
    """A text line as cells: ``label n n n`` → label and numbers; ``n n n`` → numbers."""
    t = unicodedata.normalize("NFKC", text).strip()
    if _ONLY_NUMBERS.match(t):
        return list(t.split())
    match = _LABEL_NUMBERS.match(t)
    if match and len(match.group("label")) <= 60:
        return [match.group("label"), *match.group("nums").split()]
    return [text]


def split_run_together(tokens: list[str], n: int, groups: list[tuple[int, int]]) -> tuple[list[list[int]], int]:
    """The ways to split digit strings into ``n`` numbers (no leading zeros) whose groups
    ``(start, end)`` add up (the last of each group is the total).  Returns the splits that
    add up, and how many splits there are in all."""
    if any(not t.isdigit() for t in tokens) or sum(len(t) for t in tokens) > MAX_RUN_DIGITS:
        return [], 0

    def parts(token: str, k: int) -> list[list[int]]:
        found = []
        for cuts in itertools.combinations(range(1, len(token)), k - 1):
            pieces = [token[a:b] for a, b in zip((0, *cuts), (*cuts, len(token)), strict=False)]
            if all(p == "0" or not p.startswith("0") for p in pieces):
                found.append([int(p) for p in pieces])
        return found

    def ways(i: int, left: int) -> list[list[int]]:
        if i == len(tokens):
            return [[]] if left == 0 else []
        out: list[list[int]] = []
        rest = len(tokens) - i - 1
        for k in range(1, min(len(tokens[i]), left - rest) + 1):
            for head in parts(tokens[i], k):
                out.extend(head + tail for tail in ways(i + 1, left - k))
        return out

    splits = ways(0, n)
    good = [s for s in splits if all(sum(s[a : b - 1]) == s[b - 1] for a, b in groups)]
    return good, len(splits)


class Mapper:
    """Walks a document's rows in reading order and fills an :class:`Extraction`."""

    def __init__(self, doc: Document, fmt: str | None = None) -> None:
        self.doc = doc
        self.out = Extraction(format=fmt or detect_format(doc))
        self.spec = statute.FORMATS[self.out.format]
        self.targets = targets(self.spec)
        self.by_table = {t: [x for x in self.targets if x.table == t] for t in ("active", "applications", "appeals")}
        self.context: str | None = None
        self.cursor: dict[str, int] = {"active": -1, "applications": -1, "appeals": -1}
        self.appeals: list[tuple[str, str]] = []  # (cell text, where) of table 四 read in order
        self.page: int | None = None
        #: a row that printed a known label and nothing else: its numbers may follow on their own
        self.pending: list[str] = []
        self.pending_values: list[str] = []  #: numbers printed one per line after a pending label
        self.pending_n = 0  #: how many numbers the pending label's row takes
        self.ambiguous = False  #: the last label matched more than one row
        self.index = 0  #: the block being read

    # -- labels ------------------------------------------------------------------
    def match(self, label: str) -> tuple[Target | None, bool]:
        """The target a printed label names, and whether it names it exactly (numbering aside)."""
        c = core(label)
        if len(c) < 2 or len(c) > 80:
            return None, False
        pool = self.targets
        exact = [t for t in pool if t.core == c]
        if len(exact) == 1:
            return exact[0], True
        if len(exact) > 1:
            in_context = [t for t in exact if t.table == self.context]
            return (in_context[0], True) if len(in_context) == 1 else (None, False)
        contained = [
            t
            for t in pool
            if (len(c) >= 4 and c in t.core) or (len(t.core) >= 4 and t.core in c and len(c) <= len(t.core) * 1.6 + 4)
        ]
        if len(contained) == 1:
            return contained[0], False
        if len(contained) > 1:
            self.ambiguous = True
            return None, False
        if len(c) < 5:
            return None, False
        scored = sorted(((ratio(c, t.core), i) for i, t in enumerate(pool) if len(t.core) >= 5), reverse=True)
        if scored and scored[0][0] >= 0.75 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.05):
            return pool[scored[0][1]], False
        return None, False

    def update_context(self, labels: list[str]) -> None:
        for label in labels:
            c = canon(label)
            if len(c) > 60:
                continue
            if c.startswith("第二十条第"):
                self.context = "active"
            elif "勾稽关系" in c or c == "申请人情况":
                self.context = "applications"
            elif c in _APPEALS_MARKS and self.context != "appeals":
                self.context = "appeals"
                self.out.tables_seen.add("appeals")
            else:
                for i, heading in enumerate(statute.HEADINGS):
                    if len(c) <= len(heading) + 6 and similar(c[2:], heading[2:]) >= 0.8:
                        self.context = {1: "active", 2: "applications", 3: "appeals"}.get(i)
                        break

    # -- values ------------------------------------------------------------------
    def fit(self, values: list[str], n: int, where: str, target: Target | None = None) -> list[str] | None:
        """``values`` trimmed or split to ``n`` cells, or ``None`` if that cannot be done."""
        vals = list(values)
        while len(vals) > n and not vals[0].strip():
            vals.pop(0)
        while len(vals) > n and not vals[-1].strip():
            vals.pop()
        if len(vals) == n:
            return vals
        if len(vals) > n:
            self.out.uncertain.append(
                Uncertain(where, f"本行有 {len(vals)} 个数，表格只有 {n} 列；多出的「{'、'.join(vals[n:])}」未导入")
            )
            return vals[:n]
        tokens = [v.replace(" ", "") for v in vals if v.strip()]
        if n in (7, 15) and tokens and all(t.isdigit() for t in tokens) and sum(len(t) for t in tokens) >= n:
            groups = [(0, n)] if n == 7 else [(0, 5), (5, 10), (10, 15)] if n == 15 else []
            good, total = split_run_together(tokens, n, groups)
            shown = "、".join(tokens)
            if len(good) == 1:
                alternatives = [" ".join(map(str, s)) for s in self._other_splits(tokens, n, good[0])]
                self.out.uncertain.append(
                    Uncertain(
                        where,
                        f"数字连在一起（「{shown}」），按本行各列之和等于总计拆分为 {' '.join(map(str, good[0]))}",
                        alternatives,
                    )
                )
                return [str(v) for v in good[0]]
            if total:
                shown_alt = [" ".join(map(str, s)) for s in (good or self._other_splits(tokens, n, []))[:5]]
                self.out.uncertain.append(
                    Uncertain(where, f"数字连在一起（「{shown}」），无法唯一拆分为 {n} 个数，本行留空", shown_alt)
                )
                return None
        present = [v for v in vals if v.strip()]
        placements = [
            " ".join(present[slots.index(i)] if i in slots else "~" for i in range(n))
            for slots in (list(c) for c in itertools.combinations(range(n), len(present)))
        ]
        note = Uncertain(
            where,
            f"本行只读到 {len(vals)} 个数（{'、'.join(vals) or '无'}），表格有 {n} 列，缺的是哪一列原文没有印出；"
            "本行留空待核对",
            placements[:6] if present and len(placements) <= 21 else [],
        )
        self.out.uncertain.append(note)
        if target is not None and present and len(present) == len(vals):
            self.out.short_rows.append(ShortRow(target, present, where, self.index, note))
        return None

    @staticmethod
    def _other_splits(tokens: list[str], n: int, chosen: list[int]) -> list[list[int]]:
        all_splits, _ = split_run_together(tokens, n, [])
        return [s for s in all_splits if s != chosen][:5]

    def assign(self, target: Target, values: list[str] | None, where: str) -> None:
        full_row = (target.table, *target.key)
        if full_row in self.out.rows:
            self.out.uncertain.append(Uncertain(where, f"「{target.full}」再次出现，只保留第一次读到的数字"))
            return
        self.out.rows[full_row] = target
        self.out.tables_seen.add(target.table)
        if target.key == ("results", "other") and self.spec.version == "2021":
            self.out.hybrid = True
        label = statute.cell_label
        for i, column in enumerate(target.columns):
            key = (*full_row, column)
            if values is None:
                self.out.values[key] = None
                continue
            value, note = parse_value(values[i])
            self.out.values[key] = value
            mark = values[i].strip()
            if value is None and mark in _BLANK_MARKS:
                self.out.marks[key] = mark
            if note:
                name = label(self.spec, key) if target.key != ("results", "other") else f"{target.full} / {column}"
                self.out.uncertain.append(Uncertain(name, note + ("，按空白导入" if value is None else "")))
        index = self.by_table[target.table].index(target)
        self.cursor[target.table] = max(self.cursor[target.table], index)

    def next_target(self, table: str, n: int) -> Target | None:
        for target in self.by_table[table][self.cursor[table] + 1 :]:
            if (target.table, *target.key) in self.out.rows:
                continue
            if target.key == ("results", "other") and self.spec.version == "2021":
                continue  # the hybrid row is only taken by its label
            return target if len(target.columns) == n or n == 0 else None
        return None

    def numbered_target(self, labels: list[str], n: int) -> Target | None:
        """For a label cut short (「2.其他法」, 「（四）无 1.本机关」): the next unread row of the
        current table with the same printed numbering, a few rows on at most."""
        if not labels or self.context is None:
            return None
        text = unicodedata.normalize("NFKC", " ".join(labels))
        sub = re.search(r"(\d{1,2})\s*[.、．]", text)
        group = re.search(r"\(\s*([一二三四五六七八九十])", text)
        if not sub and not group:
            return None
        ahead = [
            t
            for t in self.by_table[self.context][self.cursor[self.context] + 1 :]
            if (t.table, *t.key) not in self.out.rows and len(t.columns) == n
        ][:10]
        for t in ahead:
            label = unicodedata.normalize("NFKC", t.label)
            if sub and not label.startswith(sub.group(1) + "."):
                continue
            if group and f"({group.group(1)})" not in unicodedata.normalize("NFKC", t.full):
                continue
            return t
        return None

    # -- rows --------------------------------------------------------------------
    def _loose(self, number: str, annotation: str, where: str) -> None:
        """A number on its own that no row takes: kept for :mod:`.loose` (it may complete a row)."""
        at = len(self.out.skipped) - 1 if not annotation else None
        if annotation:
            self.out.skipped.append(f"{where}：没有行标签、无法归入表格的数字「{number}」（附注「{annotation}」）")
            at = len(self.out.skipped) - 1
        assert self.context is not None
        self.out.loose.append(LooseCell(number, where, self.index, self.context, annotation, at))

    def _loose_line(self, present: list[str], where: str) -> bool:
        """A loose number with its note (「55（含自然失效29件）」), or the note on the line after
        a loose number: taken (``True``) when the context is table 二 or 三 and no label waits."""
        if len(present) != 1 or self.pending or self.context not in ("active", "applications"):
            return False
        text = unicodedata.normalize("NFKC", present[0]).strip()
        last = self.out.loose[-1] if self.out.loose else None
        if _ANNOTATION.match(text) and last and not last.annotation and last.index == self.index - 1:
            last.annotation = present[0].strip()
            if last.skipped is not None:
                self.out.skipped[last.skipped] += f"（附注「{last.annotation}」）"
            return True
        match = _LOOSE.match(text)
        if match:
            self._loose(match.group("n"), present[0].strip()[len(match.group("n")) :].strip(), where)
            return True
        return False

    def row(self, cells: list[CellText], where: str) -> None:
        present = [c for c in cells if c is not None]
        if self._loose_line(present, where):
            return
        only_values = bool(present) and all(is_value_text(c) for c in present) and any(c.strip() for c in present)
        if self.pending and only_values:
            self.pending_values += present
            if len(self.pending_values) < self.pending_n and len(present) == 1:
                return  # numbers one per line: wait for the rest of the row
            present = self.pending + self.pending_values
            self.pending, self.pending_values = [], []
        elif self.pending:
            held = self.pending + self.pending_values
            self.pending, self.pending_values = [], []
            if any(is_value_text(c) for c in held):
                self.row(list(held), where)
            elif any(any(ch.isdigit() for ch in c) for c in present if is_value_text(c)):
                # the label wrapped: 「1、申请人无正当理由逾期不补」 then 「正、行政机关不再处理其政府信 67 3 …」
                own = [c for c in present if not is_value_text(c)]
                if own and self._match_row(own, report=False)[0] is None:
                    present = held + present
        kinds = [is_value_text(c) for c in present]
        # a cell that is not a number after the row's first number is an unreadable value, not a label
        first = next((i for i, c in enumerate(present) if kinds[i] and any(ch.isdigit() for ch in c)), len(present))
        last_label = max((i for i, v in enumerate(kinds[:first]) if not v), default=-1)
        labels = [c for c, v in zip(present[: last_label + 1], kinds, strict=False) if not v]
        values = present[last_label + 1 :]
        self.update_context(labels)
        if not values or (not any(v.strip() for v in values) and len(values) < 2):
            target = self._match_row(labels, report=False)[0] if 0 < len(labels) <= 3 else None
            if target is not None and target.table != "appeals" and self.context != "appeals":
                self.pending, self.pending_values, self.pending_n = labels, [], len(target.columns)
            return
        has_digit = any(any(ch.isdigit() for ch in v) for v in values)
        target, exact = self._match_row(labels)
        if target is not None and not exact and (target.table, *target.key) in self.out.rows:
            target, self.ambiguous = None, True  # a fragment naming a row already read: place by position
        if target is not None:
            if not has_digit and len(values) < len(target.columns):
                return  # a header row with empty cells
            if not exact and target.table == "applications" and self.context == "appeals":
                return  # a near match in another table (e.g. 「其他」 among headers) is not a row
            self.context = target.table
            if target.table == "appeals" and self.appeals:
                self._flush_appeals(where)
            self.assign(target, self.fit(values, len(target.columns), where + f"「{target.full}」", target), where)
            return
        if not has_digit or self.context is None:
            return
        if self.context == "appeals":
            if all(("appeals", *t.key) in self.out.rows for t in self.by_table["appeals"]):
                self._after_appeals(values, where)
                return
            self.appeals.extend((v, where) for v in values)
            if len([v for v, _ in self.appeals]) >= 15:
                self._flush_appeals(where)
            return
        if labels and not self.ambiguous:
            cores = [core(label) for label in labels]
            if any(c in _GROUPS for c in cores) or any(len(c) > 6 for c in cores):
                shown = " ".join(labels)
                self.out.skipped.append(f"{where}：行标签「{shown}」不是法定栏目，本行数字「{' '.join(values)}」未导入")
                return
        vals = [v for v in values]
        while vals and not vals[0].strip():
            vals.pop(0)
        nxt = self.numbered_target(labels, len(vals)) or self.next_target(self.context, len(vals))
        if nxt is None and labels:
            return
        if nxt is None:
            nxt = self.next_target(self.context, 0)
            if nxt is None or len(vals) > len(nxt.columns) or len(vals) < 2:
                if nxt is not None:
                    self.out.skipped.append(f"{where}：没有行标签、无法归入表格的数字「{' '.join(values)}」")
                    if len(vals) == 1 and vals[0].strip().isdigit():
                        self._loose(vals[0].strip(), "", where)
                return
        printed = f"（印出的行标签为「{' '.join(labels)}」，无法识别）" if labels else "（行标签缺失）"
        self.out.uncertain.append(Uncertain(f"{where}「{nxt.full}」", f"本行按顺序归入「{nxt.full}」{printed}", []))
        self.assign(nxt, self.fit(vals, len(nxt.columns), f"{where}「{nxt.full}」", nxt), where)

    def _match_row(self, labels: list[str], report: bool = True) -> tuple[Target | None, bool]:
        self.ambiguous = False
        if not labels:
            return None, False
        candidates = [labels[-1]]
        if len(labels) > 1:
            candidates.append("".join(labels))
            candidates.append("".join(labels[-2:]))
            candidates.extend(reversed(labels[:-1]))
        for label in candidates:
            target, exact = self.match(label)
            if target is not None:
                if report and canon(label) != canon(target.label):
                    self.out.label_diffs.append((label, target.label))
                return target, exact
        return None, False

    def _after_appeals(self, values: list[str], where: str) -> None:
        """More numbers after table 四 is complete: perhaps its numbers wrapped onto a second line."""
        shown = " ".join(values)
        alternatives = []
        read = [self.out.values.get(("appeals", *t.key, c)) for t in self.by_table["appeals"] for c in t.columns]
        if len(values) == len(read) and all(v is not None for v in read):
            alternatives.append(" ".join(f"{a}{b}" for a, b in zip(read, values, strict=True)))
        self.out.uncertain.append(
            Uncertain(
                f"{where}「表四」",
                f"表四的数字之后还有一行数字「{shown}」，可能是折行的数字，表四请对照原文核对",
                alternatives,
            )
        )

    def _flush_appeals(self, where: str) -> None:
        texts = [v for v, _ in self.appeals]
        self.appeals = []
        rows = [t for t in self.by_table["appeals"] if ("appeals", *t.key) not in self.out.rows]
        n = 5 * len(rows)
        if not rows:
            return
        fitted = self.fit(texts, n, where + "「表四」") if len(texts) != n else texts
        for i, target in enumerate(rows):
            self.assign(target, fitted[i * 5 : i * 5 + 5] if fitted else None, where)

    def run(self) -> Extraction:
        for index, block in enumerate(self.doc.blocks):
            self.index, self.page = index, block.page
            where = f"第 {block.page} 页" if block.page else f"第 {block.line} 行" if block.line else ""
            if block.is_table:
                for row in block.rows:
                    self.row(row, where)
            else:
                self.row(split_line(block.text), where)
        if self.pending and self.pending_values:
            held = self.pending + self.pending_values
            self.pending, self.pending_values = [], []
            self.row(list(held), "")
        if self.appeals:
            self._flush_appeals("表四")
        self._subtotal_other()
        return self.out

    def _subtotal_other(self) -> None:
        """A 2021-format table printing both the one-row 其他处理 and its sub-rows: the one row
        is their subtotal, not the old format's row."""
        group = ("applications", *OTHER_ROW.key)
        subs = [k for k in self.out.rows if k[: len(group)] == group and len(k) > len(group)]
        if not (self.out.hybrid and subs):
            return
        self.out.hybrid = False
        del self.out.rows[group]
        for key in [k for k in self.out.values if k[: len(group)] == group and len(k) == len(group) + 1]:
            del self.out.values[key]
        self.out.skipped.append(f"「{OTHER_ROW.labels[-1]}」一行（其下各行之和）的数字未导入：各行已分别导入")


def extract(doc: Document, fmt: str | None = None) -> Extraction:
    """The statutory numbers of ``doc`` (format detected unless ``fmt`` is given)."""
    return Mapper(doc, fmt).run()
