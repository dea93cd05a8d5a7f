"""The local executor: N warm worker processes on this machine (see :mod:`grader.batch.worker`).

Each worker is a fresh interpreter that starts its own sandbox and loads the assignment
once, then grades one submission at a time; the batch process hands the next job to
whichever worker is free. A worker that dies (it should not: student code runs in the
sandbox's children) costs only the submission it had: that job gets a "not graded"
result, a new worker takes its place, and the others go on.

Workers run in their own session, so Ctrl-C reaches the batch process only, which then
stops them; if the batch process is killed, each worker sees its request pipe close and
exits at once.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from typing import Any

from grader.batch.executors import Job
from grader.batch.job import BatchSettings, failed_result

#: how long a worker may take to warm up (start a sandbox, load the assignment)
START_TIMEOUT = 120.0
#: jobs sent to a worker before it has answered the first of them
IN_FLIGHT = 3


class WorkerError(RuntimeError):
    """A worker could not start (the message says why, e.g. the sandbox cannot be started)."""


class WorkerProcess:
    """One warm worker interpreter (``python -m grader.batch.worker``) and its two pipes.

    Replies are framed (a JSON header line, then the result's bytes: see :mod:`grader.batch.worker`)
    and read unbuffered into a buffer of our own, so that replies already read are never left
    waiting behind a ``select`` that has nothing new to report."""

    def __init__(self, settings: BatchSettings, cwd: str | None = None) -> None:
        req_r, self.req_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        self.stderr = tempfile.TemporaryFile()  # a pipe could fill up and block the worker
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grader.batch.worker", str(req_r), str(rep_w), json.dumps(settings.to_wire())],
            pass_fds=(req_r, rep_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self.stderr, start_new_session=True, cwd=cwd,
        )
        os.close(req_r)
        os.close(rep_w)
        self.jobs: deque[Job] = deque()  # sent and not answered yet, oldest first
        self.ready = False
        self.next_id = 0
        self._buffer = bytearray()
        self._inbox: deque[tuple[dict[str, Any], str | None]] = deque()

    @property
    def job(self) -> Job | None:
        """The job it is grading now (the oldest one sent)."""
        return self.jobs[0] if self.jobs else None

    def fileno(self) -> int:
        return self.rep_r

    def send(self, job: Job) -> bool:
        """Hand ``job`` to the worker; False when it has died meanwhile (the job was not taken)."""
        self.next_id += 1
        message = {"id": self.next_id, "submission": str(job.submission), "student": job.student}
        try:
            os.write(self.req_w, (json.dumps(message) + "\n").encode())
        except OSError:  # EPIPE: it died after its last reply; its end of file is read next
            return False
        self.jobs.append(job)
        return True

    def pump(self) -> bool:
        """Read what the worker wrote (one read); False at end of file (it died)."""
        chunk = os.read(self.rep_r, 1 << 20)
        if not chunk:
            return False
        self._buffer += chunk
        while (end := self._buffer.find(b"\n")) >= 0:
            header = json.loads(self._buffer[:end])
            size = int(header.get("size", 0))
            if len(self._buffer) < end + 1 + size:
                break
            payload = self._buffer[end + 1:end + 1 + size].decode("utf-8") if size else None
            del self._buffer[:end + 1 + size]
            self._inbox.append((header, payload))
        return True

    def replies(self) -> list[tuple[dict[str, Any], str | None]]:
        """The complete replies read so far, oldest first (and forgotten)."""
        found = list(self._inbox)
        self._inbox.clear()
        return found

    def grade(self, job: Job) -> str:
        """Grade ``job`` and wait for its canonical JSON (for executors that hand out one job at a time);
        a worker that dies gives :func:`failed_result` and must be replaced."""
        while not self.ready:
            if not self._inbox and not self.pump():
                raise WorkerError(self.why_dead())
            while self._inbox and not self.ready:
                self.ready = bool(self._inbox.popleft()[0].get("ready"))
        if not self.send(job):
            return failed_result(job.submission, job.student, self.why_dead())
        while not self._inbox:
            if not self.pump():
                self.jobs.clear()
                return failed_result(job.submission, job.student, self.why_dead())
        self.jobs.popleft()
        return self._inbox.popleft()[1] or ""

    def alive(self) -> bool:
        return self.proc.poll() is None

    def why_dead(self) -> str:
        code = self.proc.wait()
        self.stderr.seek(0)
        err = self.stderr.read()[-4000:].decode("utf-8", "replace").strip().splitlines()
        how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        return f"the grading worker died ({how})" + (f": {err[-1]}" if err else "")

    def stop(self) -> None:
        try:
            os.close(self.req_w)  # the worker exits when its requests end
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:
            os.close(self.rep_r)
        except OSError:
            pass
        self.stderr.close()


class LocalExecutor:
    """``jobs`` graded by ``workers`` warm processes; see the module docstring.

    Each worker holds up to :data:`IN_FLIGHT` jobs, so that it starts the next one as soon as it
    has sent a result, without waiting for this process to read it and answer."""

    def __init__(self, settings: BatchSettings, workers: int, assignment: Any = None) -> None:
        """``assignment``: the loaded assignment, so that a job lost with its worker is reported
        problem by problem ("not graded: the grading worker died ...")."""
        self.settings = settings
        self.assignment = assignment
        self.n = max(1, workers)
        self.pool: list[WorkerProcess] = []

    def __enter__(self) -> "LocalExecutor":
        return self

    def __exit__(self, *exc: Any) -> None:
        for w in self.pool:
            w.stop()
        self.pool = []

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, str]]:
        pending = list(reversed(jobs))
        selector = selectors.DefaultSelector()
        for _ in range(min(self.n, len(jobs))):
            self._add(selector)
        try:
            while pending or any(w.jobs for w in self.pool):
                for key, _ in selector.select():
                    w: WorkerProcess = key.data
                    if not w.pump():  # the worker died
                        selector.unregister(w)
                        self.pool.remove(w)
                        reason = w.why_dead()
                        w.stop()
                        if not w.ready:
                            raise WorkerError(reason)
                        if w.jobs:  # the one it was grading costs its grade; the ones queued behind it go elsewhere
                            lost = w.jobs.popleft()
                            pending.extend(reversed(w.jobs))
                            yield lost, failed_result(lost.submission, lost.student, reason, self.assignment)
                        if pending:
                            self._add(selector)  # a new worker takes its place
                        continue
                    for header, payload in w.replies():
                        if header.get("ready"):
                            w.ready = True
                        else:
                            yield w.jobs.popleft(), payload or ""
                    while w.ready and pending and len(w.jobs) < IN_FLIGHT:
                        if not w.send(pending[-1]):
                            break  # it died: the job stays pending, and its end of file comes next
                        pending.pop()
        finally:
            selector.close()

    def _add(self, selector: selectors.BaseSelector) -> None:
        w = WorkerProcess(self.settings)
        self.pool.append(w)
        selector.register(w, selectors.EVENT_READ, w)
