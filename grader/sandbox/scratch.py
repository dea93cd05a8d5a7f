"""The child's writable places: its working directory, a private ``/tmp`` and ``/dev/shm``.

Benign student code writes temporary files (``tempfile``, ``/tmp/x.npy``) and
``multiprocessing`` needs POSIX semaphores in ``/dev/shm``. Sharing the machine's would let
concurrent submissions see each other's files, so in its own mount namespace the child gets
fresh size-bounded tmpfs mounts on both, gone when it ends, and Landlock lets it write
there and in its working directory only. Without a mount namespace it gets neither, and
``tempfile`` is pointed at the working directory.
"""

from __future__ import annotations

import os
import tempfile

from grader.sandbox import layers

#: the shared places a child gets a private copy of (when it has a mount namespace)
PRIVATE_DIRS = ("/tmp", "/dev/shm")
#: devices any child may write (``open(os.devnull, "w")`` silences prints)
WRITABLE_DEVICES = ("/dev/null", "/dev/zero", "/dev/full")


def private_places(workdir: str, size_mb: int, owner: tuple[int, int] | None) -> list[str]:
    """Mount private tmpfs on ``/tmp`` and ``/dev/shm`` and put the working directory in one of
    its own; returns the directories the child may write to. Call in a new mount namespace."""
    files = _read_files(workdir)
    layers.make_mounts_private()
    writable = []
    for path in PRIVATE_DIRS:
        if os.path.isdir(path):
            layers.mount_tmpfs(path, size_mb, mode=0o1777)
            writable.append(path)
    # the working directory: a tmpfs of its own, mounted last (the new /tmp may have hidden its path)
    os.makedirs(workdir, mode=0o700, exist_ok=True)
    layers.mount_tmpfs(workdir, size_mb, mode=0o700, owner=owner)
    _write_files(workdir, files, owner)
    writable.append(workdir)
    return writable


def point_tempfile_at(directory: str) -> None:
    """Make ``tempfile`` choose ``directory`` afresh (the fork server cached its own choice)."""
    os.environ["TMPDIR"] = directory
    tempfile.tempdir = None


def _read_files(directory: str) -> dict[str, bytes]:
    out = {}
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[name] = f.read()
    return out


def _write_files(directory: str, files: dict[str, bytes], owner: tuple[int, int] | None) -> None:
    for name, data in files.items():
        path = os.path.join(directory, name)
        with open(path, "wb") as f:
            f.write(data)
        if owner:
            os.chown(path, *owner)
