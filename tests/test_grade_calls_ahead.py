"""The next case's call goes to the child while the grader compares the current one: the verdicts,
time-outs and crashes of every case stay those of calls made one at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_assignment, write_module

from grader.grade import _calls_ahead, grade
from grader.sandbox.session import Sandbox
from grader.spec import load_assignment

PROBLEM = """
    id: f
    args: [x]
    timeout: 1
    cases:
      - {inputs: {x: 1}, expected: 1}
      - {inputs: {x: 2}, expected: 2}
      - {inputs: {x: 3}, expected: 3}
      - {inputs: {x: 4}, expected: 4}
"""


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


def _grade(tmp_path: Path, sandbox, source: str) -> list[tuple[str, str]]:
    folder = make_assignment(tmp_path, {"f.yaml": PROBLEM})
    write_module(tmp_path / "sub.py", source)
    result = grade(load_assignment(folder), tmp_path / "sub.py", sandbox)
    [problem] = result.problems
    return [(c.status, c.message) for c in problem.cases]


def test_plain_function_problems_call_ahead_and_checked_ones_do_not(tmp_path):
    explained = PROBLEM.replace("id: f", "id: g") + "    explain:\n      - finite: true\n        name: finite\n"
    folder = make_assignment(tmp_path, {"f.yaml": PROBLEM, "g.yaml": explained})
    f, g = load_assignment(folder).problems
    assert _calls_ahead(f) and not _calls_ahead(g)


def test_a_case_that_hangs_times_out_alone_and_the_next_ones_are_graded(tmp_path, sandbox):
    cases = _grade(tmp_path, sandbox, "def f(x):\n    while x == 2:\n        pass\n    return x\n")
    assert [s for s, _ in cases] == ["passed", "error", "passed", "passed"]
    assert "timed out after 1 s" in cases[1][1]


def test_a_case_that_kills_the_child_costs_only_itself(tmp_path, sandbox):
    cases = _grade(tmp_path, sandbox, "import os\ndef f(x):\n    if x == 3:\n        os._exit(9)\n    return x\n")
    assert [s for s, _ in cases] == ["passed", "passed", "error", "passed"]
    assert "exited with code 9" in cases[2][1]


def test_state_a_call_leaves_behind_is_seen_by_the_next_call_as_before(tmp_path, sandbox):
    cases = _grade(tmp_path, sandbox, "seen = []\ndef f(x):\n    seen.append(x)\n    return len(seen)\n")
    assert [s for s, _ in cases] == ["passed", "passed", "passed", "passed"]  # call k is the k-th call
