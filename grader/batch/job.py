"""Grade one submission to its canonical JSON result: the unit of work of every batch executor.

A :class:`WarmGrader` holds what is worth keeping between submissions: a sandbox (its
fork server started before the answer key is read, see :mod:`grader.sandbox.zygote`)
and the loaded assignment. :func:`grade_to_json` is the plain function an executor
calls in a worker process (the local pool's workers, or a dask worker): it keeps one
warm grader per thread, so start-up is paid once per worker. Everything crosses
process boundaries as JSON-able data, never pickled results.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BatchSettings:
    """What every submission of a batch is graded with (the same in every worker)."""

    assignment: str  # the assignment folder, absolute
    timeout: float | None = None
    memory_mb: int | None = None
    isolation: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> "BatchSettings":
        return cls(**data)


class WarmGrader:
    """A sandbox and a loaded assignment, reused for submission after submission."""

    def __init__(self, settings: BatchSettings) -> None:
        from grader.sandbox.config import SandboxConfig
        from grader.sandbox.session import Sandbox

        self.settings = settings
        config: dict[str, Any] = {}
        if settings.memory_mb:
            config["memory_mb"] = settings.memory_mb
        if settings.isolation:
            config["isolation"] = settings.isolation
        self.sandbox = Sandbox(SandboxConfig(**config))  # before the answer key is loaded
        from grader.spec import load_assignment

        self.assignment = load_assignment(settings.assignment)
        self.limits = {"memory_mb": settings.memory_mb} if settings.memory_mb else {}
        self._next: tuple[Path, Any] | None = None  # a submission whose child was started ahead

    def grade(self, submission: Path, student: str | None, upcoming: Path | None = None) -> str:
        """The canonical JSON result of ``submission`` for ``student``. With ``upcoming`` (the
        submission to grade next), its child is started now and imports it while this one is
        graded: a worker's time goes mostly to waiting on children, seldom to the CPU."""
        from grader.grade import grade
        from grader.report import render

        session = self._take(submission)
        if upcoming is not None:
            self._next = (upcoming, self._launch(upcoming))
        result = grade(self.assignment, submission, self.sandbox, timeout=self.settings.timeout,
                       limits=self.limits, student=student, session=session)
        return render("json", result.to_dict())

    def _launch(self, submission: Path) -> Any:
        """A session for ``submission`` with the limits grading applies, its child started."""
        from dataclasses import replace

        from grader.submission import open_session, preload_for

        config = replace(self.sandbox.config, **{**self.assignment.limits, **self.limits})
        session = open_session(self.sandbox, submission, preload_for(submission), config)
        session.launch()
        return session

    def _take(self, submission: Path) -> Any:
        """The session started ahead for ``submission`` (else None; one for another file is stopped)."""
        ahead, self._next = self._next, None
        if ahead is None:
            return None
        if ahead[0] == submission:
            return ahead[1]
        ahead[1].stop()
        return None

    def close(self) -> None:
        self._take(Path())
        self.sandbox.close()


_local = threading.local()  # one warm grader per thread: a dask worker may run several threads


def grade_to_json(settings: dict[str, Any], submission: str, student: str | None, upcoming: str | None = None) -> str:
    """Grade ``submission`` (a path readable by this process) for ``student``: canonical JSON text.

    ``settings`` is :meth:`BatchSettings.to_wire`; this thread's warm grader is reused while
    they stay the same. ``upcoming``: the submission this thread grades next, if known (its child
    starts meanwhile). Safe to call from any executor's worker; never raises for anything the
    student did (a grader fault gives :func:`failed_result` instead).
    """
    wanted = BatchSettings.from_wire(settings)
    warm: WarmGrader | None = getattr(_local, "warm", None)
    if warm is None or warm.settings != wanted:
        if warm is not None:
            warm.close()
        warm = _local.warm = WarmGrader(wanted)
    try:
        return warm.grade(Path(submission), student, Path(upcoming) if upcoming else None)
    except Exception as exc:  # noqa: BLE001 - a grader fault costs this submission only
        return failed_result(Path(submission), student, f"the grader failed ({type(exc).__name__}: {exc})", warm.assignment)


def warm_up(settings: BatchSettings) -> None:
    """Start this thread's warm grader now (a worker does it before its first request)."""
    _local.warm = WarmGrader(settings)


def failed_result(submission: Path, student: str | None, reason: str, assignment: Any = None) -> str:
    """The canonical JSON of a submission the grader could not grade (a worker died, a grader bug):
    status ``incomplete``, every problem ``not_run`` with ``reason``; a rerun grades it again."""
    from grader.grade import new_result
    from grader.report import render
    from grader.result import INCOMPLETE, GradeResult

    if assignment is not None:
        result = new_result(assignment, submission)
    else:
        result = GradeResult(assignment={}, submission={"path": str(submission), "sha256": ""}, problems=[])
    result.status = INCOMPLETE
    for p in result.problems:
        p.messages = [f"not graded: {reason}"]
    result.student = student
    return render("json", result.to_dict())


