"""Which assignment a submission is graded against (grader.discover), through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import make_assignment, run_cli, write_module

VALUE = "id: ANSWER\ncompare: exact\nexpected: {n}\n"


@pytest.fixture
def two(tmp_path: Path) -> Path:
    """Two assignments, ``alpha`` (ANSWER = 1) and ``beta-set`` (ANSWER = 2): the score tells which was used."""
    make_assignment(tmp_path, {"v.yaml": VALUE.format(n=1)}, name="alpha")
    make_assignment(tmp_path, {"v.yaml": VALUE.format(n=2)}, name="beta-set")
    return tmp_path


def graded_by(cwd: Path, sub: str, *args: str) -> str:
    proc = run_cli(sub, "-f", "json", *args, cwd=cwd)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["assignment"]["name"]


def test_single_assignment_is_used_without_being_named(tmp_path):
    make_assignment(tmp_path, {"v.yaml": VALUE.format(n=1)}, name="only")
    write_module(tmp_path / "anything.py", "ANSWER = 1\n")
    assert graded_by(tmp_path, "anything.py") == "only"


def test_assignment_option_chooses_by_name(two):
    write_module(two / "sub.py", "ANSWER = 2\n")
    assert graded_by(two, "sub.py", "--assignment", "beta-set") == "beta-set"


def test_assignment_option_accepts_a_folder_path(two):
    write_module(two / "sub.py", "ANSWER = 2\n")
    assert graded_by(two, "sub.py", "--assignment", str(two / "assignments" / "alpha")) == "alpha"


def test_assignment_comment_in_the_submission_chooses(two):
    write_module(two / "sub.py", "# assignment: beta-set\nANSWER = 2\n")
    assert graded_by(two, "sub.py") == "beta-set"


def test_dunder_assignment_in_the_submission_chooses(two):
    write_module(two / "sub.py", '"""My homework."""\n__assignment__ = "alpha"\nANSWER = 1\n')
    assert graded_by(two, "sub.py") == "alpha"


def test_among_several_the_file_name_matches_an_assignment(two):
    write_module(two / "beta_set.py", "ANSWER = 2\n")
    assert graded_by(two, "beta_set.py") == "beta-set"


def test_ambiguity_is_an_error_listing_the_choices(two):
    write_module(two / "homework.py", "ANSWER = 1\n")
    proc = run_cli("homework.py", cwd=two)
    assert proc.returncode == 2
    assert "alpha" in proc.stderr and "beta-set" in proc.stderr and "--assignment" in proc.stderr


def test_naming_an_assignment_that_does_not_exist_is_an_error(two):
    write_module(two / "sub.py", "# assignment: gamma\n")
    proc = run_cli("sub.py", cwd=two)
    assert proc.returncode == 2 and "gamma" in proc.stderr


def test_an_unknown_assignment_option_is_an_error(two):
    write_module(two / "sub.py", "")
    proc = run_cli("sub.py", "--assignment", "gamma", cwd=two)
    assert proc.returncode == 2 and "gamma" in proc.stderr


def test_no_assignments_folder_is_an_error_suggesting_the_option(tmp_path):
    write_module(tmp_path / "sub.py", "")
    proc = run_cli("sub.py", cwd=tmp_path)
    assert proc.returncode == 2 and "--assignment" in proc.stderr
