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
from collections.abc import Iterator
from typing import Any

from grader.batch.executors import Job
from grader.batch.job import BatchSettings, failed_result

#: how long a worker may take to warm up (start a sandbox, load the assignment)
START_TIMEOUT = 120.0


class WorkerError(RuntimeError):
    """A worker could not start (the message says why, e.g. the sandbox cannot be started)."""


class WorkerProcess:
    """One warm worker interpreter (``python -m grader.batch.worker``) and its two pipes."""

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
        self.reader = os.fdopen(self.rep_r, "r", encoding="utf-8")
        self.job: Job | None = None
        self.ready = False
        self.next_id = 0

    def send(self, job: Job) -> None:
        self.job = job
        self.next_id += 1
        message = {"id": self.next_id, "submission": str(job.submission), "student": job.student}
        os.write(self.req_w, (json.dumps(message) + "\n").encode())

    def grade(self, job: Job) -> str:
        """Grade ``job`` and wait for its canonical JSON (for executors that hand out one job at a time);
        a worker that dies gives :func:`failed_result` and must be replaced."""
        if not self.ready:
            first = self.reader.readline()
            if not first:
                raise WorkerError(self.why_dead())
            self.ready = True
        self.send(job)
        line = self.reader.readline()
        self.job = None
        if not line:
            return failed_result(job.submission, job.student, self.why_dead())
        return json.loads(line)["json"]

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
        self.reader.close()
        self.stderr.close()


class LocalExecutor:
    """``jobs`` graded by ``workers`` warm processes; see the module docstring."""

    def __init__(self, settings: BatchSettings, workers: int) -> None:
        self.settings = settings
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
            while pending or any(w.job for w in self.pool):
                for key, _ in selector.select():
                    w: WorkerProcess = key.data
                    line = w.reader.readline()
                    if not line:  # the worker died
                        selector.unregister(w.reader)
                        self.pool.remove(w)
                        reason = w.why_dead()
                        w.stop()
                        if not w.ready:
                            raise WorkerError(reason)
                        if w.job is not None:
                            yield w.job, failed_result(w.job.submission, w.job.student, reason)
                        if pending:
                            self._add(selector)  # a new worker takes its place
                        continue
                    reply = json.loads(line)
                    if reply.get("ready"):
                        w.ready = True
                    else:
                        done, w.job = w.job, None
                        assert done is not None
                        yield done, reply["json"]
                    if pending:
                        w.send(pending.pop())
        finally:
            selector.close()

    def _add(self, selector: selectors.BaseSelector) -> None:
        w = WorkerProcess(self.settings)
        self.pool.append(w)
        selector.register(w.reader, selectors.EVENT_READ, w)

