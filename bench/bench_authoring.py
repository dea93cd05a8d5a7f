"""What answers from the reference cost: `grade solutions/dl_layers.py` with the reference's
answers cached, against `python -c "import numpy"`, and the extra cost of a new student id (the
reference, the generator and the mistake implementations run on freshly drawn inputs).

All in one run, alternating, medians of several runs; it measures, never asserts. Whole-process
figures include the grader's start-up; the in-process figures time only grader.cases.prepare
(drawing the cases and obtaining every instructor answer), cached and for a new id. Run from the
repository root:

    python bench/bench_authoring.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from timing import timed  # noqa: E402 - bench/ is on sys.path when a bench runs
NOT_SYMBOLIC = ["conv1d_same", "conv1d_same_backward", "relu_backward", "softmax", "Linear", "init_weights",
                "momentum_step", "tsne_grad", "train_logreg"]



def in_process(runs: int) -> tuple[float, float]:
    """Median seconds of prepare() with a warm cache, and for a new student id."""
    sys.path.insert(0, str(ROOT))
    from grader.cases import prepare
    from grader.sandbox.session import Sandbox
    from grader.spec import load_assignment
    from grader.trusted import TrustedCode

    assignment = load_assignment(ROOT / "assignments" / "dl-layers")
    warm, fresh = [], []
    with Sandbox() as sandbox:
        trusted = TrustedCode(sandbox)
        prepare(assignment, "bench", trusted)  # fill the cache for this id
        for _ in range(runs):
            t = time.perf_counter()
            prepare(assignment, "bench", trusted)
            warm.append(time.perf_counter() - t)
            trusted.close()  # a new id also pays for starting the instructor children
            t = time.perf_counter()
            prepare(assignment, f"new-{uuid.uuid4().hex}", trusted)
            fresh.append(time.perf_counter() - t)
            trusted.close()
    return statistics.median(warm), statistics.median(fresh)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "grader")], check=True, stdout=subprocess.DEVNULL)
    cache = tempfile.mkdtemp(prefix="grader-bench-cache-")
    env = {**os.environ, "GRADER_CACHE_DIR": cache, "PYTHONPATH": str(ROOT)}
    grade = [py, "-m", "grader", "solutions/dl_layers.py", "-q"]
    timed(grade, env)  # fill the cache for the default id
    numeric = grade + [a for p in NOT_SYMBOLIC for a in ("-p", p)]
    timed(numeric, env)
    rows: dict[str, list[float]] = {"python -c 'import numpy' (baseline)": [],
                                    "grade solutions/dl_layers.py, answers cached": [],
                                    "  the same printing the text report (no -q)": [],
                                    "  the same without the symbolic problem (no SymPy import)": [],
                                    "grade solutions/dl_layers.py --student NEW (answers computed)": []}
    for _ in range(args.runs):
        rows["python -c 'import numpy' (baseline)"].append(timed([py, "-c", "import numpy"], env))
        rows["grade solutions/dl_layers.py, answers cached"].append(timed(grade, env))
        rows["  the same printing the text report (no -q)"].append(timed(grade[:-1], env))
        rows["  the same without the symbolic problem (no SymPy import)"].append(timed(numeric, env))
        rows["grade solutions/dl_layers.py --student NEW (answers computed)"].append(
            timed(grade + ["--student", f"new-{uuid.uuid4().hex}"], env))
    base = statistics.median(rows["python -c 'import numpy' (baseline)"])
    print(f"{'':64s} {'median':>8s} {'ratio':>6s}")
    for name, values in rows.items():
        m = statistics.median(values)
        print(f"{name:64s} {m * 1000:6.0f} ms {m / base:5.2f}x")
    cached = statistics.median(rows["grade solutions/dl_layers.py, answers cached"])
    fresh = statistics.median(rows["grade solutions/dl_layers.py --student NEW (answers computed)"])
    print(f"extra cost of a new student id, whole process: {1000 * (fresh - cached):.0f} ms")
    warm, new = in_process(args.runs)
    print(f"grader.cases.prepare in process: cached {1000 * warm:.0f} ms, new id {1000 * new:.0f} ms "
          f"(extra {1000 * (new - warm):.0f} ms: reference, generator and mistake children started and called)")


if __name__ == "__main__":
    main()
