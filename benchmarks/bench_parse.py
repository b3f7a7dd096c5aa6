"""Reading a data file with ``validate`` vs libyaml's parse alone (issue 15).

Goal: ``sphinx-gov-report validate`` reads a file within 2× of ``yaml.load(text, Loader=yaml.CSafeLoader)``.

In the same run, on the same files, interleaved (validate, baseline, validate, baseline, …), best of ``--repeat``:

* **validate**: ``sphinx-gov-report validate --no-progress FILES…`` in this process (``cli.main``, the code path of
  the console script without interpreter start-up), the package's caches emptied first;
* **libyaml**: ``yaml.load(text, Loader=yaml.CSafeLoader)`` on each file's text, read beforehand (the issue's
  baseline), and the same with reading and decoding each file (``Path.read_bytes().decode()``) timed too.

Two sets of files: ``--reports`` generated, fully filled reports (2019–2023, linked by ``previous``, so the
cross-year rules run) and ``--reports`` copies of the example project's data file.  Also prints where the time
goes: ``yamltree.parse`` (the located tree), ``reader.load_bytes`` (tree + report) and the rest (rules, CLI).

Exits non-zero if a validation fails.  No goal is asserted: the ratios are printed.

Run: ``python benchmarks/bench_parse.py [--reports 500] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from _common import ROOT, WORK, clear_caches, fresh, generate, versions

from sphinx_gov_report import cli
from sphinx_gov_report.core import reader, yamltree
from sphinx_gov_report.core.paths import Context, PathPolicy

EXAMPLE = ROOT / "example_project" / "data" / "2021.yaml"


def validate(paths: list[Path]) -> None:
    clear_caches()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["validate", "--no-progress", *map(str, paths)])
    if status != 0:
        sys.stderr.write(out.getvalue()[:4000] + err.getvalue()[:4000])
        raise SystemExit(f"FAILED: validate of {len(paths)} files exited with {status}")


def interleaved(repeat: int, funcs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Best of ``repeat`` of each function, run in turn (a, b, c, a, b, c, …) so load changes hit all alike."""
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(repeat):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def measure(label: str, paths: list[Path], repeat: int) -> float:
    texts = [p.read_bytes().decode("utf-8") for p in paths]
    datas = [p.read_bytes() for p in paths]
    cli_policy = PathPolicy(None, True, Context.CLI)
    validate(paths)  # warm-up: first-use imports and caches of the statute, not counted

    def libyaml_text() -> None:
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)

    def libyaml_files() -> None:
        for path in paths:
            yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)

    def tree() -> None:
        for text in texts:
            yamltree.parse(text, "x.yaml")

    def load() -> None:
        for data, path in zip(datas, paths, strict=True):
            reader.load_bytes(data, str(path), policy=cli_policy)

    times = interleaved(
        repeat,
        {
            "validate": lambda: validate(paths),
            "libyaml": libyaml_text,
            "libyaml+read": libyaml_files,
            "tree": tree,
            "load": load,
        },
    )
    n = len(paths)
    ms = {name: 1000 * t / n for name, t in times.items()}
    print(f"\n{label}: {n} files, ms per file (best of {repeat}, interleaved)")
    rows = [
        ("validate (cli.main, in process)", ms["validate"]),
        ("yaml.load(text, CSafeLoader)", ms["libyaml"]),
        ("read + decode + yaml.load(CSafeLoader)", ms["libyaml+read"]),
        ("  of validate: yamltree.parse", ms["tree"]),
        ("  of validate: reader.load_bytes (tree + report)", ms["load"]),
        ("  of validate: the rest (rules, files, CLI)", ms["validate"] - ms["load"]),
    ]
    for name, value in rows:
        print(f"  {name:<50} {value:8.3f} ms")
    ratio = ms["validate"] / ms["libyaml"]
    print(f"  {'ratio validate / yaml.load':<50} {ratio:8.2f}   (goal ≤ 2.0)")
    print(f"  {'ratio validate / read + yaml.load':<50} {ms['validate'] / ms['libyaml+read']:8.2f}")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=500, help="files of each set")
    parser.add_argument("--repeat", type=int, default=5, help="best of K interleaved runs")
    args = parser.parse_args()
    print(versions())
    print(f"libyaml available: {yaml.__with_libyaml__}, PyYAML {yaml.__version__}")
    generated = generate(args.reports, "parse")
    copies = fresh(WORK / "parse-example")
    examples = []
    for n in range(args.reports):
        examples.append(copies / f"e{n:04d}.yaml")
        shutil.copyfile(EXAMPLE, examples[-1])
    measure("generated reports (every table filled, linked by previous)", generated, args.repeat)
    measure("example_project/data/2021.yaml, copied", examples, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
