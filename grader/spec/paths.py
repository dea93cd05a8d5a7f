"""Files an assignment names (problem files, data files): relative paths that stay inside its folder.

An assignment folder is a unit that is copied, hashed and shipped to students' CI; a path that
leaves it (``../x.yaml``, ``/etc/passwd``, a symlink resolving elsewhere) is an error, so that
grading never depends on, or reveals, a file outside it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath


class OutsideFolder(ValueError):
    """A path that is absolute or resolves outside the assignment folder; the message says which."""


def inside(root: Path, rel: str) -> Path:
    """``root / rel`` with symlinks resolved, or :class:`OutsideFolder` if it is not inside ``root``."""
    if "\0" in rel:
        raise OutsideFolder(f"{rel!r} contains a NUL character")
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        raise OutsideFolder(f"{rel} is an absolute path; give a path relative to the assignment folder")
    base = root.resolve()
    try:
        target = (base / rel).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise OutsideFolder(f"{rel} cannot be resolved ({exc})") from None
    if not target.is_relative_to(base):
        via = " through a symbolic link" if ".." not in PurePosixPath(rel).parts else ""
        raise OutsideFolder(f"{rel} is outside the assignment folder{via} (it resolves to {target}); keep every file in {base}")
    return target
