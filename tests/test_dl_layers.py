"""The dl-layers reference assignment: per-student numbers, the reference's full marks, hidden
cases, held-out data, and the verdicts the spec's "mistakes a correct grader must catch" need."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, run_cli

FIXTURES = REPO / "tests" / "fixtures" / "dl_layers"
ASSIGNMENT = REPO / "assignments" / "dl-layers"
SOLUTION = REPO / "solutions" / "dl_layers.py"


@pytest.fixture(scope="module")
def submission(tmp_path_factory):
    """The path of fixture ``name``: written as it is, or, for one under ``differences/``, the
    reference solution with that difference appended (its definitions replace the reference's)."""
    folder = tmp_path_factory.mktemp("dl-layers-submissions")

    def path(name: str) -> Path:
        difference = FIXTURES / "differences" / name
        if not difference.is_file():
            return FIXTURES / name
        made = folder / name
        if not made.is_file():
            made.write_text(SOLUTION.read_text() + "\n\n# ---- the difference from the reference ----\n"
                            + difference.read_text())
        return made
    return path


def grade(submission: Path, *args: str) -> tuple[int, dict]:
    proc = run_cli(submission, "--assignment", ASSIGNMENT, "-f", "json", "-q", *args, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def problems(data: dict) -> dict[str, dict]:
    return {p["id"]: p for p in data["problems"]}


@pytest.fixture(scope="module")
def reference_runs() -> dict[str, dict]:
    runs = {}
    for student in ("alice", "bob"):
        code, data = grade(SOLUTION, "--student", student, "--show-hidden")
        assert code == 0, [(p["id"], p["messages"]) for p in data["problems"] if p["status"] != "passed"]
        runs[student] = data
    return runs


def test_two_students_get_different_numbers_and_the_reference_earns_full_marks_for_both(reference_runs):
    alice, bob = (problems(reference_runs[s])["conv1d_same"]["cases"] for s in ("alice", "bob"))
    assert [c["inputs"] for c in alice[:2]] == [c["inputs"] for c in bob[:2]]  # the fixed examples are the same
    generated_a = [c for c in alice if c["seed"] is not None]
    generated_b = [c for c in bob if c["seed"] is not None]
    assert len(generated_a) == 12 and all(c["expected_from"] == "solution" for c in generated_a)
    assert [c["seed"] for c in generated_a] != [c["seed"] for c in generated_b]
    assert [c["inputs"]["x"] for c in generated_a] != [c["inputs"]["x"] for c in generated_b]
    for data in reference_runs.values():
        assert data["total"] == data["max_total"]


def test_the_same_student_gets_the_same_numbers_every_time(reference_runs):
    _, again = grade(SOLUTION, "--student", "alice", "--show-hidden")
    first = problems(reference_runs["alice"])["tsne_grad"]["cases"]
    assert [c["inputs"] for c in problems(again)["tsne_grad"]["cases"]] == [c["inputs"] for c in first]


def test_every_function_problem_has_ten_generated_cases_and_half_hidden_where_the_spec_says(reference_runs):
    ps = problems(reference_runs["alice"])
    minimum = {"conv1d_same": 10, "conv1d_same_backward": 10, "relu_backward": 10, "softmax": 10,
               "momentum_step": 10, "tsne_grad": 6}
    for pid, n in minimum.items():
        generated = [c for c in ps[pid]["cases"] if c["seed"] is not None]
        assert len(generated) >= n, pid
        hidden = sum(c["visibility"] == "hidden" for c in generated)
        assert hidden == (len(generated) // 2 if pid in ("conv1d_same", "relu_backward", "tsne_grad") else 0), pid


def test_tsne_affinities_come_from_the_assignments_generator(reference_runs):
    import numpy as np

    for c in problems(reference_runs["alice"])["tsne_grad"]["cases"]:
        P = np.array(c["inputs"]["P"])
        assert np.allclose(P, P.T) and np.all(np.diag(P) == 0) and np.isclose(P.sum(), 1.0)
        if c["seed"] is not None:
            assert np.all(P[~np.eye(len(P), dtype=bool)] > 0)


def test_relu_cases_contain_exact_zeros(reference_runs):
    import numpy as np

    for c in problems(reference_runs["alice"])["relu_backward"]["cases"]:
        assert (np.array(c["inputs"]["x"]) == 0).any()


def test_train_logreg_reports_the_accuracy_reached_on_the_test_split(reference_runs):
    case = problems(reference_runs["alice"])["train_logreg"]["cases"][0]
    assert case["details"]["metric"]["value"] >= 0.93
    assert "test accuracy 0.95" in case["message"]
    assert case["inputs"] == {"X": "data/logreg.npz[X_train]", "y": "data/logreg.npz[y_train]"}


@pytest.mark.parametrize("fixture, problem, score", [
    ("flipped_kernel.py", "conv1d_same", None),
    ("relu_one_at_zero.py", "relu_backward", 0.0),
    ("softmax_unstable.py", "softmax", None),
    ("momentum_other_convention.py", "momentum_step", 0.0),
    ("tsne_without_4.py", "tsne_grad", 0.0),
    ("logreg_zeros.py", "train_logreg", 0.0),
])
def test_a_known_mistake_loses_points_on_its_problem_only(fixture, problem, score, submission):
    code, data = grade(submission(fixture), "--student", "carol", "--show-hidden")
    ps = problems(data)
    assert code == 1
    assert ps[problem]["status"] != "passed"
    if score is not None:
        assert ps[problem]["score"] == score
    assert all(p["status"] == "passed" for pid, p in ps.items() if pid != problem), [
        (pid, p["messages"]) for pid, p in ps.items() if pid != problem and p["status"] != "passed"]


def test_a_flipped_kernel_fails_every_case_with_an_asymmetric_kernel_of_three_or_more(submission):
    _, data = grade(submission("flipped_kernel.py"), "--student", "carol", "--show-hidden")
    for c in problems(data)["conv1d_same"]["cases"]:
        w = c["inputs"]["w"]
        if len(w) >= 3 and w != w[::-1]:
            assert c["status"] == "failed", c["name"]
            assert any("flipped the kernel" in f for f in c["feedback"]), c["name"]


def test_the_other_momentum_convention_gets_its_declared_feedback_on_generated_cases(submission):
    _, data = grade(submission("momentum_other_convention.py"), "--student", "dave", "--show-hidden")
    generated = [c for c in problems(data)["momentum_step"]["cases"] if c["seed"] is not None]
    assert generated and all(any("other momentum convention" in f for f in c["feedback"]) for c in generated)


def test_tsne_without_the_factor_4_gets_its_feedback(submission):
    _, data = grade(submission("tsne_without_4.py"), "--student", "dave", "--show-hidden")
    assert all(any("factor 4" in f for f in c["feedback"]) for c in problems(data)["tsne_grad"]["cases"])


def test_softmax_without_the_max_fails_the_large_input_case(submission):
    _, data = grade(submission("softmax_unstable.py"))
    large = next(c for c in problems(data)["softmax"]["cases"] if c["name"].startswith("large inputs"))
    assert large["status"] == "failed"
    assert "nan" in large["message"].lower() or "inf" in large["message"].lower()


def test_zeros_for_logistic_regression_reach_accuracy_one_half_and_score_zero(submission):
    _, data = grade(submission("logreg_zeros.py"))
    case = problems(data)["train_logreg"]["cases"][0]
    assert case["details"]["metric"]["value"] == 0.5
    assert problems(data)["train_logreg"]["score"] == 0


def test_a_wrong_dw_with_a_right_dx_earns_half_and_says_which_part_is_wrong(submission):
    _, data = grade(submission("backward_dw_wrong.py"), "--student", "erin", "--show-hidden")
    p = problems(data)["conv1d_same_backward"]
    asymmetric = [c for c in p["cases"] if len(c["inputs"]["w"]) > 1]
    assert asymmetric and all(c["score"] == 0.5 and c["message"].startswith("dx is right; dw is wrong") for c in asymmetric)


def test_answers_hard_coded_to_the_examples_fail_every_generated_case(submission):
    _, data = grade(submission("hard_coded.py"), "--student", "frank", "--show-hidden")
    for pid in ("conv1d_same", "conv1d_same_backward", "relu_backward", "softmax", "momentum_step", "tsne_grad"):
        cases = problems(data)[pid]["cases"]
        assert cases[0]["status"] == "passed", pid
        assert all(c["status"] != "passed" for c in cases if c["seed"] is not None), pid


def test_a_float32_implementation_passes(submission):
    code, data = grade(submission("float32.py"), "--student", "gina")
    ps = problems(data)
    for pid in ("conv1d_same", "conv1d_same_backward", "relu_backward", "softmax", "momentum_step", "tsne_grad"):
        assert ps[pid]["status"] == "passed", (pid, ps[pid]["messages"])


def test_a_submission_cannot_read_the_held_out_split(tmp_path, submission):
    from grader.sandbox.session import Sandbox

    with Sandbox() as sandbox:
        if not sandbox.layers["available"].get("landlock"):
            pytest.skip("without Landlock the child can read files its user can read (README: What is not contained)")
    source = submission("reads_test_split.py").read_text().replace("@DATA@", str((ASSIGNMENT / "data" / "logreg.npz").resolve()))
    sub = tmp_path / "submission.py"
    sub.write_text(source)
    _, data = grade(sub, "-p", "train_logreg")
    case = problems(data)["train_logreg"]["cases"][0]
    assert "could not read the test split" in case["stdout"]
    assert case["details"]["metric"]["value"] == 0.5


def test_hidden_cases_values_appear_in_no_student_facing_report(tmp_path, submission):
    code, full = grade(submission("flipped_kernel.py"), "--student", "hank", "--show-hidden")
    hidden = [c for c in problems(full)["conv1d_same"]["cases"] if c["visibility"] == "hidden"]
    assert hidden and any(c["status"] == "failed" for c in hidden)
    secrets = set()
    for c in hidden:
        for value in (c["inputs"]["x"], c["expected"], c["observed"]):
            # as JSON writes them, and as the text formats print them (7 significant digits);
            # short ones (trailing zeros) would match other numbers by chance
            secrets |= {text for v in value if abs(v) > 0.01 for text in (repr(v), f"{v:.7g}") if len(text.lstrip("-")) >= 9}
    for fmt in ("text", "markdown", "html", "junit", "gradescope", "json"):
        proc = run_cli(submission("flipped_kernel.py"), "--assignment", ASSIGNMENT, "--student", "hank", "-f", fmt, "-q", timeout=300)
        leaked = [s for s in secrets if s in proc.stdout]
        assert not leaked, (fmt, leaked[:5])
        if fmt == "text":
            assert "hidden cases: 6 graded" in proc.stdout
