"""Loading problem files: every error names file:line:column of the offending line and says what
was expected; one broken problem file does not stop the others from loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.spec import SpecError, load_assignment

GOOD = "id: good\nexpected: 1\n"


def broken_error(assignment_factory, text: str) -> SpecError:
    """Load an assignment of ``p.yaml`` (``text``) plus a valid problem; the error of p.yaml."""
    folder = assignment_factory({"p.yaml": text, "good.yaml": GOOD})
    assignment = load_assignment(folder)
    assert [p.id for p in assignment.problems] == ["good"], "the valid problem must still load"
    assert len(assignment.broken) == 1
    err = assignment.broken[0].error
    assert err.file == str(folder / "p.yaml")
    return err


def at(err: SpecError, line: int) -> None:
    assert err.mark is not None, str(err)
    assert err.mark.line == line, str(err)
    assert str(err).startswith(f"{err.file}:{line}:{err.mark.column}: ")


def test_yaml_syntax_error_names_file_line_and_column(assignment_factory):
    err = broken_error(assignment_factory, "id: p\ncases:\n  - inputs: {x: 1\n    expected: 2\n")
    assert "invalid YAML" in err.message
    assert err.mark is not None and err.mark.line in (3, 4)  # the unclosed flow mapping


def test_unknown_key_error_names_file_line_and_suggests_the_right_key(assignment_factory):
    err = broken_error(assignment_factory, "id: p\npionts: 2\nexpected: 1\n")
    at(err, 2)
    assert err.mark.column == 1
    assert "unknown key 'pionts'" in err.message
    assert "did you mean 'points'?" in err.message


def test_unknown_key_error_lists_the_allowed_keys(assignment_factory):
    err = broken_error(assignment_factory, "id: p\npionts: 2\nexpected: 1\n")
    assert "allowed keys: id, title, points" in err.message
    assert "cases" in err.message and "mistakes" in err.message


def test_misspelt_key_in_a_case_is_reported_as_unknown_with_a_suggestion(assignment_factory):
    err = broken_error(assignment_factory, "id: p\ncases:\n  - inputs: {x: 1}\n    expectd: 2\n")
    at(err, 4)
    assert "unknown key 'expectd'" in err.message and "did you mean 'expected'?" in err.message


def test_wrong_type_names_the_key_and_the_expected_type(assignment_factory):
    err = broken_error(assignment_factory, "id: p\npoints: lots\nexpected: 1\n")
    at(err, 2)
    assert "points" in err.message
    assert "float" in err.message or "number" in err.message


def test_case_without_expected_points_at_that_case(assignment_factory):
    text = "id: p\ncases:\n  - inputs: {x: 1}\n    expected: 2\n  - inputs: {x: 2}\n"
    err = broken_error(assignment_factory, text)
    at(err, 5)
    assert "missing required key 'expected'" in err.message


def test_problem_with_neither_cases_nor_expected_says_which_keys_are_needed(assignment_factory):
    err = broken_error(assignment_factory, "id: p\npoints: 1\n")
    at(err, 1)
    assert "`cases`" in err.message and "`expected`" in err.message


def test_problem_with_both_cases_and_expected_is_rejected_at_expected(assignment_factory):
    err = broken_error(assignment_factory, "id: p\ncases:\n  - inputs: {x: 1}\n    expected: 2\nexpected: 3\n")
    at(err, 5)
    assert "not both" in err.message


def test_case_whose_inputs_differ_from_the_first_case_names_the_missing_input(assignment_factory):
    text = "id: p\ncases:\n  - inputs: {x: 1, y: 2}\n    expected: 2\n  - inputs: {x: 2}\n    expected: 3\n"
    err = broken_error(assignment_factory, text)
    at(err, 5)
    assert "missing 'y'" in err.message and "`args`" in err.message


def test_with_args_an_unknown_input_name_is_reported_on_its_line(assignment_factory):
    text = "id: p\nargs: [x, y]\ncases:\n  - inputs: {x: 1, y: 2}\n    expected: 2\n  - inputs: {x: 2, z: 3}\n    expected: 3\n"
    err = broken_error(assignment_factory, text)
    at(err, 6)
    assert "unknown argument 'z'" in err.message and "x, y" in err.message


def test_with_args_trailing_inputs_may_be_omitted(assignment_factory):
    text = "id: p\nargs: [x, y]\ncases:\n  - inputs: {x: 1, y: 2}\n    expected: 2\n  - inputs: {x: 2}\n    expected: 3\n"
    folder = assignment_factory({"p.yaml": text})
    assert [p.id for p in load_assignment(folder).problems] == ["p"]


def test_with_args_skipping_an_earlier_argument_is_an_error(assignment_factory):
    text = "id: p\nargs: [x, y]\ncases:\n  - inputs: {x: 1, y: 2}\n    expected: 2\n  - inputs: {y: 3}\n    expected: 3\n"
    err = broken_error(assignment_factory, text)
    at(err, 6)
    assert "skips argument 'x'" in err.message


def test_unknown_numeric_option_suggests_the_right_option(assignment_factory):
    err = broken_error(assignment_factory, "id: p\noptions: {rtol: 0.1, sigfigs: 3}\nexpected: 1\n")
    at(err, 2)
    assert "unknown key 'sigfigs'" in err.message and "did you mean 'sigfig'?" in err.message
    assert "rtol, atol, scaled_atol, sigfig, decimals" in err.message


def test_a_numeric_option_is_unknown_for_the_exact_comparison(assignment_factory):
    err = broken_error(assignment_factory, "id: p\ncompare: exact\noptions:\n  rtol: 0.1\nexpected: 1\n")
    at(err, 4)
    assert "unknown key 'rtol'" in err.message and "strict_types" in err.message


def test_unknown_option_in_a_case_is_reported_at_the_case(assignment_factory):
    text = "id: p\ncases:\n  - inputs: {x: 1}\n    expected: 2\n    options: {rtoll: 0.1}\n"
    err = broken_error(assignment_factory, text)
    at(err, 5)
    assert "did you mean 'rtol'?" in err.message


def test_non_rectangular_numeric_expected_is_rejected(assignment_factory):
    text = "id: p\ncases:\n  - inputs: {x: 1}\n    expected: [[1, 2], [3]]\n"
    err = broken_error(assignment_factory, text)
    at(err, 4)
    assert "rectangular" in err.message


def test_duplicate_key_names_both_lines(assignment_factory):
    err = broken_error(assignment_factory, "id: p\npoints: 1\npoints: 2\nexpected: 1\n")
    at(err, 3)
    assert "duplicate key 'points'" in err.message and "line 2" in err.message


def test_1e_minus_5_is_read_as_a_float(assignment_factory):
    # YAML 1.1 reads `1e-5` (no dot) as a string; the loader reads it as a number.
    folder = assignment_factory({"p.yaml": "id: p\noptions: {rtol: 1e-5}\nexpected: 1e-5\n"})
    (p,) = load_assignment(folder).problems
    assert p.cases[0].options["rtol"] == 1e-5
    assert isinstance(p.cases[0].expected, float) and p.cases[0].expected == 1e-5


def test_missing_problem_file_is_an_error_at_its_line_in_assignment_yaml(assignment_factory):
    folder = assignment_factory({"good.yaml": GOOD, "gone.yaml": GOOD.replace("good", "gone")})
    (folder / "gone.yaml").unlink()
    with pytest.raises(SpecError) as info:
        load_assignment(folder)
    err = info.value
    assert err.file == str(folder / "assignment.yaml")
    at(err, 4)  # title, problems:, good.yaml, gone.yaml
    assert "gone.yaml" in err.message and "does not exist" in err.message


def test_an_empty_problem_file_says_what_it_should_contain(assignment_factory):
    err = broken_error(assignment_factory, "")
    assert "empty" in err.message and "id" in err.message


def test_two_problems_with_the_same_id_make_the_second_broken(assignment_factory):
    folder = assignment_factory({"a.yaml": GOOD, "b.yaml": GOOD})
    a = load_assignment(folder)
    assert [p.id for p in a.problems] == ["good"]
    assert "already used" in str(a.broken[0].error)


def test_broken_problem_keeps_its_place_and_its_id_for_reports(assignment_factory):
    folder = assignment_factory({"first.yaml": "id: first\nexpected: 1\n", "p.yaml": "id: middle\npionts: 1\n", "last.yaml": "id: last\nexpected: 2\n"})
    a = load_assignment(folder)
    assert [e.id for e in a.entries] == ["first", "middle", "last"]
    assert [b.id for b in a.broken] == ["middle"]


def test_the_reference_assignment_loads_without_errors(repo_root: Path):
    a = load_assignment(repo_root / "assignments" / "dl-conv")
    assert a.broken == []
    assert len(a.problems) == 22
    assert sum(p.points for p in a.problems) == 32


def test_defaults_options_are_inherited_and_a_problem_overrides_them(repo_root: Path):
    a = load_assignment(repo_root / "assignments" / "dl-conv")
    by_id = {p.id: p for p in a.problems}
    assert by_id["conv2d"].cases[0].options["rtol"] == 1e-5  # from defaults
    assert by_id["chain_rule_grad"].cases[0].options["rtol"] == 0.002  # its own
    assert by_id["chain_rule_grad"].cases[0].options["scaled_atol"] == 1e-5  # still inherited
