"""The ``symbolic`` comparator: a student's SymPy expression (or string in SymPy syntax)
against the instructor's expected expression, via :mod:`grader.symbolic`.

``compare(expected, observed, options)`` is pure apart from the forked, time-limited
check inside; it never raises for a bad student answer (only for bad ``options``).
This module validates the options and looks the verdict up among those this process decided
before, then in the disk cache (:mod:`grader.compare.symbolic_cache`, off unless the ``grade``
command turns it on);
on a miss the worker process compares (:mod:`grader.compare.symbolic_worker`, started by the
grader's warm-up), or else this process imports SymPy and the engine
(:mod:`grader.compare.symbolic_check`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from grader.compare import symbolic_cache, symbolic_worker
from grader.compare.verdict import Verdict

#: the keys a problem's ``options:`` mapping may hold for this comparator
OPTION_NAMES = frozenset(
    {"symbols", "functions", "mode", "variables", "rtol", "time_limit", "forms", "numeric_scores", "undecided_scores"}
)
MODES = ("equivalent", "asymptotic")
#: the ``require:`` values of ``forms`` (:data:`grader.symbolic.forms.REQUIREMENTS`, without importing SymPy)
FORM_NAMES = frozenset(
    {"expanded", "factored", "no_derivatives", "no_integrals", "no_sums", "no_undefined_functions", "no_decimals"}
)


def compare(expected: Any, observed: Any, options: Mapping[str, Any] | None = None) -> Verdict:
    """Grade ``observed`` (``SympyText``, ``str``...) against the ``expected`` text."""
    started = time.monotonic()
    opts = dict(options or {})
    _validate(opts)
    entry = symbolic_cache.key(expected, observed, opts)
    if entry is not None:
        cached = symbolic_cache.recall(entry) or symbolic_cache.load(entry)
        if cached is not None:
            symbolic_cache.remember(entry, cached)
            return cached
    verdict = symbolic_worker.compare(expected, observed, opts)
    if verdict is None:  # no worker process (library use) or it failed: compare here
        from grader.compare import symbolic_check

        verdict = symbolic_check.compare(expected, observed, opts, started=started)
    if entry is not None:
        symbolic_cache.remember(entry, verdict)
        symbolic_cache.store(entry, verdict, expected, opts)
    return verdict


def warm_up(problems: list[tuple[Any, Mapping[str, Any]]]) -> None:
    """Start the worker process (:mod:`grader.compare.symbolic_worker`, when the command
    allows it), which imports SymPy on another core while the grader goes on, or else import
    the engine here; nothing when every problem here had a verdict cached before: a rerun
    then needs no SymPy at all."""
    if problems and all(symbolic_cache.seen(expected, dict(options or {})) for expected, options in problems):
        return
    if symbolic_worker.allowed():
        symbolic_worker.start()
    else:  # library use: import the engine in this (background) thread
        from grader.compare import symbolic_check  # noqa: F401


def _validate(opts: dict[str, Any]) -> None:
    unknown = set(opts) - OPTION_NAMES
    if unknown:
        raise ValueError(
            f"unknown symbolic option(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(sorted(OPTION_NAMES))}"
        )
    if opts.get("mode", "equivalent") not in MODES:
        raise ValueError(f"symbolic option mode must be one of {', '.join(MODES)}, not {opts['mode']!r}")
    rtol = opts.get("rtol")
    if rtol is not None and (isinstance(rtol, bool) or not isinstance(rtol, (int, float)) or not 0 < rtol < 1):
        raise ValueError(f"symbolic option rtol must be a number in (0, 1) or null, not {rtol!r}")
    limit = opts.get("time_limit", 2.0)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or not 0 < limit <= 60:
        raise ValueError(f"symbolic option time_limit must be seconds in (0, 60], not {limit!r}")
    for key in ("numeric_scores", "undecided_scores"):
        if key in opts and not isinstance(opts[key], bool):
            raise ValueError(f"symbolic option {key} must be true or false")
    for form in opts.get("forms") or []:
        if not isinstance(form, Mapping) or form.get("require") not in FORM_NAMES:
            raise ValueError(f"each symbolic form needs require: one of {', '.join(sorted(FORM_NAMES))}; got {form!r}")
        extra = set(form) - {"require", "feedback"}
        if extra:
            raise ValueError(f"unknown key(s) {sorted(extra)} in a symbolic form; allowed: require, feedback")
    variables = opts.get("variables")
    if variables is not None:
        declared = set((opts.get("symbols") or {}).keys())
        if not isinstance(variables, (list, tuple)) or any(v not in declared for v in variables):
            raise ValueError(f"symbolic option variables must list declared symbols ({', '.join(sorted(declared))})")
