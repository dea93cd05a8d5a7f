"""`grade regrade`: the effect of a changed problem file, shown before it is published."""

from __future__ import annotations

import csv
import json

from conftest import run_cli
from test_batch_parallel import RIGHT, WRONG, _class

FIXED = """
id: ANSWER
compare: exact
expected: 41
"""


def _published(tmp_path):
    subs = _class(tmp_path, 4)  # s00 right, s01 wrong (ANSWER = 41), s02 broken, s03 crashes
    assert run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", cwd=tmp_path).returncode == 0
    (tmp_path / "assignments" / "hw" / "answer.yaml").write_text(FIXED)  # the instructor changes the answer
    return subs


def test_regrade_shows_old_and_new_scores_and_the_cases_that_flipped(tmp_path):
    _published(tmp_path)
    proc = run_cli("regrade", tmp_path / "out", "-a", "hw", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "s00: 3 -> 2 / 3" in proc.stdout and "ANSWER / value: passed -> failed" in proc.stdout
    assert "s01: 1 -> 2 / 3" in proc.stdout and "ANSWER / value: failed -> passed" in proc.stdout
    assert "s02" not in proc.stdout  # not importable before and after: unchanged
    assert "3 of 4 students changed" in proc.stdout


def test_regrade_leaves_the_published_results_alone_until_apply(tmp_path):
    _published(tmp_path)
    before = {p.name: p.read_text() for p in (tmp_path / "out").iterdir()}
    assert run_cli("regrade", tmp_path / "out", "-a", "hw", cwd=tmp_path).returncode == 0
    assert {p.name: p.read_text() for p in (tmp_path / "out").iterdir()} == before
    assert json.loads((tmp_path / "out.regrade" / "s01.json").read_text())["total"] == 2


def test_regrade_apply_publishes_the_new_results_and_gradebook(tmp_path):
    _published(tmp_path)
    proc = run_cli("regrade", tmp_path / "out", "-a", "hw", "--apply", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert rows["s00"]["total"] == "2" and rows["s01"]["total"] == "2"
    assert json.loads((tmp_path / "out" / "s01.json").read_text())["total"] == 2


def test_regrade_with_nothing_changed_says_the_results_stand(tmp_path):
    subs = _class(tmp_path, 2)
    assert run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", cwd=tmp_path).returncode == 0
    proc = run_cli("regrade", tmp_path / "out", "-a", "hw", cwd=tmp_path)
    assert proc.returncode == 0 and "0 of 2 students changed: the published results stand" in proc.stdout


def test_regrade_of_a_folder_without_results_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    proc = run_cli("regrade", tmp_path / "empty", "-a", "hw", cwd=tmp_path)
    assert proc.returncode == 2 and "no results to regrade" in proc.stderr
