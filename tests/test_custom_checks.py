"""Custom checks (`check: checks.py:name`) and properties, run on the trusted side with a proxy to the student."""

from __future__ import annotations

import json
import textwrap

from conftest import make_assignment, run_cli, write_module

INIT = """
id: init_weights
args: [fan_in, fan_out, seed]
let: {a: "sqrt(6 / (fan_in + fan_out))"}
properties:
  - shape: [fan_out, fan_in]
  - range: ["-a", "a"]
    rtol: 1e-6
  - variance: "a**2 / 3"
    rtol: 0.1
    when: "fan_in * fan_out >= 2000"
  - mean: 0
    atol: "0.05 * a"
    when: "fan_in * fan_out >= 2000"
  - reproducible: true
  - differs_under: {seed: "seed + 1"}
cases:
  - inputs: {fan_in: 3, fan_out: 2, seed: 0}
  - inputs: {fan_in: 300, fan_out: 100, seed: 5}
"""
GLOROT = """
import numpy as np

def init_weights(fan_in, fan_out, seed):
    a = np.sqrt(6 / (fan_in + fan_out))
    return np.random.default_rng(seed).uniform(-a, a, (fan_out, fan_in))
"""
SOFTMAX = """
id: softmax
args: [z]
cases:
  - inputs: {z: [[1000, 1001, 1002]]}
    expected: [[0.09003057, 0.24472847, 0.66524096]]
options: {rtol: 1e-5, atol: 1e-8}
explain:
  - sums_to: 1
  - range: [0, 1]
  - unchanged_under: {z: "z - 3"}
  - finite: true
"""
BACKWARD = """
id: conv_backward
args: [x, w, g]
cases:
  - inputs: {x: [1, 2, 3, 4], w: [1, 0, -1], g: [1, 1, 1, 1]}
    expected: [1, 0, 0, -1]
explain:
  - check: checks.py:matches_own_forward
"""
CHECKS = '''
import numpy as np

def matches_own_forward(inputs, observed, student):
    x, w, g = (np.asarray(inputs[k], float) for k in ("x", "w", "g"))
    eps, fd = 1e-6, np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x); e[i] = eps
        fd[i] = (np.dot(g, student.call("conv", x + e, w)) - np.dot(g, student.call("conv", x - e, w))) / (2 * eps)
    if np.allclose(fd, observed, atol=1e-4):
        return 0.0, "your backward matches your forward, so the forward is wrong"
    return 0.0, "your backward does not match your own forward"

def broken(inputs, observed):
    return 1 / 0
'''
CONV = """
import numpy as np

def conv(x, w):
    k = len(w) // 2
    xp = np.pad(x, k)
    return np.array([np.dot(w, xp[i:i + len(w)]) for i in range(len(x))])
"""


