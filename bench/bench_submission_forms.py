"""Whole-process time of grading the reference as a module, as a notebook, and as a torch submission,
each against `python -c "import numpy"` measured in the same run (alternating, medians).

The notebook is the reference's source split into one code cell per top-level definition, with a
Markdown cell and a `%matplotlib inline` line between them, as a student hands it in. The torch
submission is the reference with every array result returned as a `torch.Tensor`; torch's own
import is measured on its own (`python -c "import torch"`): it is the student's cost, not the
grader's. The assignment is dl-layers when it exists, else dl-conv. Run from the repository root:

    python bench/bench_submission_forms.py [--runs 7]
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from timing import timed  # noqa: E402 - bench/ is on sys.path when a bench runs

TORCH_WRAPPER = '''{source}

import functools as _functools
import numpy as _np
import torch as _torch

def _to_torch(value):
    if isinstance(value, _np.ndarray) and value.dtype.kind in "fiub":
        return _torch.from_numpy(_np.ascontiguousarray(value))
    if isinstance(value, tuple):
        return tuple(_to_torch(v) for v in value)
    return value

def _wrap(fn):
    @_functools.wraps(fn)
    def wrapped(*args, **kwargs):
        return _to_torch(fn(*args, **kwargs))
    return wrapped

for _name, _value in list(globals().items()):
    if callable(_value) and not _name.startswith("_") and getattr(_value, "__module__", None) == __name__ and not isinstance(_value, type):
        globals()[_name] = _wrap(_value)
'''


def notebook_of(source: str) -> dict:
    """One code cell per top-level statement group, Markdown and a magic between them."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Homework\n"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": ["%matplotlib inline\n"]}]
    starts = [n.lineno - 1 - len(getattr(n, "decorator_list", [])) for n in tree.body] + [len(lines)]
    for a, b in zip(starts, starts[1:]):
        cells.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": lines[a:b]})
        cells.append({"cell_type": "markdown", "metadata": {}, "source": ["Next part.\n"]})
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}



def score(cmd: list[str]) -> str:
    proc = subprocess.run(cmd + ["-f", "json", "-q"], cwd=ROOT, capture_output=True, text=True)
    data = json.loads(proc.stdout)
    return f"{data['total']:g}/{data['max_total']:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    py = sys.executable
    name = "dl-layers" if (ROOT / "assignments" / "dl-layers").is_dir() else "dl-conv"
    solution = ROOT / "solutions" / f"{name.replace('-', '_')}.py"
    assignment = str(ROOT / "assignments" / name)
    subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "grader")], check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as tmp:
        nb = Path(tmp) / f"{solution.stem}.ipynb"
        nb.write_text(json.dumps(notebook_of(solution.read_text())))
        commands = {
            "python -c 'import numpy' (baseline)": ([py, "-c", "import numpy"], (0,)),
            f"grade {solution.name} (module)": ([py, "-m", "grader", str(solution), "-a", assignment, "-q"], (0,)),
            f"grade {nb.name} (notebook)": ([py, "-m", "grader", str(nb), "-a", assignment, "-q"], (0,)),
        }
        try:
            import torch  # noqa: F401
        except ImportError:
            print("torch is not installed: the torch submission is left out (pip install torch==2.13.0)")
        else:
            tsub = Path(tmp) / f"{solution.stem}_torch.py"
            tsub.write_text(TORCH_WRAPPER.format(source=solution.read_text()))
            commands["python -c 'import torch' (the student's cost)"] = ([py, "-c", "import torch"], (0,))
            commands[f"grade {tsub.name} (returns torch tensors)"] = ([py, "-m", "grader", str(tsub), "-a", assignment, "-q"], (0, 1))
        for cmd, ok in commands.values():  # warm the page cache and bytecode
            timed(cmd, ok=ok)
        samples: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for k, (cmd, ok) in commands.items():
                samples[k].append(timed(cmd, ok=ok))
        base = statistics.median(samples["python -c 'import numpy' (baseline)"])
        print(f"assignment {name}, {args.runs} runs each, medians")
        print(f"{'command':58s} {'median':>9s} {'ratio':>7s}  score")
        for k, times in samples.items():
            cmd, _ = commands[k]
            shown = score(cmd[:-1]) if "grader" in cmd else ""
            print(f"{k:58s} {statistics.median(times) * 1000:7.0f}ms {statistics.median(times) / base:6.2f}x  {shown}")
        if "python -c 'import torch' (the student's cost)" in samples:
            med = {k: statistics.median(v) for k, v in samples.items()}
            torch_extra = med["python -c 'import torch' (the student's cost)"] - base
            module = next(v for k, v in med.items() if k.endswith("(module)"))
            tensors = next(v for k, v in med.items() if "torch tensors" in k)
            print(f"\ntorch submission over the module: {(tensors - module) * 1000:.0f} ms; "
                  f"torch's own import costs {torch_extra * 1000:.0f} ms beyond numpy's (the student's cost)")

if __name__ == "__main__":
    main()
