"""The GitHub Actions log of a hostile submission: the grader's annotations land on the student's
definitions, and no line the student printed or returned runs as a workflow command.

``runner_commands`` reads a log as the runner does (actions/runner, ActionCommandManager): a line
that starts with ``::`` after trimming is a command, a line holding ``##[`` a legacy one, and after
``::stop-commands::TOKEN`` nothing runs until the line ``::TOKEN::``.
"""

from __future__ import annotations

import re

import pytest

from grader.report.escape import gh_data, gh_property
from grader.report.github import for_log, log_formats
from report_hostile import hostile_run, hostile_submission_line

COMMAND = re.compile(r"^::([A-Za-z0-9_-]+)(?: ([^:]*))?::(.*)$")


def runner_commands(log: str) -> list[tuple[str, str, str]]:
    """(command, properties, message) of every workflow command the runner would execute."""
    found, stopped = [], None
    for line in log.split("\n"):
        text = line.strip()
        m = COMMAND.match(text)
        if stopped is not None:
            if m and m.group(1) == stopped:
                stopped = None
            continue
        if m and m.group(1) == "stop-commands":
            stopped = m.group(3)
            continue
        if m:
            found.append((m.group(1), m.group(2) or "", m.group(3)))
        elif "##[" in line:
            found.append(("legacy", "", line))
    return found


@pytest.fixture(scope="module")
def ci_log(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("gha")
    proc = hostile_run(root, "-f", "text", "-f", "markdown", env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 1, proc.stderr
    return proc.stdout + proc.stderr


def test_no_student_output_runs_as_a_workflow_command_in_the_ci_log(ci_log):
    assert "::add-mask::secret-token" in ci_log  # printed, but fenced
    assert {cmd for cmd, _, _ in runner_commands(ci_log)} == {"error"}


def test_every_error_annotation_is_the_graders_own(ci_log):
    files = [props for cmd, props, _ in runner_commands(ci_log)]
    assert len(files) == 6  # one per problem that lost points; the forged `file=other.py` is fenced
    assert all(props.startswith("file=sub.py") for props in files), files


def test_annotations_point_at_the_students_failing_definitions(ci_log):
    props = {p.split("title=")[1].split("%3A")[0]: p for _, p, _ in runner_commands(ci_log)}
    assert props["double"].startswith(f"file=sub.py,line={hostile_submission_line('double')},")
    assert props["boom"].startswith(f"file=sub.py,line={hostile_submission_line('boom')},")
    assert "line=" not in props["missing"]  # not defined: the annotation goes on the file


def test_annotations_are_printed_only_on_github_actions():
    assert log_formats(["text"], env={}) == ["text"]
    assert log_formats([], env={"GITHUB_ACTIONS": "true"}) == ["annotations"]
    assert for_log("text", "::notice::x\n", env={}) == "::notice::x\n"


def test_each_fence_has_its_own_unguessable_token():
    env = {"GITHUB_ACTIONS": "true"}
    first, second = for_log("text", "x", env=env), for_log("text", "x", env=env)
    token = first.split("\n")[0].removeprefix("::stop-commands::")
    assert len(token) >= 32 and token not in second
    assert first.split("\n")[-2] == f"::{token}::"


def test_workflow_command_values_are_percent_encoded():
    assert gh_data("50%\r\nnext::line") == "50%25%0Anext::line"
    assert gh_property("a.py,line=1::x") == "a.py%2Cline=1%3A%3Ax"
