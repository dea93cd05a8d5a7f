"""dl-layers' feedback built on properties, custom checks and scenarios, on submissions a student would write."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, run_cli

SOLUTION = (REPO / "solutions" / "dl_layers.py").read_text()
ASSIGNMENT = REPO / "assignments" / "dl-layers"


def grade(tmp_path, source: str, problem: str) -> dict:
    sub = tmp_path / "submission.py"
    sub.write_text(source)
    proc = run_cli(sub, "--assignment", ASSIGNMENT, "-p", problem, "-f", "json", "--show-hidden")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["problems"][0]


def replaced(old: str, new: str) -> str:
    assert old in SOLUTION
    return SOLUTION.replace(old, new)


def test_a_flipped_forward_with_its_own_consistent_backward_is_told_the_forward_is_wrong(tmp_path):
    source = replaced("    w = np.asarray(w, dtype=float)\n    pad = (len(w) - 1) // 2\n    xpad = np.concatenate([np.zeros(pad), x, np.zeros(pad)])\n    return",
                      "    w = np.asarray(w, dtype=float)[::-1]\n    pad = (len(w) - 1) // 2\n    xpad = np.concatenate([np.zeros(pad), x, np.zeros(pad)])\n    return")
    source = source.replace("    w = np.asarray(w, dtype=float)\n    g = np.asarray(grad_out, dtype=float)",
                            "    w = np.asarray(w, dtype=float)[::-1]\n    g = np.asarray(grad_out, dtype=float)")
    source = source.replace("return dxpad[pad:pad + N], dw", "return dxpad[pad:pad + N], dw[::-1]")
    p = grade(tmp_path, source, "conv1d_same_backward")
    wrong = [c for c in p["cases"] if c["status"] != "passed"]
    assert wrong and all(any("the forward is wrong" in f for f in c["feedback"]) for c in wrong)


def test_a_backward_that_disagrees_with_the_right_forward_is_told_so(tmp_path):
    source = replaced("dxpad[i:i + K] += g[i] * w", "dxpad[i:i + K] += g[i] * w[::-1]")
    p = grade(tmp_path, source, "conv1d_same_backward")
    wrong = [c for c in p["cases"] if c["status"] != "passed"]
    assert wrong
    assert all(any("does not match your own forward: dx differs" in f for f in c["feedback"]) for c in wrong)
    assert all(c["score"] == 0.5 for c in wrong)  # dw is right: half of each case


def test_softmax_without_the_max_is_told_it_is_not_finite_for_large_inputs(tmp_path):
    p = grade(tmp_path, replaced("e = np.exp(z - z.max(axis=-1, keepdims=True))", "e = np.exp(z)"), "softmax")
    large = next(c for c in p["cases"] if c["name"].startswith("large inputs"))
    assert large["status"] == "failed"
    assert "finite (for large inputs too)" in large["feedback"][0]
    assert "rows sum to 1" in large["feedback"][0]


def test_softmax_over_the_wrong_axis_is_told_rows_do_not_sum_to_1(tmp_path):
    source = replaced("return e / e.sum(axis=-1, keepdims=True)\n\n\ndef init_weights", "return e / e.sum(axis=0, keepdims=True)\n\n\ndef init_weights")
    p = grade(tmp_path, source, "softmax")
    batch = next(c for c in p["cases"] if c["name"].startswith("random batch") and c["status"] == "failed")
    assert batch["feedback"][0].startswith("Your answer fails this property: rows sum to 1")


def test_linear_with_dw_transposed_loses_a_quarter_and_is_told_it_is_the_transpose(tmp_path):
    p = grade(tmp_path, replaced("self.dW = g.T @ self._x", "self.dW = self._x.T @ g"), "Linear")
    assert p["score"] == pytest.approx(3.0)
    assert all("dW is wrong" in c["message"] and "transposed" in c["message"] for c in p["cases"])


@pytest.mark.parametrize("old,new,named", [
    ("np.random.default_rng(seed).uniform(-a, a, size=(fan_out, fan_in))", "np.random.default_rng(seed).normal(0, a, size=(fan_out, fan_in))",
     "variance within 10 % of a²/3"),
    ("np.random.default_rng(seed).uniform(", "np.random.default_rng().uniform(", "the same seed gives the same array"),
    ("np.random.default_rng(seed).uniform(", "np.random.default_rng(0).uniform(", "a different seed gives a different array"),
])
def test_init_weights_that_is_not_glorot_uniform_fails_a_named_property(tmp_path, old, new, named):
    p = grade(tmp_path, replaced(old, new), "init_weights")
    assert p["status"] != "passed"
    assert any(named in c["message"] for c in p["cases"])
