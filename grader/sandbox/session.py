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
import math
import os
import select
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.sandbox import protocol, values, zygote
from grader.sandbox.channel import DAMAGED_REPLY, ChannelWatch, setup_error as _setup_error
from grader.sandbox.config import SandboxConfig
from grader.sandbox.errors import SandboxError

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
    def dropped(self) -> int:
        """Bytes of this stream that are not shown (between head and tail)."""
        if not self.tail:
            return 0
        return max(self.size - len(self.head.encode()) - len(self.tail.encode()), 0)

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
    #: facts for the report: "produced 512.0 MiB of output (stdout)", "peak memory 1.9 GiB", ...
    notes: list[str] = field(default_factory=list)
    #: the protections the child ran under (set on import outcomes)
    protections: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass(frozen=True)
class Sent:
    """A call handed to the child, its outcome not read yet (see :meth:`Session.send`)."""

    call_id: int
    limit: float  # seconds, from ``started``
    why: str
    started: float


@dataclass(frozen=True)
class Call:
    """One thing to ask the child: call ``target`` with inputs, or read its value."""

    target: str
    kind: str  # "function", "value", "scenario", or "map" (instructor code: args[0] lists (args, kwargs) pairs)
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    timeout: float = 5.0


class Sandbox:
    """A fork server and the means to run submissions in children it forks."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self._exits: dict[int, dict[str, Any]] = {}
        self._refused: dict[int, str] = {}
        self._spawned: dict[int, int] = {}  # request id -> pid, for replies read while waiting on another request
        self._layers: dict[str, Any] | None = None
        self._next_req = 0
        if zygote.multithreaded():  # a fork of a process with other threads (jax, torch) can deadlock
            self._start_fresh()
        else:
            self.pid, self.sock = zygote.start()
            self._fresh = False
        if self.config.isolation == "strict":
            try:
                self.check()  # fail loudly, before anything is graded
            except SandboxError:
                self.close()
                raise

    # ------------------------------------------------------------ isolation layers
    @property
    def layers(self) -> dict[str, Any]:
        """What the fork server detected: ``{"available": {layer: bool}, "reasons": {layer: why not}}``."""
        deadline = time.monotonic() + 10
        while self._layers is None and time.monotonic() < deadline:
            self.poll(deadline - time.monotonic())
        if self._layers is None:
            raise SandboxError("the fork server did not report its isolation layers")
        return self._layers

    @property
    def protections(self) -> list[str]:
        """The protections every child runs under at this isolation level, for the report."""
        from grader.sandbox.protections import plan

        return plan(self.config, dict(self.layers["available"]))

    def unavailable(self) -> dict[str, str]:
        """Layers this machine does not offer, and why."""
        return {k: str(self.layers["reasons"].get(k, "unavailable")) for k, v in self.layers["available"].items() if not v}

    def check(self) -> None:
        """Raise :class:`SandboxError` naming each missing layer if ``strict`` cannot be honoured."""
        if self.config.isolation != "strict":
            return
        from grader.sandbox.layers import STRICT_NEEDS

        available, reasons = self.layers["available"], self.layers["reasons"]
        missing = [f"{need} ({'; '.join(str(reasons.get(n, 'unavailable')) for n in any_of)})"
                   for need, any_of in STRICT_NEEDS.items() if not any(available.get(n) for n in any_of)]
        if missing:
            raise SandboxError("--isolation strict: this machine cannot provide: " + "; ".join(missing)
                               + ". Use --isolation process to run with the protections that are available.")

    def _restart(self) -> None:
        """Replace a dead fork server by a fresh interpreter (never a fork of this process,
        which may hold answer keys by now)."""
        self.sock.close()
        self._start_fresh()

    def _start_fresh(self) -> None:
        """Start the fork server as a fresh interpreter rather than a fork of this process."""
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

    def request_spawn(self, submission: Path, preload: list[str], cpu_seconds: float | None = None,
                      config: SandboxConfig | None = None, magic: bytes = protocol.DEFAULT_MAGIC) -> tuple[int, int, int]:
        """Ask the fork server for a child without waiting for it; returns (request id, calls_w, results_r).
        :meth:`await_spawn` gives its pid (the child starts meanwhile).

        ``cpu_seconds`` lowers the child's CPU limit (what is left of the submission's budget);
        ``config`` replaces the sandbox's limits for this child (its isolation level cannot be lowered).
        """
        self.check()
        chosen = config or self.config
        if chosen.isolation != self.config.isolation:
            chosen = replace(chosen, isolation=self.config.isolation)
        calls_r, calls_w = os.pipe()
        results_r, results_w = os.pipe()
        self._next_req += 1
        config_wire = chosen.to_wire()
        if cpu_seconds is not None:
            config_wire["cpu_seconds"] = max(1, min(int(cpu_seconds + 0.999), chosen.cpu_seconds))
        request = {
            "op": "spawn",
            "req": self._next_req,
            "submission": str(submission),
            "config": config_wire,
            "preload": preload,
            "magic": magic.hex(),
        }
        try:
            try:
                zygote.send(self.sock, request, [calls_r, results_w])
            except OSError:
                self._restart()
                try:
                    zygote.send(self.sock, request, [calls_r, results_w])
                except OSError:
                    os.close(calls_w)
                    os.close(results_r)
                    raise SandboxError("the fork server is not answering") from None
        finally:
            os.close(calls_r)
            os.close(results_w)
        return self._next_req, calls_w, results_r

    def await_spawn(self, req: int, calls_w: int, results_r: int, retry: tuple[Any, ...] | None = None) -> int:
        """The pid of the child asked for by ``req``. If the fork server died meanwhile, a fresh one
        is started and the request made again (once), reusing ``calls_w``/``results_r`` slots."""
        try:
            return self._wait_spawned(req)
        except _Refused as exc:
            os.close(calls_w)
            os.close(results_r)
            raise SandboxError(str(exc)) from None
        except SandboxError:
            if retry is None:
                os.close(calls_w)
                os.close(results_r)
                raise
            self._restart()
            try:
                req2, calls_w2, results_r2 = self.request_spawn(*retry)
            except SandboxError:
                os.close(calls_w)
                os.close(results_r)
                raise
            # move the new pipes onto the descriptors the caller holds (dup2 closes the old ones;
            # closing them first would let request_spawn's pipes take their numbers)
            os.dup2(calls_w2, calls_w)
            os.dup2(results_r2, results_r)
            os.close(calls_w2)
            os.close(results_r2)
            return self.await_spawn(req2, calls_w, results_r, None)

    def _wait_spawned(self, req: int) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if req in self._spawned:  # read earlier, while another session waited for its own child
                return self._spawned.pop(req)
            if req in self._refused:
                raise _Refused(self._refused.pop(req))
            self.poll(deadline - time.monotonic())
        raise SandboxError("the fork server did not fork a child")

    def poll(self, timeout: float) -> dict[str, Any] | None:
        """Read one message from the fork server (recording exit statuses)."""
        ready, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not ready:
            return None
        try:
            data = self.sock.recv(zygote.MAX_DATAGRAM)
        except OSError:  # ECONNRESET: it died with our request unread (e.g. killed while a probe it forked held the socket)
            data = b""
        if not data:
            raise SandboxError("the fork server exited")
        msg = json.loads(data)
        if msg.get("ev") == "exit":
            self._exits[msg["pid"]] = msg
        elif msg.get("ev") == "spawned" and isinstance(msg.get("req"), int):
            self._spawned[msg["req"]] = int(msg["pid"])
        elif msg.get("ev") == "refused" and isinstance(msg.get("req"), int):
            self._refused[msg["req"]] = str(msg.get("error", "refused"))
        elif msg.get("ev") == "ready":
            self._layers = msg.get("layers") or {"available": {}, "reasons": {}}
        return msg

    def exit_status(self, pid: int, wait: float = EXIT_STATUS_WAIT) -> dict[str, Any] | None:
        deadline = time.monotonic() + wait
        while pid not in self._exits and time.monotonic() < deadline:
            try:
                self.poll(deadline - time.monotonic())
            except SandboxError:
                return None
        return self._exits.pop(pid, None)

    def session(self, submission: str | Path, preload: list[str] | None = None,
                config: SandboxConfig | None = None) -> "Session":
        """A session for one submission; ``config`` overrides the limits (e.g. from ``assignment.yaml``)."""
        return Session(self, Path(submission).resolve(), preload or [], config)

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


class _Refused(SandboxError):
    pass


class Session:
    """One submission: its import outcome and the calls made to it."""

    def __init__(self, sandbox: Sandbox, submission: Path, preload: list[str],
                 config: SandboxConfig | None = None) -> None:
        self.sandbox = sandbox
        base = config or sandbox.config
        self.config = replace(base, isolation=sandbox.config.isolation)
        self.submission = submission
        self.preload = preload
        self.pid: int | None = None
        self.calls_w = self.results_r = -1
        self.reader = protocol.FrameReader()
        self.import_outcome: Outcome | None = None
        self.import_timeout = 10.0
        self.restarts = 0
        self.wall_used = 0.0  # seconds spent importing and calling, across restarts
        self.cpu_used = 0.0  # CPU seconds of the children that have ended
        self._pids: list[int] = []
        self._launched_at: float | None = None  # set between launch() and start()
        self._request = 0
        self._spawn_args: tuple[Any, ...] = ()
        self._magic = protocol.DEFAULT_MAGIC
        self._calls = 0  # call ids: a reply must name the call it answers

    # ------------------------------------------------------------ child lifecycle
    def launch(self) -> Outcome | None:
        """Fork the child now; it imports the submission while the caller does other work
        (e.g. loads the assignment). :meth:`start` collects the import outcome. Returns an
        outcome only when the submission's budget is already used up."""
        self._account_exits()
        budget = self._budget_left()
        if budget is not None:
            return budget
        cpu_left = self.config.cpu_seconds - self.cpu_used
        magic = os.urandom(protocol.MAGIC_SIZE)  # frames of this child only; garbage has none
        self._spawn_args = (self.submission, self.preload, cpu_left, self.config, magic)
        self._request, self.calls_w, self.results_r = self.sandbox.request_spawn(*self._spawn_args)
        self.reader = protocol.FrameReader(magic)
        self._magic = magic
        self._launched_at = time.monotonic()
        return None

    def start(self, import_timeout: float | None = None) -> Outcome:
        """Fork a child (unless :meth:`launch` just did) and import the submission; returns the import outcome."""
        if import_timeout is not None:
            self.import_timeout = import_timeout
        if self._launched_at is None:
            early = self.launch()
            if early is not None:
                return early
        assert self._launched_at is not None
        try:
            self.pid = self.sandbox.await_spawn(self._request, self.calls_w, self.results_r, self._spawn_args)
        except SandboxError:
            self.calls_w = self.results_r = -1
            self._launched_at = None
            raise
        self._pids.append(self.pid)
        waited = time.monotonic() - self._launched_at  # the import has been running that long already
        self._launched_at = None
        limit, why = self._deadline(self.import_timeout)
        self.wall_used += waited
        outcome = self._receive(max(limit - waited, 0.0), expect={"ev": "imported"}, during="import", timeout=limit, why=why)
        if outcome.status == OK:
            outcome.value = None
        if self.import_outcome is None:
            try:
                outcome.protections = self.sandbox.protections
            except SandboxError:
                pass
            self.import_outcome = outcome
        if outcome.status != OK:
            self.stop()
        return outcome

    def stop(self) -> None:
        """Kill the child's process group, and with it its pid namespace, and release its pipes."""
        if self.pid is None and self._launched_at is not None:  # launched, never started: find it to kill it
            try:
                self.pid = self.sandbox.await_spawn(self._request, self.calls_w, self.results_r)
            except SandboxError:
                self.calls_w = self.results_r = -1
        if self.pid is not None:
            for inner in _children(self.pid):  # the namespace's pid 1, even if it left the group
                try:
                    os.kill(inner, signal.SIGKILL)
                except OSError:
                    pass
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass
            self.pid = None
        self._launched_at = None
        for fd in (self.calls_w, self.results_r):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.calls_w = self.results_r = -1

    close = stop

    # ------------------------------------------------------------ budgets
    def _account_exits(self) -> None:
        """Add the CPU time of children that have ended (reported by the fork server) to the budget."""
        try:
            self.sandbox.poll(0)
        except SandboxError:
            return
        for pid in list(self._pids):
            if pid != self.pid and pid in self.sandbox._exits:
                status = self.sandbox._exits.pop(pid)
                self.cpu_used += float(status.get("cpu") or 0.0)
                self._pids.remove(pid)

    def _budget_left(self) -> Outcome | None:
        config = self.config
        if self.wall_used >= config.wall_seconds:
            what = f"the submission used up its time budget of {_seconds(config.wall_seconds)}"
        elif self.cpu_used >= config.cpu_seconds and config.isolation != "none":
            what = f"the submission used up its CPU time budget of {_seconds(config.cpu_seconds)}"
        else:
            return None
        return Outcome(TIMEOUT, detail=what, error={"type": "Timeout", "message": what, "traceback": ""})

    def _deadline(self, timeout: float) -> tuple[float, str]:
        left = self.config.wall_seconds - self.wall_used
        if left < timeout:
            return max(left, 0.0), f"the submission used up its time budget of {_seconds(self.config.wall_seconds)}"
        return timeout, ""

    # ------------------------------------------------------------ calls
    def call(self, call: Call) -> Outcome:
        """Make one call in the child, starting (or restarting) it as needed."""
        sent = self.send(call)
        return sent if isinstance(sent, Outcome) else self.receive(sent)

    def send(self, call: Call) -> "Sent | Outcome":
        """Hand ``call`` to the child and return at once (the child starts on it now); :meth:`receive`
        gets its outcome. Nothing else may be asked of the session in between. An outcome instead
        when the call cannot be made (the module cannot be imported again, the budget is used up)."""
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
        self._calls += 1
        message = {
            "op": "call",
            "i": self._calls,
            "target": call.target,
            "kind": call.kind,
            "args": [values.encode(a) for a in call.args],
            "kwargs": {k: values.encode(v) for k, v in call.kwargs.items()},
        }
        budget = self._budget_left()
        if budget is not None:
            return budget
        limit, why = self._deadline(call.timeout)
        started = time.monotonic()
        try:
            self._send(message, limit)
        except (BrokenPipeError, TimeoutError):
            pass  # the child died or hung; receive() reports it
        return Sent(self._calls, limit, why, started)

    def receive(self, sent: "Sent") -> Outcome:
        """The outcome of the call :meth:`send` handed over (its time limit counts from then)."""
        remaining = sent.limit - (time.monotonic() - sent.started)
        return self._receive(remaining, expect={"ev": "result", "i": sent.call_id}, during="call", timeout=sent.limit,
                             why=sent.why)

    def _send(self, message: dict[str, Any], timeout: float) -> None:
        data = memoryview(protocol.pack(message, self._magic))
        deadline = time.monotonic() + timeout
        while data:
            _, ready, _ = select.select([], [self.calls_w], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise TimeoutError
            n = os.write(self.calls_w, data[: 1 << 16])
            data = data[n:]

    def _receive(self, remaining: float, expect: dict[str, str], during: str, timeout: float | None = None,
                 why: str = "") -> Outcome:
        started = time.monotonic()
        try:
            outcome = self._receive_frame(remaining, expect, during, timeout, why)
        finally:
            self.wall_used += time.monotonic() - started
        return outcome

    def _receive_frame(self, remaining: float, expect: dict[str, str], during: str, timeout: float | None,
                       why: str) -> Outcome:
        limit = timeout if timeout is not None else remaining
        deadline = time.monotonic() + remaining
        seen = ChannelWatch(self.reader)
        while True:
            left = deadline - time.monotonic()
            # past the deadline, still look once: a reply that came in time may be waiting unread
            # (the grader was slow to ask, e.g. busy loading while the child imported)
            ready, _, _ = select.select([self.results_r], [], [], max(left, 0))
            if not ready:
                pid = self.pid
                self.stop()
                if not pid:
                    return Outcome(CRASHED, detail="the child process is gone")
                what = "importing your module" if during == "import" else "the call"
                detail = f"{what} timed out after {_seconds(limit)}"
                if why:
                    detail = f"{detail}: {why}"
                return Outcome(TIMEOUT, detail=detail, seconds=limit, notes=seen.notes(),
                               error={"type": "Timeout", "message": detail, "traceback": ""})
            try:
                chunk = os.read(self.results_r, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                outcome = self._crashed(during)
                outcome.notes += seen.notes()
                return outcome
            for frame in self.reader.feed(chunk):
                if isinstance(frame, dict) and all(frame.get(k) == v for k, v in expect.items()):
                    if frame.get("setup_error") is True and during == "import":
                        self.stop()
                        raise SandboxError(_setup_error(frame))
                    outcome = self._outcome(frame)
                    outcome.notes += seen.notes()
                    return outcome
                seen.stray += 1  # a valid frame that answers nothing we asked: ignored
            if seen.damaged:  # our reply began but was overwritten: this call is lost, the next gets a fresh child
                self.stop()
                detail = DAMAGED_REPLY
                return Outcome(INVALID, detail=detail, notes=seen.notes(),
                               error={"type": "InvalidResult", "message": detail, "traceback": ""})

    def _crashed(self, during: str) -> Outcome:
        pid = self.pid
        # the result pipe closed: let the child end on its own first, so its own cause of death is reported
        status = self.sandbox.exit_status(pid, wait=0.5) if pid else None
        self.stop()
        if pid and status is None:
            status = self.sandbox.exit_status(pid)
        when = "while importing your module" if during == "import" else "during the call"
        detail = f"the process running your code ended {when}"
        notes = []
        if status:
            if pid in self._pids:
                self._pids.remove(pid)
            self.cpu_used += float(status.get("cpu") or 0.0)
            detail = f"{detail}: {self._describe_exit(status)}"
            peak = int(status.get("maxrss_kb") or 0) * 1024
            if peak:
                notes.append(f"peak memory {_size(peak)}")
        return Outcome(CRASHED, detail=detail, notes=notes, error={"type": "Crashed", "message": detail, "traceback": ""})

    def _describe_exit(self, status: dict[str, Any]) -> str:
        config = self.config
        signum = status.get("signal")
        limits = config.isolation != "none"
        if signum:
            peak_mb = int(status.get("maxrss_kb") or 0) / 1024
            cpu = float(status.get("cpu") or 0.0)
            if limits and (signum == signal.SIGXCPU or (signum == signal.SIGKILL and cpu >= config.cpu_seconds - self.cpu_used - 0.5)):
                return f"killed: CPU time limit ({_seconds(config.cpu_seconds)} per submission) exceeded"
            if signum == signal.SIGKILL and limits and peak_mb >= 0.8 * config.memory_mb:
                return f"killed: memory limit ({config.memory_mb} MiB) exceeded"
            return describe_signal(signum)
        code = status.get("code")
        return f"exited with code {code}" if code is not None else "ended"

    def _outcome(self, frame: dict[str, Any]) -> Outcome:
        output = frame.get("output") or {}
        streams = {}
        notes = []
        keep = self.config.output_bytes
        for name in ("stdout", "stderr"):
            o = output.get(name) or {}
            size = o.get("size", 0)
            size = size if type(size) is int and size >= 0 else 0
            streams[name] = Output(str(o.get("head", ""))[:keep * 2], str(o.get("tail", ""))[:keep], size)
            if streams[name].dropped:
                notes.append(f"produced {_size(size)} of output on {name} "
                             f"(kept the first and last {_size(keep)}, dropped {_size(streams[name].dropped)})")
        seconds = frame.get("seconds", 0.0)
        seconds = float(seconds) if type(seconds) in (int, float) and math.isfinite(seconds) else 0.0
        if frame.get("ok") is True:
            value = None
            if "value" in frame:
                try:
                    value = values.decode(frame["value"])
                except (values.WireError, RecursionError, ValueError, TypeError) as exc:
                    return Outcome(INVALID, detail=f"the result could not be read: {exc}", seconds=seconds,
                                   notes=notes, error={"type": "InvalidResult", "message": str(exc)[:200], "traceback": ""},
                                   **streams)
            return Outcome(OK, value=value, seconds=seconds, notes=notes, **streams)
        err = frame.get("error") if isinstance(frame.get("error"), dict) else {}
        error = {k: str(err.get(k, ""))[:4000] for k in ("type", "message", "traceback")}
        detail = f"{error['type']}: {error['message']}" if error["message"] else error["type"]
        if error["type"] == "MemoryError" and self.config.isolation != "none":
            detail = f"ran out of memory (the limit is {self.config.memory_mb} MiB): {detail}"
        elif "File too large" in error["message"]:
            detail = f"wrote more than the file size limit of {self.config.file_size_mb} MiB: {detail}"
        return Outcome(RAISED, error=error, detail=detail, seconds=seconds, notes=notes, **streams)


def _children(pid: int) -> list[int]:
    """The direct children of ``pid`` (Linux ``/proc``; empty elsewhere)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except (OSError, ValueError):
        return []


def _size(n: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def describe_signal(signum: int) -> str:
    names = {
        signal.SIGKILL: "killed by signal 9 (SIGKILL: a memory or CPU limit, or a kill)",
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