def grade(tmp_path, problems, source, checks=None):
    folder = make_assignment(tmp_path, problems)
    if checks:
        (folder / "checks.py").write_text(textwrap.dedent(checks))
    write_module(tmp_path / "sub.py", source)
    proc = run_cli("sub.py", "-f", "json", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["problems"][0]


def test_glorot_uniform_earns_every_property(tmp_path):
    p = grade(tmp_path, {"init.yaml": INIT}, GLOROT)
    assert p["status"] == "passed", p["cases"]


def test_a_normal_draw_fails_the_named_range_and_variance_properties(tmp_path):
    p = grade(tmp_path, {"init.yaml": INIT}, GLOROT.replace("uniform(-a, a,", "normal(0, a,"))
    msg = p["cases"][1]["message"]
    assert "entries in [-0.122474, 0.122474]" in msg and "variance close to" in msg
    assert p["cases"][1]["score"] < 1


def test_ignoring_the_seed_fails_reproducible(tmp_path):
    p = grade(tmp_path, {"init.yaml": INIT}, GLOROT.replace("default_rng(seed)", "default_rng()"))
    assert "the same answer when called again with the same inputs: a second call" in p["cases"][0]["message"]


def test_a_fixed_seed_fails_differs_under(tmp_path):
    p = grade(tmp_path, {"init.yaml": INIT}, GLOROT.replace("default_rng(seed)", "default_rng(0)"))
    assert "a different answer when seed becomes seed + 1" in p["cases"][0]["message"]


def test_softmax_without_the_max_is_told_which_property_fails(tmp_path):
    naive = "import numpy as np\ndef softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)\n"
    p = grade(tmp_path, {"softmax.yaml": SOFTMAX}, naive)
    feedback = p["cases"][0]["feedback"][0]
    assert feedback.startswith("Your answer fails these properties: rows sum to 1")
    assert "finite (no NaN or inf)" in feedback and "entries in [0, 1]" in feedback


def test_a_wrong_softmax_with_every_property_is_told_so(tmp_path):
    flat = "import numpy as np\ndef softmax(z):\n    return np.full(np.shape(z), 1 / np.shape(z)[-1])\n"
    p = grade(tmp_path, {"softmax.yaml": SOFTMAX}, flat)
    assert p["cases"][0]["feedback"][0].startswith("Your answer has every property checked")


def test_a_check_compares_the_backward_with_the_students_own_forward(tmp_path):
    wrong_both = CONV.replace("np.dot(w, xp[i:i + len(w)])", "np.dot(w[::-1], xp[i:i + len(w)])") + (
        "\ndef conv_backward(x, w, g):\n    k = len(w) // 2\n    gp = np.pad(g, k)\n"
        "    return np.array([np.dot(w, gp[i:i + len(w)]) for i in range(len(x))])\n")
    p = grade(tmp_path, {"b.yaml": BACKWARD.replace("[1, 0, 0, -1]", "[1, 0, 0, -1]")}, wrong_both, CHECKS)
    assert "your backward matches your forward, so the forward is wrong" in p["cases"][0]["feedback"]


def test_a_check_says_when_the_backward_does_not_match_the_forward(tmp_path):
    source = CONV + "\ndef conv_backward(x, w, g):\n    return np.zeros(len(x))\n"
    p = grade(tmp_path, {"b.yaml": BACKWARD}, source, CHECKS)
    assert "your backward does not match your own forward" in p["cases"][0]["feedback"]


def test_a_check_that_raises_is_the_instructors_error_with_file_and_line(tmp_path):
    problem = BACKWARD.replace("checks.py:matches_own_forward", "checks.py:broken").replace("explain:\n  - check:", "check:")
    p = grade(tmp_path, {"b.yaml": problem}, CONV + "\ndef conv_backward(x, w, g):\n    return x\n", CHECKS)
    case = p["cases"][0]
    assert case["status"] == "error"
    assert case["message"].startswith("the check checks.py:broken raised ZeroDivisionError: division by zero (checks.py:")
    assert "not in your code" in case["message"]


def test_grade_check_runs_every_explain_check_on_the_reference(tmp_path):
    folder = make_assignment(tmp_path, {"b.yaml": BACKWARD.replace("matches_own_forward", "broken")},
                             header="solution: solution.py\n")
    (folder / "checks.py").write_text(CHECKS)
    (folder / "solution.py").write_text(CONV + "\ndef conv_backward(x, w, g):\n    return np.array([1.0, 0, 0, -1])\n")
    proc = run_cli("check", folder, cwd=tmp_path)
    assert proc.returncode != 0
    assert "the check checks.py:broken raised ZeroDivisionError" in proc.stdout


def test_a_check_file_that_does_not_exist_is_a_file_error(tmp_path):
    folder = make_assignment(tmp_path, {"b.yaml": BACKWARD})
    proc = run_cli("check", folder, cwd=tmp_path)
    assert "check file checks.py does not exist" in proc.stdout


def test_a_property_with_an_unknown_name_is_a_file_error(tmp_path):
    folder = make_assignment(tmp_path, {"init.yaml": INIT.replace('"-a", "a"', '"-a", "b"')})
    proc = run_cli("check", folder, cwd=tmp_path)
    assert "'-a', 'b'" not in proc.stdout and "uses b, which is not an input or a `let` name" in proc.stdout


def test_generated_cases_of_a_problem_scored_by_properties_need_no_reference_answer(tmp_path):
    problem = INIT + """generate:
  - count: 2
    params:
      s: {integers: [1, 1000]}
    inputs:
      fan_in: {value: 64}
      fan_out: {value: 32}
      seed: {param: s}
"""
    p = grade(tmp_path, {"init.yaml": problem}, GLOROT)  # no `solution:` in assignment.yaml
    assert p["status"] == "passed" and len(p["cases"]) == 4


SCORED = """
id: sample
args: [n, seed]
check: checks.py:same_seed_same_sample
cases:
  - inputs: {n: 5, seed: 3}
"""
SCORING_CHECK = '''
import numpy as np

def same_seed_same_sample(inputs, observed, expected, student):
    again = student(inputs["n"], inputs["seed"])
    other = student(inputs["n"], inputs["seed"] + 1)
    score = 0.5 * np.array_equal(observed, again) + 0.5 * (not np.array_equal(observed, other))
    return score, f"{score:g} of the sampling checks hold", {"calls": 2, "expected_was": expected}
'''


def test_a_scoring_check_calls_the_student_again_and_its_score_is_the_cases(tmp_path):
    honest = "import numpy as np\ndef sample(n, seed):\n    return np.random.default_rng(seed).normal(size=n)\n"
    p = grade(tmp_path, {"s.yaml": SCORED}, honest, SCORING_CHECK)
    assert p["status"] == "passed"
    case = p["cases"][0]
    assert case["details"] == {"calls": 2, "expected_was": None}


def test_a_scoring_check_gives_partial_credit_with_its_message(tmp_path):
    fixed = "import numpy as np\ndef sample(n, seed):\n    return np.random.default_rng(0).normal(size=n)\n"
    p = grade(tmp_path, {"s.yaml": SCORED}, fixed, SCORING_CHECK)
    assert p["score"] == 0.5 and p["cases"][0]["message"] == "0.5 of the sampling checks hold"


def test_a_student_call_that_raises_inside_a_check_is_the_students_error(tmp_path):
    flaky = ("calls = []\ndef sample(n, seed):\n    calls.append(1)\n    if len(calls) > 1:\n        raise ValueError('second call')\n"
             "    return [0.0] * n\n")
    p = grade(tmp_path, {"s.yaml": SCORED}, flaky, SCORING_CHECK)
    case = p["cases"][0]
    assert case["status"] == "failed" and "ValueError: second call" in case["message"]
    assert "not in your code" not in case["message"]


def test_a_check_that_runs_out_of_time_in_slow_student_code_blames_the_slow_code(tmp_path, monkeypatch):
    from grader import custom_checks
    from grader.custom_checks import StudentCallFailed, StudentProxy

    class SlowSession:
        def call(self, call):
            import time

            time.sleep(0.3)
            from grader.sandbox.session import OK, Outcome

            return Outcome(OK, value=1.0)

        def stop(self):
            pass

    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "checks.py").write_text("def many(student):\n    while True:\n        student(1)\n")
    proxy = StudentProxy(SlowSession(), "f", 1.0)
    try:
        custom_checks.run(folder, "checks.py:many", inputs={}, observed=None, expected=None, student=proxy, case="c", time_limit=1.0)
    except StudentCallFailed as exc:
        assert str(exc).startswith("the check ran out of its 1 s after")
    else:
        raise AssertionError("no error")


def test_a_check_that_loops_by_itself_is_the_instructors_error(tmp_path):
    from grader import custom_checks
    from grader.custom_checks import CheckError, StudentProxy

    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "checks.py").write_text("def spin():\n    while True:\n        pass\n")
    try:
        custom_checks.run(folder, "checks.py:spin", inputs={}, observed=None, expected=None,
                          student=StudentProxy(None, "f"), case="c", time_limit=0.5)
    except CheckError as exc:
        assert str(exc) == "the check checks.py:spin ran longer than 0.5 s"
    else:
        raise AssertionError("no error")
