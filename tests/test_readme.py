"""The README's YAML examples are real: they load, and the reference solution passes them."""

from __future__ import annotations

import re
import shutil

from conftest import REPO, run_cli


def _yaml_blocks() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return {b.splitlines()[0]: b for b in blocks}


def test_readme_assignment_and_problem_examples_pass_grade_check(tmp_path):
    blocks = _yaml_blocks()
    head = blocks["# assignments/dl-conv/assignment.yaml"]
    problem = blocks["# assignments/dl-conv/conv2d_input_grad.yaml"]
    value = blocks["id: SOFTMAX_DIAG"]
    derivative = blocks["# assignments/dl-conv/DF_DX.yaml"]
    complexity = blocks["# assignments/dl-conv/COMPLEXITY_SEPARABLE.yaml"]
    folder = tmp_path / "assignments" / "example"
    folder.mkdir(parents=True)
    head = head.replace("  - conv2d.yaml\n  - DF_DX.yaml\n", "  - grad.yaml\n  - diag.yaml\n  - df.yaml\n  - big_o.yaml\n")
    (folder / "assignment.yaml").write_text(head.replace("../../solutions/dl_conv.py", "solution.py"))
    (folder / "grad.yaml").write_text(problem)
    (folder / "diag.yaml").write_text(value)
    (folder / "df.yaml").write_text(derivative)
    (folder / "big_o.yaml").write_text(complexity)
    shutil.copy(REPO / "solutions" / "dl_conv.py", folder / "solution.py")
    proc = run_cli("check", folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "earns full marks" in proc.stdout


SOLUTION_LAYERS = '''
import numpy as np

def init_weights(fan_in, fan_out, seed):
    a = np.sqrt(6 / (fan_in + fan_out))
    return np.random.default_rng(seed).uniform(-a, a, (fan_out, fan_in))

def softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)

def conv1d_same(x, w):
    k = (len(w) - 1) // 2
    xp = np.pad(np.asarray(x, float), k)
    return np.array([np.dot(w, xp[i:i + len(w)]) for i in range(len(x))])

def conv1d_same_backward(x, w, grad_out):
    k = (len(w) - 1) // 2
    gp = np.pad(np.asarray(grad_out, float), k)
    dx = np.array([np.dot(w[::-1], gp[i:i + len(w)]) for i in range(len(x))])
    xp = np.pad(np.asarray(x, float), k)
    dw = np.array([np.dot(grad_out, xp[j:j + len(x)]) for j in range(len(w))])
    return dx, dw

'''
BACKWARD = '''
id: conv1d_same_backward
args: [x, w, grad_out]
compare: numeric
cases:
  - inputs: {x: [1, 2, 3], w: [1, 0, -1], grad_out: [1, 1, 1]}
    expected: [[1, 0, -1], [3, 6, 5]]   # (dx, dw); equal lengths here, so one 2x3 array
explain:
  - check: checks.py:matches_own_forward
'''


def test_readme_property_check_and_scenario_examples_pass_grade_check_and_explain(tmp_path):
    blocks = _yaml_blocks()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    checks = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if b.startswith("# assignments/dl-layers/checks.py"))
    files = {"init_weights.yaml": blocks["# assignments/dl-layers/init_weights.yaml"],
             "softmax.yaml": blocks["# assignments/dl-layers/softmax.yaml"],
             "Linear.yaml": blocks["# assignments/dl-layers/Linear.yaml"],
             "backward.yaml": BACKWARD}
    folder = tmp_path / "assignments" / "layers"
    folder.mkdir(parents=True)
    listing = "".join(f"  - {f}\n" for f in files)
    (folder / "assignment.yaml").write_text(f"title: Layers\nsolution: solution.py\nproblems:\n{listing}")
    for name, body in files.items():
        (folder / name).write_text(body)
    (folder / "checks.py").write_text(checks)
    (folder / "solution.py").write_text(SOLUTION_LAYERS + (REPO / "tests" / "fixtures" / "linear_layer.py").read_text())
    proc = run_cli("check", folder)
    assert "earns full marks" in proc.stdout, proc.stdout + proc.stderr
    wrong = SOLUTION_LAYERS.replace("np.dot(w, xp[i:i + len(w)])", "np.dot(w[::-1], xp[i:i + len(w)])").replace(
        "e = np.exp(z - np.max(z, axis=-1, keepdims=True))", "e = np.exp(z)")
    (tmp_path / "wrong.py").write_text(wrong)
    proc = run_cli(tmp_path / "wrong.py", "--assignment", folder, "-f", "json")
    import json

    problems = {p["id"]: p for p in json.loads(proc.stdout)["problems"]}
    assert problems["softmax"]["cases"][0]["feedback"][0].startswith("Your answer fails these properties: rows sum to 1")
    assert problems["conv1d_same_backward"]["status"] == "passed"  # the backward is right; only the forward is wrong


def test_readme_authoring_examples_are_the_shipped_dl_layers_files_and_pass_grade_check(tmp_path):
    blocks = _yaml_blocks()
    text = (REPO / "README.md").read_text(encoding="utf-8")
    python = {b.splitlines()[0]: b for b in re.findall(r"```python\n(.*?)```", text, re.S)}
    shipped = REPO / "assignments" / "dl-layers"
    files = {}
    for name in ("conv1d_same.yaml", "tsne_grad.yaml", "momentum_step.yaml", "train_logreg.yaml"):
        block = blocks[f"# assignments/dl-layers/{name}"]
        body = block.split("\n", 1)[1]
        assert body == (shipped / name).read_text(), f"README's {name} differs from the shipped file"
        files[name] = block
    gen = python["# assignments/dl-layers/gen.py"].split("\n", 1)[1]
    assert gen == (shipped / "gen.py").read_text()
    mistake = python["# solutions/dl_layers_mistakes.py"]
    assert "def momentum_other_convention" in mistake
    folder = tmp_path / "assignments" / "layers"
    (folder / "data").mkdir(parents=True)
    listing = "".join(f"  - {f}\n" for f in files)
    (folder / "assignment.yaml").write_text(
        "title: Layers\nsolution: solution.py\ndefaults:\n  options:\n    numeric: {rtol: 1.0e-5, atol: 1.0e-5, scaled_atol: 1.0e-5}\n"
        f"problems:\n{listing}")
    for name, body in files.items():
        (folder / name).write_text(body)
    (folder / "gen.py").write_text(gen)
    shutil.copy(shipped / "data" / "logreg.npz", folder / "data" / "logreg.npz")
    shutil.copy(REPO / "solutions" / "dl_layers.py", folder / "solution.py")
    shutil.copy(REPO / "solutions" / "dl_layers_mistakes.py", folder / "dl_layers_mistakes.py")
    proc = run_cli("check", folder, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "earns full marks (5/5)" in proc.stdout
