"""Benchmark of the symbolic equivalence engine against the labelled corpus.

Runs every pair of tests/data/symbolic_corpus.yaml through ``grader.symbolic.equivalent``
and through the naive check ``simplify(a - b) == 0`` (same parsing, same function
definitions, same per-check time limit enforced by the same fork-and-kill mechanism; a
timeout counts as wrong) and prints accuracy, wrong accepts, undecided, accuracy per
class, median and p99 wall time per check (parsing, fork and kill included), the slowest
check, checks past the limit, and ours-vs-naive ratios. Prints figures only; asserts nothing.

    PYTHONPATH=. python bench/bench_symbolic.py [--time-limit 2.0] [--repeat 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import sympy
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.symbolic import equivalent  # noqa: E402
from grader.symbolic.api import namespace_for, parse_expected  # noqa: E402
from grader.symbolic.budget import run_with_deadline  # noqa: E402
from grader.symbolic.equivalence import canonical  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "symbolic_corpus.yaml"


def ours(row: dict[str, Any], time_limit: float) -> bool | None:
    return equivalent(row["expected"], row["answer"], row["symbols"], row.get("functions"), time_limit=time_limit).equivalent


def naive(row: dict[str, Any], time_limit: float) -> bool | None:
    """``simplify(a - b) == 0`` elementwise (equations: on lhs - rhs), killed at the limit."""
    ns = namespace_for(row["expected"], row["symbols"], row.get("functions"))
    a = canonical(parse_expected(row["expected"], ns), ns)
    b = canonical(parse_expected(row["answer"], ns), ns)

    def elements(v: Any) -> list[Any]:
        if isinstance(v, (tuple, list)):
            return list(v)
        if isinstance(v, sympy.MatrixBase):
            return list(v) + [sympy.Integer(v.rows), sympy.Integer(v.cols)]
        if isinstance(v, sympy.Equality):
            return [v.lhs - v.rhs]
        return [v]

    def work(report: Any) -> None:
        ea, eb = elements(a), elements(b)
        same = len(ea) == len(eb) and all(sympy.simplify(x - y) == 0 for x, y in zip(ea, eb))
        report({"equivalent": bool(same)})

    outcome = run_with_deadline(work, time_limit)
    return outcome.last["equivalent"] if outcome.last else None  # None: timed out


def measure(check: Any, rows: list[dict[str, Any]], time_limit: float) -> dict[str, Any]:
    """Accuracy, wrong accepts, undecided, per-class accuracy and wall times (parsing, fork
    and kill included) of ``check`` over ``rows``."""
    times, correct, slowest = [], 0, (0.0, None)
    wrong_accepts, undecided = 0, 0
    by_class: dict[str, list[int]] = {}
    for row in rows:
        start = time.monotonic()
        got = check(row, time_limit)
        elapsed = time.monotonic() - start
        times.append(elapsed)
        right = got is row["equivalent"]
        correct += right
        wrong_accepts += got is True and not row["equivalent"]
        undecided += got is None
        tally = by_class.setdefault(row.get("class", "original"), [0, 0])
        tally[0] += right
        tally[1] += 1
        if elapsed > slowest[0]:
            slowest = (elapsed, row)
    times.sort()
    return {
        "accuracy": correct / len(rows),
        "wrong_accepts": wrong_accepts,
        "undecided": undecided,
        "by_class": by_class,
        "median": statistics.median(times),
        "p99": times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))],
        "slowest": slowest,
        "over_limit": sum(t > time_limit for t in times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=2.0)
    args = parser.parse_args()
    rows = yaml.safe_load(CORPUS.read_text())
    print(f"corpus: {len(rows)} pairs ({sum(r['equivalent'] for r in rows)} equivalent), time limit {args.time_limit:g} s per check")
    results = {"ours": measure(ours, rows, args.time_limit), "naive simplify": measure(naive, rows, args.time_limit)}
    print(f"{'':16}{'accuracy':>10}{'wrong acc':>10}{'undecided':>10}{'median ms':>11}{'p99 ms':>9}{'max ms':>9}{'> limit':>9}")
    for name, r in results.items():
        print(
            f"{name:16}{r['accuracy']:>10.1%}{r['wrong_accepts']:>10}{r['undecided']:>10}{r['median'] * 1e3:>11.1f}"
            f"{r['p99'] * 1e3:>9.1f}{r['slowest'][0] * 1e3:>9.1f}{r['over_limit']:>9}"
        )
    for name, r in results.items():
        classes = ", ".join(f"{c} {ok}/{n}" for c, (ok, n) in sorted(r["by_class"].items()))
        print(f"by class ({name}): {classes}")
    for name, r in results.items():
        t, row = r["slowest"]
        print(f"slowest ({name}): {t * 1e3:.0f} ms  {row['expected']!r} vs {row['answer']!r}  [{row['note']}]")
    o, n = results["ours"], results["naive simplify"]
    print(
        f"ratios ours/naive: median {o['median'] / n['median']:.2f}x, p99 {o['p99'] / n['p99']:.2f}x, "
        f"errors {(1 - o['accuracy']) * len(rows):.0f} vs {(1 - n['accuracy']) * len(rows):.0f}"
    )
    print(f"targets: accuracy >= 99 %: {o['accuracy']:.1%}; wrong accepts 0: {o['wrong_accepts']}; checks past the limit 0: {o['over_limit']}")


if __name__ == "__main__":
    main()
