"""Gradescope's results.json: every output is declared plain text, so student HTML is shown as text."""

from __future__ import annotations

import json
import re

from conftest import make_assignment, run_cli, write_module
from report_hostile import hostile_run

IMPORT_ERROR = 'raise ImportError("<b>bold</b> <a href=\\"https://evil.example\\">link</a> <img src=x onerror=alert(1)>" + chr(27) + "[2J")\n'


def test_gradescope_top_level_output_is_declared_text_and_keeps_the_import_errors_html_literal(tmp_path):
    make_assignment(tmp_path, {"value.yaml": "id: ANSWER\nexpected: 42\n"})
    write_module(tmp_path / "sub.py", IMPORT_ERROR)
    run_cli("sub.py", "-q", "-o", "gradescope:results.json", cwd=tmp_path)
    data = json.loads((tmp_path / "results.json").read_text())
    assert (data["output_format"], data["test_output_format"]) == ("text", "text")
    assert '<b>bold</b> <a href="https://evil.example">link</a>' in data["output"]
    assert "\\x1b[2J" in data["output"] and "\x1b" not in data["output"]


def test_every_gradescope_test_output_is_declared_text_without_control_characters(tmp_path):
    proc = hostile_run(tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert {t["output_format"] for t in data["tests"]} == {"text"}
    outputs = "".join(t["output"] for t in data["tests"]) + data["output"]
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", outputs)


def test_gradescope_test_output_shows_the_failing_cases_inputs(tmp_path):
    hostile_run(tmp_path)
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    double = next(t for t in data["tests"] if t["name"] == "double")
    assert "inputs: m = [[1, 2], [3, 4]]" in double["output"]
