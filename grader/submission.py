"""From a submission file to a sandbox session: a ``.py`` as it is, a notebook staged as a module.

The one place that knows submission formats. :func:`open_session` is what
:mod:`grader.grade` calls where it would call ``sandbox.session``; a notebook gets
a :class:`NotebookSession`, which hands the child the joined module and relabels
every error it reports as ``cell N, line M``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grader.sandbox.session import RAISED, Outcome


def open_session(sandbox: Any, submission: Path, preload: list[str], config: Any = None) -> Any:
    """A session for ``submission`` (``sandbox.session`` for a module, a :class:`NotebookSession` for a notebook)."""
    if submission.suffix.lower() == ".ipynb":  # grader.notebook.SUFFIX, imported only for a notebook
        return NotebookSession(sandbox, submission, preload, config)
    return sandbox.session(submission, preload=preload, config=config)


class NotebookSession:
    """A session on a notebook's joined module; behaves as :class:`grader.sandbox.session.Session`.

    A notebook that cannot be read never reaches the sandbox: its "import" fails with the
    reason (e.g. invalid JSON at line 3, column 7), so the report is still written, every
    problem "not gradable", and a batch goes on with the next submission.
    """

    def __init__(self, sandbox: Any, submission: Path, preload: list[str], config: Any = None) -> None:
        from grader import notebook

        self.submission = submission
        self.problem: notebook.NotebookError | None = None
        self.staged: notebook.Staged | None = None
        try:
            self.staged = notebook.stage(submission)
        except notebook.NotebookError as exc:
            self.problem = exc
        module = self.staged.module if self.staged else submission
        self._inner = sandbox.session(module, preload=preload, config=config)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    @property
    def notes(self) -> list[str]:
        """What was not run (magics, shell lines), one note each."""
        return list(self.staged.notebook.notes) if self.staged else []

    def launch(self) -> Outcome | None:
        if self.problem is not None:
            return None
        return self._inner.launch()

    def start(self, import_timeout: float | None = None) -> Outcome:
        if self.problem is not None:
            return self._unreadable()
        outcome = self._relabel(self._inner.start(import_timeout))
        outcome.notes = self.notes + list(outcome.notes)
        return outcome

    def call(self, call: Any) -> Outcome:
        if self.problem is not None:
            return self._unreadable()
        return self._relabel(self._inner.call(call))

    def send(self, call: Any) -> Any:
        if self.problem is not None:
            return self._unreadable()
        sent = self._inner.send(call)
        return self._relabel(sent) if isinstance(sent, Outcome) else sent

    def receive(self, sent: Any) -> Outcome:
        return self._relabel(self._inner.receive(sent))

    def stop(self) -> None:
        self._inner.stop()

    close = stop

    def _unreadable(self) -> Outcome:
        message = str(self.problem)
        return Outcome(RAISED, error={"type": "NotebookError", "message": message, "traceback": ""}, detail=message)

    def _relabel(self, outcome: Outcome) -> Outcome:
        assert self.staged is not None
        if outcome.error:
            outcome.error = self.staged.relabel_error(outcome.error)
            if outcome.detail and outcome.error:
                outcome.detail = self.staged.notebook.relabel_message(outcome.detail)
        return outcome


def launch(sandbox: Any, submission: Path) -> Any:
    """Start importing ``submission`` in a child right away (with the sandbox's limits), before
    the assignment is loaded, so that the child's start-up overlaps the loading; :func:`grade`
    takes it over."""
    session = open_session(sandbox, submission, preload_for(submission))
    session.launch()
    return session


def preload_for(submission: Path) -> list[str]:
    """Modules the fork server imports before forking this submission's child.

    SymPy is preloaded for a submission that mentions it: a child that drops privileges may be
    unable to import it lazily, and a submission that never imports it should not wait for it.
    """
    try:
        mentions = b"sympy" in submission.read_bytes()
    except OSError:
        mentions = False
    return ["sympy"] if mentions else []
