"""The child process: imports the submission and makes the calls it is sent.

Runs in a process forked by the fork server, after :func:`confine` has set
limits and a scratch directory. Everything a student object returns is turned
into wire data here by grader code (:func:`grader.sandbox.values.encode`);
the parent never receives a Python object.
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import time
import traceback
from types import ModuleType
from typing import Any

from grader.sandbox import protocol, scenario, values
from grader.sandbox.config import SandboxConfig

import builtins
from contextlib import contextmanager
from typing import Iterator

MODULE_NAME = "submission"
#: the builtins as they were before any student code ran (a submission may replace them)
_PRISTINE = dict(builtins.__dict__)


@contextmanager
def pristine_builtins() -> Iterator[None]:
    """Run grader code with the original builtins, then give the student theirs back."""
    theirs = dict(builtins.__dict__)
    builtins.__dict__.update(_PRISTINE)
    try:
        yield
    finally:
        builtins.__dict__.update(theirs)
MAX_MESSAGE = 2000
MAX_FRAMES = 12


class Capture:
    """Redirects fds 1 and 2 into files and returns their head and tail per call."""

    def __init__(self, directory: str, keep: int) -> None:
        self.keep = keep
        self.paths = {}
        for fd, name in ((1, "stdout"), (2, "stderr")):
            path = os.path.join(directory, f".{name}")
            f = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
            os.dup2(f, fd)
            os.close(f)
            self.paths[name] = path
        # the parent's sys.stdout may be anything (pytest's capture, a notebook's stream) on any fd
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), line_buffering=True, errors="backslashreplace")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), line_buffering=True, errors="backslashreplace")
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
        sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin

    def reset(self) -> None:
        for fd in (1, 2):
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass

    def collect(self) -> dict[str, Any]:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # the student may have replaced or closed it
                pass
        out = {}
        for fd, name in ((1, "stdout"), (2, "stderr")):
            out[name] = self._read(fd)
        self.reset()
        return out

    def _read(self, fd: int) -> dict[str, Any]:
        try:
            size = os.fstat(fd).st_size
            if size <= 2 * self.keep:
                head, tail = os.pread(fd, size, 0), b""
            else:
                head, tail = os.pread(fd, self.keep, 0), os.pread(fd, self.keep, size - self.keep)
        except OSError:
            return {"head": "", "tail": "", "size": 0}
        return {
            "head": head.decode("utf-8", "replace"),
            "tail": tail.decode("utf-8", "replace"),
            "size": size,
        }


def describe_exception(exc: BaseException, submission_file: str) -> dict[str, Any]:
    """Type, message and a traceback trimmed to the student's own frames."""
    etype = type(exc)
    name = etype.__name__ if isinstance(etype.__name__, str) else "Exception"
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - a hostile __str__
        message = "<exception message could not be shown>"
    if isinstance(exc, SyntaxError) and exc.lineno:
        message = f"{exc.msg} (line {exc.lineno}, column {exc.offset})"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == submission_file]
    if isinstance(exc, SyntaxError) and exc.lineno:
        frames = []
    omitted = 0
    if len(frames) > MAX_FRAMES:
        omitted = len(frames) - MAX_FRAMES
        frames = frames[:4] + frames[-(MAX_FRAMES - 4) :]
    lines = []
    base = os.path.basename(submission_file)
    for i, f in enumerate(frames):
        if omitted and i == 4:
            lines.append(f"  ... {omitted} more frames (deep recursion?) ...")
        lines.append(f'  File "{base}", line {f.lineno}, in {f.name}')
        if f.line:
            lines.append(f"    {f.line.strip()}")
    if isinstance(exc, SyntaxError) and exc.text:
        lines.append(f'  File "{base}", line {exc.lineno}')
        lines.append(f"    {exc.text.rstrip()}")
        if exc.offset:
            lines.append("    " + " " * (exc.offset - 1 - (len(exc.text) - len(exc.text.lstrip()))) + "^")
    return {"type": name[:100], "message": message[:MAX_MESSAGE], "traceback": "\n".join(lines)}


