"""Fuzz stage of CI: mutated report data through the loader, ``validate``, ``export`` and a Sphinx build.

Fixed seed, bounded time (about 75 s in all; ``--budget`` to change it).  Each mutated input is
stored only while it is being tried; a crash prints the input (``repr``) and the traceback.
Exit status 1 on any crash: an exception from the loader, the rules or the exporter, a CLI
command that raises instead of exiting 0/1/2, an input file changed by ``export``, or a Sphinx
build that prints a traceback, aborts or runs past its time limit.

Run: ``.venv/bin/python tests/fuzz/run.py`` (from the repository root).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from sphinx_gov_report.cli.main import main as cli_main
from sphinx_gov_report.core import export
from sphinx_gov_report.core.reader import load_bytes
from sphinx_gov_report.core.rules import validate_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_project"
SEED = 20261202
#: Pieces inserted by the mutator: each class of hostile input the corpus knows, and YAML syntax.
SNIPPETS = [
    '"\\0"', '"\\e[31m"', '"\\x9b"', '"\\N"', '"\\u202e"', "\u2028", "\u2029", "\x85", "\u202e", "\u200b",
    "\ufeff", "0" * 5000 + "7", "9" * 40, "-1", "1.5", "1e9", "0x1F", "0o17", "１２", "1，2", "1,234",
    "---\n", "...\n", "~", "null", "&a ", "*a", "!!python/object/apply:os.system ['true']", "!!binary aGk=",
    "[", "]", "{", "}", '"', "'", "\t", ": ", "\n- ", "\n  ", "#", "|\n", ">\n", "? ", "%YAML 1.1\n",
    "\nprevious: ../../../../etc/passwd\n", "\nprevious:\n  text: /dev/zero\n", '\nprevious: "\\0"\n',
    "\nfigures:\n  applications.new.total: 9\n", "\nagency: \"甲\n\n  乙\"\n", "\nyear: 0\n", "\nyear: 99999\n",
    "\napplications:\n  new: [1, 2, 3, 4, 5, 6, 7]\n", "\nunknown_key: 1\n", "\nformat: 2020\n",
    "=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "<script>", "\\input{/etc/passwd}", ":gov:`year`", "{{ 7*7 }}",
]  # fmt: skip
#: conf.py lines appended in the build runs (values of the wrong type or outside the source directory).
CONF_LINES = [
    'gov_report_allow_outside_srcdir = "False"',
    'gov_report_preamble = "no"',
    "gov_report_preamble_template = '../../../etc/passwd'",
    "gov_report_preamble_template = '/dev/zero'",
    "gov_report_previous = ['x']",
    "gov_report_latex_fonts = 3",
    "gov_report_json_download = None",
]


class Crash(Exception):
    """A promise broken (as opposed to an input refused with a message)."""


def mutate(rng: random.Random, text: str) -> str:
    """One to four random edits of ``text``."""
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(7)
        lines = text.splitlines(keepends=True)
        if choice == 0 and text:  # replace one character by a random code point
            i = rng.randrange(len(text))
            text = (
                text[:i]
                + chr(rng.choice([rng.randrange(0x20), rng.randrange(0x80, 0x250), rng.randrange(0x10000)]))
                + text[i + 1 :]
            )
        elif choice in (1, 2):  # insert a snippet
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(SNIPPETS) + text[i:]
        elif choice == 3 and lines:  # delete lines
            i = rng.randrange(len(lines))
            del lines[i : i + rng.randint(1, 3)]
            text = "".join(lines)
        elif choice == 4 and lines:  # duplicate a line
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            text = "".join(lines)
        elif choice == 5 and len(lines) > 1:  # swap two lines
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif choice == 6:  # truncate
            text = text[: rng.randrange(len(text) + 1)]
    return text


def encode(rng: random.Random, text: str) -> bytes:
    """Mostly UTF-8; sometimes GB18030, UTF-16 or raw byte damage."""
    kind = rng.randrange(10)
    if kind == 0:
        return text.encode("gb18030", errors="replace")
    if kind == 1:
        return text.encode("utf-16", errors="surrogatepass")
    data = text.encode("utf-8", errors="surrogatepass")
    if kind == 2 and data:
        i = rng.randrange(len(data))
        data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
    return data


def check_loader(data: bytes, work: Path) -> None:
    path = work / "data" / "2022.yaml"
    path.write_bytes(data)
    loaded = load_bytes(data, str(path), str(work), False)
    for issue in loaded.issues:
        if not issue.message or "Traceback" in issue.message:
            raise Crash(f"empty or traceback message: {issue}")
    report, _issues = validate_file(str(path), str(work), False)
    if report is not None and report.complete:
        record = export.record(report, "data/2022.yaml")
        export.to_json([record])
        export.to_csv([record])


def check_cli(data: bytes, work: Path) -> None:
    path = work / "data" / "2022.yaml"
    path.write_bytes(data)
    out = work / "export.csv"
    for argv in (
        ["validate", str(path), "--root", str(work)],
        ["validate", str(work / "data"), "--format", "json", "--no-progress"],
        ["export", str(path), "--to", "csv", "--excel", "-o", str(out)],
        ["export", str(work / "data"), "--to", "json", "--skip-invalid", "-o", str(path)],  # an input: refused
    ):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            try:
                status = cli_main(argv)
            except SystemExit as exc:  # argparse
                status = exc.code if isinstance(exc.code, int) else 2
        if status not in (0, 1, 2):
            raise Crash(f"{argv[0]} exited {status}")
        if "Traceback" in err.getvalue():
            raise Crash(f"{argv[0]} printed a traceback:\n{err.getvalue()}")
        if path.read_bytes() != data:
            raise Crash(f"{argv[0]} changed its input file")


def check_build(data: bytes, work: Path, conf_line: str, timeout: float) -> None:
    src = work / "example"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(EXAMPLE, src, ignore=shutil.ignore_patterns("_build"))
    (src / "data" / "2021.yaml").write_bytes(data)
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\n" + conf_line + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(src), str(work / "html")]
    env = {**os.environ, "NO_COLOR": "1", "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False, cwd=work)
    except subprocess.TimeoutExpired:
        raise Crash(f"the build ran past {timeout:.0f} s") from None
    output = done.stdout + done.stderr
    if done.returncode not in (0, 1) or "Traceback" in output or "Exception occurred" in output:
        raise Crash(f"the build aborted (exit {done.returncode}):\n{output[-3000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=75.0, help="seconds in all (default 75)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    seed_text = (EXAMPLE / "data" / "2021.yaml").read_text(encoding="utf-8").replace("year: 2021", "year: 2022")
    start = time.monotonic()
    counts = {"loader": 0, "cli": 0, "build": 0}
    crashes: list[str] = []
    # Loader and rules: 40% of the budget; the CLI: 20%; Sphinx builds: the rest.
    phases: list[tuple[str, float, Callable[[bytes, Path], None]]] = [
        ("loader", 0.4, check_loader),
        ("cli", 0.6, check_cli),
    ]
    with tempfile.TemporaryDirectory(prefix="gov-report-fuzz-") as tmp:
        work = Path(tmp)
        (work / "data").mkdir()
        (work / "data" / "2021.yaml").write_text(seed_text.replace("year: 2022", "year: 2021"), encoding="utf-8")
        for name, until, check in phases:
            while time.monotonic() - start < args.budget * until:
                data = encode(rng, mutate(rng, seed_text))
                counts[name] += 1
                try:
                    check(data, work)
                except Exception:
                    crashes.append(f"[{name}] input {data!r}\n{traceback.format_exc()}")
        while time.monotonic() - start < args.budget - 10:
            left = args.budget - (time.monotonic() - start)
            data = encode(rng, mutate(rng, seed_text.replace("year: 2022", "year: 2021")))
            counts["build"] += 1
            try:
                check_build(data, work, rng.choice(["", *CONF_LINES]), max(left, 30.0))
            except Exception:
                crashes.append(f"[build] input {data!r}\n{traceback.format_exc()}")
    elapsed = time.monotonic() - start
    summary = "，".join(f"{k} {v} 次" for k, v in counts.items())
    if crashes:
        keep = Path(tempfile.mkdtemp(prefix="gov-report-fuzz-crashes-"))
        for number, crash in enumerate(crashes, 1):
            (keep / f"crash-{number:03d}.txt").write_text(crash, encoding="utf-8", errors="backslashreplace")
        for crash in crashes[:5]:
            head, _, trace = crash.partition("\n")
            print((head[:600] + "…" if len(head) > 600 else head) + "\n" + trace, file=sys.stderr)
        print(f"全部 {len(crashes)} 个崩溃的输入和调用栈：{keep}", file=sys.stderr)
    print(f"模糊测试（seed {args.seed}，{elapsed:.0f} 秒）：{summary}；崩溃 {len(crashes)} 次")
    return 1 if crashes or counts["build"] == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
