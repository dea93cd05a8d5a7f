"""Instructor checks on the trusted side: properties and ``check: checks.py:name`` functions.

A check function lives in a Python file in the assignment folder and is instructor code: it
runs in the grader's process (the trusted side), never in the student's child, and sees the
student only as plain data and through a :class:`StudentProxy`, which calls the student's
functions again in the sandbox (each call with its own time limit; what comes back is plain
data, nothing is evaluated). Its parameters are chosen by name from::

    def check(inputs, observed, expected, student, case):   # any subset, in any order
        ...
        return score, message            # or (score, message, details), a bool, a number, or a dict

An exception in check code is the instructor's error (:class:`CheckError`, reported with the
check's file:line, never blamed on the student); a failing call through the proxy that the
check does not catch is the student's (:class:`StudentCallFailed`).
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib.util
import inspect
import math
import signal
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.compare.verdict import FAILED, PASSED, Verdict
from grader.sandbox.session import OK, Call

#: seconds a check may run, its calls through the proxy included
CHECK_TIME_LIMIT = 60.0
#: calls one check may make through the proxy
MAX_CALLS = 500
PARAMETERS = ("inputs", "observed", "expected", "student", "case")


class CheckError(Exception):
    """Instructor check code failed (could not be loaded, raised, returned nonsense, ran too long)."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


class StudentCallFailed(Exception):
    """A call of the student's code made through the proxy raised, timed out or crashed."""

    def __init__(self, what: str, outcome: Any) -> None:
        detail = getattr(outcome, "detail", "") or (getattr(outcome, "error", None) or {}).get("message", "")
        super().__init__(f"{what} failed: {detail}" if outcome is not None else what)
        self.what = what
        self.outcome = outcome


class _TimeUp(BaseException):
    pass