def import_submission(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {os.path.basename(path)}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


class TargetError(Exception):
    """The target name is missing, None, or not callable: no student code ran."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def resolve(module: ModuleType, target: str, kind: str) -> Any:
    """The student's object for ``target``; a missing name or one bound to None is an error."""
    obj = module.__dict__.get(target)
    if obj is None:
        raise TargetError("MissingName", f"your module does not define `{target}`")
    if kind in ("function", "map") and not callable(obj):
        raise TargetError("NotCallable", f"`{target}` should be a function, but it is a {type(obj).__name__}")
    return obj


def serve(calls_fd: int, results_fd: int, submission: str, config: SandboxConfig, capture: Capture) -> None:
    """Import the submission, report it, then answer call frames until told to stop."""
    def send(msg: dict[str, Any]) -> None:
        with pristine_builtins():
            protocol.write_frame(results_fd, msg)

    limits = values.DEFAULT_LIMITS
    started = time.perf_counter()
    module = None
    try:
        module = import_submission(submission)
        report: dict[str, Any] = {"ev": "imported", "ok": True}
    except BaseException as exc:  # noqa: BLE001 - SystemExit/KeyboardInterrupt at import are the student's
        with pristine_builtins():
            report = {"ev": "imported", "ok": False, "error": describe_exception(exc, submission)}
    report["seconds"] = time.perf_counter() - started
    with pristine_builtins():
        report["output"] = capture.collect()
    send(report)
    if module is None:
        return
    while True:
        try:
            call = protocol.read_frame(calls_fd)
        except EOFError:
            return
        if call.get("op") != "call":
            return
        send(run_call(module, call, submission, capture, limits))


def run_call(module: ModuleType, call: dict[str, Any], submission: str, capture: Capture, limits: values.Limits) -> dict[str, Any]:
    result: dict[str, Any] = {"ev": "result", "i": call["i"]}
    started = time.perf_counter()
    try:
        if call["kind"] == "scenario":  # a class used through a sequence of steps (grader.sandbox.scenario)
            return _run_scenario(module, call, submission, capture, limits, result, started)
        obj = resolve(module, call["target"], call["kind"])
        if call["kind"] == "function":
            args = [values.decode(a, limits) for a in call["args"]]
            kwargs = {k: values.decode(v, limits) for k, v in call["kwargs"].items()}
            obj = obj(*args, **kwargs)
        elif call["kind"] == "map":  # instructor code only: one call per (args, kwargs) pair, in one round trip
            calls = values.decode(call["args"][0], limits)
            obj = [obj(*a, **kw) for a, kw in calls]
        result["seconds"] = time.perf_counter() - started
        try:
            with pristine_builtins():
                result["value"] = values.encode(obj, limits)
            result["ok"] = True
        except values.WireError as exc:
            result["ok"] = False
            result["error"] = {"type": "UnsupportedResult", "message": str(exc), "traceback": ""}
        except RecursionError:
            result["ok"] = False
            result["error"] = {"type": "UnsupportedResult", "message": "result is nested too deeply", "traceback": ""}
    except BaseException as exc:  # noqa: BLE001 - everything the student raises is reported
        result["seconds"] = time.perf_counter() - started
        result["ok"] = False
        with pristine_builtins():
            if type(exc) is TargetError:
                result["error"] = {"type": exc.kind, "message": str(exc), "traceback": ""}
            else:
                result["error"] = describe_exception(exc, submission)
    with pristine_builtins():
        result["output"] = capture.collect()
    return result


def _run_scenario(module: ModuleType, call: dict[str, Any], submission: str, capture: Capture, limits: values.Limits,
                  result: dict[str, Any], started: float) -> dict[str, Any]:
    """Construct the target class and run the steps; the value holds each recorded part."""
    def encode(obj: Any, lim: values.Limits) -> Any:
        with pristine_builtins():
            try:
                return values.encode(obj, lim)
            except (values.WireError, RecursionError) as exc:
                return {"t": "unsupported", "type": "value", "reason": str(exc)[:200]}

    def describe(exc: BaseException) -> dict[str, Any]:
        with pristine_builtins():
            return describe_exception(exc, submission)

    try:
        cls = resolve(module, call["target"], "function")
        result["value"] = scenario.run(cls, call["args"][0], limits, describe, encode)
        result["ok"] = True
    except BaseException as exc:  # noqa: BLE001 - a missing class, or a malformed step
        with pristine_builtins():
            result["ok"] = False
            if type(exc) is TargetError:
                result["error"] = {"type": exc.kind, "message": str(exc), "traceback": ""}
            else:
                result["error"] = describe_exception(exc, submission)
    result["seconds"] = time.perf_counter() - started
    with pristine_builtins():
        result["output"] = capture.collect()
    return result
