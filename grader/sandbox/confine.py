"""Confinement applied inside the child before any student code runs.

``process`` isolation: own session and process group, scrubbed environment,
stdin closed, a scratch working directory holding only a copy of the
submission, and resource limits (address space, CPU, file size, open files,
processes). Stronger layers (namespaces, privilege drop, Landlock, seccomp)
plug in here for ``strict``.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from grader.sandbox.config import SandboxConfig

#: environment variables the child keeps (numeric libraries read some at import)
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SYSTEMROOT")


def confine(config: SandboxConfig, workdir: str, keep_fds: tuple[int, ...]) -> list[str]:
    """Apply the limits to this (child) process; returns the protections that are active."""
    active: list[str] = []
    os.setsid()
    active.append("own process group")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    _close_fds_except(keep_fds)
    _scrub_env(workdir)
    active.append("scrubbed environment")
    sys.path[:] = [workdir] + [p for p in sys.path if p and os.path.isabs(p) and p != os.getcwd()]
    os.chdir(workdir)
    active.append("scratch directory")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with an error instead of killing
    for name, value in _rlimits(config):
        if _setrlimit(name, value):
            active.append(f"{name} limit")
    return active


def _close_fds_except(keep: tuple[int, ...]) -> None:
    keep_all = sorted(set(keep) | {0, 1, 2})
    low = 0
    for fd in keep_all:
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1 << 16)


def _scrub_env(workdir: str) -> None:
    kept = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    os.environ.clear()
    os.environ.update(kept)
    os.environ.update({"HOME": workdir, "TMPDIR": workdir, "PYTHONDONTWRITEBYTECODE": "1"})


def _rlimits(config: SandboxConfig) -> list[tuple[str, int]]:
    mb = 2**20
    return [
        ("RLIMIT_AS", config.memory_mb * mb),
        ("RLIMIT_CPU", config.cpu_seconds),
        ("RLIMIT_FSIZE", config.file_size_mb * mb),
        ("RLIMIT_NOFILE", config.max_open_files),
        ("RLIMIT_NPROC", config.max_processes),
        ("RLIMIT_CORE", 0),
    ]


def _setrlimit(name: str, value: int) -> bool:
    try:
        import resource
    except ImportError:  # not POSIX
        return False
    which: Any = getattr(resource, name, None)
    if which is None:
        return False
    try:
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))
        return True
    except (ValueError, OSError):
        return False
