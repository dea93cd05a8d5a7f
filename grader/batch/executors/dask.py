"""The dask executor: the same :func:`grader.batch.job.grade_to_json` on a dask.distributed cluster.

``grade batch … --executor dask --scheduler tcp://HOST:8786`` (install ``grader[dask]``).
Each task grades one submission in a dask worker process, which keeps one warm grader
(sandbox and assignment) per worker thread, and returns the canonical JSON text: nothing
is pickled but the function's plain arguments and that string. The submissions and the
assignment folder are read by path on the workers, so they must see the same files (a
shared file system, or one machine). A task that fails (its worker died, the cluster
lost it) gets a "not graded" result, and a rerun grades it again.

Workers should run one thread each (``dask worker ADDRESS --nthreads 1 --nworkers N``):
every thread grades with a sandbox of its own, and a process's threads share its CPU.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from grader.batch.executors import Job
from grader.batch.job import BatchSettings, failed_result


class DaskUnavailable(RuntimeError):
    """dask.distributed is not installed, or the scheduler cannot be reached."""


class DaskExecutor:
    """``jobs`` submitted to the scheduler at ``address`` (or to an existing ``client``)."""

    def __init__(self, settings: BatchSettings, address: str | None = None, client: Any = None, timeout: float = 30.0) -> None:
        self.settings = settings
        self._own_client = client is None
        if client is None:
            try:
                from distributed import Client
            except ImportError:
                raise DaskUnavailable("the dask executor needs dask.distributed: pip install 'grader[dask]'") from None
            try:
                client = Client(address, timeout=timeout)
            except (OSError, TimeoutError) as exc:
                raise DaskUnavailable(f"cannot reach the dask scheduler at {address}: {exc}") from None
        self.client = client
        self.futures: list[Any] = []

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.futures:
            self.client.cancel(self.futures)  # interrupted: in-flight submissions are lost, nothing else
            self.futures = []
        if self._own_client:
            self.client.close()

    def results(self, jobs: list[Job]) -> Iterator[tuple[Job, str]]:
        from distributed import as_completed

        from grader.batch.job import grade_to_json

        wire = self.settings.to_wire()
        by_key = {}
        for job in jobs:
            future = self.client.submit(grade_to_json, wire, str(job.submission), job.student, pure=False)
            by_key[future.key] = job
            self.futures.append(future)
        for future in as_completed(self.futures):
            job = by_key[future.key]
            try:
                text = future.result()
            except Exception as exc:  # noqa: BLE001 - the cluster lost it: this submission only
                text = failed_result(job.submission, job.student, f"the dask task failed ({type(exc).__name__}: {exc})")
            self.futures.remove(future)
            yield job, text
