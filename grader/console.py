"""Standard output as the grader uses it: closed, full, broken or unable to encode a character.

A report is written to files before anything is printed, so a stdout that fails must
cost only what was to be printed: one clean error line on stderr (exit 2), never a
traceback, and never an "Exception ignored" message when Python flushes at exit.
A stdout whose encoding cannot show a character gets the report encoded losslessly
where the format allows it (``\\uXXXX`` in JSON, character references in XML and HTML)
and ``?`` in text and Markdown, with one note on stderr.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from typing import TextIO

#: how each format survives an encoding that cannot show some characters
_ERRORS = {"json": "grader-json", "gradescope": "grader-json", "junit": "xmlcharrefreplace", "html": "xmlcharrefreplace"}


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        code = ord(ch)
        if code > 0xFFFF:  # a JSON escape is UTF-16: a surrogate pair
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


codecs.register_error("grader-json", _json_escape)


class ConsoleError(Exception):
    """Standard output failed; the message says how (the report files are written already)."""


def reopen_closed_std_fds() -> set[int]:
    """Put ``/dev/null`` on any of descriptors 0-2 that is closed, and return which were.

    Otherwise the next pipe or socket the grader opens would take descriptor 1, and the
    fork server's or a child's output would land in it."""
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            new = os.open(os.devnull, os.O_RDWR)
            if new != fd:
                os.dup2(new, fd)
                os.close(new)
    return closed


class Console:
    """Writes rendered reports to stdout, raising :class:`ConsoleError` with a clean message."""

    def __init__(self, stream: TextIO | None = None, closed: bool = False) -> None:
        self.stream = None if closed else (stream if stream is not None else sys.stdout)
        self.noted_encoding = False
        self.broken = False

    @property
    def usable(self) -> bool:
        return self.stream is not None and not self.broken

    def isatty(self) -> bool:
        try:
            return self.usable and self.stream.isatty()  # type: ignore[union-attr]
        except (ValueError, OSError):
            return False

    def write(self, text: str, fmt: str = "text") -> None:
        """Write ``text`` (a report in ``fmt``) and flush."""
        if self.broken:
            return
        if self.stream is None:
            raise ConsoleError("cannot print the report: standard output is closed")
        text = self._encodable(text, fmt)
        try:
            self.stream.write(text)
            self.stream.flush()
        except BrokenPipeError:
            self._discard()  # the reader went away (`grade ... | head`): nothing to say
        except (OSError, ValueError) as exc:
            self._discard()
            reason = "no space left on the device" if getattr(exc, "errno", None) == errno.ENOSPC else str(exc) or type(exc).__name__
            raise ConsoleError(f"cannot print the report to standard output: {reason}") from None

    def line(self, text: str) -> None:
        """One plain line (progress of a batch); a failing stdout raises like :meth:`write`."""
        self.write(text + "\n", "text")

    def _encodable(self, text: str, fmt: str) -> str:
        encoding = getattr(self.stream, "encoding", None) or "utf-8"
        try:
            text.encode(encoding)
            return text
        except UnicodeEncodeError:
            pass
        except LookupError:
            return text
        errors = _ERRORS.get(fmt, "replace")
        if errors == "replace" and not self.noted_encoding:
            self.noted_encoding = True
            note(f"grade: note: standard output's encoding ({encoding}) cannot show some characters of the report; they are shown as '?'")
        return text.encode(encoding, errors).decode(encoding)

    def _discard(self) -> None:
        """Point descriptor 1 at /dev/null so that Python's flush at exit has nowhere to fail."""
        self.broken = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())  # type: ignore[union-attr]
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass


def note(message: str) -> None:
    """A line on stderr that cannot fail the run (stderr may be closed or full too)."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(message if message.endswith("\n") else message + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
