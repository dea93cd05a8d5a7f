"""The grader's side of running a submission: spawn, call with deadlines, kill, restart.

A :class:`Sandbox` owns one fork server; a :class:`Session` runs one
submission in a child forked by it. Calls go one at a time, each with a
wall-clock deadline; a call that runs past it gets the child's whole process
group killed and the next call starts a fresh child (the module is imported
again). Everything that comes back is framed, size-checked and decoded by
:mod:`grader.sandbox.values`.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.sandbox import protocol, values, zygote
from grader.sandbox.config import SandboxConfig

#: how long to wait for the fork server to report a child's exit status
EXIT_STATUS_WAIT = 2.0

OK = "ok"
RAISED = "raised"
TIMEOUT = "timeout"
CRASHED = "crashed"
INVALID = "invalid"  # the child sent something that is not a valid result


@dataclass
class Output:
    """A captured stream: head and tail kept, the size of what was dropped."""

    head: str = ""
    tail: str = ""
    size: int = 0

    @property
    def text(self) -> str:
        if not self.tail:
            return self.head
        dropped = self.size - len(self.head.encode()) - len(self.tail.encode())
        return f"{self.head}\n[... {dropped} bytes dropped ...]\n{self.tail}"


@dataclass
class Outcome:
    """What happened when the child imported the module or made one call."""

    status: str  # ok | raised | timeout | crashed | invalid
    value: Any = None
    error: dict[str, str] | None = None  # type, message, traceback
    detail: str = ""  # what happened, for humans: "timed out after 2 s", "killed by signal 11"
    seconds: float = 0.0
    stdout: Output = field(default_factory=Output)
    stderr: Output = field(default_factory=Output)

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class Call:
    """One thing to ask the child: call ``target`` with inputs, or read its value."""

    target: str
    kind: str  # "function" or "value"
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    timeout: float = 5.0


class SandboxError(RuntimeError):
    """The fork server could not be reached or started."""


class Sandbox:
    """A fork server and the means to run submissions in children it forks."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self._exits: dict[int, dict[str, Any]] = {}
        self._next_req = 0
        self.pid, self.sock = zygote.start()
        self._fresh = False

    def _restart(self) -> None:
        """Replace a dead fork server by a fresh interpreter (never a fork of this process,
        which may hold answer keys by now)."""
        self.sock.close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, zygote.SOCKET_TYPE)
        proc = subprocess.Popen(
            [sys.executable, "-m", "grader.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        theirs.close()
        self.pid, self.sock, self._fresh = proc.pid, ours, True
        self._proc = proc

    def spawn(self, submission: Path, preload: list[str]) -> tuple[int, int, int]:
        """Fork a child for ``submission``; returns (pid, calls_w, results_r)."""
        calls_r, calls_w = os.pipe()
        results_r, results_w = os.pipe()
        self._next_req += 1
        request = {
            "op": "spawn",
            "req": self._next_req,
            "submission": str(submission),
            "config": self.config.to_wire(),
            "preload": preload,
        }
        try:
            for attempt in range(2):
                try:
                    zygote.send(self.sock, request, [calls_r, results_w])
                    pid = self._wait_spawned(self._next_req)
                    break
                except (OSError, SandboxError):
                    if attempt:
                        raise SandboxError("the fork server is not answering") from None
                    self._restart()
        finally:
            os.close(calls_r)
            os.close(results_w)
        return pid, calls_w, results_r

    def _wait_spawned(self, req: int) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            msg = self.poll(deadline - time.monotonic())
            if msg and msg.get("ev") == "spawned" and msg.get("req") == req:
                return int(msg["pid"])
        raise SandboxError("the fork server did not fork a child")

    def poll(self, timeout: float) -> dict[str, Any] | None:
        """Read one message from the fork server (recording exit statuses)."""
        ready, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not ready:
            return None
        data = self.sock.recv(zygote.MAX_DATAGRAM)
        if not data:
            raise SandboxError("the fork server exited")
        msg = json.loads(data)
        if msg.get("ev") == "exit":
            self._exits[msg["pid"]] = msg
        return msg

    def exit_status(self, pid: int, wait: float = EXIT_STATUS_WAIT) -> dict[str, Any] | None:
        deadline = time.monotonic() + wait
        while pid not in self._exits and time.monotonic() < deadline:
            try:
                self.poll(deadline - time.monotonic())
            except SandboxError:
                return None
        return self._exits.pop(pid, None)

    def session(self, submission: str | Path, preload: list[str] | None = None) -> "Session":
        return Session(self, Path(submission).resolve(), preload or [])

    def close(self) -> None:
        try:
            self.sock.close()
        finally:
            try:
                os.waitpid(self.pid, 0) if not self._fresh else self._proc.wait(timeout=5)
            except (ChildProcessError, subprocess.TimeoutExpired, OSError):
                pass

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class Session:
    """One submission: its import outcome and the calls made to it."""

    def __init__(self, sandbox: Sandbox, submission: Path, preload: list[str]) -> None:
        self.sandbox = sandbox
        self.submission = submission
        self.preload = preload
        self.pid: int | None = None
        self.calls_w = self.results_r = -1
        self.reader = protocol.FrameReader()
        self.import_outcome: Outcome | None = None
        self.import_timeout = 10.0
        self.restarts = 0

    # ------------------------------------------------------------ child lifecycle
    def start(self, import_timeout: float | None = None) -> Outcome:
        """Fork a child and import the submission; returns the import outcome."""
        if import_timeout is not None:
            self.import_timeout = import_timeout
        self.pid, self.calls_w, self.results_r = self.sandbox.spawn(self.submission, self.preload)
        self.reader = protocol.FrameReader()
        outcome = self._receive(self.import_timeout, expect={"ev": "imported"}, during="import")
        if outcome.status == OK:
            outcome.value = None
        if self.import_outcome is None:
            self.import_outcome = outcome
        if outcome.status != OK:
            self.stop()
        return outcome

    def stop(self) -> None:
        """Kill the child's process group and release its pipes."""
        if self.pid is not None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.pid = None
        for fd in (self.calls_w, self.results_r):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.calls_w = self.results_r = -1

    close = stop

    # ------------------------------------------------------------ calls
    def call(self, call: Call) -> Outcome:
        """Make one call in the child, starting (or restarting) it as needed."""
        if self.import_outcome is None:
            imported = self.start()
            if not imported.ok:
                return imported
        if self.pid is None:
            self.restarts += 1
            imported = self.start()
            if not imported.ok:
                imported.detail = f"the module could not be imported again: {imported.detail}".rstrip(": ")
                return imported
        assert self.import_outcome is not None and self.import_outcome.ok
        message = {
            "op": "call",
            "i": 0,
            "target": call.target,
            "kind": call.kind,
            "args": [values.encode(a) for a in call.args],
            "kwargs": {k: values.encode(v) for k, v in call.kwargs.items()},
        }
        started = time.monotonic()
        try:
            self._send(message, call.timeout)
        except (BrokenPipeError, TimeoutError):
            pass  # the child died or hung; _receive reports it
        remaining = call.timeout - (time.monotonic() - started)
        return self._receive(remaining, expect={"ev": "result"}, during="call", timeout=call.timeout)

    def _send(self, message: dict[str, Any], timeout: float) -> None:
        data = memoryview(protocol.pack(message))
        deadline = time.monotonic() + timeout
        while data:
            _, ready, _ = select.select([], [self.calls_w], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise TimeoutError
            n = os.write(self.calls_w, data[: 1 << 16])
            data = data[n:]

    def _receive(self, remaining: float, expect: dict[str, str], during: str, timeout: float | None = None) -> Outcome:
        limit = timeout if timeout is not None else remaining
        deadline = time.monotonic() + remaining
        while True:
            left = deadline - time.monotonic()
            ready = []
            if left > 0:
                ready, _, _ = select.select([self.results_r], [], [], left)
            if not ready:
                pid = self.pid
                self.stop()
                what = "importing your module" if during == "import" else "the call"
                return Outcome(TIMEOUT, detail=f"{what} timed out after {_seconds(limit)}", seconds=limit,
                               error={"type": "Timeout", "message": f"timed out after {_seconds(limit)}", "traceback": ""}) \
                    if pid else Outcome(CRASHED, detail="the child process is gone")
            try:
                chunk = os.read(self.results_r, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                return self._crashed(during)
            try:
                frames = self.reader.feed(chunk)
            except protocol.FrameError as exc:
                self.stop()
                return Outcome(INVALID, detail=f"the child sent an invalid message ({exc})")
            for frame in frames:
                if isinstance(frame, dict) and all(frame.get(k) == v for k, v in expect.items()):
                    return self._outcome(frame)
                self.stop()
                return Outcome(INVALID, detail="the child sent an unexpected message")

    def _crashed(self, during: str) -> Outcome:
        pid = self.pid
        self.stop()
        status = self.sandbox.exit_status(pid) if pid else None
        when = "while importing your module" if during == "import" else "during the call"
        detail = f"the process running your code ended {when}"
        if status:
            if status.get("signal"):
                detail = f"{detail}: {describe_signal(status['signal'])}"
            elif status.get("code") is not None:
                detail = f"{detail}: exited with code {status['code']}"
        return Outcome(CRASHED, detail=detail, error={"type": "Crashed", "message": detail, "traceback": ""})

    def _outcome(self, frame: dict[str, Any]) -> Outcome:
        output = frame.get("output") or {}
        streams = {}
        for name in ("stdout", "stderr"):
            o = output.get(name) or {}
            streams[name] = Output(str(o.get("head", ""))[:65536], str(o.get("tail", ""))[:65536], int(o.get("size", 0) or 0))
        seconds = float(frame.get("seconds", 0.0) or 0.0)
        if frame.get("ok"):
            value = None
            if "value" in frame:
                try:
                    value = values.decode(frame["value"])
                except (values.WireError, RecursionError) as exc:
                    return Outcome(INVALID, detail=f"the result could not be read: {exc}", seconds=seconds, **streams)
            return Outcome(OK, value=value, seconds=seconds, **streams)
        err = frame.get("error") or {}
        error = {k: str(err.get(k, ""))[:4000] for k in ("type", "message", "traceback")}
        detail = f"{error['type']}: {error['message']}" if error["message"] else error["type"]
        return Outcome(RAISED, error=error, detail=detail, seconds=seconds, **streams)


def describe_signal(signum: int) -> str:
    names = {
        signal.SIGKILL: "killed (SIGKILL: memory or CPU limit, or killed by the grader)",
        signal.SIGSEGV: "crashed with a segmentation fault (SIGSEGV)",
        signal.SIGXCPU: "killed: CPU time limit exceeded (SIGXCPU)",
        signal.SIGABRT: "aborted (SIGABRT)",
        signal.SIGBUS: "crashed with a bus error (SIGBUS)",
        signal.SIGFPE: "crashed with a floating-point exception (SIGFPE)",
    }
    if signum in names:
        return names[signum]
    try:
        return f"killed by signal {signum} ({signal.Signals(signum).name})"
    except ValueError:
        return f"killed by signal {signum}"


def _seconds(s: float) -> str:
    return f"{s:g} s"
