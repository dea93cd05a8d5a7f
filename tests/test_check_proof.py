"""``grade check`` proves problem files: stubs and mutants of the reference's answers are rejected,
tolerances are sound, declared mistakes trigger their feedback; and its reporting defects are fixed."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import make_assignment, run_cli
from grader.checking.mutants import CaseToProve, mutants, score_mutant
from grader.checking.tolerance import asked_digits, lint_case
from grader.spec.options import resolve

SOLUTION = '''
import numpy as np

def top_k_error(scores, labels, k):
    ranks = [(np.asarray(s) > s[l]).sum() for s, l in zip(scores, labels)]
    return float(np.mean([r >= k for r in ranks]))

def double(x):
    return 2 * np.asarray(x, dtype=float)

def half(x):
    return x / 2
'''

# the weak problem of the issue: two of five cases have the answer 0.0, so `return 0.0` earns 40 %
WEAK_TOP_K = """
    id: top_k_error
    args: [scores, labels, k]
    cases:
      - name: "example: k=1"
        inputs: {scores: [[0.1, 0.5, 0.4], [0.8, 0.15, 0.05]], labels: [2, 1], k: 1}
        expected: 1.0
      - name: "example: k=2"
        inputs: {scores: [[0.1, 0.5, 0.4], [0.8, 0.15, 0.05]], labels: [2, 1], k: 2}
        expected: 0.0
      - name: "k=1 on four samples"
        inputs: {scores: [[0.1, 0.3, 0.25], [0.05, 0.1, 0.6], [0.4, 0.05, 0.1], [0.12, 0.22, 0.18]], labels: [1, 2, 2, 0], k: 1}
        expected: 0.5
      - name: "k=2 on four samples"
        inputs: {scores: [[0.1, 0.3, 0.25], [0.05, 0.1, 0.6], [0.4, 0.05, 0.1], [0.12, 0.22, 0.18]], labels: [1, 2, 2, 0], k: 2}
        expected: 0.25
      - name: "k=3 on four samples"
        inputs: {scores: [[0.1, 0.3, 0.25], [0.05, 0.1, 0.6], [0.4, 0.05, 0.1], [0.12, 0.22, 0.18]], labels: [1, 2, 2, 0], k: 3}
        expected: 0.0
"""

SOUND_DOUBLE = """
    id: double
    args: [x]
    cases:
      - name: "example"
        inputs: {x: [[1, 2], [3, 5]]}
        expected: [[2, 4], [6, 10]]
      - inputs: {x: [[0.5, -1, 4], [2, 7, -3]]}
        expected: [[1, -2, 8], [4, 14, -6]]
      - inputs: {x: [1.5, 2.25, -4, 9]}
        expected: [3, 4.5, -8, 18]
      - inputs: {x: [[3, 1], [4, 1], [5, 9]]}
        expected: [[6, 2], [8, 2], [10, 18]]
