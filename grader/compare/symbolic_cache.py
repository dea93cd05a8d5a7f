"""A disk cache of symbolic verdicts, so that a rerun with the same answers never imports SymPy.

A verdict is keyed by the expected text, the answer as it came back from the sandbox (its
text and type), the comparator options, and a fingerprint of everything that could change
the verdict: the grader's version, the source of the symbolic engine and comparator, and the
SymPy, mpmath and Python versions. Only decided verdicts are kept (not "undecided", which a
less loaded machine might decide, nor one whose display was cut short by the time limit).

Where: ``$GRADER_CACHE_DIR``, else ``$XDG_CACHE_HOME/grader``, else ``~/.cache/grader``
(absolute paths only), in a ``symbolic-v1`` folder. Trust: the cache is off until a caller
turns it on (the ``grade`` command does, unless ``--no-cache``), and it is used only when
student code cannot write to it: the sandbox must drop privileges or confine writes with
Landlock, and every folder and file must be owned by this user and writable by no one else
(symbolic links are not followed). An entry that is unreadable, malformed or for another key
is ignored (and replaced); entries are written to a temporary file and renamed, so a reader
never sees half an entry.

Importing this module imports neither SymPy nor the symbolic engine.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from grader.atomic import write_atomic
from grader.compare.verdict import Verdict

FORMAT = 1
FOLDER = "symbolic-v1"
MAX_ENTRY_BYTES = 1 << 20
ENV_DIR = "GRADER_CACHE_DIR"
#: sandbox protections that keep student code from writing the grader user's cache
CONFINING = frozenset({"unprivileged user", "landlock"})
STATUSES = frozenset({"passed", "failed", "error"})

_state: dict[str, Any] = {"dir": None, "pending": None}
#: verdicts decided in this process, as entry text (key -> JSON), oldest first
_memory: "OrderedDict[str, str]" = OrderedDict()
MEMORY_ENTRIES = 4096
_fingerprint: list[str] = []


def configure(enabled: bool, protections: Iterable[str] | Callable[[], Iterable[str]] = (),
              directory: Path | None = None) -> Path | None:
    """Turn the cache on (in ``directory`` or the default folder) when ``enabled`` and the
    sandbox's ``protections`` keep student code out of it; returns the folder used, or None.

    ``protections`` may be a function: it is then asked on first use (the sandbox reports its
    protections a few ms after it starts; start-up need not wait for them), and None is returned."""
    _state["dir"] = _state["pending"] = None
    forget()
    if enabled and callable(protections):
        _state["pending"] = (protections, directory)
        return None
    if not enabled or not CONFINING & set(protections):
        return None
    root = directory if directory is not None else default_dir()
    if root is None:
        return None
    folder = root / FOLDER
    if not _make_trusted(folder):
        return None
    _state["dir"] = folder
    return folder


def default_dir() -> Path | None:
    """``$GRADER_CACHE_DIR``, ``$XDG_CACHE_HOME/grader`` or ``~/.cache/grader`` (absolute only)."""
    for value in (os.environ.get(ENV_DIR), os.path.join(os.environ["XDG_CACHE_HOME"], "grader") if os.environ.get("XDG_CACHE_HOME") else None):
        if value:
            return Path(value) if os.path.isabs(value) else None
    home = os.path.expanduser("~")
    return Path(home, ".cache", "grader") if os.path.isabs(home) else None


def _folder() -> Path | None:
    """The cache folder, once a deferred :func:`configure` has been decided."""
    if _state["pending"] is not None:
        protections, directory = _state["pending"]
        configure(True, protections(), directory)
    return _state["dir"]


def enabled() -> bool:
    return _folder() is not None


def trusted_folder(name: str) -> Path | None:
    """Another cache folder under the same root (``name``), trusted by the same rules, while this
    cache is on (see the module docstring): e.g. :mod:`grader.spec.cache`'s loaded assignments."""
    folder = _folder()
    if folder is None:
        return None
    other = folder.parent / name
    return other if _make_trusted(other) else None


