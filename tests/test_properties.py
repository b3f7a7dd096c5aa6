"""Property-based tests: valid data renders and satisfies every rule; a one-cell mutation is caught by
exactly the rules it breaks; arbitrary YAML and bytes never crash the loader; hostile YAML gives located,
clean messages; arbitrary conf.py values are validated without being changed; arbitrary paths never read
outside the project; outputs never replace an input."""

from __future__ import annotations

import builtins
import contextlib
import copy
import io
import json
import os
import re
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_gov_report.cli.main import main as cli_main
from sphinx_gov_report.core import statute as template
from sphinx_gov_report.core.characters import unsafe_characters
from sphinx_gov_report.core.diagnostics import Level
from sphinx_gov_report.core.grid import DATA, get_grid
from sphinx_gov_report.core.model import Report, format_number
from sphinx_gov_report.core.reader import load_bytes
from sphinx_gov_report.core.rules import check_report, validate_file
from sphinx_gov_report.ext import config as gov_config
from sphinx_gov_report.ext.tables import generic_table, table_node

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SPEC = template.FORMATS["2021"]
APPLICANTS = [c.key for c in SPEC.applications_columns[:-1]]
DETAIL = [r.key for r in SPEC.applications_rows if r.key[0] == "results" and r.key[-1] != "total"]
OUTCOMES = [c.key for c in SPEC.appeals_columns[:-1]]
APPEALS = [r.key for r in SPEC.appeals_rows]
count = st.integers(min_value=0, max_value=500)


@st.composite
def valid_data(draw: st.DrawFn) -> dict:
    """Table 三 and 四 cells, consistent: every total is written and correct."""
    cells: dict[tuple[str, ...], int] = {}
    for row in [("new",), ("carried_over",), *DETAIL]:
        for col in APPLICANTS:
            cells[("applications", *row, col)] = draw(count)
    for col in APPLICANTS:
        done = sum(cells[("applications", *row, col)] for row in DETAIL)
        cells[("applications", "results", "total", col)] = done
        # choose 新收 so that 一+二 = 三（七）+四 holds with a non-negative 结转
        forward = draw(count)
        carried = cells[("applications", "carried_over", col)]
        cells[("applications", "new", col)] = max(done + forward - carried, 0)
        cells[("applications", "carried_forward", col)] = cells[("applications", "new", col)] + carried - done
    for row in [("new",), ("carried_over",), *DETAIL, ("results", "total"), ("carried_forward",)]:
        cells[("applications", *row, "total")] = sum(cells[("applications", *row, c)] for c in APPLICANTS)
    for row in APPEALS:
        for col in OUTCOMES:
            cells[("appeals", *row, col)] = draw(count)
        cells[("appeals", *row, "total")] = sum(cells[("appeals", *row, c)] for c in OUTCOMES)
    return cells


def to_yaml(cells: dict[tuple[str, ...], int] | dict[tuple[str, ...], str], omit_totals: bool = False) -> bytes:
    """Write the cells the way a clerk does: one flow list per row, in official column order
    (with ``omit_totals``, table 三's rows without their 总计, which the loader computes)."""
    lines = ["format: 2021", "agency: 测试局", "year: 2021", "applications:"]
    rows: dict[tuple[str, ...], list[str]] = {}
    for row in SPEC.applications_rows:
        columns = SPEC.applications_columns[:-1] if omit_totals else SPEC.applications_columns
        rows[("applications", *row.key)] = [str(cells[("applications", *row.key, c.key)]) for c in columns]
    for row in SPEC.appeals_rows:
        rows[("appeals", *row.key)] = [str(cells[("appeals", *row.key, c.key)]) for c in SPEC.appeals_columns]
    written: set[tuple[str, ...]] = set()
    for key, values in rows.items():
        if key[0] == "appeals" and "appeals:" not in lines:
            lines.append("appeals:")
        for depth, part in enumerate(key[1:-1], start=1):
            if key[: depth + 1] not in written:
                written.add(key[: depth + 1])
                lines.append("  " * depth + f"{part}:")
        lines.append("  " * (len(key) - 1) + f"{key[-1]}: [{', '.join(values)}]")
    return ("\n".join(lines) + "\n").encode()