"""


def assignment(tmp_path: Path, problems: dict[str, str]) -> Path:
    folder = make_assignment(tmp_path, problems, header="solution: solution.py\n")
    (folder / "solution.py").write_text(textwrap.dedent(SOLUTION))
    return folder


def test_a_deliberately_weak_problem_file_fails_grade_check_naming_the_stub_and_the_cases(tmp_path):
    proc = run_cli("check", assignment(tmp_path, {"top_k_error.yaml": WEAK_TOP_K}))
    assert proc.returncode == 1, proc.stdout
    assert "top_k_error.yaml: top_k_error: stub 'zeros' earns 40% of the points (more than 25%)" in proc.stdout
    assert "cases that let it through: 'example: k=2', 'k=3 on four samples'" in proc.stdout
    assert "FAILED" in proc.stdout and "OK" not in proc.stdout


def test_a_sound_problem_passes_and_its_table_row_shows_cases_mutants_stub_share_and_tolerance(tmp_path):
    proc = run_cli("check", assignment(tmp_path, {"double.yaml": SOUND_DOUBLE}))
    assert proc.returncode == 0, proc.stdout
    header = next(line for line in proc.stdout.splitlines() if line.startswith("problem"))
    assert header.split() == ["problem", "cases", "mutants", "caught", "stub", "share", "tolerance"]
    row = next(line for line in proc.stdout.splitlines() if line.startswith("double"))
    cells = row.split()
    assert cells[1] == "4" and cells[2].split("/")[0] == cells[2].split("/")[1]
    assert "25% (example)" in row and "rtol 1e-07" in row and row.endswith("ok")


def test_a_stub_share_allowed_with_a_reason_passes(tmp_path):
    weak = WEAK_TOP_K + '    proof: {max_stub_share: 0.5, reason: "two answers are 0 by design"}\n'
    proc = run_cli("check", assignment(tmp_path, {"top_k_error.yaml": weak}))
    assert proc.returncode == 0, proc.stdout


def test_proof_settings_without_a_reason_are_invalid(tmp_path):
    weak = WEAK_TOP_K + "    proof: {max_stub_share: 0.5}\n"
    proc = run_cli("check", assignment(tmp_path, {"top_k_error.yaml": weak}))
    assert proc.returncode == 2 and "reason" in proc.stdout


def test_a_tolerance_loose_enough_for_a_mutant_fails_naming_the_mutant(tmp_path):
    loose = SOUND_DOUBLE + "    options: {rtol: 1.5}\n"
    proc = run_cli("check", assignment(tmp_path, {"double.yaml": loose}))
    assert proc.returncode == 1
    assert "double: mutant 'scaled' earns full marks" in proc.stdout
    assert "the tolerance accepts the zero array" in proc.stdout


def test_a_declared_mistake_that_its_own_value_does_not_trigger_fails(tmp_path):
    # a NaN mistake with equal_nan false is never equal to itself: its feedback can never be shown
    problem = SOUND_DOUBLE + """    options: {equal_nan: false}
    mistakes:
      - observed: [[.nan, 4], [6, 10]]
        case: example
        feedback: "never shown"
