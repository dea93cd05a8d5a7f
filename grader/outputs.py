"""Where reports go: ``-o`` arguments parsed and checked before anything is graded.

A report file or output folder that cannot be written is a usage error found at start
(exit 2), never a traceback after minutes of grading. A report left by a previous run is
removed at start, so that a run killed before its first report cannot leave a stale
32/32 behind that reads as this run's result.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output path that cannot be used; the message names it and says why."""


def parse_outputs(specs: list[str], formats: tuple[str, ...], suffixes: dict[str, str]) -> list[tuple[str, Path]]:
    """(format, file) for each ``-o [FORMAT:]FILE``: the format is FORMAT or chosen by the suffix."""
    files = []
    for out in specs:
        fmt, sep, name = out.partition(":")
        if sep and fmt in formats:
            files.append((fmt, _named(name, out)))
            continue
        path = _named(out, out)
        if path.suffix not in suffixes:
            raise OutputError(f"cannot tell the format of {out} from its suffix; write FORMAT:{out} (formats: {', '.join(formats)})")
        files.append((suffixes[path.suffix], path))
    return files


def _named(name: str, given: str) -> Path:
    if not name.strip():
        raise OutputError(f"cannot write the report to {given!r}: the file name is empty")
    return Path(name)


def check_report_file(path: Path) -> None:
    """Raise :class:`OutputError` unless ``path`` can be replaced by a report (written atomically
    beside it). Missing folders are created now, so that one that cannot be is found now."""
    if path.is_dir():
        raise OutputError(f"cannot write the report to {path}: it is a folder")
    _make_folder(path.parent, f"cannot write the report to {path}")
    _probe(path.parent, f"cannot write the report to {path}")


def prepare_output_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) and check that files can be written in it."""
    _make_folder(folder, f"cannot write results to {folder}")
    _probe(folder, f"cannot write results to {folder}")


def _make_folder(folder: Path, context: str) -> None:
    if folder.is_dir():
        return
    blocker = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"{context}: {blocker} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{context}: cannot create the folder {folder}: {_reason(exc)}") from None


def remove_stale(paths: list[Path]) -> None:
    """Remove reports left by a previous run (checked writable already)."""
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"cannot replace the old report {path}: {_reason(exc)}") from None


def _probe(folder: Path, context: str) -> None:
    """Create and remove a file in ``folder``: the only reliable test (root ignores modes,
    read-only mounts ignore them too)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".grader-probe.", dir=folder)
    except OSError as exc:
        raise OutputError(f"{context}: {_reason(exc)}") from None
    os.close(fd)
    os.unlink(tmp)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return exc.strerror or str(exc)


def describe_write_error(path: Path, exc: OSError) -> str:
    """One line for a write that failed while grading (full disk, quota, file-size limit)."""
    reason = "no space left on the device" if exc.errno == errno.ENOSPC else (
        "the file-size limit was reached" if exc.errno == errno.EFBIG else _reason(exc))
    return f"cannot write {path}: {reason}"
