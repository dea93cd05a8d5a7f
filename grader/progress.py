"""Progress on a terminal: a one-line indicator while problems are graded, a bar for a batch."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

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


class BatchProgress:
    """A batch's progress: a bar on a terminal's stderr (done/total, rate, ETA, errors so far),
    plain lines (``alice  3/3  graded``) on stdout otherwise, or both when stdout is redirected.

    The bar is tqdm's, imported only here and only on a terminal. ``line`` writes one plain
    line (a :class:`grader.console.Console`'s); an error there is the caller's to handle.
    """

    def __init__(self, line: Callable[[str], None], *, bar: bool | None = None, lines: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.bar_wanted = (self.stream is not None and _isatty(self.stream)) if bar is None else bar
        if lines is None:  # on a terminal the bar says it all; a redirected stdout gets the lines too
            lines = not self.bar_wanted or sys.stdout is None or not _isatty(sys.stdout)
        self.lines = lines
        self.line = line
        self.bar: Any = None
        self.errors = 0

    def start(self, total: int, skipped: int) -> None:
        if skipped:
            self.line(f"{skipped} results still valid, kept (--force regrades them); {total} to grade")
        if self.bar_wanted and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="sub", dynamic_ncols=True, smoothing=0.1)
            self.bar.set_postfix_str("errors 0")

    def update(self, sid: str, result: dict[str, Any]) -> None:
        if troubled(result):
            self.errors += 1
        if self.lines:
            from grader.report.escape import log_line

            text = f"{log_line(sid, 80):30s} {result.get('total', 0):g}/{result.get('max_total', 0):g}  {result.get('status')}"
            if self.bar is not None:
                self.bar.clear()
                self.line(text)
                self.bar.refresh()
            else:
                self.line(text)
        if self.bar is not None:
            self.bar.set_postfix_str(f"errors {self.errors}", refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def troubled(result: dict[str, Any]) -> bool:
    """The submission crashed, hung, could not be imported, or the grader could not grade it."""
    if result.get("status") != "graded":
        return True
    return any(c.get("status") == "error" for p in result.get("problems", []) for c in p.get("cases", []))
