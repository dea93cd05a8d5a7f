"""Executors run :func:`grader.batch.job.grade_to_json` for many submissions at once.

An executor is a context manager with one method::

    results(jobs: list[Job]) -> Iterator[tuple[Job, str]]   # (job, canonical JSON), as each finishes

It yields every job exactly once, in the order they finish, whatever the submission does;
a job it could not run gives :func:`grader.batch.job.failed_result`. ``local`` (a pool of
warm worker processes on this machine) is the default; another executor is one module
here (e.g. ``dask``: the same function on a dask.distributed cluster).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Job:
    student: str
    submission: Path
