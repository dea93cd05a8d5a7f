"""The public entry point :func:`equivalent` and the glue shared with the comparator:
turning an instructor's declarations and a student's answer into parsed values."""

from __future__ import annotations

import time
import zlib
from collections.abc import Mapping
from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.str import StrPrinter

from grader.symbolic.equivalence import Options, Result, check
from grader.symbolic.names import Namespace, make_namespace, namespace_from_names
from grader.symbolic.parse import DEFAULT_LIMITS, Limits, Parsed, free_names, parse, parse_trusted


def as_text(value: Any) -> str:
    """Text of an answer: a string as is, a ``SympyText`` (from the sandbox) by its text,
    a SymPy object printed the way the sandbox prints it. Raises TypeError otherwise."""
    if isinstance(value, str):
        return value
    text = getattr(value, "text", None)
    if isinstance(text, str) and type(value).__name__ == "SympyText":
        return text
    if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
        return StrPrinter({"full_prec": True}).doprint(value)
    raise TypeError(f"expected a string or a SymPy object, got {type(value).__name__}")


def namespace_for(
    expected: Any,
    symbols: Mapping[str, Mapping[str, Any] | None] | None,
    functions: Mapping[str, str | None] | None,
) -> Namespace:
    """The problem's namespace; without declared symbols, every free name of ``expected``
    is an unrestricted (complex) symbol and every unknown called name an undefined function."""
    if symbols is not None:
        return make_namespace(symbols, functions)
    if isinstance(expected, (sympy.Basic, sympy.MatrixBase)):
        names = {str(s) for s in expected.free_symbols}
        called = {str(f.func) for f in expected.atoms(AppliedUndef)}
    else:
        names, called = free_names(as_text(expected))
    called -= set(functions or {})
    ns = namespace_from_names(names - set(functions or {}), called)
    if functions:
        declared = make_namespace({n: {} for n in ns.symbols}, functions)
        declared.functions.update({k: v for k, v in ns.functions.items() if k not in declared.functions})
        ns = declared
    return ns


def parse_expected(expected: Any, ns: Namespace, *, allow_order: bool = False) -> Any:
    """Parse the instructor's expected answer (trusted text, same whitelist)."""
    text = as_text(expected)
    if allow_order:
        return parse(text, ns, Limits(max_length=100_000, max_nodes=50_000, max_depth=200), allow_order=True).value
    return parse_trusted(text, ns)


def parse_answer(answer: Any, ns: Namespace, limits: Limits = DEFAULT_LIMITS, *, allow_order: bool = False) -> Parsed:
    """Parse a student's answer; raises :class:`~grader.symbolic.parse.ParseError`."""
    return parse(as_text(answer), ns, limits, allow_order=allow_order)


def equivalent(
    expected: Any,
    answer: Any,
    symbols: Mapping[str, Mapping[str, Any] | None] | None = None,
    functions: Mapping[str, str | None] | None = None,
    rtol: float | None = None,
    time_limit: float = 2.0,
) -> Result:
    """Is ``answer`` mathematically equivalent to ``expected``?

    ``symbols`` maps names to SymPy assumptions (``{"x": {"real": True}}``; ``{}`` is an
    unrestricted complex symbol; ``None`` infers complex symbols from ``expected``).
    ``functions`` maps names to a definition in ``t`` (``{"sigma": "1/(1 + exp(-t))"}``)
    or to ``None`` for an arbitrary function. ``rtol`` compares answers containing
    decimals numerically to that relative tolerance. Never runs past ``time_limit``.

    Returns a :class:`Result` (``.equivalent`` True/False/None, ``.kind``, ``.reason``,
    ``.counterexample``). Raises ``ParseError`` (with the position) for an answer that
    does not parse or uses names the problem does not declare.
    """
    started = time.monotonic()
    ns = namespace_for(expected, symbols, functions)
    expected_value = parse_expected(expected, ns)
    parsed = parse_answer(answer, ns)
    opts = Options(rtol=rtol, time_limit=time_limit)
    seed = zlib.crc32(f"{as_text(expected)}|{as_text(answer)}".encode())
    return check(expected_value, parsed.value, ns, opts, decimals=parsed.decimals, started=started, seed=seed)
