"""Gradebook exports: a roster's names and emails, Canvas's import format, and cells that stay text."""

from __future__ import annotations

import csv

from conftest import make_assignment, run_cli, write_module
from test_batch import PROBLEMS
from test_batch_parallel import RIGHT, WRONG

ROSTER = """id,name,email,sis_user_id,section
alice,Alice Smith,alice@example.edu,A001,Section 1
bob,=cmd|' /C calc'!A0,bob@example.edu,B002,Section 2
"""


def _class(tmp_path):
    make_assignment(tmp_path, PROBLEMS)
    subs = tmp_path / "subs"
    subs.mkdir()
    write_module(subs / "alice.py", RIGHT)
    write_module(subs / "bob.py", WRONG)
    write_module(subs / "carol.py", RIGHT)
    (tmp_path / "roster.csv").write_text(ROSTER)
    return subs


def test_a_roster_adds_names_and_emails_to_the_gradebook(tmp_path):
    subs = _class(tmp_path)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--roster", "roster.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert (rows["alice"]["name"], rows["alice"]["email"]) == ("Alice Smith", "alice@example.edu")
    assert rows["bob"]["name"] == "'=cmd|' /C calc'!A0"  # a formula from the roster stays text
    assert rows["carol"]["name"] == "" and "not in the roster" in proc.stderr and "carol" in proc.stderr


def test_canvas_gradebook_has_canvas_import_columns_and_the_points_column(tmp_path):
    subs = _class(tmp_path)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--roster", "roster.csv", "--gradebook", "canvas", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader((tmp_path / "out" / "canvas.csv").open()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Test hw"]
    assert rows[1] == ["Points Possible", "", "", "", "", "3"]
    assert rows[2] == ["Alice Smith", "", "A001", "alice@example.edu", "Section 1", "3"]
    assert rows[3][0] == "'=cmd|' /C calc'!A0" and rows[3][5] == "1"
    assert rows[4] == ["carol", "", "carol", "", "", "3"]


def test_the_canvas_column_can_name_an_existing_canvas_assignment(tmp_path):
    subs = _class(tmp_path)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--canvas-column", "Homework 1 (4711)", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert next(csv.reader((tmp_path / "out" / "canvas.csv").open()))[-1] == "Homework 1 (4711)"


def test_a_roster_without_an_id_column_is_a_usage_error_naming_the_line(tmp_path):
    subs = _class(tmp_path)
    (tmp_path / "roster.csv").write_text("name,email\nAlice,alice@example.edu\n")
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--roster", "roster.csv", cwd=tmp_path)
    assert proc.returncode == 2 and "roster.csv:1: the roster needs an 'id' column" in proc.stderr


def test_a_roster_listing_an_id_twice_is_a_usage_error_naming_both_lines(tmp_path):
    subs = _class(tmp_path)
    (tmp_path / "roster.csv").write_text("id,name\nalice,A\nbob,B\nalice,C\n")
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--roster", "roster.csv", cwd=tmp_path)
    assert proc.returncode == 2 and "roster.csv:4: the id 'alice' is listed twice (first on line 2)" in proc.stderr