"""
    proc = run_cli("check", assignment(tmp_path, {"double.yaml": problem}))
    assert proc.returncode == 1
    assert "mistake 1 is not recognised for case 'example'" in proc.stdout


def test_every_error_of_a_problem_file_is_reported_in_one_run(tmp_path):
    broken = SOUND_DOUBLE.replace("id: double", "id: double\n    pionts: 2\n    compare: numerc")
    proc = run_cli("check", assignment(tmp_path, {"double.yaml": broken}))
    assert proc.returncode == 2
    assert "unknown key 'pionts'" in proc.stdout and "Invalid enum value 'numerc'" in proc.stdout


def test_every_case_error_of_a_problem_file_is_reported_in_one_run(tmp_path):
    broken = SOUND_DOUBLE.replace("      - inputs: {x: [1.5, 2.25, -4, 9]}", "      - inputs: {y: [1.5, 2.25, -4, 9]}")
    broken = broken.replace("        expected: [[6, 2], [8, 2], [10, 18]]", "        expected: [[6, 2], [8]]")
    proc = run_cli("check", assignment(tmp_path, {"double.yaml": broken}))
    assert proc.returncode == 2
    assert "unknown argument 'y'" in proc.stdout and "rows have different lengths" in proc.stdout


def test_no_ok_line_is_printed_after_a_problem_file_is_rejected(tmp_path):
    folder = assignment(tmp_path, {"double.yaml": SOUND_DOUBLE.replace("id: double", "id: double\n    pionts: 2")})
    proc = run_cli("check", folder)
    assert proc.returncode == 2
    assert "OK" not in proc.stdout and "(0/0)" not in proc.stdout
    assert "INVALID: 1 problem file(s) rejected" in proc.stdout


def test_a_duplicate_problem_id_makes_grade_exit_2_and_keeps_both_entries(tmp_path):
    folder = assignment(tmp_path, {"double.yaml": SOUND_DOUBLE, "again.yaml": SOUND_DOUBLE})
    out = tmp_path / "r.json"
    proc = run_cli(folder / "solution.py", "--assignment", folder, "-o", out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    problems = json.loads(out.read_text())["problems"]
    assert [(p["id"], p["status"]) for p in problems] == [("double", "passed"), ("again", "invalid")]
    assert run_cli("check", folder).returncode == 2


def test_a_problem_file_that_problems_does_not_list_is_warned_about(tmp_path):
    folder = assignment(tmp_path, {"double.yaml": SOUND_DOUBLE})
    (folder / "forgotten.yaml").write_text(textwrap.dedent(SOUND_DOUBLE))
    proc = run_cli("check", folder)
    assert proc.returncode == 0
    assert "forgotten.yaml: warning: not listed under `problems:`" in proc.stdout


# -- the pieces, directly ----------------------------------------------------------------------

def cases(*expected, **options):
    opts = resolve("numeric", options)
    return [CaseToProve("example" if i == 0 else f"case {i + 1}", 1.0, e, opts) for i, e in enumerate(expected)]


def grade_mutant(name, cs, partial_credit=True):
    from grader.compare.numeric import compare

    for n, stub, make in mutants(cs, "numeric"):
        if n == name:
            return score_mutant(n, stub, make, cs, lambda e, a, o: compare(e, a, o).score, partial_credit)
    raise KeyError(name)


def test_the_example_stub_earns_the_share_of_the_cases_with_the_examples_answer():
    score = grade_mutant("example", cases([1.0, 2.0], [1.0, 2.0], [3.0, 4.0], [5.0, 6.0]))
    assert score.stub and score.share == 0.5 and score.accepted == ["example", "case 2"]


def test_without_partial_credit_a_stub_earns_nothing_unless_every_case_accepts_it():
    assert grade_mutant("zeros", cases(0.0, 0.0, 1.0), partial_credit=False).share == 0.0


def test_a_mutant_that_changes_no_answer_is_not_counted_as_caught():
    score = grade_mutant("transposed", cases([[1.0, 2.0], [2.0, 1.0]]))
    assert score.changed == 0


@pytest.mark.parametrize("name", ["transposed", "flipped", "negated", "scaled", "shifted", "rounded", "ones", "another case's answer"])
def test_each_mutant_is_caught_by_a_sound_problem(name):
    cs = cases([[1.5, 2.0, 0.5], [4.0, -1.0, 2.5], [0.25, 3.0, 7.0]], [[2.0, 1.0], [9.0, 3.5]], rtol=1e-6)
    assert not grade_mutant(name, cs).full_marks


def test_lint_names_a_relative_tolerance_on_an_expected_zero():
    assert any("expected 0" in p for p in lint_case([0.0, 2.0], resolve("numeric", {"rtol": 1e-5, "atol": 0})))


def test_lint_names_an_absolute_tolerance_as_large_as_the_answer():
    assert any("as large as the answer" in p for p in lint_case([0.5, 0.2], resolve("numeric", {"atol": 1.0})))


def test_lint_names_sigfig_looser_than_the_prompt_asks():
    problems = lint_case(0.0646454, resolve("numeric", {"sigfig": 2}), "Give the answer to 3 significant figures.")
    assert problems == ["sigfig: 2 is looser than the 3 significant figures the prompt asks for"]


def test_lint_accepts_the_dl_conv_tolerances():
    assert lint_case([[109, 92], [110, 85]], resolve("numeric", {"rtol": 1e-5, "atol": 1e-8, "scaled_atol": 1e-5})) == []


def test_asked_digits_reads_the_strictest_request_of_the_prompt():
    assert asked_digits("to three significant figures (or 4 sig figs)") == ("sigfig", 4)
    assert asked_digits("round to 2 decimal places") == ("decimals", 2)
    assert asked_digits("no request") is None


def test_return_zero_earns_at_most_a_quarter_of_dl_convs_top_k_error(tmp_path):
    sub = tmp_path / "stub.py"
    sub.write_text("def top_k_error(scores, labels, k):\n    return 0.0\n")
    proc = run_cli(sub, "--assignment", "assignments/dl-conv", "-p", "top_k_error", "-f", "json")
    (problem,) = json.loads(proc.stdout)["problems"]
    assert problem["score"] <= 0.25 * problem["max_score"]


def test_the_readme_proof_example_passes_grade_check_and_fails_without_its_proof_settings(tmp_path):
    import re

    from conftest import REPO

    text = (REPO / "README.md").read_text()
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("# assignments/hw/sign.yaml"))
    folder = make_assignment(tmp_path, {"sign.yaml": block}, header="solution: solution.py\n")
    (folder / "solution.py").write_text("def sign(x):\n    return (x > 0) - (x < 0)\n")
    assert run_cli("check", folder).returncode == 0
    (folder / "sign.yaml").write_text(block.split("proof:")[0])
    proc = run_cli("check", folder)
    assert proc.returncode == 1 and "stub 'constant 1' earns 50%" in proc.stdout


PAIR = """
    id: pair
    args: [x]
    parts:
      - name: dx
      - name: dw
    cases:
      - name: "example"
        inputs: {x: [1, 2, 3]}
        expected: [[2, 4, 6], [6]]
      - inputs: {x: [0.5, -1, 4, 2]}
        expected: [[1, -2, 8, 4], [5.5]]
      - inputs: {x: [3, 1]}
        expected: [[6, 2], [4]]
      - inputs: {x: [-2, 7, 1, 1, 5]}
        expected: [[-4, 14, 2, 2, 10], [12]]
