"""A distinct unprivileged uid for every concurrent sandbox, leased from a reserved range.

Process limits (``RLIMIT_NPROC``) count every process of a *user*: if every sandbox ran as
``nobody``, a fork bomb in one sandbox would use up the process limit of all the others,
also those of other grader processes on the machine. So a root grader gives each child its
own uid from :data:`FIRST`..``FIRST + COUNT``, ids no account uses.

A lease is an exclusive ``flock`` on ``<lock dir>/<uid>``, so concurrent grader processes
never hand out the same uid. The fork server holds the lease while the child runs and gives
it back (emptying the file) when it has reaped the child. A lock file that is not empty
was held by a fork server that died: its uid is leased again only when no process of that
uid is left, so the next sandbox starts with the uid's process count at zero.
"""

from __future__ import annotations

import fcntl
import os
import random
import stat
from dataclasses import dataclass

#: the reserved range: far above the ids of accounts and of subordinate-id ranges (100000+)
FIRST = 1_870_000_000
COUNT = 4096
#: where the leases are kept (root-owned, not writable by others)
LOCK_DIRS = ("/run/grader-uids", "/tmp/grader-uids-0")


@dataclass
class Lease:
    """One uid (its gid is the same number) held until :meth:`release`."""

    uid: int
    fd: int

    @property
    def ids(self) -> tuple[int, int]:
        return self.uid, self.uid

    def release(self) -> None:
        if self.fd >= 0:
            try:
                os.ftruncate(self.fd, 0)  # an empty file: given back cleanly
            except OSError:
                pass
            os.close(self.fd)  # closing the only descriptor drops the flock
            self.fd = -1


def lock_dir() -> str | None:
    """A directory for leases that only root can write, created if needed; None if there is none."""
    for path in LOCK_DIRS:
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == 0 and not info.st_mode & 0o022:
            return path
    return None


def acquire(directory: str | None = None, first: int = FIRST, count: int = COUNT) -> Lease | None:
    """Lease a uid no other sandbox on this machine holds; None if none is free (or no lock dir)."""
    directory = directory or lock_dir()
    if directory is None:
        return None
    start = random.randrange(count)  # concurrent fork servers rarely probe the same slots
    for i in range(count):
        uid = first + (start + i) % count
        try:
            fd = os.open(os.path.join(directory, str(uid)), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        try:
            unclean = bool(os.pread(fd, 32, 0))  # the last holder died without giving it back
            if unclean and in_use(uid):  # its processes may still be running: not yet empty
                os.close(fd)
                continue
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            os.ftruncate(fd, len(str(os.getpid())))
        except OSError:
            os.close(fd)
            continue
        return Lease(uid, fd)
    return None


def in_use(uid: int) -> bool:
    """Whether any process has ``uid`` as its real uid (what ``RLIMIT_NPROC`` counts).

    Read from ``/proc/PID/status``: the owner of ``/proc/PID`` is root for a process that
    changed its ids, so it cannot be used.
    """
    try:
        entries = os.listdir("/proc")
    except OSError:
        return False
    wanted = str(uid).encode()
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as f:
                head = f.read(1024)
        except OSError:
            continue
        at = head.find(b"\nUid:")
        if at >= 0 and head[at + 5 :].split(None, 1)[0] == wanted:
            return True
    return False
