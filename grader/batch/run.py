"""A batch run: skip what is still valid, grade the rest in parallel, keep every file whole.

Each result is written atomically as it arrives (``OUT/<student>.json``), and the
gradebook is rewritten with it, so a batch stopped at any moment (``kill -9``, Ctrl-C,
a full disk) loses only the submissions in flight. A rerun keeps every result that is
still valid — same submission hash, same assignment file hashes, same grader version,
same student id, and fully graded — and grades the rest, which gives the gradebook of
an uninterrupted run. A write that fails stops the run with :class:`BatchWriteError`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

import grader
from grader.batch.executors import Job
from grader.batch.gradebook import gradebook
from grader.outputs import describe_write_error
from grader.result import GRADED, NOT_GRADABLE
from grader.atomic import write_atomic

GRADEBOOK = "gradebook.csv"
CANVAS = "canvas.csv"
#: the gradebook is rewritten at most this often while results arrive (and always at the end)
GRADEBOOK_EVERY = 0.25


class BatchWriteError(Exception):
    """A result or the gradebook could not be written; the message names the file and why."""


class _CaseStatus(msgspec.Struct):
    status: str = ""


class _ProblemScore(msgspec.Struct):
    id: str
    score: Any = 0.0
    cases: list[_CaseStatus] = []


class _Summary(msgspec.Struct):
    """The fields of a canonical result that resuming and the gradebook read."""

    status: str = ""
    total: Any = 0.0
    max_total: Any = 0.0
    student: str | None = None
    submission: dict[str, Any] = {}
    assignment: dict[str, Any] = {}
    grader: dict[str, Any] = {}
    problems: list[_ProblemScore] = []


@dataclass
class Exports:
    """What the gradebooks show besides scores: a roster's names and emails, and Canvas's format."""

    roster: dict[str, Any] | None = None  # student id -> grader.batch.roster.Student
    canvas_column: str | None = None  # set: also write canvas.csv, the total in this column
    max_points: float = 0.0


class ResultsFolder:
    """``OUT/<student>.json``, ``OUT/gradebook.csv`` (and ``OUT/canvas.csv``), each replaced in one rename."""

    def __init__(self, folder: Path, problem_ids: list[str], order: list[str], exports: Exports | None = None) -> None:
        self.folder = folder
        self.problem_ids = problem_ids
        self.order = order
        self.exports = exports or Exports()
        self.results: dict[str, dict[str, Any]] = {}
        self._written_at = 0.0

    def result_path(self, sid: str) -> Path:
        return self.folder / f"{sid}.json"

    def existing(self, sid: str) -> dict[str, Any] | None:
        """What a rerun needs of the result a previous run left for ``sid`` (if it is readable)."""
        try:
            return summary_of(self.result_path(sid).read_bytes())
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            return None

    def full_results(self) -> dict[str, dict[str, Any]]:
        """Every result of this run in full, in order (what the class report reads)."""
        full = {}
        for sid in self.order:
            try:
                full[sid] = msgspec.json.decode(self.result_path(sid).read_bytes())
            except (OSError, msgspec.DecodeError):
                continue
        return full

    def keep(self, sid: str, data: dict[str, Any]) -> None:
        self.results[sid] = data

    def add(self, sid: str, text: str) -> None:
        """Write one student's canonical JSON result, then (at most every 0.25 s) the gradebook."""
        self._write(self.result_path(sid), text)
        self.results[sid] = summary_of(text.encode("utf-8"))
        if time.monotonic() - self._written_at >= GRADEBOOK_EVERY:
            self.write_gradebook()

    def write_gradebook(self) -> None:
        rows = {sid: self.results[sid] for sid in self.order if sid in self.results}
        self._write(self.folder / GRADEBOOK, gradebook(self.problem_ids, rows, self.exports.roster))
        if self.exports.canvas_column is not None:
            from grader.batch.canvas import canvas_gradebook

            self._write(self.folder / CANVAS, canvas_gradebook(self.exports.canvas_column, self.exports.max_points, rows,
                                                               self.exports.roster or {}))
        self._written_at = time.monotonic()

    def _write(self, path: Path, text: str) -> None:
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise BatchWriteError(describe_write_error(path, exc)) from None


def summary_of(raw: bytes) -> dict[str, Any]:
    """What resuming, the gradebook and progress read of a canonical result: its provenance,
    status, scores and case statuses, decoded without the values (most of a result's bytes)."""
    return msgspec.to_builtins(msgspec.json.decode(raw, type=_Summary))


def still_valid(data: dict[str, Any] | None, sid: str, submission_sha: str, assignment_sha: dict[str, str]) -> bool:
    """A previous result counts for this run: fully graded, for the same submission, assignment
    files, grader version and student id."""
    if not data or data.get("status") not in (GRADED, NOT_GRADABLE):
        return False
    return (
        data.get("submission", {}).get("sha256") == submission_sha
        and data.get("assignment", {}).get("sha256") == assignment_sha
        and data.get("grader", {}).get("version") == grader.__version__
        and data.get("student") == sid
    )


@dataclass
class Summary:
    graded: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # the grader could not grade these (rerun retries)


def run_batch(
    jobs: list[Job],
    folder: ResultsFolder,
    executor: Any,
    assignment_sha: dict[str, str],
    *,
    force: bool = False,
    on_result: Callable[[str, dict[str, Any]], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> Summary:
    """Grade ``jobs`` with ``executor`` into ``folder``; ``on_start(to_grade, skipped)`` and
    ``on_result(student, result)`` report progress."""
    summary = Summary()
    todo = []
    for job in jobs:
        old = None if force else folder.existing(job.student)
        if still_valid(old, job.student, file_sha256(job.submission), assignment_sha):
            folder.keep(job.student, old)  # type: ignore[arg-type]
            summary.skipped += 1
        else:
            todo.append(job)
    if on_start is not None:
        on_start(len(todo), summary.skipped)
    folder.write_gradebook()
    for job, text in executor.results(todo) if todo else ():
        folder.add(job.student, text)
        data = folder.results[job.student]
        if data.get("status") in (GRADED, NOT_GRADABLE):
            summary.graded += 1
        else:
            summary.failed.append(job.student)
        if on_result is not None:
            on_result(job.student, data)
    folder.write_gradebook()
    return summary


def jobs_for(submissions: Iterable[tuple[str, Path]]) -> list[Job]:
    """One job per (student id, file); files as absolute paths (a worker's working directory may differ)."""
    return [Job(sid, file.resolve()) for sid, file in submissions]


def file_sha256(path: Path) -> str:
    """The submission's hash as its result records it ("" when unreadable)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