def read_trusted(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes that this user owns
    and no one else may write (a symbolic link is not followed), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not _trusted(info) or not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def key(expected: Any, observed: Any, options: Mapping[str, Any]) -> str | None:
    """The entry's key, or None when the values cannot be keyed (a SymPy object passed
    in-process, an unusual type). Keys are made with the disk cache off too: verdicts are
    also remembered in memory (:func:`recall`), so a batch worker compares each distinct
    answer once, however many students gave it."""
    if not isinstance(expected, str):
        return None
    shown = encode_observed(observed)
    if shown is None:
        return None
    try:
        material = json.dumps([FORMAT, fingerprint(), expected, shown, options], sort_keys=True, allow_nan=True)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(material.encode()).hexdigest()


def recall(entry_key: str) -> Verdict | None:
    """A verdict this process decided before for the same key (a fresh copy), or None."""
    text = _memory.get(entry_key)
    if text is None:
        return None
    _memory.move_to_end(entry_key)
    return _verdict(json.loads(text), entry_key)


def forget() -> None:
    """Drop the verdicts remembered in memory (as a new process would start)."""
    _memory.clear()


def remember(entry_key: str, verdict: Verdict) -> None:
    """Keep a decided verdict in memory (the most recent :data:`MEMORY_ENTRIES`)."""
    if not cacheable(verdict):
        return
    try:
        _memory[entry_key] = json.dumps(_payload(entry_key, verdict), allow_nan=False)
    except (TypeError, ValueError):
        return
    _memory.move_to_end(entry_key)
    while len(_memory) > MEMORY_ENTRIES:
        _memory.popitem(last=False)


def encode_observed(value: Any, depth: int = 0) -> Any:
    """A JSON form of an answer from the sandbox that keeps its type, or None (see
    :func:`decode_observed`)."""
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return [kind.__name__, value]
    if kind is float:
        return ["float", repr(value)]
    if kind.__name__ == "SympyText" and isinstance(getattr(value, "text", None), str):
        return ["SympyText", value.text, str(getattr(value, "cls", ""))]
    if kind in (list, tuple) and depth < 4:
        items = [encode_observed(v, depth + 1) for v in value]
        return None if any(i is None for i in items) else [kind.__name__, items]
    return None


def decode_observed(data: Any) -> Any:
    """The value :func:`encode_observed` encoded."""
    kind, payload = data[0], data[1]
    if kind == "SympyText":
        from grader.sandbox.values import SympyText

        return SympyText(payload, data[2])
    if kind == "float":
        return float(payload)
    if kind in ("list", "tuple"):
        items = [decode_observed(v) for v in payload]
        return items if kind == "list" else tuple(items)
    if kind in ("NoneType", "bool", "int", "str"):
        return payload
    raise ValueError(f"not an encoded answer: {kind!r}")


def _problem_marker(expected: Any, options: Mapping[str, Any]) -> Path | None:
    folder = _folder()
    if folder is None or not isinstance(expected, str):
        return None
    try:
        material = json.dumps([FORMAT, fingerprint(), expected, dict(options)], sort_keys=True, allow_nan=True)
    except (TypeError, ValueError):
        return None
    return folder / "problems" / hashlib.sha256(material.encode()).hexdigest()


def seen(expected: Any, options: Mapping[str, Any]) -> bool:
    """Whether a verdict for this problem (any answer) was cached before: a rerun is then
    likely to need no SymPy at all."""
    marker = _problem_marker(expected, options)
    return marker is not None and marker.is_file()


def _mark(expected: Any, options: Mapping[str, Any]) -> None:
    marker = _problem_marker(expected, options)
    if marker is None or marker.is_file():
        return
    try:
        if _make_trusted(marker.parent):
            marker.touch(mode=0o600)
    except OSError:
        pass


def load(entry_key: str) -> Verdict | None:
    """The cached verdict, or None (absent, untrusted, corrupt or for another key)."""
    folder = _folder()
    if folder is None:
        return None
    raw = read_trusted(_path(folder, entry_key), MAX_ENTRY_BYTES)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return _verdict(data, entry_key)


def _verdict(data: Any, entry_key: str) -> Verdict | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != entry_key:
        return None
    v = data.get("verdict")
    if not isinstance(v, dict):
        return None
    score, status, message, details = v.get("score"), v.get("status"), v.get("message"), v.get("details")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        return None
    if status not in STATUSES or not isinstance(message, str) or not isinstance(details, dict):
        return None
    return Verdict(float(score), status, message, details)


def cacheable(verdict: Verdict) -> bool:
    """Decided verdicts only, with their full display."""
    details = verdict.details
    if details.get("kind") == "undecided":
        return False
    if "parsed" in details and "latex" not in details:
        return False  # the display ran out of time: a rerun may show it
    return True


def store(entry_key: str, verdict: Verdict, expected: Any = None, options: Mapping[str, Any] | None = None) -> None:
    """Write the entry atomically (and mark the problem as seen); any failure (read-only,
    full disk) just skips caching."""
    folder = _folder()
    if folder is None or not cacheable(verdict):
        return
    if expected is not None:
        _mark(expected, options or {})
    try:
        text = json.dumps(_payload(entry_key, verdict), allow_nan=False).encode()
    except (TypeError, ValueError):
        return
    if len(text) > MAX_ENTRY_BYTES:
        return
    path = _path(folder, entry_key)
    try:
        if not _make_trusted(path.parent):
            return
        write_atomic(path, text, mode=0o600)
    except OSError:
        return


def _payload(entry_key: str, verdict: Verdict) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "key": entry_key,
        "verdict": {"score": verdict.score, "status": verdict.status, "message": verdict.message, "details": verdict.details},
    }


def _path(folder: Path, entry_key: str) -> Path:
    return folder / entry_key[:2] / f"{entry_key}.json"


def _trusted(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    uid = os.getuid() if hasattr(os, "getuid") else info.st_uid
    return info.st_uid == uid and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _make_trusted(folder: Path) -> bool:
    """Create ``folder`` (mode 0700) if needed; True when it is a real directory we trust."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and _trusted(info)


def fingerprint() -> str:
    """What a verdict depends on besides its inputs: grader version, engine source, the
    SymPy, mpmath and Python versions (computed once per process, without importing SymPy)."""
    if not _fingerprint:
        import grader

        h = hashlib.sha256(f"{grader.__version__}|{sys.version_info[:2]}".encode())
        here = Path(__file__).resolve().parent
        sources = sorted((here.parent / "symbolic").glob("*.py")) + sorted(here.glob("symbolic*.py")) + [here / "verdict.py"]
        for path in sources:
            try:
                h.update(path.name.encode() + b"\0" + path.read_bytes())
            except OSError:
                h.update(path.name.encode() + b"\0?")
        for package, file in (("sympy", "release.py"), ("mpmath", "__init__.py")):
            h.update(f"|{package}={version_of(package, file)}".encode())
        _fingerprint.append(h.hexdigest())
    return _fingerprint[0]


def version_of(package: str, file: str) -> str:
    """A package's ``__version__`` read from its source, without importing it."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return "?"
    if spec is None or not spec.submodule_search_locations:
        return "?"
    try:
        text = Path(next(iter(spec.submodule_search_locations)), file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "?"
    match = re.search(r"""__version__\s*=\s*['"]([^'"]+)['"]""", text)
    return match.group(1) if match else "?"
