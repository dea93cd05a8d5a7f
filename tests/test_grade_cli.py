"""Grading end to end through the CLI (``python -m grader``): scores, exit codes and what a student is told.

Most tests grade a small assignment written into tmp_path; ``ADD`` is a 3-point function problem with
three cases of weight 1, so each right case is worth 1 point.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import REPO as REPO_ROOT, make_assignment, run_cli, write_module

ADD = """
id: add
points: 3
args: [a, b]
cases:
  - name: small
    inputs: {a: 1, b: 2}
    expected: 3
  - name: negative
    inputs: {a: -1, b: -2}
    expected: -3
  - name: floats
    inputs: {a: 0.5, b: 0.25}
    expected: 0.75
"""
SPIN = """
id: spin
args: [n]
cases:
  - inputs: {n: 1}
    expected: 1
"""
ANSWER = """
id: ANSWER
compare: exact
expected: 42
"""


def grade_json(tmp_path: Path, source: str, *args: str) -> tuple[int, dict]:
    sub = write_module(tmp_path / "sub.py", source)
    proc = run_cli(sub.name, "-f", "json", *args, cwd=tmp_path)
    assert proc.returncode in (0, 1, 2), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def by_id(data: dict) -> dict[str, dict]:
    return {p["id"]: p for p in data["problems"]}


@pytest.fixture
def hw(tmp_path: Path) -> Path:
    return make_assignment(tmp_path, {"add.yaml": ADD, "spin.yaml": SPIN, "value.yaml": ANSWER})


# -- the reference assignment -------------------------------------------------------------------

def test_reference_solution_earns_full_marks_and_exits_0():
    proc = run_cli("solutions/dl_conv.py")  # from the repo root: the assignment is discovered
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Total: 32/32 (100.0%)" in proc.stdout


# -- student code that misbehaves ---------------------------------------------------------------

def test_infinite_loop_gets_zero_there_full_marks_elsewhere_and_a_timeout_message(tmp_path, hw):
    started = time.monotonic()
    code, data = grade_json(tmp_path, """
        def add(a, b):
            return a + b

        def spin(n):
            while True:
                pass

        ANSWER = 42
        """, "--timeout", "1")
    assert time.monotonic() - started < 20
    assert code == 1
    p = by_id(data)
    assert p["add"]["score"] == 3 and p["ANSWER"]["score"] == 1
    assert p["spin"]["score"] == 0
    assert "timed out after 1 s" in p["spin"]["cases"][0]["message"]


def test_syntax_error_makes_every_problem_not_gradable_and_shows_the_error_once(tmp_path, hw):
    sub = write_module(tmp_path / "sub.py", "def add(a, b)\n    return a + b\n")
    proc = run_cli(sub.name, "--color", "never", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.count("SyntaxError") == 1
    assert "line 1" in proc.stdout
    code, data = grade_json(tmp_path, "def add(a, b)\n    return a + b\n")
    assert [p["status"] for p in data["problems"]] == ["not_gradable"] * 3
    assert data["total"] == 0


def test_exception_shows_type_message_and_a_traceback_naming_the_students_line(tmp_path, hw):
    _, data = grade_json(tmp_path, """
        def helper(a):
            raise ValueError(f"no good: {a}")

        def add(a, b):
            return helper(a)
        """, "-p", "add")
    case = by_id(data)["add"]["cases"][0]
    assert case["status"] == "error"
    assert "ValueError" in case["message"] and "no good: 1" in case["message"]
    tb = case["error"]["traceback"]
    assert 'sub.py", line 2, in helper' in tb and 'sub.py", line 5, in add' in tb
    assert "grader" not in tb  # trimmed to the student's frames


def test_missing_name_is_reported_as_not_defined_once(tmp_path, hw):
    _, data = grade_json(tmp_path, "def spin(n):\n    return n\n", "-p", "add")
    p = by_id(data)["add"]
    assert p["score"] == 0
    assert p["messages"] == ["your module does not define `add`"]


def test_name_bound_to_none_is_reported_as_not_defined(tmp_path, hw):
    _, data = grade_json(tmp_path, "add = None\nANSWER = None\n", "-p", "add", "-p", "ANSWER")
    p = by_id(data)
    assert "does not define `add`" in p["add"]["messages"][0]
    assert "does not define `ANSWER`" in p["ANSWER"]["messages"][0]


def test_grading_only_some_problems_reports_just_those(tmp_path, hw):
    code, data = grade_json(tmp_path, "def add(a, b):\n    return a + b\n", "-p", "add")
    assert {p["id"]: p["status"] for p in data["problems"]} == {"add": "passed"}
    assert (data["total"], data["max_total"]) == (3, 3)
    assert code == 0


def test_unknown_problem_id_is_a_usage_error_listing_the_problems(tmp_path, hw):
    write_module(tmp_path / "sub.py", "")
    proc = run_cli("sub.py", "-p", "nope", cwd=tmp_path)
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "add, spin, ANSWER" in proc.stderr


def test_missing_submission_file_is_a_usage_error(tmp_path, hw):
    proc = run_cli("nowhere.py", cwd=tmp_path)
    assert proc.returncode == 2 and "no such file" in proc.stderr


# -- scoring ------------------------------------------------------------------------------------

def test_partial_credit_gives_each_right_case_its_share(tmp_path, hw):
    code, data = grade_json(tmp_path, "def add(a, b):\n    return a + b if a > 0 else 0\n", "-p", "add")
    p = by_id(data)["add"]
    assert code == 1
    assert [c["status"] for c in p["cases"]] == ["passed", "failed", "passed"]
    assert p["score"] == 2 and p["status"] == "partial"
    assert p["messages"] == ["2 of 3 cases right"]


def test_case_weights_set_each_cases_share(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD.replace("expected: 3\n", "expected: 3\n    weight: 2\n", 1)})
    _, data = grade_json(tmp_path, "def add(a, b):\n    return a + b if a > 0 else 0\n")
    # weights 2, 1, 1; the first and last are right: 3 points x 3/4
    assert by_id(data)["add"]["score"] == pytest.approx(2.25)


def test_without_partial_credit_a_problem_is_all_or_nothing(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD + "partial_credit: false\n"})
    _, data = grade_json(tmp_path, "def add(a, b):\n    return a + b if a > 0 else 0\n")
    p = by_id(data)["add"]
    assert p["score"] == 0 and p["status"] == "failed"
    assert "all cases are needed" in p["messages"][0]


def test_integer_valued_float_is_accepted_for_an_exact_int(tmp_path, hw):
    code, data = grade_json(tmp_path, "ANSWER = 42.0\n", "-p", "ANSWER")
    assert by_id(data)["ANSWER"]["status"] == "passed"


def test_inputs_are_fresh_for_every_case(tmp_path):
    make_assignment(tmp_path, {"grow.yaml": """
        id: grow
        args: [xs]
        compare: exact
        array_inputs: false
        cases:
          - inputs: {xs: [1, 2, 3]}
            expected: 4
          - inputs: {xs: [1, 2, 3]}
            expected: 4
        """})
    # appends to its input in place: if the second case saw the first's list, it would return 5
    code, data = grade_json(tmp_path, "def grow(xs):\n    xs.append(0)\n    return len(xs)\n")
    p = by_id(data)["grow"]
    assert [c["status"] for c in p["cases"]] == ["passed", "passed"], p
    assert p["cases"][1]["inputs"] == {"xs": [1, 2, 3]}
    assert code == 0


def test_numpy_array_inputs_mutated_in_place_do_not_leak_into_the_next_case(tmp_path):
    make_assignment(tmp_path, {"total.yaml": """
        id: total
        args: [m]
        cases:
          - inputs: {m: [[1, 2], [3, 4]]}
            expected: 10
          - inputs: {m: [[1, 2], [3, 4]]}
            expected: 10
        """})
    code, data = grade_json(tmp_path, "def total(m):\n    m += 1\n    return (m - 1).sum()\n")
    assert code == 0, by_id(data)["total"]


# -- feedback -----------------------------------------------------------------------------------

FEEDBACK = """
id: square
args: [x]
cases:
  - name: three
    inputs: {x: 3}
    expected: 9
