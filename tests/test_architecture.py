"""The architecture's promises: a Sphinx-free engine, the statute's wording in one module, and
every builder putting each number of tables 三 and 四 under its own headings (read by columns)."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import official as o
import pytest
from conftest import ROOTS, sphinx_build

import sphinx_gov_report
import sphinx_gov_report.core

PACKAGE = Path(sphinx_gov_report.__file__).parent
CORE_MODULES = sorted(f"sphinx_gov_report.core.{m.name}" for m in pkgutil.iter_modules(sphinx_gov_report.core.__path__))


def test_the_engine_imports_neither_sphinx_nor_docutils() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(CORE_MODULES) >= 10, CORE_MODULES  # statute, grid, model, reader, rules, …
    assert result.stdout.strip() == ""


def _official_labels() -> set[str]:
    """Every label of both formats (hand-typed in tests/official.py) and the six headings."""
    found = set(o.table_labels("2021")) | set(o.table_labels("2019")) | set(o.HEADINGS)
    return {label for label in found if len(label) >= 6}


def test_each_long_label_is_written_in_the_statute_module_only() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    statute = PACKAGE / "core" / "statute.py"
    labels = _official_labels()
    assert len(labels) >= 55  # both formats: headings, block titles, every row and column label
    elsewhere = {
        label: sorted(str(p.relative_to(PACKAGE)) for p, text in sources.items() if label in text and p != statute)
        for label in labels
    }
    assert {k: v for k, v in elsewhere.items() if v} == {}
    # … and the statute module does hold each of them (some split over string literals)
    flat = re.sub(r'"\s*\n\s*"', "", sources[statute])
    assert [label for label in labels if label not in flat] == []


# ------------------------------------------------------------- builders, read by columns


#: tests/roots/test-filled/data/report.yaml: 表三 row r (1-based, official order) column c holds
#: 1000*r + c, except 一、本年新收 (300000 + c) and 四、结转下年度 (what balances the column).
def _expected_applications() -> dict[tuple[str, ...], list[int]]:
    rows = o.application_rows("2021")
    values: dict[tuple[str, ...], list[int]] = {}
    for r, row in enumerate(rows, 1):
        if row.key == ("new",):
            parts = [300000 + c for c in range(1, 7)]
        elif row.key in (("results", "total"), ("carried_forward",)):
            continue
        else:
            parts = [1000 * r + c for c in range(1, 7)]
        values[row.labels] = [*parts, sum(parts)]
    results = [v for row, v in zip(rows, values.values(), strict=False) if row.key[0] == "results"]
    done = [sum(col) for col in zip(*results, strict=True)]
    values[(o.RESULTS, o.RESULTS_TOTAL)] = done
    new, carried = values[(o.NEW,)], values[(o.CARRIED_OVER,)]
    values[(o.CARRIED_FORWARD,)] = [n + c - d for n, c, d in zip(new, carried, done, strict=True)]
    return values


#: 表四: part p (review, direct_suit, suit_after_review) column c holds 10*p + c; 总计 their sum.
EXPECTED_APPEALS = [
    v for p in (1, 2, 3) for v in [10 * p + c for c in range(1, 5)] + [sum(10 * p + c for c in range(1, 5))]
]


def _check_table_three(rows: list[list[str]]) -> None:
    """Each data row has its labels in the three label columns and its numbers, in official column
    order, in the seven data columns (the labels of merged cells are repeated on every row)."""
    expected = _expected_applications()
    seen = 0
    for cells in rows:
        if len(cells) != 10:
            continue
        labels = tuple(c for c in cells[:3] if c)
        labels = tuple(dict.fromkeys(labels))  # a row label spanning two columns may appear twice
        if labels in expected:
            assert [int(c) for c in cells[3:]] == expected[labels], labels
            seen += 1
    assert seen == len(expected) == 25


def _check_table_four(rows: list[list[str]]) -> None:
    """Every data column sits under its part's labels and its outcome, and holds its own number.

    A flattened header leaves the slots a merged cell covered empty: as a reader does, an empty
    header slot is read as the label to its left.
    """
    head = [r for r in rows if len(r) == 15 and not any(c.isdigit() for c in r)]
    data = [r for r in rows if len(r) == 15 and all(c.isdigit() for c in r)]
    assert len(data) == 1 and [int(c) for c in data[0]] == EXPECTED_APPEALS

    def path(column: int) -> list[str]:
        return [next(h[c] for c in range(column, -1, -1) if h[c]) for h in head]

    for part, (_key, labels) in enumerate(o.APPEAL_PARTS):
        for i, (_k, outcome) in enumerate(o.OUTCOMES):
            found = path(5 * part + i)
            assert set(labels) <= set(found) and found[-1] == outcome, (labels, outcome, found)


def _tbl_tables(text: str) -> list[list[list[str]]]:
    """The tables of a man page (tbl): rows of cell texts."""
    tables = []
    for body in re.findall(r"^\.TS\n.*?\n.*?\.\n(.*?)^\.TE$", text, re.S | re.M):
        rows = []
        for row in re.split(r"^_\n", body, flags=re.M):
            if not row.strip():
                continue  # Sphinx 7 writes a rule before the first row too
            cells = re.split(r"T\}\tT\{", row.strip())
            rows.append([re.sub(r"^T\{\n?|\n?T\}$", "", c).strip() for c in cells])
        tables.append(rows)
    return tables


def _texinfo_tables(text: str) -> list[list[list[str]]]:
    """The ``@multitable`` tables of a Texinfo file: rows of cell texts."""
    tables = []
    for body in re.findall(r"^@multitable.*?\n(.*?)^@end multitable", text, re.S | re.M):
        rows = []
        for row in re.split(r"^@(?:headitem|item)\n", body, flags=re.M)[1:]:
            rows.append([" ".join(c.split()) for c in re.split(r"^@tab\n", row, flags=re.M)])
        tables.append(rows)
    return tables


def _text_tables(text: str) -> list[list[list[str]]]:
    """The grid tables of the text builder: rows of cell texts (a row's wrapped lines joined).

    Cells are split at ``|``; a merged cell spans several of them, so only the columns that
    are never merged (the data columns of 表三) can be read by position.
    """
    tables = []
    for block in re.split(r"\n\s*\n", text):
        rows: list[list[str]] = []
        current: list[list[str]] = []
        for line in block.splitlines():
            if not line.startswith(("|", "+")):
                continue
            if re.search(r"[-=]{3}", line):  # a rule: the row above ends (for some columns at least)
                if current:
                    rows.append(["".join(parts) for parts in zip(*current, strict=False)])
                current = []
                continue
            current.append([c.strip() for c in line.strip().strip("|").split("|")])
        if rows:
            tables.append(rows)
    return tables


@pytest.mark.parametrize(
    ("builder", "pattern", "parse"),
    [("texinfo", "*.texi", _texinfo_tables), ("man", "*.1", _tbl_tables)],
)
def test_flattened_builders_put_every_number_under_its_headings(tmp_path: Path, builder, pattern, parse) -> None:
    out = tmp_path / builder
    result = sphinx_build(ROOTS / "test-filled", out, "-W", builder=builder)
    assert result.returncode == 0, result.stderr
    tables = parse(next(out.glob(pattern)).read_text(encoding="utf-8"))
    three = next(t for t in tables if any(o.NOTE in c for c in t[0]))
    four = next(t for t in tables if any(len(r) == 15 for r in t))
    _check_table_three(three)
    _check_table_four(four)


def test_text_builder_keeps_merges_and_columns(tmp_path: Path) -> None:
    """The text writer honours both spans: each row's numbers stay in their own columns."""
    out = tmp_path / "text"
    result = sphinx_build(ROOTS / "test-filled", out, "-W", builder="text")
    assert result.returncode == 0, result.stderr
    text = next(out.glob("*.txt")).read_text(encoding="utf-8")
    three = next(t for t in _text_tables(text) if any(o.NATURAL in c for row in t for c in row))
    numbers = [[int(c) for c in row[-7:]] for row in three if all(c.isdigit() for c in row[-7:])]
    assert numbers == list(_expected_applications().values())  # 25 rows, in official order
    assert o.NOTE[:6] in text and "申请人情况" in text
