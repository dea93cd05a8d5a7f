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


def private_places(workdir: str, size_mb: int, owner: tuple[int, int] | None,
                   keep: tuple[str, ...] = ()) -> list[str]:
    """Mount private tmpfs on ``/tmp`` and ``/dev/shm`` and put the working directory in one of
    its own; returns the directories the child may write to. Call in a new mount namespace.

    Paths in ``keep`` that lie below a replaced directory (a virtual environment under
    ``/tmp``, as CI makes them) are bound back into the new one, at the same place."""
    files = _read_files(workdir)
    layers.make_mounts_private()
    writable = []
    for path in PRIVATE_DIRS:
        if os.path.isdir(path):
            inside = _outermost([k for k in keep if _below(k, path) and os.path.exists(k)])
            original = os.open(path, os.O_PATH | os.O_CLOEXEC) if inside else -1
            try:
                layers.mount_tmpfs(path, size_mb, mode=0o1777)
                for kept in inside:  # through the descriptor: the old directory is hidden now
                    source = f"/proc/self/fd/{original}/{os.path.relpath(kept, os.path.realpath(path))}"
                    _make_like(kept, source)
                    layers.bind_mount(source, kept)
            finally:
                if original >= 0:
                    os.close(original)
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


def _below(path: str, parent: str) -> bool:
    path, parent = os.path.realpath(path), os.path.realpath(parent)
    return path != parent and os.path.commonpath([path, parent]) == parent


def _outermost(paths: list[str]) -> list[str]:
    """``paths`` without those inside another one of them."""
    real = sorted({os.path.realpath(p) for p in paths})
    return [p for p in real if not any(_below(p, q) for q in real if q != p)]


def _make_like(path: str, original: str) -> None:
    """An empty directory or file at ``path``, like ``original``, to bind the original over."""
    if os.path.isdir(original):
        os.makedirs(path, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "ab").close()


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
