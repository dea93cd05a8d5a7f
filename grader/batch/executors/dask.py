"""The dask executor: the same batch on a dask.distributed cluster (``--executor dask --scheduler ADDRESS``).

Each dask worker process keeps one warm local grading worker (:class:`WorkerProcess`, a fresh
interpreter with its own sandbox), so student code never runs inside the dask worker and the
fork server is never forked from a process holding dask's threads or another answer key. A
task hands that worker one submission and returns its canonical JSON text: nothing but JSON
text comes back to the batch process. Workers must see the submissions and the assignment
at the same paths as the batch process (a shared file system, or the same checkout on every
machine); a worker that cannot read them gives that submission a "not graded" result.

Needs the optional extra ``grader[dask]`` (imported only when this executor is chosen).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grader.batch.executors import Job
from grader.batch.job import BatchSettings, failed_result

#: seconds to wait for the scheduler to answer
CONNECT_TIMEOUT = 10


class DaskUnavailable(RuntimeError):
    """dask.distributed is not installed, or the scheduler cannot be reached."""


class DaskExecutor:
    """``jobs`` graded on the cluster of the scheduler at ``address``."""

    def __init__(self, settings: BatchSettings, address: str) -> None:
        self.settings = settings
        self.address = address
        self.client: Any = None

    def __enter__(self) -> "DaskExecutor":
        try:
            from distributed import Client
        except ImportError:
            raise DaskUnavailable("--executor dask needs dask.distributed: pip install 'grader[dask]'") from None
        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise DaskUnavailable(f"cannot reach the dask scheduler at {self.address}: {exc}") from None
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, str]]:
        from distributed import as_completed

        import os

        wire, cwd = self.settings.to_wire(), os.getcwd()
        futures = {
            self.client.submit(grade_on_worker, wire, cwd, str(job.submission), job.student,
                               pure=False, key=f"grade-{i}-{job.student}"): job
            for i, job in enumerate(jobs)
        }
        try:
            with self.client.as_current():
                done = as_completed(futures)
            for future in done:
                job = futures[future]
                try:
                    text = future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker costs only this submission
                    text = failed_result(job.submission, job.student, f"the dask task failed ({type(exc).__name__}: {exc})")
                yield job, text
        finally:
            for future in futures:
                future.cancel()


_lock = threading.Lock()
_workers: dict[str, Any] = {}


def grade_on_worker(settings: dict[str, Any], cwd: str, submission: str, student: str | None) -> str:
    """Runs on a dask worker: grade one submission in this worker's warm grading process, which
    works in the batch's folder ``cwd`` so that paths (and so the results) are the local run's."""
    import json

    from grader.batch.executors.local import WorkerProcess

    key = json.dumps([settings, cwd], sort_keys=True)
    with _lock:  # one submission at a time per grading process, whatever dask's thread count
        if not (Path(cwd) / submission).is_file():
            return failed_result(Path(submission), student, f"the dask worker cannot read {submission} in {cwd} (workers need the same paths)")
        worker = _workers.get(key)
        if worker is None or not worker.alive():
            worker = _workers[key] = WorkerProcess(BatchSettings.from_wire(settings), cwd=cwd)
        text = worker.grade(Job(student or "", Path(submission)))
        if not worker.alive():
            _workers.pop(key, None)
        return text
