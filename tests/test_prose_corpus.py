"""The prose check on a hand-made corpus of real report sentences (``tests/prose/corpus.yaml``).

Every sentence that agrees with its report's published tables gives no finding; every sentence
that disagrees is flagged; and every figure compared with a table, changed one at a time (±1, ×10,
two digits swapped), is caught.  The table values are the corpus's hand transcriptions."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinx_gov_report.core import prose, statute
from sphinx_gov_report.core.model import Number
from sphinx_gov_report.core.statute import Key

CORPUS = yaml.safe_load((Path(__file__).parent / "prose" / "corpus.yaml").read_text(encoding="utf-8"))
SPEC = statute.FORMATS["2021"]
GROUPS = ("withheld", "unavailable", "not_processed", "other")


class Tables:
    """A document's transcribed tables as :class:`prose.Values` (unlisted sub-rows of a listed group are 0)."""

    def __init__(self, tables: dict[str, Any], fee: Number | None) -> None:
        self.tables = tables
        self.fee = fee

    def get(self, key: Key) -> Number | None:
        if key == prose.FEE:
            return self.fee
        name = ".".join(key)
        if name in self.tables:
            value = self.tables[name]
            return None if value is None else Decimal(str(value)) if isinstance(value, float) else value
        if key[:2] == ("applications", "results") and len(key) == 5 and key[2] in GROUPS and key[-1] == "total":
            group = self.tables.get(f"applications.results.{key[2]}")
            if group is not None and not any(k.startswith(f"applications.results.{key[2]}.") for k in self.tables):
                # a group printed as one row (the hybrid format's （六）): its value stands in its last sub-row
                last = [r.key for r in SPEC.applications_rows if r.key[:2] == ("results", key[2])][-1]
                return group if key[1:-1] == last else 0
            return 0 if group is not None else None
        return None


def year_of(source: str) -> int:
    found = re.search(r"(20[0-9]{2})", source)
    assert found
    return int(found[1])


def values_for(source: str) -> Tables:
    fees = [
        f["number"]
        for s in CORPUS["sentences"]
        if s["source"] == source
        for f in s.get("figures") or []
        if f.get("meaning") == "processing_fee"
    ]
    return Tables(CORPUS["tables"][source], Decimal(str(fees[0])) if fees else None)


def findings(source: str, text: str) -> list[prose.Finding]:
    return prose.check_paragraph(text, values_for(source), SPEC, year_of(source))


def disagrees(sentence: dict[str, Any]) -> bool:
    """Whether any record of this sentence has a figure that contradicts the table."""
    return any(
        f.get("agrees") is False
        for s in CORPUS["sentences"]
        if s["source"] == sentence["source"] and s["sentence"] == sentence["sentence"]
        for f in s.get("figures") or []
    )


SENTENCES = CORPUS["sentences"]


def test_corpus_is_big_enough() -> None:
    positives = [s for s in SENTENCES if s["kind"] == "positive"]
    assert len(positives) >= 50
    assert len({s["source"] for s in SENTENCES}) >= 10


@pytest.mark.parametrize("record", SENTENCES, ids=[s["id"] for s in SENTENCES])
def test_unchanged_sentences(record: dict[str, Any]) -> None:
    """No finding on a sentence that agrees with its tables; a finding on one that does not."""
    found = findings(record["source"], record["sentence"])
    if disagrees(record):
        assert found, record["sentence"]
    else:
        assert found == [], [f.message for f in found]


def mutations(value: str) -> list[str]:
    """±1, ×10 and two digits swapped (a share keeps its decimals)."""
    number = value.rstrip("%％")
    suffix = value[len(number) :]
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", number):
        return []
    places = len(number.split(".")[1]) if "." in number else 0
    step = Decimal(1).scaleb(-places) if places else Decimal(1)
    step = Decimal(1) if places else step  # ±1 in the units, as a typing slip would
    as_decimal = Decimal(number)
    out = [as_decimal + step, as_decimal * 10]
    if as_decimal - step >= 0:
        out.append(as_decimal - step)
    texts = [format(v.quantize(Decimal(1).scaleb(-places)), "f") for v in out]
    digits = [i for i, c in enumerate(number) if c.isdigit()]
    for a, b in itertools.pairwise(digits):
        if number[a] != number[b]:
            swapped = list(number)
            swapped[a], swapped[b] = swapped[b], swapped[a]
            texts.append("".join(swapped))
            break
    return [t + suffix for t in dict.fromkeys(texts) if t != number]


def _cases() -> list[tuple[str, dict[str, Any], str, str]]:
    cases = []
    for record in SENTENCES:
        if record["kind"] != "positive" or disagrees(record):
            continue
        for figure in record.get("figures") or []:
            if figure.get("relation") in ("part", "implies"):
                continue
            if figure.get("agrees") is not True and figure.get("meaning") != "processing_fee":
                continue
            for mutated in mutations(str(figure["value"])):
                cases.append((f"{record['id']}:{figure['value']}->{mutated}", record, str(figure["value"]), mutated))
    return cases


CASES = _cases()


def test_every_compared_figure_is_mutated() -> None:
    assert len({c[0].split("->")[0] for c in CASES}) >= 50


@pytest.mark.parametrize(("name", "record", "value", "mutated"), CASES, ids=[c[0] for c in CASES])
def test_mutation_is_caught(name: str, record: dict[str, Any], value: str, mutated: str) -> None:
    text, sentence = record["text"], record["sentence"]
    at = sentence.index(text)
    inner = re.search(rf"(?<![0-9.]){re.escape(value)}(?![0-9])", text)
    assert inner, (text, value)
    start = at + inner.start()
    changed = sentence[:start] + mutated + sentence[start + len(value) :]
    found = findings(record["source"], changed)
    assert found, changed
