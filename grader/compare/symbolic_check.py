"""The symbolic comparison itself (imports SymPy): a student's SymPy expression (or string
in SymPy syntax) against the instructor's expected expression, via :mod:`grader.symbolic`.

:mod:`grader.compare.symbolic` is the comparator; it validates the options, looks the
verdict up in :mod:`grader.compare.symbolic_cache` and imports this module only on a miss.
"""

from __future__ import annotations

import json
import sys
import time
import types
import zlib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import sympy

from grader.compare.verdict import Verdict, error, failed, passed
from grader.symbolic.budget import run_with_deadline
from grader.symbolic.api import as_text, namespace_for, parse_expected, parse_answer
from grader.symbolic.equivalence import NOT_EQUIVALENT, NUMERIC, PROVED, Options, Result, check
from grader.symbolic.forms import DEFAULT_FEEDBACK, REQUIREMENTS
from grader.symbolic.names import Namespace
from grader.symbolic.parse import ParseError

def compare(expected: Any, observed: Any, options: Mapping[str, Any] | None = None, started: float | None = None) -> Verdict:
    """Grade ``observed`` (``SympyText``, ``str``...) against the ``expected`` text; the
    options are already validated; the time limit counts from ``started`` (default now)."""
    started = time.monotonic() if started is None else started
    opts = dict(options or {})
    try:
        ns, expected_value = _problem(str(expected), json.dumps(opts, sort_keys=True, default=str))
    except (ParseError, ValueError, TypeError) as exc:
        return error(f"the problem's expected answer or declarations are invalid: {exc}", kind="problem_error")
    asymptotic = opts.get("mode", "equivalent") == "asymptotic"
    text = _observed_text(observed, expected_value)
    if isinstance(text, Verdict):
        return text
    try:
        parsed = parse_answer(text, ns, allow_order=asymptotic)
    except ParseError as exc:
        position = {"offset": exc.offset, "line": exc.line, "col": exc.col} if exc.offset is not None else None
        return error(
            f"Could not read your answer: {exc}",
            kind="parse_error",
            answer=text[:500],
            position=position,
            pointer=exc.pointer()[:1000],
        )
    forms = list(opts.get("forms") or [])
    limit = float(opts.get("time_limit", 2.0))
    display_time = _display_reserve(text, limit)
    check_opts = Options(
        rtol=opts.get("rtol"),
        time_limit=limit - display_time,
        mode="asymptotic" if asymptotic else "equivalent",
        variables=tuple(opts["variables"]) if opts.get("variables") is not None else None,
        forms=tuple(f["require"] for f in forms),
    )
    seed = zlib.crc32(f"{expected}|{text}".encode())
    result = check(expected_value, parsed.value, ns, check_opts, decimals=parsed.decimals, started=started, seed=seed)
    details = _show_within(parsed.value, text, started + limit, display_time)
    details.update(kind=result.kind, reason=result.reason, elapsed_ms=round(result.elapsed * 1000, 1))
    if result.counterexample is not None:
        details["counterexample"] = result.counterexample
    if result.component is not None:
        details["component"] = result.component
    if result.diagnoses:
        details["diagnosis"] = [name for d in result.diagnoses for name in d["names"]]
        details["diagnoses"] = result.diagnoses
    return _verdict(result, opts, forms, details)


# --------------------------------------------------------------------- the problem


@lru_cache(maxsize=256)
def _problem(expected: str, options_json: str) -> tuple[Namespace, Any]:
    """Namespace and parsed expected answer of a problem (cached: problems repeat)."""
    opts = json.loads(options_json)
    ns = namespace_for(expected, opts.get("symbols"), opts.get("functions"))
    return ns, parse_expected(expected, ns, allow_order=opts.get("mode") == "asymptotic")


# --------------------------------------------------------------------- observed values


def _observed_text(observed: Any, expected_value: Any) -> str | Verdict:
    """Text to parse, or a failed verdict for a value that is not an answer."""
    expects_many = isinstance(expected_value, (tuple, list))
    if observed is None:
        return failed("No answer: the value is None.", kind="no_answer")
    if isinstance(observed, bool):
        return failed(f"Expected a symbolic expression, got the boolean {observed}.", kind="wrong_type")
    if isinstance(observed, (int, float)):
        if expects_many or not _is_constant(expected_value):
            return failed(
                f"Expected a symbolic expression, got the number {observed!r}; return a SymPy expression or a string.",
                kind="wrong_type",
            )
        return repr(observed) if isinstance(observed, int) or observed == observed else "nan"
    if isinstance(observed, (list, tuple)):
        if not expects_many:
            return failed(f"Expected a single expression, got a {type(observed).__name__} of {len(observed)} items.", kind="wrong_type")
        parts = []
        for item in observed:
            part = _observed_text(item, sympy.Integer(0))
            if isinstance(part, Verdict):
                return part
            parts.append(part)
        bracket = "[{}]" if isinstance(observed, list) else "({},)" if len(parts) == 1 else "({})"
        return bracket.format(", ".join(f"({p})" for p in parts))
    try:
        return as_text(observed)
    except TypeError:
        name = getattr(observed, "type_name", None) or type(observed).__name__
        return failed(f"Expected a symbolic expression (a SymPy object or a string), got a value of type {name}.", kind="wrong_type")


