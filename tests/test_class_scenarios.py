"""Problems whose target is a class: construct, set attributes, call methods, read attributes; each step a part."""

from __future__ import annotations

import json

from conftest import REPO, make_assignment, run_cli, write_module

LINEAR = """
id: Linear
points: 4
scenario:
  - new: [in_features, out_features]
  - set: {W: W, b: b}
  - call: forward
    args: [x]
  - call: backward
    args: [grad_out]
    part: dx
  - get: dW
  - get: db
options: {rtol: 1e-5, atol: 1e-8}
cases:
  - name: example
    inputs:
      in_features: 3
      out_features: 2
      W: [[1, 2, 3], [4, 5, 6]]
      b: [0.5, -0.5]
      x: [[1, 0, -1], [2, 1, 0]]
      grad_out: [[1, 2], [3, -1]]
    expected:
      forward: [[-1.5, -2.5], [4.5, 12.5]]
      dx: [[9, 12, 15], [-1, 1, 3]]
      dW: [[7, 3, -1], [0, -1, -2]]
      db: [4, 1]
"""
RIGHT = (REPO / "tests" / "fixtures" / "linear_layer.py").read_text()


def grade(tmp_path, source):
    make_assignment(tmp_path, {"linear.yaml": LINEAR})
    write_module(tmp_path / "sub.py", source)
    proc = run_cli("sub.py", "-f", "json", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return proc, json.loads(proc.stdout)["problems"][0]


def test_a_right_class_earns_every_part(tmp_path):
    proc, p = grade(tmp_path, RIGHT)
    assert proc.returncode == 0, p
    assert p["score"] == 4
    assert set(p["cases"][0]["observed"]) == {"forward", "dx", "dW", "db"}


def test_dw_transposed_costs_its_quarter_and_is_called_the_transpose(tmp_path):
    _, p = grade(tmp_path, RIGHT.replace("self.dW = grad_out.T @ self.x", "self.dW = self.x.T @ grad_out"))
    assert p["score"] == 3
    case = p["cases"][0]
    assert case["message"].startswith("forward, dx and db are right; dW is wrong: expected shape (2, 3), got shape (3, 2)")
    assert "transpose" in case["message"]


def test_a_method_that_raises_keeps_the_parts_before_it_and_names_the_step(tmp_path):
    _, p = grade(tmp_path, RIGHT.replace("self.dW = grad_out.T @ self.x", "raise NotImplementedError('backward')"))
    assert p["score"] == 1
    case = p["cases"][0]
    assert case["message"] == ("forward is right; dx, dW and db not reached: "
                               "backward(grad_out) raised NotImplementedError: backward")
    assert "line" in case["details"]["error"]["traceback"]


def test_a_missing_class_is_reported_as_missing(tmp_path):
    _, p = grade(tmp_path, "x = 1\n")
    assert p["score"] == 0 and "does not define `Linear`" in p["messages"][0]


def test_a_scenario_that_does_not_start_by_constructing_is_a_file_error(tmp_path):
    make_assignment(tmp_path, {"linear.yaml": LINEAR.replace("  - new: [in_features, out_features]\n", "")})
    write_module(tmp_path / "sub.py", RIGHT)
    proc = run_cli("check", tmp_path / "assignments" / "hw", cwd=tmp_path)
    assert "linear.yaml:4:5: a scenario starts by constructing the class: `new: [arguments]`" in proc.stdout


def test_a_step_naming_an_unknown_input_is_a_file_error(tmp_path):
    make_assignment(tmp_path, {"linear.yaml": LINEAR.replace("args: [x]", "args: [xx]")})
    proc = run_cli("check", tmp_path / "assignments" / "hw", cwd=tmp_path)
    assert "'xx' is not an input of the cases" in proc.stdout


GENERATED = LINEAR + """answers: solution
generate:
  - count: 3
    params:
      batch: {integers: [1, 4]}
      n_in: {integers: [1, 3]}
      n_out: {integers: [4, 6]}
    inputs:
      in_features: {param: n_in}
      out_features: {param: n_out}
      W: {array: {shape: [n_out, n_in]}}
      b: {array: {shape: [n_out]}}
      x: {array: {shape: [batch, n_in]}}
      grad_out: {array: {shape: [batch, n_out]}}
"""


def test_generated_cases_take_each_part_from_the_reference_class(tmp_path):
    folder = make_assignment(tmp_path, {"linear.yaml": GENERATED}, header="solution: solution.py\n")
    (folder / "solution.py").write_text(RIGHT)
    proc = run_cli("check", folder, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    write_module(tmp_path / "sub.py", RIGHT.replace("self.dW = grad_out.T @ self.x", "self.dW = self.x.T @ grad_out"))
    data = json.loads(run_cli("sub.py", "-f", "json", cwd=tmp_path).stdout)
    cases = data["problems"][0]["cases"]
    assert len(cases) == 4 and all(c["score"] == 0.75 for c in cases), [c["message"] for c in cases]


def test_a_reference_class_whose_step_raises_is_the_instructors_error(tmp_path):
    folder = make_assignment(tmp_path, {"linear.yaml": GENERATED}, header="solution: solution.py\n")
    (folder / "solution.py").write_text(RIGHT.replace("self.db = grad_out.sum(axis=0)", "raise RuntimeError('ref bug')"))
    write_module(tmp_path / "sub.py", RIGHT)
    data = json.loads(run_cli("sub.py", "-f", "json", cwd=tmp_path).stdout)
    message = " ".join(data["problems"][0]["messages"])
    assert "instructor error" in message and "backward(grad_out) raised RuntimeError: ref bug" in message


def test_a_scenario_with_properties_is_a_file_error(tmp_path):
    make_assignment(tmp_path, {"linear.yaml": LINEAR + "properties:\n  - finite: true\n"})
    proc = run_cli("check", tmp_path / "assignments" / "hw", cwd=tmp_path)
    assert "`properties` and `check` judge a function's answer, not a scenario" in proc.stdout
