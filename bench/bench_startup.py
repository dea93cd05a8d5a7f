"""Whole-process time of `grade solutions/dl_conv.py` against `python -c "import numpy, sympy"`.

Measured in the same run, alternating command by command, several times each; the figures
are medians and the ratios are against the baseline's median. Rows:

- cold: all 22 problems with an empty symbolic verdict cache (a fresh folder every run);
- warm: all 22 problems again with the cache filled by an earlier run (a student rerunning
  the same answers: no SymPy import in the grader's process);
- --no-cache: all 22 problems with the cache off;
- the numeric problems only (no symbolic comparison at all).

The target (issue 7, section 5) is <= 1.6x for all 22 problems. The grader's bytecode is
compiled first, as an installed copy has it (these machines set PYTHONDONTWRITEBYTECODE=1,
which would otherwise make every run recompile the grader). Run from the repository root:

    python bench/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from timing import timed  # noqa: E402 - bench/ is on sys.path when a bench runs
NUMERIC = [
    "conv_output_size", "conv2d", "conv2d_input_grad", "max_pool2d", "avg_pool2d", "lp_pool2d",
    "prewitt_magnitude", "chain_rule_grad", "softmax", "softmax_jacobian", "cnn_table", "is_separable",
    "support_size", "top_k_error", "softmax_regression_grad",
]
BASELINE = "python -c 'import numpy, sympy' (baseline)"



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    py = sys.executable
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "grader")], check=True, stdout=subprocess.DEVNULL)
    scratch = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    warm_dir = scratch / "warm"
    grade = [py, "-m", "grader", "solutions/dl_conv.py"]
    base_env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def env_with_cache(folder: Path) -> dict[str, str]:
        return {**base_env, "GRADER_CACHE_DIR": str(folder)}

    def cold_env() -> dict[str, str]:
        folder = Path(tempfile.mkdtemp(dir=scratch, prefix="cold-"))
        return env_with_cache(folder)

    commands = {
        BASELINE: ([py, "-c", "import numpy, sympy"], lambda: base_env),
        "grade dl_conv.py, 22 problems, cold cache": (grade, cold_env),
        "grade dl_conv.py, 22 problems, warm cache": (grade, lambda: env_with_cache(warm_dir)),
        "grade dl_conv.py, 22 problems, --no-cache": (grade + ["--no-cache"], lambda: base_env),
        "grade dl_conv.py, numeric problems only": (grade + [a for p in NUMERIC for a in ("-p", p)], lambda: base_env),
    }
    try:
        for cmd, env in commands.values():  # warm the page cache and fill the warm cache
            timed(cmd, env())
        timed(grade, env_with_cache(warm_dir))
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, env) in commands.items():
                samples[name].append(timed(cmd, env()))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    base = statistics.median(samples[BASELINE])
    print(f"{'command':52s} {'median':>9s} {'min':>9s} {'ratio':>7s}")
    for name, times in samples.items():
        med = statistics.median(times)
        print(f"{name:52s} {med * 1000:7.0f}ms {min(times) * 1000:7.0f}ms {med / base:6.2f}x")
    cold = statistics.median(samples["grade dl_conv.py, 22 problems, cold cache"]) / base
    warm = statistics.median(samples["grade dl_conv.py, 22 problems, warm cache"]) / base
    print(f"\nall 22 problems vs import numpy, sympy: cold {cold:.2f}x, warm {warm:.2f}x (target <= 1.6), runs={args.runs}")


if __name__ == "__main__":
    main()
