"""Report files and output folders are checked before anything is graded, and stale reports never survive a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import cli_env, make_assignment, run_cli, write_module
from test_grade_cli import ADD


@pytest.fixture
def readonly_dir(tmp_path: Path):
    """A folder nobody can write to: a read-only tmpfs when root (root ignores file modes), else mode 0555."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("root, but cannot mount a read-only tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _graded_nothing(proc: subprocess.CompletedProcess[str]) -> bool:
    return "Total:" not in proc.stdout and "Traceback" not in proc.stderr


def test_an_empty_report_file_name_is_a_usage_error_and_writes_nothing(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    before = set(tmp_path.iterdir())
    proc = run_cli("sub.py", "-o", "", cwd=tmp_path)
    assert proc.returncode == 2
    assert "the file name is empty" in proc.stderr and _graded_nothing(proc)
    proc = run_cli("sub.py", "-o", "json:", cwd=tmp_path)
    assert proc.returncode == 2 and "the file name is empty" in proc.stderr
    assert set(tmp_path.iterdir()) == before


def test_a_report_file_under_a_file_is_a_usage_error_before_grading(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    (tmp_path / "notes").write_text("a file")
    proc = run_cli("sub.py", "-o", "notes/sub/report.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "notes is a file, not a folder" in proc.stderr and _graded_nothing(proc)


def test_a_report_file_whose_folder_cannot_be_created_is_a_usage_error_before_grading(tmp_path, readonly_dir):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli("sub.py", "-o", readonly_dir / "new" / "report.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot create the folder" in proc.stderr and _graded_nothing(proc)


def test_a_report_file_in_a_read_only_folder_is_a_usage_error_before_grading(tmp_path, readonly_dir):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli("sub.py", "-o", readonly_dir / "report.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot write the report" in proc.stderr and _graded_nothing(proc)
    assert "read-only" in proc.stderr or "permission denied" in proc.stderr


def test_a_report_file_that_is_a_folder_is_a_usage_error(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    (tmp_path / "report.json").mkdir()
    proc = run_cli("sub.py", "-o", "report.json", cwd=tmp_path)
    assert proc.returncode == 2 and "it is a folder" in proc.stderr and _graded_nothing(proc)


def test_batch_into_a_read_only_folder_is_a_usage_error_before_grading(tmp_path, readonly_dir):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "alice.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli("batch", "alice.py", "-a", "hw", "-o", readonly_dir, cwd=tmp_path)
    assert proc.returncode == 2
    assert f"cannot write results to {readonly_dir}" in proc.stderr
    assert "alice" not in proc.stdout and "Traceback" not in proc.stderr


def test_batch_into_a_folder_under_a_file_is_a_usage_error(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "alice.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli("batch", "alice.py", "-a", "hw", "-o", "alice.py/out", cwd=tmp_path)
    assert proc.returncode == 2
    assert "cannot write results to alice.py/out: alice.py is a file, not a folder" in proc.stderr
    assert "alice " not in proc.stdout


SLOW_IMPORT = """
import time
time.sleep(3)

def add(a, b):
    return a + b
"""


def test_a_previous_report_is_gone_as_soon_as_a_new_run_starts_and_a_partial_one_says_incomplete(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_module(tmp_path / "sub.py", SLOW_IMPORT)
    report = tmp_path / "r.json"
    stale = {"status": "graded", "total": 3, "max_total": 3}
    report.write_text(json.dumps(stale))
    proc = subprocess.Popen([sys.executable, "-m", "grader", "sub.py", "-q", "-o", str(report)], cwd=tmp_path, env=cli_env())
    seen = []
    try:
        deadline = time.monotonic() + 2.5  # the import takes 3 s: all of this is before any result
        while time.monotonic() < deadline:
            seen.append(json.loads(report.read_text()) if report.exists() else None)
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
    while seen and seen[0] == stale:  # the grader has not started yet (Python's own start-up)
        seen.pop(0)
    assert len(seen) > 10 and stale not in seen  # once it starts, the old report is gone for good
    partial = [s for s in seen if s is not None]
    assert partial and all(s["status"] == "incomplete" for s in partial)
    left = json.loads(report.read_text()) if report.exists() else None
    assert left is None or left["status"] == "incomplete"  # killed: never the old 3/3
