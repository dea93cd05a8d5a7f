"""Numbers in problem files and assignment.yaml are finite and in range: `.inf`, `.nan` and `1e400`
(which YAML reads as infinity) are rejected where they are written, with file:line."""

from __future__ import annotations

import pytest

from grader.spec import SpecError, load_assignment

NON_FINITE = [".inf", "-.inf", ".nan", "1e400"]

PROBLEM_KEYS = {
    "points": ("id: p\npoints: {v}\nexpected: 1\n", 2),
    "timeout": ("id: p\ntimeout: {v}\ncases:\n  - inputs: {{}}\n    expected: 1\n", 2),
    "case weight": ("id: p\ncases:\n  - inputs: {{}}\n    expected: 1\n    weight: {v}\n", 5),
    "case timeout": ("id: p\ncases:\n  - inputs: {{}}\n    expected: 1\n    timeout: {v}\n", 5),
    "numeric rtol": ("id: p\noptions: {{rtol: {v}}}\nexpected: 1\n", 2),
    "numeric atol in a case": ("id: p\ncases:\n  - inputs: {{}}\n    expected: 1\n    options: {{atol: {v}}}\n", 5),
    "symbolic rtol": ("id: p\ncompare: symbolic\noptions: {{rtol: {v}}}\nexpected: x\n", 3),
}

HEADER_KEYS = {
    "defaults timeout": "defaults:\n  timeout: {v}\n",
    "defaults import_timeout": "defaults:\n  import_timeout: {v}\n",
    "limit memory_mb": "defaults:\n  limits: {{memory_mb: {v}}}\n",
    "limit wall_seconds": "defaults:\n  limits: {{wall_seconds: {v}}}\n",
    "limit cpu_seconds": "defaults:\n  limits: {{cpu_seconds: {v}}}\n",
    "default numeric scaled_atol": "defaults:\n  options:\n    numeric: {{scaled_atol: {v}}}\n",
}


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("key", PROBLEM_KEYS)
def test_a_non_finite_number_in_a_problem_file_is_rejected_on_its_line(assignment_factory, key, value):
    template, line = PROBLEM_KEYS[key]
    folder = assignment_factory({"p.yaml": template.format(v=value), "good.yaml": "id: good\nexpected: 1\n"})
    a = load_assignment(folder)
    assert [p.id for p in a.problems] == ["good"]
    err = a.broken[0].error
    assert err.mark is not None and err.mark.line == line, str(err)
    assert "finite number" in err.message


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("key", HEADER_KEYS)
def test_a_non_finite_number_in_assignment_yaml_is_rejected_on_its_line(assignment_factory, key, value):
    folder = assignment_factory({"good.yaml": "id: good\nexpected: 1\n"}, header=HEADER_KEYS[key].format(v=value))
    with pytest.raises(SpecError) as info:
        load_assignment(folder)
    assert info.value.mark is not None and info.value.mark.line in (2, 3, 4), str(info.value)
    assert "finite" in info.value.message or "Expected `int`" in info.value.message


@pytest.mark.parametrize("text, line", [
    ("id: p\npoints: 1e7\nexpected: 1\n", 2),
    ("id: p\ntimeout: 1e300\ncases:\n  - inputs: {}\n    expected: 1\n", 2),
    ("id: p\ncases:\n  - inputs: {}\n    expected: 1\n    weight: 1e300\n", 5),
])
def test_a_finite_but_absurd_number_is_rejected_as_out_of_range(assignment_factory, text, line):
    folder = assignment_factory({"p.yaml": text})
    err = load_assignment(folder).broken[0].error
    assert err.mark is not None and err.mark.line == line, str(err)
    assert "<=" in err.message


def test_an_infinite_expected_value_stays_allowed(assignment_factory):
    folder = assignment_factory({"p.yaml": "id: p\ncases:\n  - inputs: {x: 0}\n    expected: [.inf, -.inf, .nan]\n"})
    a = load_assignment(folder)
    assert a.broken == [] and a.problems[0].cases[0].expected[0] == float("inf")
