"""The fork server: a warm process that forks one child per submission run.

It is forked from the grader at start-up, before any answer key is read, so
the children it forks can never find expected answers in memory they
inherited. It does not run student code itself: it makes the scratch
directory, forks, reaps, reports exit statuses and cleans up.

Requests arrive as datagrams on a Unix socket, with the child's pipes
attached as file descriptors:

- ``{"op": "spawn", "req": n, "submission": path, "config": {...}, "preload": [...]}``
  with fds [calls_r, results_w] -> ``{"ev": "spawned", "req": n, "pid": pid}``
- when a child ends -> ``{"ev": "exit", "pid": pid, "code": c, "signal": s, "maxrss_kb": k, "cpu": t}``
- once at start -> ``{"ev": "ready", "layers": {"available": {...}, "reasons": {...}}}`` (what
  isolation layers this machine offers, detected in a few ms)
- a spawn it refuses (``strict`` without a required layer) -> ``{"ev": "refused", "req": n, "error": text}``
"""

from __future__ import annotations

import importlib
import json
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
from typing import Any

from grader.sandbox.config import SandboxConfig
from grader.sandbox.protocol import DEFAULT_MAGIC

MAX_DATAGRAM = 65536
#: message boundaries, fd passing, and an end-of-file when the other side closes
SOCKET_TYPE = getattr(socket, "SOCK_SEQPACKET", socket.SOCK_DGRAM)


def send(sock: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    data = json.dumps(message).encode()
    if fds:
        socket.send_fds(sock, [data], fds)
    else:
        sock.send(data)


def serve(sock: socket.socket) -> None:
    """Answer spawn requests until the grader closes its end of the socket."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    scratch: dict[int, str] = {}
    leases: dict[int, Any] = {}  # pid -> the uid lease of that child
    from grader.sandbox import layers as layers_mod  # here, in the fork server: ctypes stays out of the grader

    found = layers_mod.detect()
    from grader.sandbox.sealed import SealedLoader

    # the child's grader code, executed afresh into modules no student code can reach by name
    served_by = SealedLoader().load("grader.sandbox.child")
    send(sock, {"ev": "ready", "layers": found.to_wire()})
    try:
        while True:
            ready, _, _ = select.select([sock, wake_r], [], [])
            if wake_r in ready:
                os.read(wake_r, 4096)
            _reap(sock, scratch, leases)
            if sock in ready:
                try:
                    data, fds, _flags, _addr = socket.recv_fds(sock, MAX_DATAGRAM, 4)
                except (ConnectionResetError, OSError):
                    return
                if not data:
                    return
                _spawn(sock, json.loads(data), fds, scratch, leases, found, served_by)
    finally:
        for pid in list(scratch):
            _kill_group(pid)
        _reap(sock, scratch, leases, block=True)


def _reap(sock: socket.socket, scratch: dict[int, str], leases: dict[int, Any], block: bool = False) -> None:
    while scratch:
        try:
            pid, status, usage = os.wait4(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        shutil.rmtree(scratch.pop(pid, ""), ignore_errors=True) if pid in scratch else None
        if pid in leases:
            leases.pop(pid).release()
        message = {
            "ev": "exit",
            "pid": pid,
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "maxrss_kb": usage.ru_maxrss,
            "cpu": usage.ru_utime + usage.ru_stime,
        }
        try:
            send(sock, message)
        except OSError:
            pass


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def _spawn(sock: socket.socket, request: dict[str, Any], fds: list[int], scratch: dict[int, str],
           leases: dict[int, Any], found: Any, served_by: Any = None) -> None:
    from grader.sandbox import layers as layers_mod
    from grader.sandbox import uids
    from grader.sandbox.confine import launch
    from grader.sandbox.protections import plan

    calls_r, results_w = fds
    config = SandboxConfig.from_wire(request.get("config", {}))
    if config.isolation == "strict":
        missing = layers_mod.missing_for_strict(found)
        if missing:
            for fd in fds:
                os.close(fd)
            send(sock, {"ev": "refused", "req": request["req"],
                        "error": "strict isolation is unavailable here: no " + "; no ".join(missing)})
            return
    for name in request.get("preload", []):
        try:
            importlib.import_module(name)  # warm once, shared by every child forked after
        except Exception:  # noqa: BLE001 - the child will report the failure if it matters
            pass
    workdir = tempfile.mkdtemp(prefix="grader-run-")
    submission = request["submission"]
    copy = os.path.join(workdir, os.path.basename(submission))
    try:
        shutil.copyfile(submission, copy)
    except OSError as exc:
        copy = submission
        request["copy_error"] = str(exc)
    active = plan(config, found.available)
    magic = bytes.fromhex(str(request.get("magic", ""))) or DEFAULT_MAGIC
    # its own uid, so that its process limit is its own (None: drop to nobody, or no drop at all)
    lease = uids.acquire() if layers_mod.DROP in active and os.geteuid() == 0 else None
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            sock.close()
            launch(config, active, found, workdir, copy, calls_r, results_w, lease.ids if lease else None,
                   magic, served_by)
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    os.close(calls_r)
    os.close(results_w)
    scratch[pid] = workdir
    if lease is not None:
        leases[pid] = lease
    send(sock, {"ev": "spawned", "req": request["req"], "pid": pid})


def multithreaded() -> bool:
    """Whether this process runs other threads (native ones included: /proc/self/task).

    Forking such a process copies locks that other threads may hold, so the fork server's
    children could deadlock (importing jax or torch starts threads): the fork server is then
    started as a fresh interpreter instead."""
    try:
        return len(os.listdir("/proc/self/task")) > 1
    except OSError:
        import threading

        return threading.active_count() > 1


def start() -> tuple[int, socket.socket]:
    """Fork a fork server from this process; returns its pid and our end of the socket.

    Call it before reading any answer key: the server inherits this process's memory.
    """
    ours, theirs = socket.socketpair(socket.AF_UNIX, SOCKET_TYPE)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            ours.close()
            os.setpgid(0, 0)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.close(devnull)
            keep = {0, 1, 2, theirs.fileno()}
            for fd in range(3, 256):
                if fd not in keep:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            serve(theirs)
        except BaseException:  # noqa: BLE001
            code = 70
        finally:
            os._exit(code)
    theirs.close()
    return pid, ours


def main() -> None:
    """Entry point of a fresh fork server (``python -m grader.sandbox.zygote FD``)."""
    sock = socket.socket(fileno=int(sys.argv[1]))
    serve(sock)


if __name__ == "__main__":
    main()
