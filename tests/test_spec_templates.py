"""Feedback templates are instructor input too: checked when the problem file loads (syntax, the
documented variables only, no way out of the sandbox, bounded on sample data), and rendered within
a time limit and size bounds when grading, where a failure is the instructor's error, never shown
raw to the student."""

from __future__ import annotations

import json
import time

import pytest

from conftest import make_assignment, run_cli, write_module
from grader import feedback
from grader.spec import bounds, load_assignment, templates

CONTEXT = {"expected": [1, 2], "observed": [1, 3], "message": "1 of 2 cells differ", "case": "example"}


def template_error(assignment_factory, template: str, *, where: str = "fail") -> str:
    """Load a problem whose ``feedback.fail`` (or a mistake's feedback) is ``template``; its error."""
    if where == "fail":
        text = f"id: p\nexpected: 1\nfeedback:\n  fail: {json.dumps(template)}\n"
        line = 4
    else:
        text = f"id: p\nexpected: 1\nmistakes:\n  - observed: 2\n    feedback: {json.dumps(template)}\n"
        line = 5
    folder = assignment_factory({"p.yaml": text, "good.yaml": "id: good\nexpected: 1\n"})
    a = load_assignment(folder)
    assert [p.id for p in a.problems] == ["good"], "the problem with the broken template must be invalid"
    err = a.broken[0].error
    assert err.mark is not None and err.mark.line == line, str(err)
    return err.message


# -- checked at load time ------------------------------------------------------------------------

def test_broken_jinja_syntax_is_an_error_at_the_template(assignment_factory):
    assert "invalid Jinja syntax" in template_error(assignment_factory, "Your answer {{ observed ")


def test_a_syntax_error_on_a_later_line_names_the_line_of_the_template(assignment_factory):
    assert "line 2 of the template" in template_error(assignment_factory, "first line\n{% if observed %}\n")


def test_an_undefined_variable_is_an_error_that_lists_the_documented_ones(assignment_factory):
    message = template_error(assignment_factory, "You gave {{ obsrved }}")
    assert "`obsrved`" in message and "expected, observed, message, case" in message


@pytest.mark.parametrize("escape", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ observed['__class__'] }}",
])
def test_a_sandbox_escape_is_an_error_at_load_time(assignment_factory, escape):
    assert "attributes starting with `_` are blocked" in template_error(assignment_factory, escape)


