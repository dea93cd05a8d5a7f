"""Report formats written by one grading run with several ``-o`` at once (and ``-f json`` to stdout).

The submission: ``add`` 2 of 3 cases right (2/3 points), ``double`` wrong in cell [1][0], ``ANSWER``
right, ``spin`` missing. Expected total: 2 + 0 + 1 + 0 = 3 of 3 + 1 + 1 + 1 = 6.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import make_assignment, run_cli, write_module
from test_grade_cli import ADD, ANSWER, SPIN

DOUBLE = """
id: double
args: [m]
cases:
  - name: two by two
    inputs: {m: [[1, 2], [3, 4]]}
    expected: [[2, 4], [6, 8]]
"""
SUBMISSION = """
def add(a, b):
    return a + b if a > 0 else 0

def double(m):
    r = 2 * m
    r[1, 0] = 7
    return r

ANSWER = 42
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    folder = make_assignment(root, {"add.yaml": ADD, "double.yaml": DOUBLE, "value.yaml": ANSWER, "spin.yaml": SPIN})
    write_module(root / "sub.py", SUBMISSION)
    proc = run_cli(
        "sub.py", "-f", "json", "-o", "out/report.json", "-o", "out/report.xml", "-o", "gradescope:out/results.json",
        "-o", "out/summary.md", "-o", "out/report.txt", cwd=root,
    )
    return {"root": root, "folder": folder, "proc": proc, "out": root / "out"}


@pytest.fixture(scope="module")
def report(run) -> dict:
    return json.loads((run["out"] / "report.json").read_text())


def test_grading_with_several_outputs_exits_1_for_lost_points(run):
    assert run["proc"].returncode == 1, run["proc"].stderr


def test_dash_f_json_prints_the_same_result_to_stdout(run, report):
    printed = json.loads(run["proc"].stdout)
    assert printed["problems"] == report["problems"]
    assert printed["total"] == report["total"]


def test_json_report_has_a_schema_version_and_totals(report):
    assert report["schema_version"]
    assert (report["total"], report["max_total"]) == (3, 6)


def test_json_report_problem_entries_have_the_documented_fields(report):
    for p in report["problems"]:
        for key in ("id", "target", "score", "max_score", "status", "messages", "cases", "options"):
            assert key in p, (p["id"], key)
    add = next(p for p in report["problems"] if p["id"] == "add")
    assert (add["score"], add["max_score"], add["status"]) == (2, 3, "partial")
    assert add["options"]["rtol"] == 1e-7  # the comparator options used, defaults filled in


def test_json_report_records_provenance(run, report):
    assert report["grader"]["version"]
    assert report["submission"]["sha256"] == hashlib.sha256((run["root"] / "sub.py").read_bytes()).hexdigest()
    hashes = report["assignment"]["sha256"]
    for name in ("assignment.yaml", "add.yaml", "double.yaml"):
        assert hashes[name] == hashlib.sha256((run["folder"] / name).read_bytes()).hexdigest()


def test_json_report_case_shows_inputs_expected_and_observed(report):
    double = next(p for p in report["problems"] if p["id"] == "double")
    case = double["cases"][0]
    assert case["inputs"] == {"m": [[1, 2], [3, 4]]}
    assert case["expected"] == [[2, 4], [6, 8]]
    assert case["observed"] == [[2, 4], [7, 8]]
    assert case["details"]["mask"] == [[False, False], [True, False]]


def test_junit_xml_parses_and_counts_the_failed_problems(run):
    tree = ET.parse(run["out"] / "report.xml")
    suite = tree.getroot().find("testsuite")
    assert suite.get("tests") == "4"
    assert suite.get("failures") == "3"  # add (partial), double, spin
    failed = {tc.get("name") for tc in suite.iter("testcase") if tc.find("failure") is not None}
    assert failed == {"add", "double", "spin"}


def test_gradescope_json_has_the_score_and_one_test_per_problem_with_max_score(run):
    gs = json.loads((run["out"] / "results.json").read_text())
    assert gs["score"] == 3
    assert [(t["score"], t["max_score"]) for t in gs["tests"]] == [(2, 3), (0, 1), (1, 1), (0, 1)]
    assert all(t["name"] for t in gs["tests"])


def test_markdown_has_a_table_row_per_problem(run):
    md = (run["out"] / "summary.md").read_text()
    rows = [line for line in md.splitlines() if line.startswith("|") and "`" in line]
    assert len(rows) == 4
    for pid, score in (("add", "2/3"), ("double", "0/1"), ("ANSWER", "1/1"), ("spin", "0/1")):
        assert any(f"`{pid}`" in r and score in r for r in rows), pid


def test_text_report_marks_the_differing_cells_with_a_star(run):
    text = (run["out"] / "report.txt").read_text()
    assert "\x1b[" not in text  # no colour in files
    rows = [line.strip() for line in text.splitlines() if line.strip().startswith("[")]
    # the observed grid, then the expected grid (unmarked)
    assert rows == ["[2  4 ]", "[7* 8 ]", "[2  4 ]", "[6  8 ]"], text


def test_text_report_shows_the_total(run):
    assert "Total: 3/6 (50.0%)" in (run["out"] / "report.txt").read_text()


def test_output_with_an_unknown_suffix_is_a_usage_error(tmp_path):
    make_assignment(tmp_path, {"value.yaml": ANSWER})
    write_module(tmp_path / "sub.py", "ANSWER = 42\n")
    proc = run_cli("sub.py", "-o", "report.weird", cwd=tmp_path)
    assert proc.returncode == 2 and "FORMAT:" in proc.stderr


def test_json_report_validates_against_the_published_result_schema(report):
    jsonschema = pytest.importorskip("jsonschema")
    proc = run_cli("schema", "--result")
    jsonschema.validate(report, json.loads(proc.stdout))