feedback:
  fail: "expected {{ expected }} but your function returned {{ observed }}"
mistakes:
  - observed: 6
    feedback: "That is 2x, not x squared."
"""


def test_known_mistake_feedback_is_shown_when_the_answer_matches(tmp_path):
    make_assignment(tmp_path, {"square.yaml": FEEDBACK})
    _, data = grade_json(tmp_path, "def square(x):\n    return 2 * x\n")
    assert "That is 2x, not x squared." in by_id(data)["square"]["cases"][0]["feedback"]


def test_known_mistake_feedback_is_not_shown_for_another_wrong_answer(tmp_path):
    make_assignment(tmp_path, {"square.yaml": FEEDBACK})
    _, data = grade_json(tmp_path, "def square(x):\n    return x + 1\n")
    assert "That is 2x, not x squared." not in by_id(data)["square"]["cases"][0]["feedback"]


def test_feedback_templates_fill_in_expected_and_observed(tmp_path):
    make_assignment(tmp_path, {"square.yaml": FEEDBACK})
    _, data = grade_json(tmp_path, "def square(x):\n    return x + 1\n")
    assert "expected `9` but your function returned `4`" in by_id(data)["square"]["cases"][0]["feedback"]


def test_pass_feedback_is_shown_for_a_right_answer(tmp_path):
    make_assignment(tmp_path, {"square.yaml": FEEDBACK.replace("  fail:", '  pass: "well done: {{ observed }}"\n  fail:')})
    _, data = grade_json(tmp_path, "def square(x):\n    return x * x\n")
    assert by_id(data)["square"]["cases"][0]["feedback"] == ["well done: `9`"]


# -- a broken problem file ----------------------------------------------------------------------

def test_a_broken_problem_file_does_not_stop_the_others_but_grade_exits_2(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD, "bad.yaml": "id: bad\npionts: 1\nexpected: 1\n"})
    sub = write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli(sub.name, "-f", "json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "bad.yaml:2:1" in proc.stderr and "unknown key 'pionts'" in proc.stderr
    p = by_id(json.loads(proc.stdout))
    assert p["add"]["status"] == "passed" and p["add"]["score"] == 3
    assert p["bad"]["status"] == "invalid"


# -- the CLI itself -----------------------------------------------------------------------------

def test_help_works_and_mentions_the_exit_codes():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "--assignment" in proc.stdout and "exit codes" in proc.stdout


def test_python_dash_m_grader_without_arguments_is_a_usage_error():
    proc = run_cli()
    assert proc.returncode == 2 and "usage" in proc.stderr


def schema_properties(text: str) -> dict:
    """The top-level object's properties, following a top-level ``$ref`` into ``$defs``."""
    schema = json.loads(text)
    ref = schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        schema = schema["$defs"][ref.rsplit("/", 1)[1]]
    return schema["properties"]


