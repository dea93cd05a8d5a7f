"""A stdout that is full, closed or cannot encode the report costs only what was to be printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli_env, make_assignment, write_module
from test_grade_cli import ADD

RIGHT = "def add(a, b):\n    return a + b\n"


@pytest.fixture
def hw_sub(tmp_path: Path) -> Path:
    make_assignment(tmp_path, {"add.yaml": ADD})
    return write_module(tmp_path / "sub.py", RIGHT)


def _run(tmp_path: Path, *args: str, stdout=subprocess.PIPE, env=None, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=tmp_path, stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=env or cli_env(), preexec_fn=preexec, timeout=120)


def _clean(stderr: str) -> bool:
    return "Traceback" not in stderr and "Exception ignored" not in stderr


def test_stdout_on_dev_full_is_a_clean_error_and_the_report_file_is_written(tmp_path, hw_sub):
    with open("/dev/full", "w") as full:
        proc = _run(tmp_path, "sub.py", "-o", "r.json", stdout=full)
    assert proc.returncode == 2
    assert "cannot print the report to standard output: no space left on the device" in proc.stderr
    assert "the report was written to r.json" in proc.stderr and _clean(proc.stderr)
    assert json.loads((tmp_path / "r.json").read_text())["total"] == 3


def test_a_closed_stdout_is_a_clean_error_and_the_report_file_is_written(tmp_path, hw_sub):
    proc = _run(tmp_path, "sub.py", "-o", "r.json", stdout=None, preexec=lambda: os.close(1))
    assert proc.returncode == 2
    assert "standard output is closed" in proc.stderr and _clean(proc.stderr)
    assert json.loads((tmp_path / "r.json").read_text())["total"] == 3


def test_a_closed_stdout_is_no_error_when_nothing_is_to_be_printed(tmp_path, hw_sub):
    proc = _run(tmp_path, "sub.py", "-q", "-o", "r.json", stdout=None, preexec=lambda: os.close(1))
    assert proc.returncode == 0 and _clean(proc.stderr)
    assert json.loads((tmp_path / "r.json").read_text())["total"] == 3


def test_an_ascii_stdout_gets_the_text_report_with_question_marks_and_one_note(tmp_path, hw_sub):
    env = {**cli_env(), "PYTHONIOENCODING": "ascii"}
    proc = _run(tmp_path, "sub.py", "-o", "r.json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Total: 3/3 (100.0%) ? 1 passed" in proc.stdout
    assert proc.stderr.count("cannot show some characters") == 1 and _clean(proc.stderr)
    assert (tmp_path / "r.json").is_file()


def test_an_ascii_stdout_gets_json_with_escapes_equal_to_the_report_file(tmp_path, hw_sub):
    write_module(hw_sub, "def add(a, b):\n    print('h\u00e9 \u2713 \U0001f600')\n    return a + b\n")
    env = {**cli_env(), "PYTHONIOENCODING": "ascii"}
    proc = _run(tmp_path, "sub.py", "-f", "json", "-o", "r.json", env=env)
    assert proc.returncode == 0 and _clean(proc.stderr) and proc.stderr == ""
    printed = json.loads(proc.stdout)
    assert printed == json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert printed["problems"][0]["cases"][0]["stdout"] == "h\u00e9 \u2713 \U0001f600\n"


def test_grade_schema_to_a_full_stdout_is_a_clean_error(tmp_path):
    with open("/dev/full", "w") as full:
        proc = _run(tmp_path, "schema", stdout=full)
    assert proc.returncode == 2 and "no space left on the device" in proc.stderr and _clean(proc.stderr)