@pytest.mark.parametrize("template, reason", [
    ("{{ 'x' * 1000000000 }}", "repeats a value"),
    ("{{ 2 ** 1000000000 }}", "power"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "time limit"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recurses"),
])
def test_a_template_that_explodes_on_sample_data_is_an_error_at_load_time(assignment_factory, template, reason):
    assert reason in template_error(assignment_factory, template)


def test_a_mistakes_feedback_template_is_checked_too(assignment_factory):
    assert "invalid Jinja syntax" in template_error(assignment_factory, "{% for %}", where="mistake")


def test_a_feedback_text_longer_than_the_limit_is_an_error(assignment_factory):
    assert "characters long" in template_error(assignment_factory, "x" * (bounds.TEMPLATE_CHARS + 1))


def test_a_template_that_fails_only_on_some_data_still_loads(assignment_factory):
    folder = assignment_factory({"p.yaml": 'id: p\nexpected: 1\nfeedback:\n  fail: "{{ observed / 0 }}"\n'})
    assert load_assignment(folder).broken == []


def test_templates_using_the_documented_variables_and_filters_load(assignment_factory):
    text = "{{ case }}: {{ message }}; you gave {{ observed|join(', ') }}, expected {{ '%.2f'|format(expected[0]) }}"
    folder = assignment_factory({"p.yaml": f"id: p\nexpected: [1.5, 2]\nfeedback:\n  fail: {json.dumps(text)}\n"})
    assert load_assignment(folder).broken == []


# -- bounded rendering -------------------------------------------------------------------------

HOSTILE = {
    "repeat": "{{ 'x' * 1000000000 }}",
    "power": "{{ 2 ** 1000000000 }}",
    "padding method": "{{ 'x'.ljust(10**9) }}",
    "padding filter": "{{ 'x'|center(1000000000) }}",
    "percent width": "{{ '%999999999d' % 1 }}",
    "format filter width": "{{ '%999999999d'|format(1) }}",
    "nested format width": "{{ '{:>{}}'.format(1, 10**9) }}",
    "silent loop": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "loop in a block": "{% set x %}{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxx{% endfor %}{% endfor %}{% endset %}",
    "doubling in a namespace": "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "squaring in a namespace": "{% set ns = namespace(x=9) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
    "many concatenations": "{% set s = 'x' * 90000 %}{{ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s }}",
    "format repeats an argument": "{% set s = 'x' * 90000 %}{{ '{0}{0}{0}{0}{0}{0}'.format(s) }}",
    "join with a huge separator": "{{ range(100000)|list|join(range(100000)|join) }}",
    "map to padding": "{{ range(100000)|map('center', 9999)|join }}",
    "sum of lists": "{{ range(100000)|batch(1)|sum(start=[]) }}",
    "expand tabs": "{% set s = '\t' * 90000 %}{{ s.expandtabs(9999) }}",
    "indent": "{% set s = '\n' * 90000 %}{{ s|indent(9999) }}",
    "replace": "{% set s = 'x' * 90000 %}{{ s.replace('x', s) }}",
    "translate": "{% set s = 'x' * 90000 %}{{ s.translate({120: s}) }}",
    "mutation": "{{ observed.append(1) }}",
    "lipsum": "{{ lipsum(1000000) }}",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_template_stops_within_its_time_limit(name):
    started = time.perf_counter()
    with pytest.raises(Exception):
        templates.render(HOSTILE[name], dict(CONTEXT))
    assert time.perf_counter() - started < bounds.TEMPLATE_SECONDS + 1.0


def test_output_stops_at_the_limit_and_ends_with_an_ellipsis():
    out = templates.render("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", dict(CONTEXT))
    assert len(out) == bounds.TEMPLATE_OUTPUT and out.endswith("…")


def test_ordinary_templates_render_with_each_printed_value_as_code():
    out = templates.render("{{ case }}: {{ observed }} vs {{ expected|join(',') }} ({{ '%.1f'|format(2.25) }}, {{ '{:,}'.format(1234567) }})", dict(CONTEXT))
    assert out == "example: `[1, 3]` vs `1,2` (`2.2`, `1,234,567`)"



def test_plain_text_is_shown_as_written_without_jinja():
    assert templates.render("Sum {the} kernel entries", {}) == "Sum {the} kernel entries"


def test_a_failing_template_is_shown_to_the_student_as_the_instructors_error_not_raw():
    text = feedback.render("{% for i in range(observed) %}{% for j in range(observed) %}{% endfor %}{% endfor %}SECRET", observed=100000)
    assert "SECRET" not in text and "range(observed)" not in text
    assert "instructor" in text and "time limit" in text


# -- at grading time ---------------------------------------------------------------------------

LOOPS_ON_THE_ANSWER = """
id: count
args: [n]
cases:
  - inputs: {n: 1}
    expected: 1
feedback:
  fail: "{% for i in range(observed) %}{% for j in range(observed) %}{% endfor %}{% endfor %}RAW TEMPLATE TEXT"
"""


def test_a_template_that_loops_on_the_students_answer_costs_at_most_its_time_limit(tmp_path):
    make_assignment(tmp_path, {"count.yaml": LOOPS_ON_THE_ANSWER})
    sub = write_module(tmp_path / "sub.py", "def count(n):\n    return 100000\n")
    started = time.perf_counter()
    proc = run_cli(sub.name, "-f", "json", cwd=tmp_path, timeout=60)
    assert time.perf_counter() - started < 30
    assert proc.returncode == 1, proc.stderr
    case = json.loads(proc.stdout)["problems"][0]["cases"][0]
    assert case["status"] == "failed"
    [shown] = case["feedback"]
    assert "RAW TEMPLATE TEXT" not in shown and "instructor" in shown


def test_grade_check_rejects_a_broken_template_with_exit_2(tmp_path):
    make_assignment(tmp_path, {"p.yaml": 'id: ANSWER\nexpected: 1\nfeedback:\n  fail: "{{ \'\'.__class__ }}"\n'},
                    header="solution: sol.py\n")
    write_module(tmp_path / "assignments" / "hw" / "sol.py", "ANSWER = 1\n")
    proc = run_cli("check", "assignments/hw", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "p.yaml:4:" in proc.stdout, proc.stdout + proc.stderr


def test_the_readme_feedback_example_loads_and_renders(tmp_path):
    import re

    from conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("# assignments/hw/mean.yaml"))
    folder = make_assignment(tmp_path, {"mean.yaml": block})
    problem = load_assignment(folder).problems[0]
    case = problem.cases[0]
    shown = feedback.render(problem.feedback.fail, expected=case.expected, observed=4.5, message="not close", case=case.name)
    assert shown == "For example: three numbers you returned `4.5`, expected `3`."
    assert shown in text  # the README says what it gives
    assert feedback.render(problem.mistakes[0].feedback, observed=4.5) == "`4.5` is the sum divided by 2: divide by len(xs) = 3."
