"""Shared fixtures: Sphinx's testing plugin, test roots, and copies of the example project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "example_project"
ROOTS = Path(__file__).resolve().parent / "roots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Sphinx 9 colours its output whenever CI is set; tests compare plain text, in-process and in
# every ``sphinx-build``/``make`` they start.
os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots for ``@pytest.mark.sphinx(testroot=...)`` live in ``tests/roots/test-*``."""
    return ROOTS


@pytest.fixture
def example_src(tmp_path: Path) -> Path:
    """A private copy of ``example_project/`` (without build output)."""
    dest = tmp_path / "example"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def copy_root(name: str, tmp_path: Path) -> Path:
    """A private copy of ``tests/roots/test-<name>``."""
    dest = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", dest)
    return dest


def sphinx_build(srcdir: Path, outdir: Path, *args: str, builder: str = "html") -> subprocess.CompletedProcess[str]:
    """Run the real ``sphinx-build`` command (as a user would) and capture its output."""
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, *args, str(srcdir), str(outdir)]
    env = {**os.environ, "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
