"""What loading hostile problem files costs, against loading the shipped assignment dl-conv.

Run: ``python bench/bench_spec_load.py``.

Each input is loaded by ``load_assignment`` in a fresh interpreter (numpy and the grader imported
first, not counted); the script prints the wall-clock seconds and the peak memory above that
start, and their ratio to loading dl-conv (22 problem files) measured in the same run. Hostile
inputs are about 1 MiB each: an alias bomb, nesting, many small values, many cases, a long string,
many keys, and feedback templates that loop or build huge strings. Measures; asserts nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ONE_MIB = 1024 * 1024

PROBE = """
import json, resource, sys, time
import numpy
from grader.spec import load_assignment
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
a = load_assignment(sys.argv[1])
seconds = time.perf_counter() - t
peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(json.dumps({"seconds": seconds, "mib": peak, "broken": len(a.broken)}))
"""


def laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join(lines) + "\n"


INPUTS = {
    "alias bomb (9**9 strings)": "id: p\nexpected: 1\n" + laughs(),
    "1 MiB of [[[...]]]": "id: p\nexpected: " + "[" * (ONE_MIB // 2) + "]" * (ONE_MIB // 2) + "\n",
    "1 MiB of small numbers": "id: p\nexpected: [" + ",".join(["0"] * (ONE_MIB // 2 - 16)) + "]\n",
    "1 MiB of cases": "id: p\nargs: [x]\ncases:\n" + "".join(f"  - {{inputs: {{x: {i}}}, expected: {i}}}\n" for i in range(ONE_MIB // 42)),
    "1 MiB string": "id: p\nexpected: 1\ntitle: " + "x" * ONE_MIB + "\n",
    "1 MiB of keys": "id: p\nexpected: 1\nx: {" + ",".join(f"k{i}: 1" for i in range(ONE_MIB // 10)) + "}\n",
    "looping template": 'id: p\nexpected: 1\nfeedback:\n  fail: "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"\n',
    "1 GB string template": "id: p\nexpected: 1\nfeedback:\n  fail: \"{{ 'x' * 1000000000 }}\"\n",
}


def measure(folder: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def main() -> None:
    root = Path(tempfile.mkdtemp())
    try:
        baseline = measure(REPO / "assignments" / "dl-conv")
        print(f"{'input':28s} {'seconds':>8s} {'x dl-conv':>10s} {'peak MiB':>9s} {'x dl-conv':>10s}  result")
        print(f"{'dl-conv (baseline)':28s} {baseline['seconds']:8.3f} {1:10.1f} {baseline['mib']:9.1f} {1:10.1f}  {baseline['broken']} broken")
        for i, (name, text) in enumerate(INPUTS.items()):
            folder = root / f"a{i}"
            folder.mkdir()
            (folder / "assignment.yaml").write_text("title: t\nproblems: [p.yaml]\n")
            (folder / "p.yaml").write_text(text)
            r = measure(folder)
            mib_ratio = r["mib"] / baseline["mib"] if baseline["mib"] > 0 else float("nan")
            print(f"{name:28s} {r['seconds']:8.3f} {r['seconds'] / baseline['seconds']:10.1f} {r['mib']:9.1f} {mib_ratio:10.1f}  "
                  f"{'rejected' if r['broken'] else 'loaded'}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
