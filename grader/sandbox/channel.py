"""What the grader tells the student about its result channel: garbage skipped, replies damaged.

Student code shares its process with the child's grader code, so it can write into the
descriptor that carries results. :class:`grader.sandbox.protocol.FrameReader` skips what is
not a valid frame; :class:`ChannelWatch` turns what it skipped while one reply was awaited
into notes for that import or call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader.sandbox.protocol import FrameReader

DAMAGED_REPLY = ("the grader's reply to this call was damaged by bytes your code wrote into the grader's "
                 "result channel; the call is lost (the next one runs in a fresh process)")


@dataclass
class ChannelWatch:
    """The reader's garbage counters when a reply began to be awaited, to report what changed."""

    reader: FrameReader
    skipped: int = field(init=False)
    corrupted: int = field(init=False)
    stray: int = 0  # valid frames that answered nothing asked (a replay, a frame of an earlier call)

    def __post_init__(self) -> None:
        self.skipped, self.corrupted = self.reader.skipped, self.reader.corrupted

    @property
    def damaged(self) -> bool:
        """A frame began with this session's magic but was not whole and valid."""
        return self.reader.corrupted > self.corrupted

    def notes(self) -> list[str]:
        """Facts for the report, empty when the channel carried only the grader's frames."""
        out = []
        garbage = self.reader.skipped - self.skipped
        if garbage:
            out.append(f"ignored {garbage} bytes that your code wrote into the grader's result channel "
                       "(they are not results)")
        if self.stray:
            out.append(f"ignored {self.stray} message(s) on the result channel that answered no call the grader made")
        return out


def setup_error(frame: dict[str, Any]) -> str:
    """The message of a child that could not set up its sandbox (a grader fault, not the student's)."""
    error = frame.get("error") if isinstance(frame.get("error"), dict) else {}
    return str(error.get("message", "the sandbox could not be set up"))[:2000]
