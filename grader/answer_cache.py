"""The on-disk cache of what instructor code computed (reference answers, generated inputs,
mistake implementations' values), so that ``grade`` runs no instructor code when nothing changed.

An entry's key is a SHA-256 of the instructor file's bytes, the function, the inputs'
canonical bytes and the grader's version: editing the reference, changing an input or
upgrading the grader misses the cache. Entries are plain wire data (JSON, decoded with the
sandbox codec's limits, never unpickled), written atomically; an unreadable or corrupt entry
is ignored and recomputed. The folder is ``$GRADER_CACHE_DIR``, else ``$XDG_CACHE_HOME/grader``,
else ``~/.cache/grader``; ``GRADER_CACHE_DIR=off`` disables it.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

import grader
from grader.atomic import write_atomic
from grader.sandbox import values

MISS: Any = object()


def cache_dir() -> Path | None:
    """Where entries live (None when caching is off)."""
    env = os.environ.get("GRADER_CACHE_DIR")
    if env:
        return None if env == "off" else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "grader"


@lru_cache(maxsize=64)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    st = path.stat()
    return _file_hash(str(path), st.st_mtime_ns, st.st_size)


def key(file: Path, function: str, inputs: list[Any]) -> str:
    """The cache key of calling ``function`` of ``file`` on each of ``inputs``."""
    h = hashlib.sha256()
    h.update(f"grader {grader.__version__}\x00{file_hash(file)}\x00{function}\x00".encode())
    for item in inputs:
        h.update(canonical(item))
    return h.hexdigest()


def canonical(value: Any) -> bytes:
    """Bytes that identify ``value`` exactly (arrays by dtype, shape and contents)."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.ascontiguousarray(value)
        head = f"A{arr.dtype.str}{arr.shape}".encode()
        return struct.pack("<Q", len(head)) + head + struct.pack("<Q", arr.nbytes) + arr.tobytes()
    if isinstance(value, (list, tuple)):
        tag = b"L" if isinstance(value, list) else b"T"
        return tag + struct.pack("<Q", len(value)) + b"".join(canonical(v) for v in value)
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return b"D" + struct.pack("<Q", len(items)) + b"".join(canonical(str(k)) + canonical(v) for k, v in items)
    text = f"{type(value).__name__}:{value!r}".encode()
    return b"S" + struct.pack("<Q", len(text)) + text


def get(k: str) -> Any:
    """The values stored under ``k``, or :data:`MISS`."""
    folder = cache_dir()
    if folder is None:
        return MISS
    try:
        raw = (folder / f"{k}.json").read_bytes()
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("key") != k:
            return MISS
        return values.decode(data["values"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return MISS


def put(k: str, value: Any) -> None:
    """Store ``value`` (plain data) under ``k``; a cache that cannot be written is skipped silently."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        payload = json.dumps({"key": k, "values": values.encode(value)}, allow_nan=False).encode()
        write_atomic(folder / f"{k}.json", payload, mode=0o600)
    except (OSError, ValueError, TypeError, values.WireError):
        pass
