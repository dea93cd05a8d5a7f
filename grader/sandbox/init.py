"""A tiny init for the child's pid namespace, so that student code sees ordinary process semantics.

The first process of a pid namespace is special: signals it has no handler for are
ignored when they come from inside the namespace, so ``os.kill(os.getpid(), SIGKILL)``
would do nothing if student code ran there. So pid 1 is this init: it forks the process
that runs student code (pid 2), reaps every orphan re-parented to it, and when pid 2
ends it writes pid 2's wait status to the supervisor outside the namespace and exits
(which makes the kernel kill whatever the student left running). The supervisor then
ends the way pid 2 did, so the fork server reports "killed by signal 9" for a
student who killed themselves with SIGKILL.

No student code runs in init or in the supervisor.
"""

from __future__ import annotations

import os
import signal
import struct
from typing import NoReturn

_STATUS = struct.Struct(">i")


def become_init(child: int, status_w: int) -> NoReturn:
    """Run as pid 1: reap until ``child`` ends, report its wait status on ``status_w``, exit."""
    code = 0
    try:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(signum, signal.SIG_IGN)
        while True:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                status = -1
                break
            except InterruptedError:
                continue
            if pid == child:
                break
        os.write(status_w, _STATUS.pack(status))
    except BaseException:  # noqa: BLE001 - init must end, and end quietly
        code = 70
    finally:
        os._exit(code)


def read_status(status_r: int) -> int | None:
    """The wait status init reported (None if it died before reporting)."""
    data = b""
    try:
        while len(data) < _STATUS.size:
            chunk = os.read(status_r, _STATUS.size - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:
        return None
    if len(data) != _STATUS.size:
        return None
    status = _STATUS.unpack(data)[0]
    return status if status >= 0 else None


def end_like(status: int) -> NoReturn:
    """End this process the way a process with wait status ``status`` ended."""
    code = 70
    try:
        if os.WIFSIGNALED(status):
            signum = os.WTERMSIG(status)
            _no_core_dump()
            if signum not in (signal.SIGKILL, signal.SIGSTOP):
                signal.signal(signum, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
            os.kill(os.getpid(), signum)
            code = 128 + signum
        elif os.WIFEXITED(status):
            code = os.WEXITSTATUS(status)
    finally:
        os._exit(code)


def _no_core_dump() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
