"""Every builder's output is byte for byte what it was before the table nodes were made light (issue 15).

``tests/golden/`` holds the output of the example, a filled report, broken data and a small region
project with nine builders, recorded with the release before the change (``tests/golden/outputs.py``).
Recorded with the pinned README environment (Sphinx 9.0, docutils 0.22): Sphinx's own templates differ
between its versions, so this runs once, in the README stage (marker ``golden``).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from golden.outputs import HERE, outputs

pytestmark = pytest.mark.golden


def recorded() -> dict[str, bytes]:
    projects = ("example", "filled", "warnings", "region")
    return {
        p.relative_to(HERE).as_posix(): p.read_bytes()
        for name in projects
        for p in sorted((HERE / name).rglob("*"))
        if p.is_file()
    }


def test_every_builder_output_unchanged(tmp_path: Path) -> None:
    expected = recorded()
    assert len(expected) > 100  # the golden files are there
    got = outputs(tmp_path)
    assert sorted(got) == sorted(expected), "the set of output files changed"
    changed = [key for key in expected if got[key] != expected[key]]
    if changed:
        key = changed[0]
        diff = difflib.unified_diff(
            expected[key].decode("utf-8", "replace").splitlines(),
            got[key].decode("utf-8", "replace").splitlines(),
            "recorded",
            "now",
            lineterm="",
            n=1,
        )
        pytest.fail(f"{len(changed)} files changed: {changed[:10]}\n" + "\n".join(list(diff)[:60]))
