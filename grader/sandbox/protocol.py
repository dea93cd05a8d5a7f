"""Length-prefixed JSON frames: how the grader, the fork server and the child talk.

A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON.
Framing means garbage written into a descriptor cannot be mistaken for a
result: it fails to parse as a frame and the reader says so.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

HEADER = struct.Struct(">I")
_dumps, _loads = json.dumps, json.loads  # bound before any student code runs
MAX_FRAME = 256 * 2**20


class FrameError(Exception):
    """A malformed, oversized or truncated frame."""


def pack(message: Any) -> bytes:
    body = _dumps(message, separators=(",", ":"), allow_nan=True).encode("utf-8")
    if len(body) > MAX_FRAME:
        raise FrameError(f"message of {len(body)} bytes exceeds {MAX_FRAME}")
    return HEADER.pack(len(body)) + body


def unpack_body(body: bytes) -> Any:
    try:
        return _loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FrameError(f"frame is not JSON: {str(exc)[:100]}") from None


def write_frame(fd: int, message: Any) -> None:
    """Blocking write of one whole frame to ``fd``."""
    data = memoryview(pack(message))
    while data:
        n = os.write(fd, data)
        data = data[n:]


def read_frame(fd: int, max_size: int = MAX_FRAME) -> Any:
    """Blocking read of one frame; ``EOFError`` at a clean end of stream."""
    header = _read_exact(fd, HEADER.size, eof_ok=True)
    if header is None:
        raise EOFError
    (size,) = HEADER.unpack(header)
    if size > max_size:
        raise FrameError(f"frame of {size} bytes exceeds the limit of {max_size}")
    body = _read_exact(fd, size, eof_ok=False)
    assert body is not None
    return unpack_body(body)


def _read_exact(fd: int, n: int, eof_ok: bool) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = os.read(fd, min(n - len(chunks), 1 << 20))
        if not chunk:
            if eof_ok and not chunks:
                return None
            raise FrameError(f"stream ended inside a frame ({len(chunks)} of {n} bytes)")
        chunks += chunk
    return bytes(chunks)


class FrameReader:
    """Incremental frame parser for non-blocking reads with a deadline."""

    def __init__(self, max_size: int = MAX_FRAME) -> None:
        self.buffer = bytearray()
        self.max_size = max_size

    def feed(self, data: bytes) -> list[Any]:
        """Add bytes; return every frame now complete."""
        self.buffer += data
        frames = []
        while len(self.buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self.buffer)
            if size > self.max_size:
                raise FrameError(f"frame of {size} bytes exceeds the limit of {self.max_size}")
            if len(self.buffer) < HEADER.size + size:
                break
            body = bytes(self.buffer[HEADER.size : HEADER.size + size])
            del self.buffer[: HEADER.size + size]
            frames.append(unpack_body(body))
        return frames
