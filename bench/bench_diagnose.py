"""What diagnosing a wrong numeric answer costs, against comparing it without a diagnosis.

Run: ``python bench/bench_diagnose.py [N]`` (N repetitions per measurement, default 50).

For wrong answers of several sizes (a random wrong array, which no transformation explains, so
every candidate is tried: the worst case; and a transposed one, found first), it times
``numeric.compare`` with ``diagnose: true`` and with ``diagnose: false`` in the same run and prints
milliseconds and the ratio. Then it times ``grade check``'s proofs (mutants, stubs, lint) of every
dl-conv problem against grading the reference solution once. Measures; asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from grader.compare.numeric import compare  # noqa: E402
from grader.spec.options import resolve  # noqa: E402


def best_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return 1000 * statistics.median(times)


def main(n: int) -> None:
    on = resolve("numeric", {"rtol": 1e-5, "atol": 1e-8, "scaled_atol": 1e-5})
    off = {**on, "diagnose": False}
    rng = np.random.default_rng(0)
    print(f"{'answer':<32}{'no diagnosis ms':>16}{'diagnosis ms':>14}{'ratio':>8}")
    for shape in [(3, 3), (20, 20), (64, 64), (300, 300)]:
        exp = rng.normal(size=shape)
        for label, obs in (("random wrong", rng.normal(size=shape)), ("transposed", exp.T.copy())):
            base = best_ms(lambda: compare(exp, obs, off), n)
            diag = best_ms(lambda: compare(exp, obs, on), n)
            print(f"{label + ' ' + 'x'.join(map(str, shape)):<32}{base:>16.3f}{diag:>14.3f}{diag / base:>8.1f}")

    from grader.checking.prove import prove_problem
    from grader.grade import grade
    from grader.sandbox.session import Sandbox
    from grader.spec import load_assignment

    assignment = load_assignment(REPO / "assignments" / "dl-conv")
    with Sandbox() as sandbox:
        t = time.perf_counter()
        result = grade(assignment, REPO / "solutions" / "dl_conv.py", sandbox)
        graded = time.perf_counter() - t
    t = time.perf_counter()
    by_id = {p.id: p for p in result.problems}
    for spec in assignment.problems:
        prove_problem(spec, by_id[spec.id])
    proved = time.perf_counter() - t
    print(f"\ndl-conv: grading the reference {1000 * graded:.0f} ms; proving all {len(assignment.problems)} problems "
          f"{1000 * proved:.0f} ms (ratio {proved / graded:.2f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