def balance_terms() -> list[tuple[list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """一 + 二 = 三（七）总计 + 四, per column (the total column too), written independently."""
    return [
        (
            [("applications", "new", c), ("applications", "carried_over", c)],
            [("applications", "results", "total", c), ("applications", "carried_forward", c)],
        )
        for c in [*APPLICANTS, "total"]
    ]


def test_the_statute_declares_exactly_these_equations() -> None:
    """The package's one list of equations (filling, checking, roll-up) is the hand-written one."""
    for version in ("2021", "2019"):
        spec = template.FORMATS[version]
        declared = {(e.rule, frozenset(e.rhs), e.total) for e in spec.equations if e.rule != "balance"}
        detail = [r.key for r in spec.applications_rows if r.key[0] == "results" and r.key[-1] != "total"]
        expected = set()
        for row in [("new",), ("carried_over",), *detail, ("results", "total"), ("carried_forward",)]:
            parts = frozenset(("applications", *row, c) for c in APPLICANTS)
            expected.add(("row-total", parts, ("applications", *row, "total")))
        for col in [*APPLICANTS, "total"]:
            parts = frozenset(("applications", *row, col) for row in detail)
            expected.add(("column-total", parts, ("applications", "results", "total", col)))
        for row in APPEALS:
            expected.add(
                ("appeal-total", frozenset(("appeals", *row, c) for c in OUTCOMES), ("appeals", *row, "total"))
            )
        assert declared == expected, version
        balances = {(frozenset(e.lhs), frozenset(e.rhs)) for e in spec.equations if e.rule == "balance"}
        assert balances == {(frozenset(a), frozenset(b)) for a, b in balance_terms()}


def broken_rules(key: tuple[str, ...]) -> set[str]:
    """The rules whose equation (as the statute declares them) contains ``key``; all totals are written."""
    return {e.rule for e in SPEC.equations if key in e.lhs or key in e.rhs}


@SETTINGS
@given(valid_data())
def test_valid_data_renders_and_satisfies_every_rule(cells: dict) -> None:
    loaded = load_bytes(to_yaml(cells), "r.yaml")
    report = loaded.report
    assert loaded.issues == [] and report is not None and report.complete
    assert check_report(report) == []
    for key, value in cells.items():
        assert report.value(key) == value
    for table in ("三", "四"):
        node = generic_table(table_node(get_grid("2021", table), report, table))
        entries = [e for e in node.findall(lambda n: "gov_key" in getattr(n, "attributes", {}))]
        grid_keys = {c.key for row in get_grid("2021", table).body for c in row if c.kind == DATA and c.key}
        assert len(entries) == len(grid_keys)
        for entry in entries:
            key = tuple(entry["gov_key"].split("."))
            assert entry.astext() == format_number(report.value(key))


@SETTINGS
@given(valid_data(), st.data())
def test_one_cell_mutation_is_caught_by_exactly_the_rules_it_breaks(cells: dict, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(cells)))
    delta = data.draw(st.integers(min_value=1, max_value=50))
    mutated = dict(cells)
    mutated[key] = cells[key] + delta
    loaded = load_bytes(to_yaml(mutated), "r.yaml")
    assert loaded.report is not None and loaded.issues == []
    issues = check_report(loaded.report)
    assert {i.subtype.value for i in issues} == broken_rules(key)
    assert all(i.level is Level.ERROR and i.line for i in issues)


def table_three_rows(report: Report) -> dict[tuple[str, ...], list[int]]:
    """Table 三 as rendered: each row's numbers in column order."""
    node = generic_table(table_node(get_grid("2021", "三"), report, "三"))
    rows: dict[tuple[str, ...], list[int]] = {}
    for entry in node.findall(lambda n: "gov_key" in getattr(n, "attributes", {})):
        key = tuple(entry["gov_key"].split("."))
        rows.setdefault(key[:-1], []).append(int(entry.astext()))
    return rows


@SETTINGS
@given(valid_data())
def test_omitted_totals_are_computed_consistently(cells: dict) -> None:
    """Every 总计 of table 三 left out: the computed cells are the true totals, every rule holds."""
    loaded = load_bytes(to_yaml(cells, omit_totals=True), "r.yaml")
    report = loaded.report
    assert loaded.issues == [] and report is not None and report.complete
    assert check_report(report) == []
    for key, value in cells.items():
        assert report.value(key) == value


@SETTINGS
@given(valid_data(), st.data())
def test_mutated_seventh_row_without_totals(cells: dict, data: st.DataObject) -> None:
    """A wrong cell of the （七）总计 row, 总计 left out: the rendered row still adds up (its 总计 is
    computed from it), and the column-total rule (with the 勾稽 rule) reports the cell."""
    column = data.draw(st.sampled_from(APPLICANTS))
    key = ("applications", "results", "total", column)
    mutated = dict(cells)
    mutated[key] = cells[key] + data.draw(st.integers(min_value=1, max_value=50))
    loaded = load_bytes(to_yaml(mutated, omit_totals=True), "r.yaml")
    report = loaded.report
    assert loaded.issues == [] and report is not None
    for row in table_three_rows(report).values():
        assert sum(row[:-1]) == row[-1]
    issues = check_report(report)
    assert {i.subtype.value for i in issues} == {"column-total", "balance"}
    column_total = [i for i in issues if i.subtype.value == "column-total"]
    assert [i.message.split("」")[0] for i in column_total] == [f"「{template.cell_label(SPEC, key)}"]


@SETTINGS
@given(valid_data(), st.data())
def test_one_unreadable_cell_gives_one_value_error(cells: dict, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(cells)))
    bad = data.draw(st.sampled_from(["no", "1.5", "-1", "１２", "0012", "2021-01-01", "abc", "'3'"]))
    cells_text = {k: str(v) for k, v in cells.items()}
    cells_text[key] = bad
    text = to_yaml(cells_text).decode()
    loaded = load_bytes(text.encode(), "r.yaml")
    assert loaded.report is not None and not loaded.report.complete
    assert [i.subtype.value for i in loaded.issues] == ["value"]
    assert template.cell_label(SPEC, key) in loaded.issues[0].message
    assert check_report(loaded.report) == []  # nothing cascades from the unreadable cell


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | st.dates(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
report_keys = st.sampled_from(["agency", "year", "format", "applications", "appeals", "active", "figures", "previous"])


@SETTINGS
@given(st.dictionaries(report_keys, yaml_values, max_size=6))
def test_arbitrary_yaml_never_crashes(value: dict) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    loaded = load_bytes(text.encode(), "r.yaml")
    assert all(i.message and i.path == "r.yaml" for i in loaded.issues)
    if loaded.report is not None and loaded.report.complete:
        check_report(loaded.report)


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    loaded = load_bytes(data, "r.yaml")
    assert all(i.message for i in loaded.issues)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{},&*!|>'\"#\n\t 0１、。%@`")), max_size=120))
def test_arbitrary_yaml_like_text_never_crashes(text: str) -> None:
    loaded = load_bytes(("agency: a\nyear: 2021\n" + text).encode(), "r.yaml")
    assert all(i.message for i in loaded.issues)


# -- hostile input (issue 14): no traceback, no read outside the project, no write to an input ------

HOSTILE_PIECES = [
    *list("ab:-[]{},&*!|>'\"#\n\t 0１、。%@`~"),
    "\\0", "\\e", "\\x9b", "\\N", "\\u202e", "\\L", "\\P", "\\t",
    "\u2028", "\u2029", "\x85", "\u202e", "\u200b", "\ufeff",
    "0" * 50, "9" * 12, "---", "...", "null", "~", "agency", "year", "figures", "previous",
    "applications.new.total", "../", "/etc/passwd", "\n\n",
]  # fmt: skip
hostile_text = st.lists(st.sampled_from(HOSTILE_PIECES), max_size=60).map("".join)


@SETTINGS
@given(st.sampled_from(["", "agency: a\nyear: 2021\n", 'agency: "a\n']), hostile_text)
def test_hostile_yaml_gives_located_clean_messages(prefix: str, text: str) -> None:
    source = prefix + text
    loaded = load_bytes(source.encode("utf-8"), "r.yaml")
    lines = len(source.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for issue in loaded.issues:
        assert issue.path == "r.yaml"
        assert issue.line is None or 1 <= issue.line <= lines, (issue.format(), source)
        assert not unsafe_characters(issue.message), issue.message  # no ESC or NUL reaches a terminal
    report = loaded.report
    if report is not None and report.complete:
        assert not unsafe_characters(report.agency, one_line=True)
        assert not set(report.figures) & set(template.reference_labels(report.spec))
        check_report(report)


conf_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.binary(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4)
    ),
    max_leaves=12,
)


