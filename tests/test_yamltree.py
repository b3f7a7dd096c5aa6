"""The YAML reader: libyaml when PyYAML has it, with the same located tree as the pure-Python parser."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sphinx_gov_report.core import yamltree
from sphinx_gov_report.core.reader import load_bytes

EXAMPLE_DATA = Path(__file__).resolve().parents[1] / "example_project" / "data" / "2021.yaml"


def test_libyaml_is_used_when_available() -> None:
    assert yaml.__with_libyaml__, "PyYAML from PyPI ships libyaml; the fast path must be exercised here"
    assert yamltree._Loader is yaml.CSafeLoader


def _shape(node: yamltree.YNode) -> object:
    if isinstance(node, yamltree.YScalar):
        return ("scalar", node.value, node.plain, node.line, node.column)
    if isinstance(node, yamltree.YSeq):
        return ("seq", node.line, node.column, [_shape(n) for n in node.items])
    return ("map", node.line, node.column, {k: (_shape(kn), _shape(v)) for k, (kn, v) in node.items.items()})


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE_DATA.read_text(encoding="utf-8"),
        "a: [1, '2', \"3\"]\nb:\n  - x: 0012\n    y: no\n  - 2021-01-01\nc: |\n  多行\n  文字\n",
    ],
)
def test_libyaml_and_pure_python_give_the_same_located_tree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, fast_issues = yamltree.parse(text, "x.yaml")
    monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    slow, slow_issues = yamltree.parse(text, "x.yaml")
    assert fast is not None and slow is not None
    assert _shape(fast) == _shape(slow)
    assert fast_issues == slow_issues


def test_pure_python_parser_loads_the_example_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    data = EXAMPLE_DATA.read_bytes()
    fast = load_bytes(data, str(EXAMPLE_DATA))
    monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    slow = load_bytes(data, str(EXAMPLE_DATA))
    assert fast.report is not None and slow.report is not None
    assert fast.report.cells == slow.report.cells and fast.report.figures == slow.report.figures
    assert fast.issues == slow.issues == []
