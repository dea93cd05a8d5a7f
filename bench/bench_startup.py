"""Whole-process time of `grade solutions/dl_conv.py` against `python -c "import numpy"`.

Both are measured in the same run, alternating, several times each; the
figures are medians, and the ratio is what the core issue bounds (<= 2.5 on
the numeric problems). The grader's bytecode is compiled first, as an
installed copy has it. Run from the repository root:

    python bench/bench_startup.py [--runs 11]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NUMERIC = [
    "conv_output_size", "conv2d", "conv2d_input_grad", "max_pool2d", "avg_pool2d", "lp_pool2d",
    "prewitt_magnitude", "chain_rule_grad", "softmax", "softmax_jacobian", "cnn_table", "is_separable",
    "support_size", "top_k_error", "softmax_regression_grad",
]


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    py = sys.executable
    # measure an installed copy as users run it: with bytecode compiled (pip does this on install;
    # machines that set PYTHONDONTWRITEBYTECODE would otherwise recompile the grader on every run)
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "grader")], check=True, stdout=subprocess.DEVNULL)
    commands = {
        "python -c 'import numpy' (baseline)": [py, "-c", "import numpy"],
        "grade solutions/dl_conv.py, numeric problems": [py, "-m", "grader", "solutions/dl_conv.py"] + [a for p in NUMERIC for a in ("-p", p)],
        "grade solutions/dl_conv.py -f json, numeric problems": [py, "-m", "grader", "solutions/dl_conv.py", "-f", "json"] + [a for p in NUMERIC for a in ("-p", p)],
        "grade solutions/dl_conv.py, all problems (symbolic too)": [py, "-m", "grader", "solutions/dl_conv.py"],
    }
    for cmd in commands.values():  # warm the page cache and bytecode
        timed(cmd)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(timed(cmd))
    base = statistics.median(samples["python -c 'import numpy' (baseline)"])
    print(f"{'command':58s} {'median':>9s} {'min':>9s} {'ratio':>7s}")
    for name, times in samples.items():
        med = statistics.median(times)
        print(f"{name:58s} {med * 1000:7.0f}ms {min(times) * 1000:7.0f}ms {med / base:6.2f}x")
    print(f"\nnumeric problems: ratio {statistics.median(samples[list(commands)[1]]) / base:.2f} (target <= 2.5), runs={args.runs}")


if __name__ == "__main__":
    main()
