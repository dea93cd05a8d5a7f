"""`grade batch`: many submissions, one JSON result each and a CSV gradebook."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import make_assignment, run_cli, write_module

PROBLEMS = {
    "double.yaml": """
        id: double
        points: 2
        args: [x]
        cases:
          - inputs: {x: 1}
            expected: 2
          - inputs: {x: 5}
            expected: 10
    """,
    "answer.yaml": """
        id: ANSWER
        compare: exact
        expected: 42
    """,
}


def _setup(tmp_path: Path) -> Path:
    make_assignment(tmp_path, PROBLEMS)
    subs = tmp_path / "subs"
    subs.mkdir()
    write_module(subs / "alice.py", "def double(x):\n    return 2 * x\nANSWER = 42\n")
    write_module(subs / "bob.py", "def double(x):\n    return x + 1\nANSWER = 41\n")
    write_module(subs / "carol.py", "def double(x)\n    return 2 * x\n")
    return subs


def test_batch_writes_one_json_result_per_submission(tmp_path: Path) -> None:
    subs = _setup(tmp_path)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    alice = json.loads((tmp_path / "out" / "alice.json").read_text())
    assert alice["total"] == 3 and alice["max_total"] == 3
    bob = json.loads((tmp_path / "out" / "bob.json").read_text())
    assert [p["score"] for p in bob["problems"]] == [1.0, 0.0]  # x + 1 is right for x = 1 only


def test_batch_gradebook_has_a_row_per_student_and_a_column_per_problem(tmp_path: Path) -> None:
    subs = _setup(tmp_path)
    run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", cwd=tmp_path)
    rows = list(csv.DictReader((tmp_path / "out" / "gradebook.csv").open()))
    by_student = {r["student"]: r for r in rows}
    assert set(by_student) == {"alice", "bob", "carol"}
    assert by_student["alice"]["total"] == "3" and by_student["alice"]["ANSWER"] == "1"
    assert by_student["bob"]["double"] == "1" and by_student["bob"]["ANSWER"] == "0"


def test_a_submission_that_cannot_be_imported_costs_only_its_own_grade(tmp_path: Path) -> None:
    subs = _setup(tmp_path)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", cwd=tmp_path)
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert rows["carol"]["status"] == "not_gradable" and rows["carol"]["total"] == "0"
    assert rows["alice"]["total"] == "3"
    assert "carol" in proc.stdout


def test_student_folders_holding_submission_py_are_named_after_the_folder(tmp_path: Path) -> None:
    make_assignment(tmp_path, PROBLEMS)
    for name in ("dora", "eve"):
        (tmp_path / "subs" / name).mkdir(parents=True)
        write_module(tmp_path / "subs" / name / "submission.py", "def double(x):\n    return 2 * x\nANSWER = 42\n")
    proc = run_cli("batch", tmp_path / "subs", "-a", "hw", "-o", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"dora.json", "eve.json", "gradebook.csv", "class.json", "class.html"}


def test_batch_without_an_assignment_is_a_usage_error(tmp_path: Path) -> None:
    subs = _setup(tmp_path)
    proc = run_cli("batch", subs, cwd=tmp_path)
    assert proc.returncode == 2
    assert "--assignment" in proc.stderr
