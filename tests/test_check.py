"""``grade check``: assignment files valid, the reference solution earns full marks, mistakes are wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, run_cli

SEED_001_WRONG_ROW_3 = "[11, 23, 34, 22, 11]"


@pytest.fixture
def dl_conv_copy(tmp_path: Path) -> Path:
    """A copy of assignments/dl-conv and its reference solution, laid out as in the repo."""
    shutil.copytree(REPO / "assignments" / "dl-conv", tmp_path / "assignments" / "dl-conv")
    (tmp_path / "solutions").mkdir()
    shutil.copy(REPO / "solutions" / "dl_conv.py", tmp_path / "solutions" / "dl_conv.py")
    return tmp_path / "assignments" / "dl-conv"


def test_check_on_the_reference_assignment_exits_0_and_says_ok():
    proc = run_cli("check", "assignments/dl-conv")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "OK" in proc.stdout and "32/32" in proc.stdout


def test_check_with_a_wrong_expected_value_exits_1_and_names_problem_file_and_line(dl_conv_copy):
    problem = dl_conv_copy / "conv2d_input_grad.yaml"
    text = problem.read_text()
    right = "[[4, 7, 10, 6, 3], [9, 17, 25, 16, 8], [11, 23, 34, 23, 11],"
    assert right in text
    problem.write_text(text.replace(right, right.replace("[11, 23, 34, 23, 11]", SEED_001_WRONG_ROW_3), 1))
    lines = problem.read_text().splitlines()
    case_line = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("- name: \"example"))

    proc = run_cli("check", str(dl_conv_copy))
    assert proc.returncode == 1, proc.stdout
    assert f"conv2d_input_grad.yaml:{case_line}: conv2d_input_grad" in proc.stdout
    assert "FAILED" in proc.stdout


def test_check_reports_a_known_mistake_equal_to_the_right_answer(dl_conv_copy):
    problem = dl_conv_copy / "conv_output_size.yaml"
    with problem.open("a") as f:
        f.write('  - observed: 3\n    feedback: "this is in fact right"\n')
    proc = run_cli("check", str(dl_conv_copy))
    assert proc.returncode != 0
    assert "conv_output_size" in proc.stdout and "accepted as right" in proc.stdout


def test_check_on_an_invalid_problem_file_exits_2_and_names_it(dl_conv_copy):
    problem = dl_conv_copy / "conv2d.yaml"
    problem.write_text(problem.read_text().replace("points:", "pionts:", 1))
    proc = run_cli("check", str(dl_conv_copy))
    assert proc.returncode == 2
    assert "conv2d.yaml:" in proc.stdout and "pionts" in proc.stdout


def test_check_on_a_folder_without_assignment_yaml_exits_2(tmp_path):
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2


def test_check_names_problems_it_could_not_grade_and_never_counts_them_as_passed(monkeypatch, tmp_path):
    import io

    from grader import compare
    from grader.check import check_assignment
    from grader.sandbox.session import Sandbox

    monkeypatch.setitem(compare.KINDS, "symbolic", "grader.compare.no_such_module")
    out = io.StringIO()
    with Sandbox() as sandbox:
        code = check_assignment(REPO / "assignments" / "dl-conv", sandbox, timeout=None, out=out)
    text = out.getvalue()
    assert code == 1
    assert "DF_DX: NOT GRADED" in text and "COMPLEXITY_FULL: NOT GRADED" in text
    assert "7 could not be graded" in text
