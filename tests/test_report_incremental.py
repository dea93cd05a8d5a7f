"""The ``-o`` report file while grading goes on: always valid, problems not graded yet say "not_run"."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from conftest import cli_env, make_assignment, write_module
from grader.grade import new_result
from grader.spec import load_assignment
from grader.writer import ReportWriter
from test_grade_cli import ADD

SLOW = """
id: slow
args: [x]
timeout: 20
cases:
  - inputs: {x: 1}
    expected: 1
"""


def test_report_before_grading_is_valid_json_with_every_problem_not_run(tmp_path):
    folder = make_assignment(tmp_path, {"add.yaml": ADD, "slow.yaml": SLOW})
    sub = write_module(tmp_path / "sub.py", "")
    out = tmp_path / "report.json"
    ReportWriter([("json", out)]).update(new_result(load_assignment(folder), sub))
    data = json.loads(out.read_text())
    assert [(p["id"], p["status"]) for p in data["problems"]] == [("add", "not_run"), ("slow", "not_run")]
    assert all(c["status"] == "not_run" for p in data["problems"] for c in p["cases"])
    assert data["total"] == 0 and data["max_total"] == 4


def test_report_file_mid_run_is_valid_and_shows_graded_and_not_run_problems(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD, "slow.yaml": SLOW})
    write_module(tmp_path / "sub.py", """
        import time

        def add(a, b):
            return a + b

        def slow(x):
            time.sleep(3)
            return x
        """)
    out = tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, "-m", "grader", "sub.py", "-q", "-o", str(out)], cwd=tmp_path, env=cli_env())
    seen_mid_run = None
    try:
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            if out.exists():
                data = json.loads(out.read_text())  # never half-written
                statuses = {p["id"]: p["status"] for p in data["problems"]}
                if statuses["add"] == "passed" and seen_mid_run is None:
                    seen_mid_run = statuses
            time.sleep(0.05)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert seen_mid_run == {"add": "passed", "slow": "not_run"}
    final = json.loads(out.read_text())
    assert {p["id"]: p["status"] for p in final["problems"]} == {"add": "passed", "slow": "passed"}
