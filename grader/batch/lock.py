"""One ``grade batch`` per output folder at a time.

Two runs writing into one folder would orphan each other's results and race on the
gradebook. The lock is an ``flock`` on the folder itself: no lock file is left behind,
and the kernel releases it when the holder dies, even by ``kill -9``.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class FolderInUse(Exception):
    """Another process holds the folder's lock."""


class FolderLock:
    """Hold ``with FolderLock(folder):`` for as long as the folder is written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FolderInUse(f"{self.folder} is in use by another `grade batch`; wait for it to finish "
                              f"or write to another folder with -o") from None
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "FolderLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
