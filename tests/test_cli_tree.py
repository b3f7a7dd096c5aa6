"""``validate`` and ``export`` on a folder of yearly projects: last year's copies, hidden and other YAML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

AGENCY = "某县市场监督管理局"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def two_years(tmp_path: Path) -> Path:
    """tree/2025 from ``new``, tree/2026 from ``new --from tree/2025`` (with its previous/ copy)."""
    tree = tmp_path / "tree"
    assert run("new", tree / "2025", "--agency", AGENCY, "--year", "2025").returncode == 0
    result = run("new", tree / "2026", "--from", tree / "2025")
    assert result.returncode == 0, result.stderr
    assert (tree / "2026" / "previous" / "2025.yaml").is_file()
    return tree


def test_two_year_tree_exports_two_rows(tmp_path: Path) -> None:
    tree = two_years(tmp_path)
    result = run("export", tree, "--to", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    rows = records["reports"]
    assert sorted((r["year"], Path(r["source"]).as_posix().split("/tree/")[-1]) for r in rows) == [
        (2025, "2025/data/2025.yaml"),
        (2026, "2026/data/2026.yaml"),
    ]


def test_validate_skips_hidden_build_and_other_yaml(tmp_path: Path) -> None:
    tree = two_years(tmp_path)
    (tree / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    (tree / ".hidden.yaml").write_text("agency: x\n", encoding="utf-8")
    (tree / ".git").mkdir()
    (tree / ".git" / "x.yaml").write_text("agency: x\n", encoding="utf-8")
    (tree / "2025" / "_build").mkdir()
    (tree / "2025" / "_build" / "copy.yaml").write_text("agency: x\n", encoding="utf-8")
    result = run("validate", tree, "--format", "json", "--no-progress")
    assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(Path(f["path"]).relative_to(tree).as_posix() for f in json.loads(result.stdout)["files"])
    assert files == ["2025/data/2025.yaml", "2026/data/2026.yaml"]
    assert "已跳过 1 个不是报告数据的 YAML 文件" in result.stderr and "docker-compose.yml" in result.stderr


def test_exclude_glob(tmp_path: Path) -> None:
    tree = two_years(tmp_path)
    for pattern in ("2025", "2025/*", "*/data/2025.yaml", "2025.yaml"):
        result = run("validate", tree, "--format", "json", "--no-progress", "--exclude", pattern)
        assert result.returncode == 0, result.stderr
        files = [Path(f["path"]).relative_to(tree).as_posix() for f in json.loads(result.stdout)["files"]]
        assert files == ["2026/data/2026.yaml"], pattern
    result = run("export", tree, "--to", "csv", "--exclude", "2026", "--exclude", "nothing*")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 2  # header and one row


def test_named_file_is_always_taken(tmp_path: Path) -> None:
    """A file given by name is checked even inside previous/ (only folder walks skip)."""
    tree = two_years(tmp_path)
    result = run("validate", tree / "2026" / "previous" / "2025.yaml", "--format", "json", "--no-progress")
    assert [Path(f["path"]).name for f in json.loads(result.stdout)["files"]] == ["2025.yaml"]
