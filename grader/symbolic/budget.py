"""A hard time limit around work that SymPy cannot be trusted to finish.

:func:`run_with_deadline` runs ``work(report)`` in a forked child. The child calls
``report(dict)`` whenever it knows more (a numeric verdict, then a proof...); each report
is a JSON line on a pipe. At the deadline the parent SIGKILLs the child and keeps the
last report it received, so a slow ``simplify`` costs at most the budget and never loses
the numeric verdict found before it. Forking a process that has SymPy imported costs
about 2-3 ms on Linux. The limit is hard for the whole call: the clock starts when the
caller says (before parsing, say), the fork is inside it, the wait ends a small reserve
before the limit, and the killed child is reaped later without waiting, so no check
returns after its limit.

Where ``os.fork`` is unavailable (Windows) the work runs in-process, interrupted by
SIGALRM when on the main thread of a POSIX process, and unbounded otherwise.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Report = Callable[[dict[str, Any]], None]


@dataclass
class Outcome:
    """Reports received from the work, whether it finished, and the wall time used."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False
    elapsed: float = 0.0
    error: str = ""

    @property
    def last(self) -> dict[str, Any] | None:
        return self.reports[-1] if self.reports else None


def can_fork() -> bool:
    return hasattr(os, "fork")


#: seconds kept back from the budget for what follows the wait (kill, parse the reports):
#: the whole check, fork to return, ends within its limit
#: (a loaded machine may not run the parent for some milliseconds after the wait ends)
RESERVE_MIN, RESERVE_MAX, RESERVE_SHARE = 0.02, 0.05, 0.15


def reserve(time_limit: float) -> float:
    """The part of ``time_limit`` kept for the work around the wait."""
    return min(RESERVE_MAX, max(RESERVE_MIN, RESERVE_SHARE * max(time_limit, 0.0)))


def run_with_deadline(
    work: Callable[[Report], None], time_limit: float, deadline_key: str = "", started: float | None = None
) -> Outcome:
    """Run ``work(report)`` and return within ``time_limit`` seconds (wall clock) of
    ``started`` (a ``time.monotonic()`` value; default: now), fork and kill included.

    A report holding ``deadline_key`` (seconds since the start) may shorten the wait:
    the work says "what follows is optional, give it until then"."""
    start = time.monotonic() if started is None else started
    if can_fork():
        return _run_forked(work, time_limit, deadline_key, start)
    return _run_inline(work, time_limit - (time.monotonic() - start), start)


def _run_forked(work: Callable[[Report], None], time_limit: float, deadline_key: str, start: float) -> Outcome:
    _reap_finished()
    deadline = start + max(time_limit - reserve(time_limit), 0.0)
    outcome = Outcome()
    if time.monotonic() >= deadline:
        outcome.elapsed = time.monotonic() - start
        return outcome
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns
        code = 0
        try:
            os.close(read_fd)

            def report(data: dict[str, Any]) -> None:
                _write_all(write_fd, (json.dumps(data) + "\n").encode())

            work(report)
            _write_all(write_fd, b'{"__done__": true}\n')
        except BaseException as exc:  # noqa: BLE001 - report anything, then exit
            try:
                msg = json.dumps({"__error__": f"{type(exc).__name__}: {str(exc)[:300]}"})
                _write_all(write_fd, (msg + "\n").encode())
            except BaseException:  # noqa: BLE001
                code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    buffer = b""
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                break
            chunk = os.read(read_fd, 65536)
            if not chunk:
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                _accept(outcome, line)
                last = outcome.last
                if deadline_key and last is not None and deadline_key in last:
                    deadline = min(deadline, start + float(last.pop(deadline_key)))
            if outcome.finished or outcome.error:
                break
    finally:
        os.close(read_fd)
        _stop(pid)
    outcome.elapsed = time.monotonic() - start
    return outcome


def _accept(outcome: Outcome, line: bytes) -> None:
    try:
        data = json.loads(line)
    except ValueError:
        outcome.error = "unreadable report from the checking process"
        return
    if data.get("__done__"):
        outcome.finished = True
    elif "__error__" in data:
        outcome.error = str(data["__error__"])
    else:
        outcome.reports.append(data)


#: killed children not yet reaped: reaped without waiting at the next check and at exit
_PENDING: list[int] = []


def _stop(pid: int) -> None:
    """SIGKILL the child (harmless when it is already exiting) without waiting for the
    kernel to tear it down: it is reaped later, so the kill costs microseconds."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _PENDING.append(pid)
    _reap_finished()


def _reap_finished() -> None:
    for pid in list(_PENDING):
        try:
            finished, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            finished = pid
        if finished:
            _PENDING.remove(pid)


@atexit.register
def _reap_all() -> None:
    while _PENDING:
        pid = _PENDING.pop()
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _write_all(fd: int, data: bytes) -> None:
    while data:
        n = os.write(fd, data)
        data = data[n:]


class _Timeout(BaseException):
    pass


def _run_inline(work: Callable[[Report], None], time_limit: float, start: float | None = None) -> Outcome:
    """Fallback without fork: SIGALRM on the main thread (POSIX), else no hard limit."""
    outcome = Outcome()
    start = time.monotonic() if start is None else start

    def report(data: dict[str, Any]) -> None:
        outcome.reports.append(json.loads(json.dumps(data)))

    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    old = None
    if use_alarm:

        def on_alarm(signum: int, frame: Any) -> None:
            raise _Timeout

        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(time_limit, 0.001))
    try:
        work(report)
        outcome.finished = True
    except _Timeout:
        pass
    except Exception as exc:  # noqa: BLE001
        outcome.error = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    outcome.elapsed = time.monotonic() - start
    return outcome