def test_schema_lists_the_problem_keys():
    proc = run_cli("schema")
    assert proc.returncode == 0
    props = schema_properties(proc.stdout)
    for key in ("id", "points", "cases", "expected", "compare"):
        assert key in props


def test_schema_for_assignment_files_lists_problems_and_defaults():
    proc = run_cli("schema", "--assignment-file")
    assert proc.returncode == 0
    props = schema_properties(proc.stdout)
    assert "problems" in props and "defaults" in props


def test_schema_for_the_result_describes_the_json_result():
    proc = run_cli("schema", "--result")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    for key in ("schema_version", "problems", "total", "max_total", "grader"):
        assert key in schema["properties"]


def test_a_grader_fault_in_one_problem_leaves_the_others_graded(monkeypatch, tmp_path):
    """An unexpected exception while grading one problem marks that problem "error" and goes on."""

    from grader import grade as grade_module
    from grader.sandbox.session import Sandbox
    from grader.spec import load_assignment

    real = grade_module.grade_problem

    def flaky(spec, session, pr, timeout, **kw):
        if spec.id == "conv2d":
            raise RuntimeError("boom")
        return real(spec, session, pr, timeout, **kw)

    monkeypatch.setattr(grade_module, "grade_problem", flaky)
    assignment = load_assignment(REPO_ROOT / "assignments" / "dl-conv")
    with Sandbox() as sandbox:
        result = grade_module.grade(assignment, REPO_ROOT / "solutions" / "dl_conv.py", sandbox,
                                    only={"conv2d", "softmax", "support_size"})
    status = {p.id: p.status for p in result.problems}
    assert status == {"conv2d": "error", "softmax": "passed", "support_size": "passed"}
    assert "RuntimeError: boom" in result.problems[0].messages[0]


def test_an_unwritable_report_file_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    proc = run_cli("solutions/dl_conv.py", "-p", "conv2d", "-o", blocker / "report.json")
    assert proc.returncode == 2
    assert "cannot write the report" in proc.stderr and "Traceback" not in proc.stderr


def test_a_flood_of_output_is_noted_and_clipped_in_the_text_report(tmp_path):
    write_module(tmp_path / "noisy.py", '''
        def support_size(n_layers, k):
            print("x" * 3_000_000)
            return 0
    ''')
    proc = run_cli(tmp_path / "noisy.py", "-a", "dl-conv", "-p", "support_size", "-o", tmp_path / "r.json")
    case = json.loads((tmp_path / "r.json").read_text())["problems"][0]["cases"][0]
    assert any("MiB of output on stdout" in note for note in case["notes"])
    assert len(case["stdout"]) < 20_000  # head and tail only
    first_case_block = proc.stdout.split("1 layers of 5x5")[0]
    assert "characters not shown here" in first_case_block
    assert len(first_case_block) < 3_000


def test_a_case_that_overrides_the_tolerance_records_the_tolerance_it_used(tmp_path):
    make_assignment(tmp_path, {
        "half.yaml": """
            id: half
            args: [x]
            options: {rtol: 1.0e-9}
            cases:
              - inputs: {x: 1}
                expected: 0.5
              - inputs: {x: 3}
                expected: 1.5
                options: {rtol: 0.1}
        """,
    })
    write_module(tmp_path / "sub.py", "def half(x):\n    return x / 2\n")
    result = json.loads(run_cli("sub.py", "-f", "json", cwd=tmp_path).stdout)
    first, second = result["problems"][0]["cases"]
    assert result["problems"][0]["options"]["rtol"] == 1e-9
    assert first["options"] == {} and second["options"]["rtol"] == 0.1
