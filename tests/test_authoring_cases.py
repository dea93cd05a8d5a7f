"""Generated and per-student cases, answers from the reference, data files, and their cache."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO, make_assignment, run_cli, write_module
from grader import answer_cache
from grader.cases import data, seeds
from grader.cases.draws import draw_case
from grader.spec import SpecError, load_assignment
from grader.spec import models

import msgspec

SOLUTION = """
import numpy as np
def double(x):
    return 2 * np.asarray(x)
def fit(X, y):
    return np.array([1.0, 0.0]), 0.0
"""

DOUBLE = """
id: double
args: [x]
answers: solution
cases:
  - name: example
    inputs: {x: [1, 2]}
    expected: [2, 4]
generate:
  - count: 6
    hidden: 3
    name: "random N={N}"
    params: {N: {integers: [2, 9]}}
    inputs: {x: {array: {shape: [N], zeros: 0.3}}}
"""


@pytest.fixture
def hw(tmp_path: Path) -> Path:
    folder = make_assignment(tmp_path, {"double.yaml": DOUBLE}, header="solution: ../../solution.py\n")
    write_module(tmp_path / "solution.py", SOLUTION)
    return folder


def grade_json(tmp_path: Path, source: str, *args: str) -> dict:
    sub = write_module(tmp_path / "sub.py", source)
    proc = run_cli(sub, "--assignment", tmp_path / "assignments" / "hw", "-f", "json", "-q", *args, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_seeds_are_stable_across_processes_and_differ_by_student():
    code = "from grader.cases.seeds import case_seed; print(case_seed('hw', None, 'ann', 'p', 0, 3))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "123"}).stdout
    assert int(out) == seeds.case_seed("hw", None, "ann", "p", 0, 3)
    assert seeds.case_seed("hw", None, "ann", "p", 0, 3) != seeds.case_seed("hw", None, "ben", "p", 0, 3)
    assert seeds.case_seed("hw", None, None, "p", 0, 3) == seeds.case_seed("hw", None, seeds.DEFAULT_STUDENT, "p", 0, 3)
    assert seeds.case_seed("hw", 7, "ann", "p", 0, 3) != seeds.case_seed("hw", None, "ann", "p", 0, 3)


def test_params_shape_arrays_and_zeros_are_exact_zeros():
    g = msgspec.convert({"count": 1, "params": {"N": {"integers": [4, 4]}},
                         "inputs": {"x": {"array": {"shape": ["N", 3], "zeros": 0.5}}, "k": {"choice": [1, 3]}}}, models.Generate)
    params, inputs = draw_case(g, 42, Path("."))
    assert params == {"N": 4} and inputs["x"].shape == (4, 3) and (inputs["x"] == 0).sum() == 6
    again = draw_case(g, 42, Path("."))[1]
    assert np.array_equal(again["x"], inputs["x"]) and again["k"] == inputs["k"]


def test_the_reference_earns_full_marks_and_answers_come_from_it(tmp_path, hw):
    result = grade_json(tmp_path, SOLUTION, "--show-hidden")
    cases = result["problems"][0]["cases"]
    assert result["total"] == result["max_total"]
    assert [c["expected_from"] for c in cases] == ["literal"] + ["solution"] * 6
    for c in cases[1:]:
        assert np.allclose(c["expected"], 2 * np.array(c["inputs"]["x"]))
        assert c["seed"] is not None


def test_two_students_get_different_inputs_and_the_examples_stay_the_same(tmp_path, hw):
    a = grade_json(tmp_path, SOLUTION, "--student", "ann", "--show-hidden")["problems"][0]["cases"]
    b = grade_json(tmp_path, SOLUTION, "--student", "ben", "--show-hidden")["problems"][0]["cases"]
    assert a[0]["inputs"] == b[0]["inputs"]
    assert [c["inputs"] for c in a[1:]] != [c["inputs"] for c in b[1:]]


def test_a_hard_coded_submission_fails_the_generated_cases(tmp_path, hw):
    result = grade_json(tmp_path, "def double(x):\n    return [2, 4]\n", "--show-hidden")
    assert [c["status"] for c in result["problems"][0]["cases"]] == ["passed"] + ["failed"] * 6


def test_the_cache_key_changes_with_the_reference_the_inputs_and_the_version(tmp_path, monkeypatch):
    ref = tmp_path / "ref.py"
    ref.write_text("def f(x): return x\n")
    k = answer_cache.key(ref, "f", [[np.arange(3.0)]])
    assert answer_cache.key(ref, "f", [[np.arange(3.0)]]) == k
    assert answer_cache.key(ref, "f", [[np.arange(3)]]) != k  # another dtype
    assert answer_cache.key(ref, "g", [[np.arange(3.0)]]) != k
    ref.write_text("def f(x): return 2 * x\n")
    assert answer_cache.key(ref, "f", [[np.arange(3.0)]]) != k
    before = answer_cache.key(ref, "f", [[np.arange(3.0)]])
    monkeypatch.setattr("grader.__version__", "99")
    assert answer_cache.key(ref, "f", [[np.arange(3.0)]]) != before


def test_a_corrupt_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path))
    answer_cache.put("abc", [np.ones(2)])
    assert np.array_equal(answer_cache.get("abc")[0], np.ones(2))
    (tmp_path / "abc.json").write_text("{not json")
    assert answer_cache.get("abc") is answer_cache.MISS
    (tmp_path / "abc.json").write_text(json.dumps({"key": "other", "values": 1}))
    assert answer_cache.get("abc") is answer_cache.MISS


def test_a_warm_cache_runs_no_reference_code(tmp_path, hw, monkeypatch):
    from grader.cases import prepare
    from grader.sandbox.session import Sandbox
    from grader.trusted import TrustedCode

    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    assignment = load_assignment(hw)
    with Sandbox() as sandbox:
        first = TrustedCode(sandbox)
        prepare(assignment, "ann", first)
        first.close()
        second = TrustedCode(sandbox)
        prepared, errors = prepare(assignment, "ann", second)
        second.close()
    assert first.calls > 0 and second.calls == 0 and not errors
    assert all(c.expected is not None for c in prepared.problems[0].cases)


def test_a_reference_that_raises_is_the_instructors_error(tmp_path, hw):
    write_module(tmp_path / "solution.py", "def double(x):\n    raise ValueError('oops')\n")
    result = grade_json(tmp_path, SOLUTION)
    p = result["problems"][0]
    assert p["status"] == "error" and "instructor error" in p["messages"][0] and "oops" in p["messages"][0]


def test_data_files_npz_npy_and_csv(tmp_path):
    np.savez(tmp_path / "d.npz", a=np.arange(4.0))
    np.save(tmp_path / "d.npy", np.eye(2))
    (tmp_path / "d.csv").write_text("x,y,label\n1,2,0\n3,4,1\n")
    (tmp_path / "plain.csv").write_text("1,2\n3,4\n")
    assert data.load(tmp_path, "d.npz", "a").tolist() == [0, 1, 2, 3]
    assert data.load(tmp_path, "d.npy").tolist() == [[1, 0], [0, 1]]
    assert data.load(tmp_path, "d.csv", "label").tolist() == [0, 1]
    assert data.load(tmp_path, "d.csv", columns=["x", "y"]).tolist() == [[1, 2], [3, 4]]
    assert data.load(tmp_path, "plain.csv").tolist() == [[1, 2], [3, 4]]
    with pytest.raises(data.DataError, match="has no array 'b'; it holds a"):
        data.load(tmp_path, "d.npz", "b")


@pytest.mark.parametrize("yaml, message", [
    ("generate: [{count: 2, hidden: 3, inputs: {x: {integers: [1, 2]}}}]", "hidden: 3 is more than count: 2"),
    ("generate: [{count: 2, inputs: {x: {array: {shape: [N]}}}}]", "'N' is not a param drawn before this value"),
    ("generate: [{count: 2, inputs: {x: {generator: 'nope.py:make'}}}]", "nope.py does not exist"),
    ("generate: [{count: 2, inputs: {x: {integers: [1, 2], choice: [1]}}}]", "exactly one of"),
    ("generate: [{count: 2, inputs: {y: {integers: [1, 2]}}}]", "unknown argument 'y'"),
    ("cases: [{inputs: {x: {data: missing.npz, key: a}}, expected: 1}]", "data file missing.npz does not exist"),
    ("cases: [{inputs: {x: 1}, expected: 1}]\nmistakes: [{implementation: 'wrong.py:f', feedback: 'wrong'}]", "wrong.py does not exist"),
    ("cases: [{inputs: {x: 1}, expected: 1}]\nthresholds: {0.5: 1}", "`thresholds` need a `metric`"),
])
def test_authoring_mistakes_are_reported_at_their_line(tmp_path, yaml, message):
    text = "id: p\nargs: [x]\nanswers: solution\n" + yaml + "\n"
    folder = make_assignment(tmp_path, {"p.yaml": text}, header="solution: ../../solution.py\n")
    write_module(tmp_path / "solution.py", "def p(x):\n    return x\n")
    broken = load_assignment(folder).broken
    assert broken and message in str(broken[0].error), str(broken[0].error) if broken else "loaded"
    assert str(broken[0].error).startswith(str(folder / "p.yaml") + ":")


def test_generated_cases_without_answers_from_the_solution_are_an_error(tmp_path):
    text = "id: p\nargs: [x]\ngenerate: [{count: 2, inputs: {x: {integers: [1, 2]}}}]\n"
    folder = make_assignment(tmp_path, {"p.yaml": text}, header="solution: ../../solution.py\n")
    write_module(tmp_path / "solution.py", "def p(x):\n    return x\n")
    assert "add `answers: solution`" in str(load_assignment(folder).broken[0].error)


def test_without_the_reference_solution_answers_from_it_are_an_instructor_error_on_that_problem_only(tmp_path, hw):
    (tmp_path / "solution.py").unlink()
    result = grade_json(tmp_path, SOLUTION)
    p = result["problems"][0]
    assert p["status"] == "error"
    assert "instructor error" in p["messages"][0] and "solution.py does not exist" in p["messages"][0]


def test_grade_check_says_how_many_answers_the_reference_computed(tmp_path, hw):
    proc = run_cli("check", hw, cwd=tmp_path)
    assert "double: 6 of 7 answers computed by the reference (6 generated cases for the default student, 3 hidden)" in proc.stdout
