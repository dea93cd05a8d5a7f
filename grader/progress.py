"""A one-line progress indicator on a terminal's stderr while problems are graded."""

from __future__ import annotations

import sys
from typing import TextIO

from grader.result import NOT_RUN, GradeResult


class Progress:
    """Rewrites one stderr line (``[3/22] conv2d_input_grad``); silent when stderr is not a TTY."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if self.stream is None:  # stderr closed
            enabled = False
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.shown = False

    def update(self, result: GradeResult) -> None:
        if not self.enabled:
            return
        done = [p for p in result.problems if p.status != NOT_RUN]
        if not done or len(done) == len(result.problems):
            return
        self.stream.write(f"\r\x1b[K[{len(done)}/{len(result.problems)}] graded {done[-1].id}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False