@SETTINGS
@given(st.dictionaries(st.sampled_from(sorted(gov_config.VALUES)), conf_values))
def test_arbitrary_conf_values_are_validated_without_changing_them(values: dict) -> None:
    config = types.SimpleNamespace(**values)
    before = copy.deepcopy(values)
    result, messages = gov_config.validate(config, "/nonexistent-srcdir")  # type: ignore[arg-type]
    assert {k: getattr(config, k) for k in values} == before or before != before  # NaN compares unequal
    assert isinstance(result.preamble, bool) and isinstance(result.allow_outside_srcdir, bool)
    assert isinstance(result.json_download, bool)
    assert result.latex_font in gov_config.BODY_FONTS
    assert all(isinstance(n, str) for names in result.latex_fonts.values() for n in names)
    assert result.preamble_template is None or (
        isinstance(result.preamble_template, str)
        and gov_config.template_problem(result.preamble_template, "/x") is None
    )
    assert all(re.search(r"[\u4e00-\u9fff]", message) for _name, message in messages)
    for name, value in values.items():
        default = gov_config.VALUES[name][0]
        if type(value) is not type(default) and not (default is None and isinstance(value, str)):
            assert name in {n for n, _m in messages}  # every value of the wrong type is reported


_PROJECT = Path(tempfile.mkdtemp(prefix="gov-report-props-")) / "project"
(_PROJECT / "data").mkdir(parents=True)
(_PROJECT.parent / "secret.yaml").write_text("agency: 外部\nyear: 2020\n", encoding="utf-8")
if not (_PROJECT / "data" / "out.yaml").exists():
    os.symlink(_PROJECT.parent / "secret.yaml", _PROJECT / "data" / "out.yaml")
