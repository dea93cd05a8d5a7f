"""The published JSON Schemas are valid and agree with the loader on real files."""

from __future__ import annotations

import pytest
import yaml

from conftest import REPO
from grader.spec.schema import schema

jsonschema = pytest.importorskip("jsonschema")


@pytest.mark.parametrize("which", ["problem", "assignment", "result"])
def test_each_published_schema_is_a_valid_json_schema(which):
    jsonschema.Draft202012Validator.check_schema(schema(which))


def test_every_reference_problem_file_satisfies_the_problem_schema():
    validator = jsonschema.Draft202012Validator(schema("problem"))
    for file in sorted((REPO / "assignments" / "dl-conv").glob("*.yaml")):
        if file.name == "assignment.yaml":
            continue
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(file.read_text()))]
        assert errors == [], f"{file.name}: {errors}"


def test_the_reference_assignment_file_satisfies_the_assignment_schema():
    validator = jsonschema.Draft202012Validator(schema("assignment"))
    data = yaml.safe_load((REPO / "assignments" / "dl-conv" / "assignment.yaml").read_text())
    assert list(validator.iter_errors(data)) == []


def test_the_problem_schema_rejects_an_unknown_key_as_editors_will_show():
    validator = jsonschema.Draft202012Validator(schema("problem"))
    errors = list(validator.iter_errors({"id": "x", "expectd": 1}))
    assert errors and "expectd" in errors[0].message