"""
PAIR_SOLUTION = "import numpy as np\n\ndef pair(x):\n    return 2 * x, np.array([x.sum()])\n"


def test_a_problem_with_parts_is_proved_part_by_part(tmp_path):
    folder = make_assignment(tmp_path, {"pair.yaml": PAIR}, header="solution: solution.py\n")
    (folder / "solution.py").write_text(PAIR_SOLUTION)
    proc = run_cli("check", folder)
    assert proc.returncode == 0, proc.stdout
    row = next(line for line in proc.stdout.splitlines() if line.startswith("pair"))
    caught, total = row.split()[2].split("/")
    assert caught == total and int(total) >= 8


def test_a_part_that_a_loose_tolerance_lets_mutants_through_fails(tmp_path):
    loose = PAIR.replace("      - name: dw\n", "      - name: dw\n        options: {rtol: 3}\n")
    folder = make_assignment(tmp_path, {"pair.yaml": loose}, header="solution: solution.py\n")
    (folder / "solution.py").write_text(PAIR_SOLUTION)
    proc = run_cli("check", folder)
    assert proc.returncode == 1, proc.stdout
    assert "pair: stub 'zeros' earns 50% of the points" in proc.stdout


def test_a_mistake_declared_as_an_implementation_is_not_called_never_triggered(tmp_path):
    problem = SOUND_DOUBLE + """    mistakes:
      - implementation: wrong.py:double
        feedback: "You tripled x."
"""
    folder = assignment(tmp_path, {"double.yaml": problem})
    (folder / "wrong.py").write_text("import numpy as np\n\ndef double(x):\n    return 3 * np.asarray(x, dtype=float)\n")
    proc = run_cli("check", folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_mistake_implementation_that_gives_the_right_answer_everywhere_fails_the_check(tmp_path):
    problem = SOUND_DOUBLE + """    mistakes:
      - implementation: wrong.py:double
        feedback: "You added x to itself."
"""
    folder = assignment(tmp_path, {"double.yaml": problem})
    (folder / "wrong.py").write_text("import numpy as np\n\ndef double(x):\n    return np.asarray(x, dtype=float) + x\n")
    proc = run_cli("check", folder)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "mistake 1 (wrong.py:double) gives the right answer on all" in proc.stdout


def test_a_mistake_implementation_right_on_some_cases_only_passes_the_check(tmp_path):
    problem = SOUND_DOUBLE + """    mistakes:
      - implementation: wrong.py:double
        feedback: "Negative entries are doubled, the others are not."
"""
    folder = assignment(tmp_path, {"double.yaml": problem})
    (folder / "wrong.py").write_text("import numpy as np\n\ndef double(x):\n    x = np.asarray(x, dtype=float)\n"
                                     "    return np.where(x < 0, 2 * x, x) if (x > 0).any() else 2 * x\n")
    proc = run_cli("check", folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_grade_check_passes_on_every_shipped_assignment():
    from conftest import REPO

    proc = run_cli("check", timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in sorted(p.name for p in (REPO / "assignments").iterdir() if (p / "assignment.yaml").is_file()):
        assert f"{name}: OK" in proc.stdout, name
