"""Loading is cheap and safe on any input: alias bombs, deep nesting, recursive aliases, huge files,
wrong encodings and stray characters end as an error at file:line:column, never as a traceback,
a hang or gigabytes of memory; and such a file costs only its own problem."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO, cli_env, make_assignment, run_cli, write_module
from grader.spec import SpecError, bounds, load_assignment
from grader.spec.yamlpos import load

GOOD = "id: good\nexpected: 1\n"


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: 9 levels of 9 aliases each expand to 9**9 (387 million) strings."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def broken(assignment_factory, text: str | bytes) -> SpecError:
    """The error of p.yaml (``text``) in an assignment that also has a valid problem, which must still load."""
    folder = assignment_factory({"good.yaml": GOOD})
    (folder / "p.yaml").write_bytes(text.encode() if isinstance(text, str) else text)
    listing = (folder / "assignment.yaml").read_text().replace("problems:\n", "problems:\n  - p.yaml\n")
    (folder / "assignment.yaml").write_text(listing)
    a = load_assignment(folder)
    assert [p.id for p in a.problems] == ["good"]
    err = a.broken[0].error
    assert err.file == str(folder / "p.yaml") and err.mark is not None, str(err)
    assert str(err).startswith(f"{err.file}:{err.mark.line}:{err.mark.column}: ")
    return err


# -- aliases, depth, size ------------------------------------------------------------------------

def test_an_alias_bomb_is_rejected_at_the_line_where_it_explodes(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: 1\n" + billion_laughs())
    assert "more than 500000 values" in err.message and "alias" in err.message
    assert 3 <= err.mark.line <= 11


def test_a_recursive_alias_is_rejected_at_the_alias(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: &a [1, [2, *a]]\n")
    assert err.mark.line == 2 and err.mark.column == 22
    assert "recursive alias" in err.message


def test_a_recursive_alias_in_a_mapping_is_rejected(assignment_factory):
    err = broken(assignment_factory, "id: p\ncases: &c\n  - inputs: {x: *c}\n    expected: 1\n")
    assert err.mark.line == 3 and "recursive alias" in err.message


def test_an_alias_to_an_undefined_anchor_is_an_error_at_the_alias(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: *nowhere\n")
    assert err.mark.line == 2 and "nowhere" in err.message


@pytest.mark.parametrize("depth", [65, 490, 100_000])
def test_lists_nested_too_deep_are_rejected_where_the_limit_is_crossed(assignment_factory, depth):
    err = broken(assignment_factory, "id: p\nexpected: " + "[" * depth + "]" * depth + "\n")
    assert err.mark.line == 2
    if "exceeded maximum nesting depth" in err.message:  # libyaml >= 0.2.5 (PyYAML 6.0.4) scans ahead and stops at 1000 itself
        assert depth > 1000
        return
    assert err.mark.column == 10 + bounds.MAX_DEPTH  # the top-level mapping is the first level
    assert f"nested more than {bounds.MAX_DEPTH} deep" in err.message


def test_mappings_nested_too_deep_are_rejected(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: 1\nx: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n")
    assert err.mark.line == 3 and "nested more than" in err.message


def test_nesting_within_the_limit_loads(assignment_factory):
    folder = assignment_factory({"p.yaml": "id: p\ncompare: exact\nexpected: " + "[" * 60 + "1" + "]" * 60 + "\n"})
    assert load_assignment(folder).broken == []


def test_aliases_that_nest_too_deep_once_expanded_are_rejected(assignment_factory):
    deep = "[" * 40 + "1" + "]" * 40
    err = broken(assignment_factory, f"id: p\nx: &d {deep}\nexpected: " + "[" * 30 + "*d" + "]" * 30 + "\n")
    assert err.mark.line == 3 and "once alias *d is expanded" in err.message


def test_too_many_aliases_are_rejected(assignment_factory):
    err = broken(assignment_factory, "id: p\nx: &x 1\nexpected: [" + ", ".join(["*x"] * (bounds.MAX_ALIASES + 1)) + "]\n")
    assert err.mark.line == 3 and f"more than {bounds.MAX_ALIASES} aliases" in err.message


def test_a_few_aliases_still_work_and_each_use_is_its_own_copy(assignment_factory):
    text = "id: p\nargs: [x]\ncases:\n  - inputs: {x: &img [[1, 2], [3, 4]]}\n    expected: 1\n  - inputs: {x: *img}\n    expected: 1\n"
    folder = assignment_factory({"p.yaml": text})
    cases = load_assignment(folder).problems[0].cases
    assert cases[0].inputs["x"] == cases[1].inputs["x"] == [[1, 2], [3, 4]]
    assert cases[0].inputs["x"] is not cases[1].inputs["x"]


def test_a_file_larger_than_the_limit_is_rejected_before_it_is_read(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: 1\n# " + "x" * bounds.MAX_FILE_BYTES + "\n")
    assert err.mark.line == 1 and "at most" in err.message


def test_too_many_values_without_aliases_are_rejected(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: [" + ",".join(["0"] * (bounds.MAX_NODES + 10)) + "]\n")
    assert err.mark.line == 2 and "more than 500000 values" in err.message


def test_a_second_document_is_an_error_at_its_start(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: 1\n---\nid: q\n")
    assert err.mark.line == 3 and "one YAML document" in err.message


# -- encodings and characters -----------------------------------------------------------------

def test_non_utf8_bytes_are_reported_at_their_line_and_column(assignment_factory):
    err = broken(assignment_factory, b"id: p\nexpected: 1\ntitle: caf\xe9\n")
    assert (err.mark.line, err.mark.column) == (3, 11)
    assert "not UTF-8" in err.message and "0xe9" in err.message


def test_a_utf16_file_is_named_as_such(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: 1\n".encode("utf-16"))
    assert err.mark.line == 1 and "UTF-16" in err.message


def test_a_byte_order_mark_at_the_start_is_accepted(assignment_factory):
    folder = assignment_factory({"p.yaml": GOOD})
    (folder / "p.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert [p.id for p in load_assignment(folder).problems] == ["good"]


@pytest.mark.parametrize("text, line, column", [
    ("id: p\nexpected: 1\ntitle: \ufeffx\n", 3, 8),
    ("id: p\n\ufeffexpected: 1\n", 2, 1),
    ("\ufeff\ufeffid: p\nexpected: 1\n", 1, 2),
])
def test_a_byte_order_mark_anywhere_else_is_an_error_at_its_position(assignment_factory, text, line, column):
    err = broken(assignment_factory, text)
    assert (err.mark.line, err.mark.column) == (line, column) and "byte order mark" in err.message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ufffe"])
def test_a_control_character_is_an_error_at_its_position(assignment_factory, char):
    err = broken(assignment_factory, f"id: p\nexpected: 1\ntitle: ab{char}c\n")
    assert (err.mark.line, err.mark.column) == (3, 10) and f"U+{ord(char):04X}" in err.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\ufeff"])
def test_an_empty_problem_file_is_an_error_at_line_1(assignment_factory, text):
    err = broken(assignment_factory, text)
    assert err.mark.line == 1 and "empty" in err.message


def test_a_tab_used_for_indentation_is_an_error_at_its_line(assignment_factory):
    err = broken(assignment_factory, "id: p\ncases:\n\t- inputs: {}\n\t  expected: 1\n")
    assert err.mark.line == 3 and "invalid YAML" in err.message


# -- types -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!python/object:os.system x", "!custom 1", "!!set {a: null}", "!!omap [a: 1]"])
def test_tags_other_than_the_plain_types_are_rejected(assignment_factory, value):
    err = broken(assignment_factory, f"id: p\nexpected: {value}\n")
    assert err.mark.line == 2 and "tag" in err.message


def test_a_date_is_read_as_the_string_it_is(assignment_factory):
    folder = assignment_factory({"p.yaml": "id: p\ncompare: exact\nexpected: 2024-01-31\n"})
    assert load_assignment(folder).problems[0].cases[0].expected == "2024-01-31"


def test_an_integer_too_long_to_read_is_an_error_at_its_position(assignment_factory):
    err = broken(assignment_factory, "id: p\ncompare: exact\nexpected: " + "7" * 5000 + "\n")
    assert err.mark.line == 3 and "cannot read this number" in err.message


def test_a_mapping_used_as_a_key_is_an_error(assignment_factory):
    err = broken(assignment_factory, "id: p\nexpected: 1\n? {a: 1}\n: 2\n")
    assert err.mark.line == 3 and "plain scalars" in err.message


def test_duplicate_keys_through_an_alias_are_reported_on_the_second(assignment_factory):
    err = broken(assignment_factory, "id: &k p\nexpected: 1\n*k : 2\np: 3\n")
    assert err.mark.line == 4 and "duplicate key 'p'" in err.message


# -- memory ------------------------------------------------------------------------------------

PEAK_PROBE = """
import resource, sys
import numpy  # imported by validation anyway: not counted
from grader.spec import load_assignment
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
a = load_assignment(sys.argv[1])
outcome = str(a.broken[0].error) if a.broken else "loaded"
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024, outcome)
"""


def peak_mib(folder: Path) -> tuple[int, str]:
    """Peak memory (MiB above the interpreter's start) of loading the assignment ``folder`` in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", PEAK_PROBE, str(folder)], capture_output=True, text=True, env=cli_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    mib, outcome = proc.stdout.split(" ", 1)
    return int(mib), outcome.strip()


ONE_MIB = 1024 * 1024
HOSTILE = {
    "billion laughs": "id: p\nexpected: 1\n" + billion_laughs(),
    "wide alias bomb": "id: p\nx: &x [" + ",".join(["0"] * 900) + "]\nexpected: [" + ",".join(["*x"] * 999) + "]\n",
    "1 MiB of nesting": "id: p\nexpected: " + "[" * (ONE_MIB // 2) + "]" * (ONE_MIB // 2) + "\n",
    "1 MiB of small numbers": "id: p\nexpected: [" + ",".join(["0"] * (ONE_MIB // 2 - 16)) + "]\n",
    "1 MiB of distinct floats": "id: p\nexpected: [" + ",".join(f"{i}.5" for i in range(ONE_MIB // 9)) + "]\n",
    "1 MiB of cases": "id: p\nargs: [x]\ncases:\n" + "".join(f"  - {{inputs: {{x: {i}}}, expected: {i}}}\n" for i in range(ONE_MIB // 42)),
    "1 MiB matrix": "id: p\nexpected: [" + ",".join("[" + ",".join(["1.25"] * 500) + "]" for _ in range(400)) + "]\n",
    "1 MiB string": "id: p\nexpected: 1\ntitle: " + "x" * ONE_MIB + "\n",
    "1 MiB of keys": "id: p\nexpected: 1\nx: {" + ",".join(f"k{i}: 1" for i in range(ONE_MIB // 10)) + "}\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_loading_a_hostile_file_of_up_to_1_mib_stays_under_200_mib(assignment_factory, name):
    folder = assignment_factory({"p.yaml": "id: p\nexpected: 1\n"})
    (folder / "p.yaml").write_text(HOSTILE[name])
    assert (folder / "p.yaml").stat().st_size <= ONE_MIB + 64
    mib, outcome = peak_mib(folder)
    assert mib < 200, f"{name}: {mib} MiB ({outcome})"


# -- a broken file costs only its own problem, in every command ---------------------------------

ADD = """
id: add
points: 3
args: [a, b]
cases:
  - inputs: {a: 1, b: 2}
    expected: 3
"""


@pytest.mark.parametrize("bad", ["bomb", "deep", "recursive"])
def test_grade_reports_a_hostile_problem_file_as_invalid_and_grades_the_others(tmp_path, bad):
    text = {
        "bomb": "id: bad\nexpected: 1\n" + billion_laughs(),
        "deep": "id: bad\nexpected: " + "[" * 600 + "]" * 600 + "\n",
        "recursive": "id: bad\nexpected: &a [1, *a]\n",
    }[bad]
    make_assignment(tmp_path, {"add.yaml": ADD, "bad.yaml": text})
    sub = write_module(tmp_path / "sub.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli(sub.name, "-f", "json", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "bad.yaml:" in proc.stderr
    problems = {p["id"]: p for p in json.loads(proc.stdout)["problems"]}
    assert problems["add"]["status"] == "passed" and problems["bad"]["status"] == "invalid"


def test_batch_grades_every_submission_when_one_problem_file_is_an_alias_bomb(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD, "bad.yaml": "id: bad\nexpected: 1\n" + billion_laughs()})
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("alice", "bob"):
        write_module(subs / f"{name}.py", "def add(a, b):\n    return a + b\n")
    proc = run_cli("batch", "subs", "--assignment", "assignments/hw", "-o", "out", cwd=tmp_path, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2 and "bad.yaml:" in proc.stderr
    for name in ("alice", "bob"):
        result = json.loads((tmp_path / "out" / f"{name}.json").read_text())
        assert {p["id"]: p["status"] for p in result["problems"]} == {"add": "passed", "bad": "invalid"}
