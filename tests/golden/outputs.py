"""Build the golden projects with every builder and collect their text outputs.

``python tests/golden/outputs.py --record`` writes them to ``tests/golden/<project>/<builder>/``;
``tests/test_unchanged_output.py`` builds the same projects and compares every file byte for byte.
The files were recorded with the release before the table nodes were made lightweight (issue 15):
the test shows that no builder's output changed.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
ROOT = TESTS.parent
sys.path[:0] = [str(TESTS)]

from regiongen import write_units  # noqa: E402

#: Builders whose output is compared (docx: the document part of the package).
BUILDERS = ("html", "singlehtml", "latex", "text", "man", "texinfo", "xml", "pseudoxml", "docx")
#: Output files compared, by suffix; plus ``searchindex.js`` and the JSON downloads.
SUFFIXES = {".html", ".tex", ".txt", ".1", ".texi", ".xml", ".pseudoxml", ".json", ".css"}
SKIP_PARTS = {"_sources", ".doctrees", "_images"}
#: Fixed build date, so that \date, man and texinfo headers do not change from day to day.
EPOCH = "1767225600"  # 2026-01-01


def make_projects(dest: Path) -> dict[str, Path]:
    """The golden projects: the example, a filled report, broken data, and a small region."""
    projects = {
        "example": ROOT / "example_project",
        "filled": TESTS / "roots" / "test-filled",
        "warnings": TESTS / "roots" / "test-warnings",
    }
    out: dict[str, Path] = {}
    for name, src in projects.items():
        out[name] = dest / name
        shutil.copytree(src, out[name], ignore=shutil.ignore_patterns("_build"))
    region = dest / "region"
    cmd = [sys.executable, "-m", "sphinx_gov_report.cli", "new", str(region), "--region", "某某县", "--year", "2025"]
    subprocess.run(cmd, check=True, capture_output=True, env=_env())
    write_units(region, 3, prose=True)
    out["region"] = region
    return out


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1"}


def build(src: Path, builder: str, outdir: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-E",
        "-b",
        builder,
        "-d",
        str(outdir / ".doctrees"),
        str(src),
        str(outdir),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=_env(), check=False)
    if result.returncode:
        raise RuntimeError(f"{builder} build of {src} failed:\n{result.stderr}")


def collect(outdir: Path) -> Iterator[tuple[str, bytes]]:
    """``(relative path, bytes)`` of every compared file below ``outdir``."""
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir)
        if not path.is_file() or SKIP_PARTS & set(rel.parts):
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
                yield f"{rel.as_posix()}/word/document.xml", package.read("word/document.xml")
        elif path.suffix in SUFFIXES or path.name == "searchindex.js":
            if path.suffix == ".css" and path.name != "gov_report.css":
                continue
            yield rel.as_posix(), path.read_bytes()


#: The extension's ``env_version`` in ``searchindex.js``: bumped on purpose when the doctrees change.
_ENV_VERSION = re.compile(rb'"sphinx_gov_report":\d+')


def normalised(data: bytes) -> bytes:
    return _ENV_VERSION.sub(b'"sphinx_gov_report":@ENV_VERSION@', data)


def outputs(work: Path) -> dict[str, bytes]:
    """Every compared file of every project and builder, keyed ``project/builder/path``."""
    found: dict[str, bytes] = {}
    for name, src in make_projects(work / "src").items():
        for builder in BUILDERS:
            outdir = work / "out" / name / builder
            build(src, builder, outdir)
            for rel, data in collect(outdir):  # the build's own folder (XML ``source``) is not output
                found[f"{name}/{builder}/{rel}"] = normalised(data.replace(str(work).encode(), b"@WORK@"))
    return found


def main() -> None:
    import tempfile

    if sys.argv[1:] != ["--record"]:
        raise SystemExit("usage: python tests/golden/outputs.py --record")
    with tempfile.TemporaryDirectory() as tmp:
        files = outputs(Path(tmp))
    for name in ("example", "filled", "warnings", "region"):
        shutil.rmtree(HERE / name, ignore_errors=True)
    for key, data in files.items():
        target = HERE / key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"{len(files)} files recorded")


if __name__ == "__main__":
    main()
