"""The child process: imports the submission and answers the operations it is sent.

Runs in a process forked by the fork server, after :func:`confine` has set limits and a
scratch directory, as a *sealed* copy (:mod:`grader.sandbox.sealed`): its builtins are
its own and every library function it needs is bound here, at import, before any student
code runs. Everything a student object returns is turned into wire data by grader code
(:func:`grader.sandbox.values.encode`); the parent never receives a Python object.

Operations are looked up in :data:`OPS` by the frame's ``op``; a new one is a function
``(state, message) -> reply`` registered with :func:`operation` (in its own module,
imported below).
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from grader.sandbox import protocol, scenario, values
from grader.sandbox.config import SandboxConfig

MODULE_NAME = "submission"
MAX_MESSAGE = 2000
MAX_FRAMES = 12

# bound before any student code runs (a submission may replace these module attributes)
_perf_counter = time.perf_counter
_extract_tb = traceback.extract_tb
_basename = os.path.basename
_fstat, _pread, _ftruncate, _dup2, _open, _close = os.fstat, os.pread, os.ftruncate, os.dup2, os.open, os.close
_join_path = os.path.join
_TextIOWrapper, _FileIO = io.TextIOWrapper, io.FileIO
_spec_from_file_location, _module_from_spec = importlib.util.spec_from_file_location, importlib.util.module_from_spec
_sys_modules = sys.modules
_type_getattr = type.__getattribute__
_update, _dict_get = dict.update, dict.get


class Capture:
    """Redirects fds 1 and 2 into files and returns their head and tail per call."""

    def __init__(self, directory: str, keep: int) -> None:
        self.keep = keep
        self.paths = {}
        for fd, name in ((1, "stdout"), (2, "stderr")):
            path = _join_path(directory, f".{name}")
            f = _open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
            _dup2(f, fd)
            _close(f)
            self.paths[name] = path
        # the parent's sys.stdout may be anything (pytest's capture, a notebook's stream) on any fd
        self.streams = (
            _TextIOWrapper(_FileIO(1, "w", closefd=False), line_buffering=True, errors="backslashreplace"),
            _TextIOWrapper(_FileIO(2, "w", closefd=False), line_buffering=True, errors="backslashreplace"),
        )
        sys.stdout, sys.stderr = self.streams
        sys.stdin = _TextIOWrapper(_FileIO(0, "r", closefd=False))
        sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin

    def reset(self) -> None:
        for fd in (1, 2):
            try:
                _ftruncate(fd, 0)
            except OSError:
                pass

    def collect(self) -> dict[str, Any]:
        for stream in self.streams:  # ours, not whatever the student put in sys.stdout
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - e.g. the file size limit
                pass
        out = {}
        for fd, name in ((1, "stdout"), (2, "stderr")):
            out[name] = self._read(fd)
        self.reset()
        return out

    def _read(self, fd: int) -> dict[str, Any]:
        try:
            size = _fstat(fd).st_size
            if size <= 2 * self.keep:
                head, tail = _pread(fd, size, 0), b""
            else:
                head, tail = _pread(fd, self.keep, 0), _pread(fd, self.keep, size - self.keep)
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
    name = _type_getattr(etype, "__name__")
    try:
        message = str(exc)
        if type(message) is not str:
            message = "<exception message could not be shown>"
    except BaseException:  # noqa: BLE001 - a hostile __str__
        message = "<exception message could not be shown>"
    syntax = type(exc) is SyntaxError or type(exc) is IndentationError or type(exc) is TabError
    if syntax and exc.lineno:
        message = f"{exc.msg} (line {exc.lineno}, column {exc.offset})"
    try:
        frames = [f for f in _extract_tb(exc.__traceback__) if f.filename == submission_file]
    except Exception:  # noqa: BLE001 - a traceback the student tampered with
        frames = []
    if syntax and exc.lineno:
        frames = []
    omitted = 0
    if len(frames) > MAX_FRAMES:
        omitted = len(frames) - MAX_FRAMES
        frames = frames[:4] + frames[-(MAX_FRAMES - 4) :]
    lines = []
    base = _basename(submission_file)
    for i, f in enumerate(frames):
        if omitted and i == 4:
            lines.append(f"  ... {omitted} more frames (deep recursion?) ...")
        lines.append(f'  File "{base}", line {f.lineno}, in {f.name}')
        if f.line:
            lines.append(f"    {f.line.strip()}")
    if syntax and exc.text:
        lines.append(f'  File "{base}", line {exc.lineno}')
        lines.append(f"    {exc.text.rstrip()}")
        if exc.offset:
            lines.append("    " + " " * (exc.offset - 1 - (len(exc.text) - len(exc.text.lstrip()))) + "^")
    return {"type": name[:100], "message": message[:MAX_MESSAGE], "traceback": "\n".join(lines)}


def import_submission(path: str) -> tuple[ModuleType, dict[str, Any]]:
    """The student's module and its namespace (taken before any of its code runs)."""
    spec = _spec_from_file_location(MODULE_NAME, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {_basename(path)}")
    module = _module_from_spec(spec)
    namespace = module.__dict__
    _sys_modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module, namespace


class TargetError(Exception):
    """The target name is missing, None, or not callable: no student code ran."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def resolve(namespace: dict[str, Any], target: str, kind: str) -> Any:
    """The student's object for ``target``; a missing name or one bound to None is an error."""
    obj = _dict_get(namespace, target)
    if obj is None:
        raise TargetError("MissingName", f"your module does not define `{target}`")
    if kind in ("function", "map") and not callable(obj):
        raise TargetError("NotCallable", f"`{target}` should be a function, but it is a {_type_getattr(type(obj), '__name__')}")
    return obj


@dataclass
class State:
    """What the operations share: the student's module, the capture, the limits."""

    namespace: dict[str, Any]
    submission: str
    capture: Capture
    limits: values.Limits = values.DEFAULT_LIMITS
    #: objects kept in the child between operations (e.g. instances), by the parent's handle
    objects: dict[str, Any] = field(default_factory=dict)


#: op name -> handler(state, message) -> reply fields (``ok``, ``value`` or ``error``)
OPS: dict[str, Callable[[State, dict[str, Any]], dict[str, Any]]] = {}


def operation(name: str) -> Callable[[Callable[[State, dict[str, Any]], dict[str, Any]]], Callable[[State, dict[str, Any]], dict[str, Any]]]:
    """Register a handler for frames with ``"op": name``."""

    def register(handler: Callable[[State, dict[str, Any]], dict[str, Any]]) -> Callable[[State, dict[str, Any]], dict[str, Any]]:
        OPS[name] = handler
        return handler

    return register


def serve(calls_fd: int, results_fd: int, submission: str, config: SandboxConfig, capture: Capture,
          magic: bytes = protocol.DEFAULT_MAGIC, before_import: Callable[[], None] | None = None) -> None:
    """Import the submission, report it, then answer operation frames until told to stop.

    ``before_import`` runs last thing before student code (the sandbox hides the grader's
    modules there)."""
    write_frame = protocol.write_frame

    def send(msg: dict[str, Any]) -> None:
        write_frame(results_fd, msg, magic)

    calls = protocol.BlockingReader(calls_fd, magic)
    started = _perf_counter()
    namespace = None
    try:
        if before_import is not None:
            before_import()
        _module, namespace = import_submission(submission)
        report: dict[str, Any] = {"ev": "imported", "ok": True}
    except BaseException as exc:  # noqa: BLE001 - SystemExit/KeyboardInterrupt at import are the student's
        report = {"ev": "imported", "ok": False, "error": describe_exception(exc, submission)}
    report["seconds"] = _perf_counter() - started
    report["output"] = capture.collect()
    send(report)
    if namespace is None:
        return
    state = State(namespace, submission, capture)
    while True:
        try:
            message = calls.next()
        except EOFError:
            return
        if type(message) is not dict:
            return
        handler = _dict_get(OPS, message.get("op"))
        if handler is None:
            return
        reply: dict[str, Any] = {"ev": "result", "i": message.get("i")}
        started = _perf_counter()
        try:
            _update(reply, handler(state, message))
        except BaseException as exc:  # noqa: BLE001 - everything the student raises is reported
            reply["ok"] = False
            if type(exc) is TargetError:
                reply["error"] = {"type": exc.kind, "message": str(exc), "traceback": ""}
            else:
                reply["error"] = describe_exception(exc, submission)
        reply.setdefault("seconds", _perf_counter() - started)
        reply["output"] = capture.collect()
        send(reply)


def encode_result(obj: Any, limits: values.Limits) -> dict[str, Any]:
    """Reply fields for a value the student produced: the wire value, or why it cannot be sent."""
    try:
        return {"ok": True, "value": values.encode(obj, limits)}
    except values.WireError as exc:
        return {"ok": False, "error": {"type": "UnsupportedResult", "message": str(exc), "traceback": ""}}
    except RecursionError:
        return {"ok": False, "error": {"type": "UnsupportedResult", "message": "result is nested too deeply", "traceback": ""}}


@operation("call")
def run_call(state: State, call: dict[str, Any]) -> dict[str, Any]:
    """Call a function of the submission with decoded inputs (or read a module-level value)."""
    started = _perf_counter()
    if call["kind"] == "scenario":  # a class used through a sequence of steps (grader.sandbox.scenario)
        return _run_scenario(state, call, started)
    obj = resolve(state.namespace, call["target"], call["kind"])
    if call["kind"] == "function":
        args = [values.decode(a, state.limits) for a in call["args"]]
        kwargs = {k: values.decode(v, state.limits) for k, v in call["kwargs"].items()}
        obj = obj(*args, **kwargs)
    elif call["kind"] == "map":  # instructor code only (grader.trusted): one call per (args, kwargs) pair, one round trip
        obj = [obj(*a, **kw) for a, kw in values.decode(call["args"][0], state.limits)]
    seconds = _perf_counter() - started
    return {**encode_result(obj, state.limits), "seconds": seconds}


def _run_scenario(state: State, call: dict[str, Any], started: float) -> dict[str, Any]:
    """Construct the target class and run the steps; the value holds each recorded part."""

    def encode(obj: Any, limits: values.Limits) -> Any:
        try:
            return values.encode(obj, limits)
        except (values.WireError, RecursionError) as exc:
            return {"t": "unsupported", "type": "value", "reason": str(exc)[:200]}

    cls = resolve(state.namespace, call["target"], "function")
    value = scenario.run(cls, call["args"][0], state.limits, lambda exc: describe_exception(exc, state.submission), encode)
    return {"ok": True, "value": value, "seconds": _perf_counter() - started}
