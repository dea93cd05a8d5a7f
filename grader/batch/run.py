"""A batch run: grade each submission, write its result, keep the gradebook current.

A write that fails (a full disk, a quota) stops the run with :class:`BatchWriteError`:
every result written before stays, whole, and so does the last gradebook written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grader.batch.gradebook import gradebook
from grader.outputs import describe_write_error
from grader.writer import write_atomic

GRADEBOOK = "gradebook.csv"


class BatchWriteError(Exception):
    """A result or the gradebook could not be written; the message names the file and why."""


class ResultsFolder:
    """``OUT/<student>.json`` and ``OUT/gradebook.csv``, each replaced in one rename."""

    def __init__(self, folder: Path, problem_ids: list[str]) -> None:
        self.folder = folder
        self.problem_ids = problem_ids
        self.results: dict[str, dict[str, Any]] = {}

    def result_path(self, sid: str) -> Path:
        return self.folder / f"{sid}.json"

    def add(self, sid: str, text: str) -> None:
        """Write one student's canonical JSON result, then the gradebook with it."""
        self._write(self.result_path(sid), text)
        self.results[sid] = json.loads(text)

    def write_gradebook(self, order: list[str]) -> None:
        rows = {sid: self.results[sid] for sid in order if sid in self.results}
        self._write(self.folder / GRADEBOOK, gradebook(self.problem_ids, rows))

    def _write(self, path: Path, text: str) -> None:
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise BatchWriteError(describe_write_error(path, exc)) from None


def run_sequential(
    submissions: list[tuple[str, Path]],
    grade_one: Callable[[str, Path], str],
    folder: ResultsFolder,
    on_result: Callable[[str, dict[str, Any]], None] | None = None,
) -> None:
    """Grade each submission in turn with ``grade_one`` (-> canonical JSON text)."""
    order = [sid for sid, _ in submissions]
    for sid, file in submissions:
        folder.add(sid, grade_one(sid, file))
        folder.write_gradebook(order)
        if on_result is not None:
            on_result(sid, folder.results[sid])
    folder.write_gradebook(order)
