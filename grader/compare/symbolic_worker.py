"""A separate grader process that does the symbolic comparisons, so that importing SymPy
(about 0.5 s of CPU) runs on another core while the grader loads the assignment and grades
the other problems, instead of competing with them for the interpreter lock.

``start()`` launches ``python -m grader.compare.symbolic_worker`` (a fresh interpreter, not a
fork: nothing of the grader's state is copied); it imports the engine at once and then answers
requests, one JSON line each way: ``{"expected", "observed", "options"}`` in, the verdict
(``score``, ``status``, ``message``, ``details``) out. The worker is grader code, as trusted as
the grader: it sees the expected answers, never student code (answers arrive as text and are
parsed by the engine's whitelisting parser). :func:`compare` returns None whenever the worker
is not running, cannot take the value (a SymPy object passed in-process) or fails; the caller
then compares in its own process, so the worker only ever saves time.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping
from typing import Any

from grader.compare.verdict import Verdict

#: how long to wait for the worker's import of SymPy, beyond a request's time limit
START_GRACE = 60.0
_state: dict[str, Any] = {"proc": None}
_lock = threading.Lock()


def start() -> None:
    """Launch the worker if it is not running (idempotent)."""
    with _lock:
        proc = _state["proc"]
        if proc is not None and proc.poll() is None:
            return
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        try:  # cwd = where the grader package lives: `-m` puts the cwd first on sys.path, and the
            # grader's own cwd may be a student's repository (a sympy.py there must not be imported)
            _state["proc"] = subprocess.Popen(
                [sys.executable, "-m", "grader.compare.symbolic_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, close_fds=True,
                cwd=root,
            )
        except OSError:
            _state["proc"] = None


def running() -> bool:
    proc = _state["proc"]
    return proc is not None and proc.poll() is None


@atexit.register
def stop() -> None:
    """End the worker. It holds nothing worth a clean exit (an interpreter with SymPy takes
    a while to shut down), so it is killed; the kernel tears it down while we go on."""
    with _lock:
        proc, _state["proc"] = _state["proc"], None
    if proc is None:
        return
    try:
        proc.kill()
        proc.stdin.close()
        proc.stdout.close()
    except OSError:
        pass
    try:
        proc.wait(timeout=0.5)
    except subprocess.TimeoutExpired:
        pass  # reaped by init once we exit


def compare(expected: Any, observed: Any, options: Mapping[str, Any]) -> Verdict | None:
    """The worker's verdict, or None (not running, value not encodable, worker failed)."""
    from grader.compare.symbolic_cache import encode_observed

    if not running() or not isinstance(expected, str):
        return None
    encoded = encode_observed(observed)
    if encoded is None:
        return None
    try:
        line = json.dumps({"expected": expected, "observed": encoded, "options": dict(options)}, allow_nan=False)
    except (TypeError, ValueError):
        return None
    proc = _state["proc"]
    try:
        proc.stdin.write(line.encode() + b"\n")
        proc.stdin.flush()
        reply = _read_line(proc, float(options.get("time_limit", 2.0)) + START_GRACE)
    except OSError:
        reply = None
    verdict = _verdict(reply)
    if verdict is None:
        stop()  # a worker that failed once is not trusted with the next request
    return verdict


def _read_line(proc: subprocess.Popen, timeout: float) -> bytes | None:
    import select

    fd = proc.stdout.fileno()
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return None
    return proc.stdout.readline()


def _verdict(reply: bytes | None) -> Verdict | None:
    if not reply:
        return None
    try:
        data = json.loads(reply)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("status") not in ("passed", "failed", "error"):
        return None
    score = data.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        return None
    if not isinstance(data.get("message"), str) or not isinstance(data.get("details"), dict):
        return None
    return Verdict(float(score), data["status"], data["message"], data["details"])


def serve() -> None:
    """The worker's loop: import the engine, then answer each request line."""
    from grader.compare import symbolic_check
    from grader.compare.symbolic_cache import decode_observed

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    for line in stdin:
        try:
            request = json.loads(line)
            observed = decode_observed(request["observed"])
            verdict = symbolic_check.compare(request["expected"], observed, request["options"])
            reply = {"score": verdict.score, "status": verdict.status, "message": verdict.message, "details": verdict.details}
            out = json.dumps(reply, allow_nan=False)
        except Exception as exc:  # noqa: BLE001 - the grader falls back to comparing itself
            out = json.dumps({"error": f"{type(exc).__name__}: {exc}"[:300]})
        stdout.write(out.encode() + b"\n")
        stdout.flush()


if __name__ == "__main__":
    serve()
