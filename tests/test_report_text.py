"""The terminal report: whatever the student prints or returns, the terminal receives no control
or escape sequence but the grader's own colours; the failing case's inputs are shown."""

from __future__ import annotations

import re

import pytest

from grader.report.escape import visible
from report_hostile import hostile_run

OWN_COLOURS = re.compile(r"\x1b\[[0-9;]*m")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def terminal(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("text")
    proc = hostile_run(root, "-f", "text", "--color", "always")
    assert proc.returncode == 1, proc.stderr
    return proc.stdout


def test_terminal_report_sends_no_control_character_but_its_own_colours(terminal):
    assert OWN_COLOURS.search(terminal)  # colour is on
    assert not CONTROLS.search(OWN_COLOURS.sub("", terminal))


def test_terminal_report_shows_student_escape_sequences_visibly(terminal):
    assert "esc:\\x1b[2J\\x1b]0;pwned\\x07" in terminal
    assert "cr:\\x0doverwritten" in terminal  # a carriage return cannot overwrite the line


def test_terminal_report_shows_the_failing_cases_inputs(terminal):
    assert "inputs: m = [[1, 2], [3, 4]]" in terminal
    assert "inputs: v = shape (40,) float, values 0.5 to 39.5: [0.5, 1.5" in terminal


def test_terminal_report_says_which_index_base_it_uses(terminal):
    assert "indices count from 0, as in numpy" in terminal


def test_visible_keeps_newlines_and_tabs_and_turns_crlf_into_a_newline():
    assert visible("a\tb\r\nc\n") == "a\tb\nc\n"
    assert visible("\u202eabc\x9b") == "\\u202eabc\\x9b"