@dataclass
class StudentProxy:
    """The student's module as a check sees it: ``student.call("name", *args)`` -> plain data.

    ``student(*args)`` calls the problem's own target. Each call has its own time limit
    (``timeout=`` or the case's); a call that fails raises :class:`StudentCallFailed`."""

    session: Any
    target: str
    timeout: float = 5.0
    inputs: dict[str, Any] = field(default_factory=dict)  # the case's inputs (for calling the target again)
    args: list[str] | None = None  # the problem's parameter order
    calls: int = 0
    seconds: float = 0.0  # spent in the student's code (calls through the proxy)
    log: list[str] = field(default_factory=list)

    def call(self, name: str, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise CheckError(f"the check made more than {MAX_CALLS} calls to the student's code")
        what = f"`{name}` (called by the check)"
        started = time.monotonic()
        try:
            outcome = self.session.call(Call(name, "function", args, kwargs, float(timeout or self.timeout)))
        finally:
            self.seconds += time.monotonic() - started
        self.log.append(name)
        if outcome.status != OK:
            raise StudentCallFailed(what, outcome)
        return outcome.value

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(self.target, *args, **kwargs)

    def again(self, changed: Mapping[str, Any]) -> Any:
        """The target called again on the case's inputs with ``changed`` ones replaced."""
        inputs = {**self.inputs, **changed}
        if self.args is not None:
            return self.call(self.target, *(inputs[a] for a in self.args if a in inputs))
        return self.call(self.target, **inputs)


_LOADED: dict[tuple[Path, float], Any] = {}


def load(root: Path, ref: str) -> Any:
    """The function ``file.py:name`` of the assignment folder ``root`` (loaded once per file version)."""
    file_name, _, name = ref.partition(":")
    path = (root / file_name).resolve()
    try:
        key = (path, path.stat().st_mtime)
    except OSError:
        raise CheckError(f"check {ref}: {file_name} does not exist in {root}") from None
    module = _LOADED.get(key)
    if module is None:
        spec = importlib.util.spec_from_file_location(f"grader_checks_{abs(hash(key))}", path)
        if spec is None or spec.loader is None:
            raise CheckError(f"check {ref}: {file_name} cannot be loaded")
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except BaseException as exc:  # noqa: BLE001 - the instructor's file is broken
            raise CheckError(f"check {ref}: {file_name} cannot be imported: {type(exc).__name__}: {exc}", _where(exc, path)) from None
        _LOADED[key] = module
    fn = getattr(module, name, None)
    if not callable(fn):
        raise CheckError(f"check {ref}: {file_name} defines no function {name!r}")
    return fn


def run(root: Path, ref: str, *, inputs: Mapping[str, Any], observed: Any, expected: Any, student: StudentProxy,
        case: str, time_limit: float = CHECK_TIME_LIMIT) -> Verdict:
    """Run the check ``ref`` on one case; its result as a :class:`Verdict` (score in [0, 1]).

    Raises :class:`CheckError` for the instructor's errors and :class:`StudentCallFailed` when a
    call of the student's code failed and the check did not catch it."""
    fn = load(root, ref)
    given = {"inputs": dict(inputs), "observed": observed, "expected": expected, "student": student, "case": case}
    kwargs = _arguments(fn, given, ref)
    path = Path(inspect.getsourcefile(fn) or "")
    try:
        with _time_limit(time_limit, student):
            returned = fn(**kwargs)
    except (StudentCallFailed, CheckError):
        raise
    except _TimeUp:
        if student.seconds >= time_limit / 2:  # most of it in the student's code: slow code is the student's
            raise StudentCallFailed(f"the check ran out of its {time_limit:g} s after {student.calls} calls of your code "
                                    f"({student.seconds:.1f} s in them)", None) from None
        raise CheckError(f"the check {ref} ran longer than {time_limit:g} s") from None
    except BaseException as exc:  # noqa: BLE001 - the instructor's code raised
        where = _where(exc, path)
        raise CheckError(f"the check {ref} raised {type(exc).__name__}: {exc}" + (f" ({where})" if where else ""), where) from None
    return as_verdict(returned, ref)


def as_verdict(returned: Any, ref: str) -> Verdict:
    """A check's return value as a verdict: (score, message[, details]), a dict, a bool or a number."""
    details: dict[str, Any] = {}
    message = ""
    if isinstance(returned, Verdict):
        return returned
    if isinstance(returned, Mapping):
        score, message, details = returned.get("score"), returned.get("message", ""), returned.get("details") or {}
    elif isinstance(returned, tuple) and 1 <= len(returned) <= 3:
        score = returned[0]
        message = returned[1] if len(returned) > 1 else ""
        details = returned[2] if len(returned) > 2 else {}
    else:
        score = returned
    if isinstance(score, bool):
        score = 1.0 if score else 0.0
    if not isinstance(score, (int, float)) or not math.isfinite(float(score)) or not 0 <= float(score) <= 1:
        raise CheckError(f"the check {ref} returned {_short(returned)}; expected (score in [0, 1], message[, details])")
    if not isinstance(message, str) or not isinstance(details, Mapping):
        raise CheckError(f"the check {ref} returned a message that is not text or details that are not a mapping")
    score = float(score)
    return Verdict(score, PASSED if score >= 1.0 else FAILED, message, dict(details))


def _arguments(fn: Any, given: dict[str, Any], ref: str) -> dict[str, Any]:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return given
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return given
    unknown = [n for n, p in params.items() if n not in given and p.default is inspect.Parameter.empty
               and p.kind not in (inspect.Parameter.VAR_POSITIONAL,)]
    if unknown:
        raise CheckError(f"the check {ref} has parameter(s) {', '.join(unknown)}; a check may take {', '.join(PARAMETERS)}")
    return {n: v for n, v in given.items() if n in params}


class _time_limit:
    """SIGALRM after ``seconds`` on the main thread (elsewhere: no limit but each proxy call's own)."""

    def __init__(self, seconds: float, student: StudentProxy) -> None:
        self.seconds = seconds
        self.student = student
        self.active = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")

    def __enter__(self) -> None:
        if self.active:
            def alarm(*_: Any) -> None:
                raise _TimeUp

            self.previous = signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        if exc_type is _TimeUp and self.student.calls:
            self.student.session.stop()  # a call may have been cut short: the next one starts a fresh child


def _where(exc: BaseException, path: Path) -> str:
    """``checks.py:12`` for the innermost frame of the instructor's file."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path.resolve()]
    if isinstance(exc, SyntaxError) and exc.lineno:
        return f"{path.name}:{exc.lineno}"
    return f"{path.name}:{frames[-1].lineno}" if frames else ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


#: set by ``grade check``: explanations run on right answers too, so every check runs on the reference
_EVERY_CHECK: contextvars.ContextVar[bool] = contextvars.ContextVar("every_check", default=False)


@contextlib.contextmanager
def every_check() -> Any:
    """Within this block, ``explain`` items run on every answer (``grade check`` proves them on the reference)."""
    token = _EVERY_CHECK.set(True)
    try:
        yield
    finally:
        _EVERY_CHECK.reset(token)


def environment(checking: Any, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The values expressions may use: the case's inputs, then the problem's ``let`` values in order."""
    from grader.expressions import evaluate

    env = dict(inputs)
    for name, expr in checking.let.items():
        try:
            env[name] = evaluate(expr, env)
        except Exception as exc:  # noqa: BLE001 - e.g. a shape mismatch in the instructor's expression
            raise CheckError(f"let {name} = {expr!r}: {exc}") from None
    return env


def judge(checking: Any, inputs: Mapping[str, Any], observed: Any, expected: Any, student: StudentProxy, case: str) -> Verdict:
    """The case's verdict from the problem's properties and/or check (instead of a comparison)."""
    from grader.compare import properties

    verdicts = []
    try:
        env = environment(checking, inputs)
        if checking.properties:
            verdicts.append(properties.check_all(checking.properties, observed, env, _again(student)))
        if checking.check:
            verdicts.append(run(checking.root, checking.check, inputs=inputs, observed=observed, expected=expected,
                                student=student, case=case))
    except CheckError as exc:
        return instructor_error(exc)
    except StudentCallFailed as exc:
        return Verdict(0.0, FAILED, str(exc), {"error": getattr(exc.outcome, "error", None)})
    except Exception as exc:  # noqa: BLE001 - an expression that fails on these inputs is the instructor's
        return instructor_error(CheckError(f"a property could not be checked: {type(exc).__name__}: {exc}"))
    if len(verdicts) == 1:
        return verdicts[0]
    score = sum(v.score for v in verdicts) / len(verdicts)
    message = "; ".join(v.message for v in verdicts if v.message)
    details = {k: v for verdict in verdicts for k, v in verdict.details.items()}
    return Verdict(round(score, 6), PASSED if all(v.passed for v in verdicts) else FAILED, message, details)


def explain(checking: Any, inputs: Mapping[str, Any], observed: Any, expected: Any, student: StudentProxy, case: str,
            right: bool) -> tuple[list[str], list[str]]:
    """Feedback for a wrong answer from the ``explain`` items: (lines for the student, instructor errors).

    Each failing property is named with what was found; a check's message is shown as it is.
    On a right answer nothing runs, except under :func:`every_check`."""
    from grader.compare import properties

    if right and not _EVERY_CHECK.get():
        return [], []
    lines: list[str] = []
    errors: list[str] = []
    try:
        env = environment(checking, inputs)
    except CheckError as exc:
        return [], [str(exc)]
    failing = []
    for item in checking.explain:
        try:
            if item.get("check"):
                v = run(checking.root, item["check"], inputs=inputs, observed=observed, expected=expected, student=student, case=case)
                if v.message:
                    lines.append(v.message)
                continue
            out = properties.check(item, observed, env, _again(student))
            if not out.passed and not out.skipped:
                failing.append(out)
        except CheckError as exc:
            errors.append(str(exc))
        except StudentCallFailed as exc:
            lines.append(f"(could not check further: {exc})")
        except Exception as exc:  # noqa: BLE001 - an expression that fails here is the instructor's
            errors.append(f"explain item {item}: {type(exc).__name__}: {exc}")
    props = [i for i in checking.explain if not i.get("check")]
    if failing:
        lines.insert(0, "Your answer fails " + ("this property" if len(failing) == 1 else "these properties") + ": "
                     + "; ".join(f"{o.name} ({o.message})" if o.message else o.name for o in failing) + ".")
    elif props and not right:
        names = ", ".join(properties.describe(p, env) for p in props)
        lines.insert(0, f"Your answer has every property checked ({names}), so its values are wrong some other way.")
    return ([] if right else lines), errors


def instructor_error(exc: CheckError) -> Verdict:
    """An instructor's check failing: an ``error`` verdict that says whose error it is."""
    return Verdict(0.0, "error", f"{exc} — this is an error in the assignment's check, not in your code; please report it",
                   {"instructor_error": str(exc), **({"where": exc.where} if exc.where else {})})


def _again(student: StudentProxy) -> Any:
    from grader.compare.properties import AgainFailed

    def again(changed: Mapping[str, Any]) -> Any:
        try:
            return student.again(changed)
        except StudentCallFailed as exc:
            raise AgainFailed(str(exc)) from None

    return again


__all__ = ["CheckError", "StudentCallFailed", "StudentProxy", "as_verdict", "load", "run"]
