"""JUnit XML that CI test reporters read, whatever the student's code prints, raises or returns.

Checked against Jenkins' ``junit-10.xsd`` (tests/data/junit-10.xsd, verbatim from
github.com/jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/).
The one extension beyond it is each testcase's ``file``/``line`` (pytest's xunit1 output and the
annotation actions read them), so the schema check removes those two first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from report_hostile import hostile_run, hostile_submission_line

XSD = Path(__file__).parent / "data" / "junit-10.xsd"


@pytest.fixture(scope="module")
def junit(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("junit")
    proc = hostile_run(root)
    assert proc.returncode == 1, proc.stderr
    return (root / "out" / "report.xml").read_text(encoding="utf-8")


def test_junit_of_a_hostile_submission_is_well_formed_xml(junit):
    ET.fromstring(junit.encode("utf-8"))


def test_junit_of_a_hostile_submission_is_valid_against_junit_10_xsd(junit):
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema (the `test` extra) validates against the XSD")
    tree = ET.fromstring(junit.encode("utf-8"))
    for case in tree.iter("testcase"):
        case.attrib.pop("file", None)
        case.attrib.pop("line", None)
    xmlschema.XMLSchema(str(XSD)).validate(tree)


def test_junit_shows_control_characters_as_visible_escapes(junit):
    failure = next(c for c in ET.fromstring(junit.encode()).iter("testcase") if c.get("name") == "boom").find("failure")
    assert "nul:\\x00 bell:\\x07 esc:\\x1b[2J" in failure.text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", junit)


def test_student_text_cannot_close_or_forge_a_testcase(junit):
    names = [c.get("name") for c in ET.fromstring(junit.encode()).iter("testcase")]
    assert names == ["echo", "double", "boom", "big", "SYM", "missing"]


def test_junit_times_have_at_most_three_decimals(junit):
    tree = ET.fromstring(junit.encode())
    times = [e.get("time") for e in tree.iter() if e.get("time") is not None]
    assert times and all(re.fullmatch(r"\d+(\.\d{1,3})?", t) for t in times), times


def test_junit_testsuites_element_has_no_skipped_attribute(junit):
    assert "skipped" not in ET.fromstring(junit.encode()).attrib


def test_junit_testcases_point_at_the_students_definition(junit):
    cases = {c.get("name"): c for c in ET.fromstring(junit.encode()).iter("testcase")}
    assert (cases["boom"].get("file"), cases["boom"].get("line")) == ("sub.py", str(hostile_submission_line("boom")))
    assert (cases["echo"].get("file"), cases["echo"].get("line")) == ("sub.py", str(hostile_submission_line("echo")))
    assert cases["missing"].get("file") is None  # not defined: nothing to point at


def test_junit_failure_shows_the_inputs_of_the_failing_case(junit):
    cases = {c.get("name"): c for c in ET.fromstring(junit.encode()).iter("testcase")}
    assert "input m = [[1, 2], [3, 4]]" in cases["double"].find("failure").text
    assert "input v = shape (40,) float, values 0.5 to 39.5: [0.5, 1.5, 2.5" in cases["big"].find("failure").text
