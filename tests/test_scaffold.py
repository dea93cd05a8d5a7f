"""`grade init`: a new assignment that proves itself from the start."""

from __future__ import annotations

from conftest import run_cli


def test_a_new_assignment_passes_grade_check(tmp_path):
    made = run_cli("init", "hw-1", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "assignments" / "hw-1" / "assignment.yaml").is_file()
    assert (tmp_path / "solutions" / "hw_1.py").is_file()
    check = run_cli("check", "assignments/hw-1", cwd=tmp_path, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_scaffold_grades_the_reference_full_and_a_stub_not(tmp_path):
    assert run_cli("init", "hw-1", cwd=tmp_path).returncode == 0
    assert run_cli("solutions/hw_1.py", "-a", "hw-1", cwd=tmp_path).returncode == 0
    (tmp_path / "stub.py").write_text("def standardize(x):\n    return x - x.mean()\nDERIVATIVE = '2*x*cos(x)'\n")
    proc = run_cli("stub.py", "-a", "hw-1", cwd=tmp_path)
    assert proc.returncode == 1
    assert "product rule" in proc.stdout


def test_init_never_overwrites_an_assignment(tmp_path):
    assert run_cli("init", "hw-1", cwd=tmp_path).returncode == 0
    again = run_cli("init", "hw-1", cwd=tmp_path)
    assert again.returncode == 2 and "already exist" in again.stderr


def test_an_assignment_name_must_be_a_plain_slug(tmp_path):
    proc = run_cli("init", "../evil", cwd=tmp_path)
    assert proc.returncode == 2 and "lower-case letters" in proc.stderr
    assert not (tmp_path.parent / "evil").exists()
