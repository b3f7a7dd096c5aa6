"""Rows completed from numbers printed on their own near a table, on evidence only.

A PDF-to-text extraction may lift a cell printed over two lines (「22」 over 「（其中修订16件）」)
out of its row: the row then prints fewer numbers than its table has columns, and the cell stands
as a loose number some lines away.  The readings of such rows are every way of placing their
printed numbers (in order) and the loose numbers near them in the columns left.  They are
narrowed by the evidence, each rule in turn and only if some reading survives it:

- every loose number near the table fills a gap (as many of them as can be placed);
- a number noted as revised, expired or repealed (「（其中修订16件）」「（含自然失效29件）」) is the
  count the stock relation of the statute subtracts (表二's ``repealed`` column), in no other column;
- a row of table 三 adds up to its 总计;
- the prose's own figures (「主动公开市政府规章 22 件」) are not contradicted, and the reading
  confirming most of them is kept;
- a stock (表二's ``in_force``, the last column) is the largest number of its row;
- the loose numbers stand in the order of the rows and columns they were lifted from.

A row is completed only when every surviving reading gives it the same numbers; it is then listed
as uncertain with its evidence and the readings set aside.  Otherwise it stays blank and is
listed with the readings left.  The notes are not numbers: they are quoted, never stored.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..core import prose, statute
from ..core.statute import FormatSpec, Key
from .tables import LOOSE_REACH, Extraction, LooseCell, ShortRow, Value, parse_value

#: Words of a note saying that the number counts documents taken out of force.
REPEAL_WORDS = ("废止", "失效", "修订", "修改", "撤销", "废除")
#: More joint readings than this are not weighed (the rows stay blank, as listed).
MAX_READINGS = 20_000
#: Readings set aside shown for a row.
MAX_SHOWN = 6


@dataclass(frozen=True)
class Choice:
    """One way to complete a row: the columns of its printed numbers, and the loose number of each other column."""

    slots: tuple[int, ...]
    fill: tuple[tuple[int, int], ...]  #: (column index, index into the pool of loose numbers)


#: A joint reading: per short row, its completion (``None``: left blank).
Reading = tuple[Choice | None, ...]


@dataclass(frozen=True)
class _Rule:
    """A piece of evidence: which of the readings left it keeps, why it sets one aside (given those
    kept), and what it says for the reading kept (``None``: said by the row's own note)."""

    keep: Callable[[list[Reading]], list[Reading]]
    why: Callable[[Reading, list[Reading], int], str]  #: (reading, those kept, the row explained)
    says: str | None


def _repeal_columns(spec: FormatSpec, row: Key) -> set[str]:
    """The columns of ``row`` that its stock relation subtracts (表二: ``repealed``)."""
    return {k[-1] for c in spec.cross_year for k in c.minus if k[:-1] == row}


def _stock_column(spec: FormatSpec, row: ShortRow) -> int | None:
    """The index of the row's stock column when it is its last (``in_force``; 2019: ``total``)."""
    t = row.target
    last = (t.table, *t.key, t.columns[-1])
    return len(t.columns) - 1 if last in spec.stock_columns else None


def _notes_repeal(cell: LooseCell) -> bool:
    return any(word in cell.annotation for word in REPEAL_WORDS)


def _number(text: str) -> Value:
    return parse_value(text)[0]


class _Recovery:
    def __init__(self, ex: Extraction, rows: list[ShortRow], pool: list[LooseCell], texts: Sequence[str]) -> None:
        self.ex = ex
        self.spec = statute.FORMATS[ex.format]
        self.rows = rows
        self.pool = pool
        self.keys = [[(r.target.table, *r.target.key, c) for c in r.target.columns] for r in rows]
        cells = {k for keys in self.keys for k in keys}
        self.judged: dict[Reading, tuple[frozenset[int], frozenset[int]]] = {}
        self.statements = [
            s
            for text in texts
            if "。" in text
            for s in prose.statements(text, self.spec, 0)
            if any(k in cells for reading in s.readings for k in reading)
        ]

    # -- readings ------------------------------------------------------------
    def near(self, r: int) -> list[int]:
        """The loose numbers near row ``r`` (indices into the pool)."""
        return [i for i, c in enumerate(self.pool) if abs(c.index - self.rows[r].index) <= LOOSE_REACH]

    def count(self, r: int) -> int:
        """How many ways row ``r`` can be completed (its printed numbers in order, the gaps from its pool)."""
        n, k = len(self.rows[r].target.columns), len(self.rows[r].printed)
        return math.comb(n, k) * math.perm(len(self.near(r)), n - k)

    def choices(self, r: int) -> list[Choice]:
        row = self.rows[r]
        n, k = len(row.target.columns), len(row.printed)
        near = self.near(r)
        out = []
        for slots in itertools.combinations(range(n), k):
            free = [i for i in range(n) if i not in slots]
            for cells in itertools.permutations(near, len(free)):
                out.append(Choice(slots, tuple(zip(free, cells, strict=True))))
        return out

    def values(self, r: int, choice: Choice) -> list[Value]:
        row = self.rows[r]
        out: list[Value] = [None] * len(row.target.columns)
        for slot, text in zip(choice.slots, row.printed, strict=True):
            out[slot] = _number(text)
        for column, cell in choice.fill:
            out[column] = _number(self.pool[cell].text)
        return out

    def readings(self) -> list[Reading] | None:
        if math.prod(1 + self.count(r) for r in range(len(self.rows))) > MAX_READINGS:
            return None
        options: list[list[Choice | None]] = [[None, *self.choices(r)] for r in range(len(self.rows))]
        out = []
        for combo in itertools.product(*options):
            used = [c for choice in combo if choice for _col, c in choice.fill]
            if len(used) == len(set(used)):
                out.append(combo)
        return out

    def known(self, reading: Reading) -> dict[Key, Value]:
        got: dict[Key, Value] = {}
        for r, choice in enumerate(reading):
            if choice is not None:
                got.update(zip(self.keys[r], self.values(r, choice), strict=True))
        return got

    # -- evidence ------------------------------------------------------------
    @staticmethod
    def used(reading: Reading) -> int:
        return sum(len(c.fill) for c in reading if c)

    def misplaced_notes(self, reading: Reading, row: int | None = None) -> list[str]:
        """Loose numbers noted as repealed (「（含自然失效29件）」) placed in another column (of ``row``)."""
        out = []
        for r, choice in enumerate(reading):
            if choice is None or row not in (None, r):
                continue
            repeal = _repeal_columns(self.spec, self._row_key(r))
            for column, cell in choice.fill:
                c = self.pool[cell]
                if _notes_repeal(c) and self.rows[r].target.columns[column] not in repeal:
                    label = statute.column_label(self.spec, self.keys[r][column])
                    out.append(f"「{c.text}{c.annotation}」不能归入「{label}」")
        return out

    def _row_key(self, r: int) -> Key:
        t = self.rows[r].target
        return (t.table, *t.key)

    def sums_ok(self, reading: Reading) -> bool:
        for r, choice in enumerate(reading):
            if choice is None or self.rows[r].target.table != "applications":
                continue
            values = self.values(r, choice)
            parts = [v for v in values[:-1] if v is not None]
            if len(parts) == len(values) - 1 and values[-1] is not None and sum(parts) != values[-1]:
                return False
        return True

    def judge(self, reading: Reading) -> tuple[frozenset[int], frozenset[int]]:
        """The prose figures (indices into :attr:`statements`) about the cells ``reading`` fills
        that it contradicts, and those it confirms."""
        if reading not in self.judged:
            self.judged[reading] = self._judge(reading)
        return self.judged[reading]

    def _judge(self, reading: Reading) -> tuple[frozenset[int], frozenset[int]]:
        got = self.known(reading)
        confirmed, contradicted = set(), set()
        for i, statement in enumerate(self.statements):
            sums = []
            for cells in statement.readings:
                if not any(k in got for k in cells):
                    continue
                values = [got[k] if k in got else self.ex.values.get(k) for k in cells]
                parts = [v for v in values if v is not None]
                if len(parts) == len(values):
                    sums.append(sum(parts))
            if any(statement.agrees(v) for v in sums):
                confirmed.add(i)
            elif sums and len(sums) == len(statement.readings):
                contradicted.add(i)
        return frozenset(contradicted), frozenset(confirmed)

    def score(self, reading: Reading) -> tuple[int, int]:
        contradicted, confirmed = self.judge(reading)
        return -len(contradicted), len(confirmed)

    def about(self, statement: int, r: int) -> bool:
        """Whether a prose figure can state a cell of row ``r``."""
        return any(k in self.keys[r] for cells in self.statements[statement].readings for k in cells)

    def quote(self, indices: Iterable[int]) -> str:
        return "、".join(f"「{self.statements[i].snippet}」" for i in sorted(indices))

    def stock_ok(self, reading: Reading) -> bool:
        for r, choice in enumerate(reading):
            stock = _stock_column(self.spec, self.rows[r])
            if choice is None or stock is None:
                continue
            values = self.values(r, choice)
            top = values[stock]
            if top is not None and any(v is not None and v > top for v in values):
                return False
        return True

    def in_order(self, reading: Reading) -> bool:
        """Whether the loose numbers stand in the order of the rows and columns they fill."""
        places = sorted(
            (self.pool[cell].index, cell, self.rows[r].index, r, column)
            for r, choice in enumerate(reading)
            if choice
            for column, cell in choice.fill
        )
        order = [p[2:] for p in places]
        return order == sorted(order)

    # -- the decision --------------------------------------------------------
    def rules(self) -> list[_Rule]:
        def each(test: Callable[[Reading], bool]) -> Callable[[list[Reading]], list[Reading]]:
            return lambda readings: [x for x in readings if test(x)]

        def best_prose(readings: list[Reading]) -> list[Reading]:
            best = max(self.score(x) for x in readings)
            return [x for x in readings if self.score(x) == best]

        stock = "、".join(
            _unique(
                f"「{statute.column_label(self.spec, self.keys[r][-1])}」"
                for r, row in enumerate(self.rows)
                if _stock_column(self.spec, row) is not None
            )
        )

        def prose_reason(x: Reading, kept: list[Reading], r: int) -> str:
            contradicted, confirmed = self.judge(x)
            if contradicted:
                return f"与正文{self.quote(contradicted)}不符"
            best_confirmed = frozenset().union(*(self.judge(k)[1] for k in kept))
            return f"对不上正文{self.quote(best_confirmed - confirmed)}"

        return [
            _Rule(
                each(lambda x: not self.misplaced_notes(x)),
                lambda x, _k, r: "；".join(self.misplaced_notes(x, r) or self.misplaced_notes(x)),
                None,
            ),
            _Rule(each(self.sums_ok), lambda x, _k, _r: "各列之和不等于总计", "本行各列之和等于总计"),
            _Rule(best_prose, prose_reason, None),
            _Rule(
                each(self.stock_ok),
                lambda x, _k, _r: f"{stock}不是本行最大的数",
                f"{stock}（最后一列）通常是本行最大的数",
            ),
            _Rule(
                each(self.in_order),
                lambda x, _k, _r: "与单独印出的数字的先后顺序不符",
                "单独印出的数字按所缺各行、各列的先后顺序归位",
            ),
        ]

    def run(self) -> None:
        readings = self.readings()
        if readings is None:
            for row in self.rows:
                row.note.reason += "；表格附近单独印出的数字太多，未尝试补全"
            return
        most = max(self.used(x) for x in readings)
        if most == 0:
            return
        readings = [x for x in readings if self.used(x) == most]
        first = list(readings)
        set_aside: dict[Reading, tuple[int, _Rule, list[Reading]]] = {}  # reading → the rule setting it aside
        evidence: list[str] = []
        for number, rule in enumerate(self.rules()):
            kept = rule.keep(readings)
            if not kept or len(kept) == len(readings):
                continue
            keep = set(kept)
            for x in readings:
                if x not in keep:
                    set_aside[x] = (number, rule, kept)
            if rule.says:
                evidence.append(rule.says)
            readings = kept
        self.decide(readings, first, set_aside, evidence)

    def shown(self, r: int, choice: Choice | None) -> str:
        if choice is None:
            return "本行留空"
        return " ".join("~" if v is None else str(v) for v in self.values(r, choice))

    def decide(
        self,
        readings: list[Reading],
        first: list[Reading],
        set_aside: dict[Reading, tuple[int, _Rule, list[Reading]]],
        evidence: list[str],
    ) -> None:
        used: set[int] = set()
        for r, row in enumerate(self.rows):
            outcomes = {self.shown(r, x[r]): x[r] for x in readings}
            others: dict[str, Reading] = {}  # a row's numbers set aside → the reading set aside last
            for x in first:
                shown = self.shown(r, x[r])
                if (x[r] is not None and shown not in outcomes) and (
                    shown not in others or set_aside[x][0] > set_aside[others[shown]][0]
                ):
                    others[shown] = x
            alternatives = []  # the nearest first: set aside by the last rule
            for shown, x in sorted(others.items(), key=lambda item: -set_aside[item[1]][0]):
                _n, rule, kept = set_aside[x]
                alternatives.append(f"{shown}（{rule.why(x, kept, r)}）")
            if len(outcomes) == 1:
                choice = next(iter(outcomes.values()))
                if choice is None:
                    continue
                said = list(evidence)
                chosen = next(x for x in readings if x[r] == choice)
                mine = {i for i in self.judge(chosen)[1] if self.about(i, r)}
                if mine:
                    said.append(f"正文{self.quote(mine)}与此相符")
                self.complete(r, choice, said, alternatives[:MAX_SHOWN])
                used.update(cell for _c, cell in choice.fill)
            else:
                fills = [choice.fill for choice in (x[r] for x in readings) if choice is not None]
                loose = _unique(f"「{self.pool[c].text}{self.pool[c].annotation}」" for f in fills for _col, c in f)
                whose = "可能属于本行，也可能属于表中别的行" if None in outcomes.values() else "可能属于本行"
                row.note.reason = (
                    f"本行只读到 {len(row.printed)} 个数（{'、'.join(row.printed)}），表格有 "
                    f"{len(row.target.columns)} 列；附近单独印出的数字{'、'.join(loose)}{whose}，"
                    "依据不足以确定；本行留空待核对"
                )
                row.note.alternatives = sorted(k for k, v in outcomes.items() if v is not None)[:MAX_SHOWN]
        drop = {self.pool[c].skipped for c in used}
        self.ex.skipped = [s for i, s in enumerate(self.ex.skipped) if i not in drop]

    def complete(self, r: int, choice: Choice, evidence: list[str], alternatives: list[str]) -> None:
        row = self.rows[r]
        values = self.values(r, choice)
        parts = []
        fill = dict(choice.fill)
        for column, key in enumerate(self.keys[r]):
            label = statute.column_label(self.spec, key)
            if column in choice.slots:
                parts.append(f"「{label}」{values[column]}（本行印出的第 {choice.slots.index(column) + 1} 个数）")
                continue
            cell = self.pool[fill[column]]
            source = f"{cell.where}单独印出的「{cell.text}{cell.annotation}」"
            if cell.annotation:
                source += "；附注不作为数字导入"
            parts.append(f"「{label}」{values[column]}（{source}）")
        notes = [
            f"附注「{self.pool[cell].annotation}」说的是修订、失效或废止的件数，只能归入"
            f"「{statute.column_label(self.spec, self.keys[r][column])}」"
            for column, cell in choice.fill
            if _notes_repeal(self.pool[cell])
        ]
        for key, value in zip(self.keys[r], values, strict=True):
            self.ex.values[key] = value
        self.ex.completed.add(self._row_key(r))
        row.note.reason = (
            f"本行只印出 {len(row.printed)} 个数（{'、'.join(row.printed)}），表格有 {len(row.target.columns)} 列；"
            f"按表格附近单独印出的数字补全为：{'、'.join(parts)}。"
            f"依据：{'；'.join([*notes, *evidence]) or '只有这一种排法'}。请对照原文核对"
        )
        row.note.alternatives = alternatives


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def recover(ex: Extraction, texts: Sequence[str]) -> None:
    """Complete the short rows of ``ex`` from its loose numbers where the evidence decides
    (``texts``: the paragraphs of the prose); every such row is listed as uncertain."""
    for table in ("active", "applications"):
        rows = [r for r in ex.short_rows if r.target.table == table]
        pool = [c for c in ex.loose if c.table == table]
        if rows and pool:
            _Recovery(ex, rows, pool, texts).run()
