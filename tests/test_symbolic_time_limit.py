"""The symbolic time limit is hard: no check, parsing, fork and kill included, returns
after it, through the engine's entry point or the comparator.

SymPy's first use of a function in a process costs a one-off ~0.1 s (lazy imports and
caches) in the parsing, which the limit counts; the module fixture pays it up front so
that the short limits below measure the check itself."""

import time

import pytest

from grader.compare.symbolic import compare
from grader.symbolic import equivalent

REAL = {"x": {"real": True}, "y": {"real": True}}
SLOW = [  # pairs on which the proof (or the numerics) cannot finish in a short limit
    ("Integral(exp(-x**2)*sin(x)**7*log(1+x**2), (x, 0, y))", "y"),
    ("(sin(x)**12 + cos(x)**12)*(x + y)**8", "(1 - 3*sin(x)**2*cos(x)**2 + 3*sin(x)**4*cos(x)**4 - sin(x)**6*cos(x)**6 + 0*x)*(x + y)**8"),
    ("Sum(x**k/factorial(k), (k, 0, oo))", "exp(x)"),
]


LONG_ANSWER = " + ".join(f"sin({i}*x)**{i % 7 + 1}*exp(x/{i})" for i in range(1, 60))


@pytest.fixture(scope="module", autouse=True)
def warm_sympy():
    from grader.symbolic.api import namespace_for, parse_answer

    ns = namespace_for("x", REAL, None)
    for text in [e for pair in SLOW for e in pair] + [LONG_ANSWER]:
        parse_answer(text, ns)


#: what the scheduler may add when the suite loads every core (not the checker's doing);
#: bench/bench_symbolic.py measures the bound itself on an idle machine
SLACK = 0.1


@pytest.mark.parametrize("limit", [0.2, 0.6, 2.0])
@pytest.mark.parametrize("expected, answer", SLOW)
def test_equivalent_returns_within_its_time_limit(expected, answer, limit):
    start = time.monotonic()
    result = equivalent(expected, answer, REAL, time_limit=limit)
    assert time.monotonic() - start <= limit + SLACK
    assert result.elapsed <= limit + SLACK


@pytest.mark.parametrize("limit", [0.3, 1.0])
def test_the_comparator_returns_within_its_time_limit_even_for_a_long_answer(limit):
    start = time.monotonic()
    verdict = compare("x", LONG_ANSWER, {"symbols": {"x": {"real": True}}, "time_limit": limit})
    assert time.monotonic() - start <= limit + SLACK
    assert verdict.details["parsed"]
