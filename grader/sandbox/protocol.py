"""Self-synchronising JSON frames: how the grader and the child that runs student code talk.

A frame is ``MAGIC`` (8 bytes, random per session), a 4-byte big-endian body length, the
body's CRC-32 and the body (UTF-8 JSON). Student code shares the child's descriptors and
may write anything into them; the reader skips whatever is not a whole, valid frame
(counting the bytes, :attr:`FrameReader.skipped`) and resynchronises on the next magic, so
garbage costs at most the messages it overwrote (:attr:`FrameReader.corrupted`), never
the rest of the session.

Everything here is bound at import, before any student code runs, and the child uses a
sealed copy of this module (:mod:`grader.sandbox.sealed`): JSON goes through the C
encoder and scanner of ``_json`` directly, not through the ``json`` module's functions a
submission could replace.
"""

from __future__ import annotations

import os
import struct
import zlib
from typing import Any

try:
    import _json

    _c_encoder = _json.make_encoder
    _c_scanner = _json.make_scanner
    _c_escape = _json.encode_basestring_ascii
except (ImportError, AttributeError):  # an interpreter without the C accelerator
    _c_encoder = _c_scanner = None
    import json as _json_py

#: the magic of sessions that set none (the grader always gives each child a random one)
DEFAULT_MAGIC = b"\x93grader\x01"
MAGIC_SIZE = 8
HEADER = struct.Struct(">II")  # length, crc32
MAX_FRAME = 256 * 2**20

_write, _read = os.write, os.read
_crc32 = zlib.crc32
_pack_header, _unpack_header = HEADER.pack, HEADER.unpack_from
_bytes, _bytearray, _memoryview, _len, _type, _dict = bytes, bytearray, memoryview, len, type, dict
_str_encode, _bytes_decode, _join = str.encode, bytes.decode, "".join
_find = bytearray.find


class FrameError(Exception):
    """A message that cannot be framed (too large, not JSON-compatible)."""


def _not_json(obj: Any) -> Any:
    raise FrameError(f"cannot send an object of type {_type(obj).__name__}")


class _ScanContext:
    """What the C scanner reads once, when it is made."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}.__getitem__
    memo: dict[str, Any] = {}


if _c_encoder is not None:
    _encode_chunks = _c_encoder(None, _not_json, _c_escape, None, ":", ",", False, False, True)
    _scan_once = _c_scanner(_ScanContext())

    def dumps(message: Any) -> str:
        """Compact JSON text of ``message`` (NaN and infinities allowed)."""
        return _join(_encode_chunks(message, 0))

    def loads(text: str) -> Any:
        """The value of JSON ``text`` (the whole of it)."""
        try:
            value, end = _scan_once(text, 0)
        except StopIteration:
            raise FrameError("frame is not JSON") from None
        if end != _len(text):
            raise FrameError("frame has data after its JSON value")
        return value
else:  # pragma: no cover - CPython always has _json
    _py_dumps, _py_loads = _json_py.dumps, _json_py.loads

    def dumps(message: Any) -> str:
        return _py_dumps(message, separators=(",", ":"), allow_nan=True)

    def loads(text: str) -> Any:
        return _py_loads(text)


def pack(message: Any, magic: bytes = DEFAULT_MAGIC) -> bytes:
    """One frame holding ``message``."""
    try:
        body = _str_encode(dumps(message), "utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        raise FrameError(f"message cannot be sent: {str(exc)[:100]}") from None
    if _len(body) > MAX_FRAME:
        raise FrameError(f"message of {_len(body)} bytes exceeds {MAX_FRAME}")
    return magic + _pack_header(_len(body), _crc32(body)) + body


def unpack_body(body: bytes) -> Any:
    try:
        return loads(_bytes_decode(body, "utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FrameError(f"frame is not JSON: {str(exc)[:100]}") from None


def write_frame(fd: int, message: Any, magic: bytes = DEFAULT_MAGIC) -> None:
    """Blocking write of one whole frame to ``fd``."""
    data = _memoryview(pack(message, magic))
    while data:
        n = _write(fd, data)
        data = data[n:]


class FrameReader:
    """Incremental frame parser that skips garbage and resynchronises on the next magic."""

    def __init__(self, magic: bytes = DEFAULT_MAGIC, max_size: int = MAX_FRAME) -> None:
        self.magic = _bytes(magic)
        self.buffer = _bytearray()
        self.max_size = max_size
        self.skipped = 0  # bytes that were not part of a valid frame
        self.corrupted = 0  # frames that began with the magic but were damaged

    def feed(self, data: bytes) -> list[Any]:
        """Add bytes; return every valid frame now complete, in order."""
        buffer, magic = self.buffer, self.magic
        buffer += data
        frames = []
        head = MAGIC_SIZE + HEADER.size
        while True:
            at = _find(buffer, magic)
            if at < 0:  # keep a tail that may be the start of a magic
                drop = max(_len(buffer) - (MAGIC_SIZE - 1), 0)
                self.skipped += drop
                del buffer[:drop]
                return frames
            if at:
                self.skipped += at
                del buffer[:at]
            if _len(buffer) < head:
                return frames
            size, crc = _unpack_header(buffer, MAGIC_SIZE)
            if size > self.max_size:
                self._damaged()
                continue
            if _len(buffer) < head + size:
                return frames
            body = _bytes(buffer[head : head + size])
            if _crc32(body) != crc:
                self._damaged()
                continue
            try:
                frame = unpack_body(body)
            except FrameError:
                self._damaged()
                continue
            del buffer[: head + size]
            frames.append(frame)

    def _damaged(self) -> None:
        """The frame at the start of the buffer is not valid: skip its magic and look further."""
        self.corrupted += 1
        self.skipped += MAGIC_SIZE
        del self.buffer[:MAGIC_SIZE]


class BlockingReader:
    """Reads frames from a blocking descriptor one at a time (the child's side of the calls pipe)."""

    def __init__(self, fd: int, magic: bytes = DEFAULT_MAGIC) -> None:
        self.fd = fd
        self.reader = FrameReader(magic)
        self.pending: list[Any] = []

    def next(self) -> Any:
        """The next frame; ``EOFError`` when the stream ends."""
        while not self.pending:
            chunk = _read(self.fd, 1 << 16)
            if not chunk:
                raise EOFError
            self.pending += self.reader.feed(chunk)
        return self.pending.pop(0)