path_pieces = st.sampled_from(["..", "/", ".", "data", "out.yaml", "secret.yaml", "~", "%2e", "\\", "a b", "#", "?"])


@contextlib.contextmanager
def _recorded_reads() -> Iterator[list[str]]:
    """Every path opened (``open`` and ``os.open``) while the block runs."""
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(file, (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(os.fsdecode(path))
        return real_os_open(path, *args, **kwargs)

    with mock.patch("builtins.open", spy_open), mock.patch("os.open", spy_os_open):
        yield opened


@SETTINGS
@given(st.lists(path_pieces, min_size=1, max_size=6), st.sampled_from(["previous: {p}\n", "previous:\n  text: {p}\n"]))
def test_arbitrary_previous_paths_never_read_outside_the_project(parts: list[str], form: str) -> None:
    target = "/".join(parts)
    data = _PROJECT / "data" / "this.yaml"
    data.write_text(f"agency: 本局\nyear: 2021\n{form.format(p=json.dumps(target, ensure_ascii=False))}", "utf-8")
    with _recorded_reads() as opened:
        validate_file(str(data), str(_PROJECT))
    root = os.path.realpath(_PROJECT)
    for path in opened:
        assert os.path.realpath(path).startswith(root + os.sep), (target, path)


@SETTINGS
@given(st.sampled_from(["data/a.yaml", "data/b.yml", "data", "data/new.json", "notes.txt", "data/a.yaml/x"]))
def test_export_never_writes_over_an_input(output: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="gov-report-out-"))
    (root / "data").mkdir()
    inputs = {"data/a.yaml": "agency: 甲\nyear: 2021\n", "data/b.yml": "agency: 乙\nyear: 2022\n", "notes.txt": "笔记"}
    for name, text in inputs.items():
        (root / name).write_text(text, encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = cli_main(["export", str(root / "data"), "--to", "json", "-o", str(root / output)])
    assert status in (0, 1, 2)
    for name, text in inputs.items():
        assert (root / name).read_text(encoding="utf-8") == text
