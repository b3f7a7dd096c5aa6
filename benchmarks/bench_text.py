"""Text checks scale linearly: prose figures (core/prose.py) and copied text (core/similarity.py).

Times each check on a text of N and of 2N characters (real report sentences from
tests/prose/corpus.yaml, repeated) and prints t(2N) / t(N): about 2 for linear work,
about 4 for quadratic.  Best of ``--repeat`` runs; no assertion on time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_prose_corpus import SPEC, values_for  # noqa: E402

from sphinx_gov_report.core import prose, similarity  # noqa: E402


def best(check: Callable[[str], object], text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=50_000, help="N (characters)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = yaml.safe_load((ROOT / "tests" / "prose" / "corpus.yaml").read_text(encoding="utf-8"))
    sentences = [s["sentence"] for s in corpus["sentences"] if s["source"] == "huaian-2024.pdf"]
    unit = "".join(sentences)
    values = values_for("huaian-2024.pdf")

    def text(n: int) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    print(f"{'check':<28}{'N':>10}{'t(N) s':>10}{'t(2N) s':>10}{'ratio':>8}")
    n = args.chars
    checks: dict[str, Callable[[str], object]] = {
        "prose figures": lambda t: prose.check_paragraph(t, values, SPEC, 2024),
        "copied text (shingles)": lambda t: similarity.overlap(
            similarity.normalise(t), similarity.shingles(similarity.normalise(t[::-1]))
        ),
    }
    for name, check in checks.items():
        t1 = best(check, text(n), args.repeat)
        t2 = best(check, text(2 * n), args.repeat)
        print(f"{name:<28}{n:>10}{t1:>10.3f}{t2:>10.3f}{t2 / t1:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