def _is_constant(value: Any) -> bool:
    return isinstance(value, sympy.Expr) and not value.free_symbols


# --------------------------------------------------------------------- verdict


#: answers longer than this are printed (LaTeX, MathML, pretty) in a forked, time-limited child
SHORT_ANSWER = 200


def _display_reserve(text: str, limit: float) -> float:
    """Seconds of the time limit kept for printing the answer: none for a short answer,
    whose printing takes milliseconds; up to 0.3 s for a long one."""
    return 0.0 if len(text) <= SHORT_ANSWER else min(0.3, 0.15 * limit)


def _show_within(value: Any, text: str, deadline: float, display_time: float) -> dict[str, Any]:
    """:func:`_show`, within ``deadline`` for a long answer (else the answer as written)."""
    if not display_time:
        return _show(value)
    remaining = deadline - time.monotonic() - 0.01  # the verdict is built after this
    outcome = run_with_deadline(lambda report: report(_show(value)), remaining)
    return outcome.last or {"parsed": text}


class _NoQuantity:
    """Stands in for ``sympy.physics.units.Quantity``: no parsed answer holds one (the
    parser knows no units), so ``isinstance(x, Quantity)`` is False for every part."""


def _pretty(shown: Any) -> str:
    """``sympy.pretty``, without the 0.2 s import of ``sympy.physics.units`` that SymPy's
    pretty printer makes on its first product only to sort physical quantities last
    (the grader's symbolic checks run with no other thread alive: see grader.grade)."""
    name = "sympy.physics.units"
    if name in sys.modules:
        return sympy.pretty(shown, use_unicode=True)
    stand_in = types.ModuleType(name)
    stand_in.Quantity = _NoQuantity  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    try:
        return sympy.pretty(shown, use_unicode=True)
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def _show(value: Any) -> dict[str, Any]:
    try:
        shown: Any = sympy.Tuple(*value) if isinstance(value, (tuple, list)) else value
        return {
            "parsed": str(shown),
            "latex": sympy.latex(shown),
            "pretty": _pretty(shown),
            "mathml": _mathml(shown),
        }
    except Exception:  # noqa: BLE001 - display only; never fail a grade on printing
        return {"parsed": str(value)}


def _mathml(value: Any) -> str:
    """Presentation MathML with its ``<math>`` root (``sympy.mathml`` gives only the content),
    so it can be placed in a page as it is."""
    from sympy.printing.mathml import MathMLPresentationPrinter

    printer = MathMLPresentationPrinter()
    root = printer.dom.createElement("math")
    root.setAttribute("xmlns", "http://www.w3.org/1998/Math/MathML")
    root.appendChild(printer._print(value))
    return root.toxml()


def _verdict(result: Result, opts: dict[str, Any], forms: list[dict[str, Any]], details: dict[str, Any]) -> Verdict:
    where = f"Element [{result.component}] of your answer: " if result.component is not None else ""
    if result.kind == NOT_EQUIVALENT and result.component is not None:
        where = f"Element [{result.component}] of your answer is "
    limit = float(opts.get("time_limit", 2.0))
    if result.kind == NOT_EQUIVALENT:
        said = [_in_component(d["message"], result.component) for d in result.diagnoses]
        for d, sentence in zip(result.diagnoses, said):
            d["message"] = sentence
        return failed("; ".join(said + [_not_equivalent_message(result, where)]), **details)
    if result.kind in (PROVED, NUMERIC):
        if result.forms_failed:
            messages = [
                str(f.get("feedback") or DEFAULT_FEEDBACK[f["require"]]).strip().rstrip(".")
                for f in forms
                if f["require"] in result.forms_failed
            ]
            details["forms_failed"] = result.forms_failed
            return failed("Equivalent, but " + "; ".join(messages) + ".", **details)
        if result.kind == PROVED:
            return passed("Correct.", **details)
        if opts.get("numeric_scores", True):
            return passed("Correct (checked numerically).", **details)
        return failed("Your answer agrees numerically but could not be proved equivalent; simplify it and resubmit.", **details)
    message = (
        f"{where}Could not decide within {limit:g} s whether your answer is equivalent ({result.reason}); "
        "try a simpler form."
    )
    if opts.get("undecided_scores", False):
        return passed(message, **details)
    return failed(message, **details)


def _in_component(sentence: str, component: int | None) -> str:
    """"your answer is ..." about element ``component`` of a tuple or matrix."""
    if component is None:
        return sentence
    return sentence.replace("your answer is the expected one", f"element [{component}] of your answer is the expected one", 1)


def _not_equivalent_message(result: Result, where: str) -> str:
    ce = result.counterexample
    if ce and "expected" in ce and "observed" in ce and "growth" not in ce and result.reason == "the values differ":
        point = ", ".join(f"{k} = {v}" for k, v in ce.items() if k not in ("expected", "observed"))
        at = f"at {point} " if point else ""
        return (
            f"{where}Not equivalent: {at}the expected value is {ce['expected']} but your answer gives {ce['observed']}."
        ).replace("is Not equivalent", "is not equivalent"
        )
    return f"{where}Not equivalent: {result.reason}.".replace("is Not equivalent", "is not equivalent")
