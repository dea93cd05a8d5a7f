"""Running instructor code (reference solution, mistake implementations, input generators,
metrics) on the trusted side: each file in a sandboxed child of its own.

Instructor code is trusted not to be hostile, but it never runs in the grader's process (a
bug there must not take the grader down, and the grader's process holds every answer) nor in
the student's child (which must never see answers). It uses the same fork server, transport
and plain-data codec as student code: :class:`grader.sandbox.session.Session`, with the
instructor's file as the module it imports. Children start only when a call is needed (a warm
answer cache needs none) and are stopped by :meth:`TrustedCode.close`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grader.sandbox.session import OK, Call, Sandbox, Session


class InstructorError(RuntimeError):
    """Instructor code failed (raised, timed out, could not be imported): the instructor's error,
    never blamed on the student."""


class TrustedCode:
    """One child per instructor file, started on first use."""

    def __init__(self, sandbox: Sandbox, timeout: float = 30.0, import_timeout: float = 30.0) -> None:
        self.sandbox = sandbox
        self.timeout = timeout
        self.import_timeout = import_timeout
        self.sessions: dict[Path, Session] = {}
        self.calls = 0  # how many calls were made (0 when every answer came from the cache)
        self.expected: list[Path] = []  # files likely needed: all launched together at the first call

    def expect(self, files: list[Path]) -> None:
        """Files that calls will probably need: the first call launches all of them at once, so
        their children start (and import) in parallel instead of one after another."""
        self.expected = [Path(f).resolve() for f in files]

    def launch(self, file: Path) -> None:
        """Start importing ``file`` now (its import overlaps other work)."""
        file = Path(file).resolve()
        if file not in self.sessions:
            preload = ["sympy"] if _mentions_sympy(file) else []
            session = self.sandbox.session(file, preload=preload)
            session.launch()
            self.sessions[file] = session

    def call(self, file: Path, function: str, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None,
             timeout: float | None = None, kind: str = "function") -> Any:
        """``function(*args, **kwargs)`` from ``file``, in its child; its value as plain data.
        (``kind="scenario"``: ``args`` is a class scenario's steps, see :mod:`grader.scenario`.)"""
        session = self._session(Path(file))
        self.calls += 1
        outcome = session.call(Call(function, kind, tuple(args), dict(kwargs or {}), timeout or self.timeout))
        if outcome.status != OK:
            raise InstructorError(f"{file.name}:{function} failed: {_describe(outcome)}")
        return outcome.value

    def map(self, file: Path, function: str, calls: list[tuple[tuple[Any, ...], dict[str, Any]]], timeout: float | None = None) -> list[Any]:
        """``function`` on each (args, kwargs) of ``calls``, in one round trip to its child."""
        session = self._session(Path(file))
        self.calls += 1
        wire = [[list(a), dict(kw)] for a, kw in calls]
        outcome = session.call(Call(function, "map", (wire,), {}, timeout or self.timeout))
        if outcome.status != OK or not isinstance(outcome.value, list) or len(outcome.value) != len(calls):
            raise InstructorError(f"{file.name}:{function} failed: {_describe(outcome)}")
        return outcome.value

    def _session(self, file: Path) -> Session:
        """The started session of ``file`` (launching every expected file first)."""
        file = file.resolve()
        if not file.is_file():
            raise InstructorError(f"{file} does not exist: answers computed by instructor code can only be graded "
                                  "where that code is (e.g. the reference solution on the instructor's machine or Gradescope)")
        for other in [file, *self.expected]:
            if other.is_file():
                self.launch(other)
        self.expected = []
        session = self.sessions[file]
        if session.import_outcome is None:
            imported = session.start(import_timeout=self.import_timeout)
            if not imported.ok:
                raise InstructorError(f"{file.name} cannot be imported: {_describe(imported)}")
        return session

    def close(self) -> None:
        for session in self.sessions.values():
            session.stop()
        self.sessions.clear()

    def __enter__(self) -> "TrustedCode":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _describe(outcome: Any) -> str:
    err = outcome.error or {}
    text = outcome.detail or f"{err.get('type', outcome.status)}: {err.get('message', '')}"
    tb = err.get("traceback")
    return f"{text}\n{tb}" if tb else text


def _mentions_sympy(file: Path) -> bool:
    try:
        return b"sympy" in file.read_bytes()
    except OSError:
        return False
