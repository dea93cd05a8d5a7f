"""``-f classroom``: base64 JSON in the form GitHub Classroom's grading reporter reads, with real points."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

from conftest import cli_env, make_assignment, run_cli, write_module
from grader.report.escape import log_line
from report_hostile import hostile_run
from test_report_formats import DOUBLE, SUBMISSION
from test_grade_cli import ADD, ANSWER, SPIN


def _decoded(text: str) -> dict:
    return json.loads(base64.b64decode(text.strip(), validate=True))


def test_classroom_output_decodes_to_the_reporters_format_with_the_points(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD, "double.yaml": DOUBLE, "value.yaml": ANSWER, "spin.yaml": SPIN})
    write_module(tmp_path / "sub.py", SUBMISSION)
    proc = run_cli("sub.py", "-q", "-f", "classroom", cwd=tmp_path)
    data = _decoded(proc.stdout)
    assert (data["version"], data["status"], data["max_score"]) == (1, "fail", 6)
    assert [(t["name"], t["status"], t["score"], t["max_score"]) for t in data["tests"]] == [
        ("add", "fail", 2, 3), ("double", "fail", 0, 1), ("ANSWER", "pass", 1, 1), ("spin", "fail", 0, 1)]
    assert sum(t["score"] for t in data["tests"]) == 3  # what the reporter posts: "Points 3/6"
    assert all(set(t) == {"name", "status", "score", "max_score", "message"} for t in data["tests"])


def test_a_submission_that_cannot_be_imported_is_an_error_for_classroom(tmp_path):
    make_assignment(tmp_path, {"value.yaml": ANSWER})
    write_module(tmp_path / "sub.py", "import no_such_module\n")
    run_cli("sub.py", "-q", "-o", "classroom:result.b64", cwd=tmp_path)
    data = _decoded((tmp_path / "result.b64").read_text())
    assert data["status"] == "error" and data["tests"][0]["status"] == "error"


def test_classroom_messages_cannot_issue_a_command_when_the_reporter_prints_them(tmp_path):
    proc = hostile_run(tmp_path, "-o", "classroom:out/result.b64")
    assert proc.returncode == 1, proc.stderr
    data = _decoded((tmp_path / "out" / "result.b64").read_text())
    for t in data["tests"]:
        assert "\n" not in t["message"] and "\r" not in t["message"] and "##[" not in t["message"]
    assert log_line("a\n::add-mask::x ##[error]y") == "a ⏎ ::add-mask::x #\u2060#[error]y"


def test_classroom_base64_is_printed_unfenced_on_github_actions(tmp_path):
    make_assignment(tmp_path, {"value.yaml": ANSWER})
    write_module(tmp_path / "sub.py", "ANSWER = 42\n")
    out = subprocess.run([sys.executable, "-m", "grader", "sub.py", "-q", "-f", "classroom"], cwd=tmp_path,
                         capture_output=True, text=True, env={**cli_env(), "GITHUB_ACTIONS": "true"}, timeout=120)
    assert _decoded(out.stdout)["status"] == "pass"
