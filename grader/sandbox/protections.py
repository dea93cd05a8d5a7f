"""The protections a child runs under, by the names the report uses.

Pure bookkeeping for the grader's side (no ctypes, no kernel calls): which layers a child gets
at an isolation level, given what the fork server found this machine offers
(:mod:`grader.sandbox.layers` applies them).
"""

from __future__ import annotations

from collections.abc import Mapping

from grader.sandbox.config import SandboxConfig

#: the kernel layers, also the ``strict`` requirements' names
PID_NS = "pid namespace"
NET_NS = "network namespace"
MOUNT_NS = "mount namespace"
DROP = "unprivileged user"
LANDLOCK = "landlock"
SECCOMP = "seccomp"
LAYERS = (PID_NS, NET_NS, MOUNT_NS, DROP, LANDLOCK, SECCOMP)

#: the process-level protections every level but ``none`` has (the report lists them)
BASE = ["own process group", "scratch directory", "scrubbed environment", "stdin closed"]
LIMITS = ["memory limit", "CPU limit", "file size limit", "open files limit", "process limit", "no core dumps"]


def plan(config: SandboxConfig, available: Mapping[str, bool]) -> list[str]:
    """The protections a child gets at ``config.isolation`` on a machine offering ``available`` layers."""
    if config.isolation == "none":
        return ["own process group", "scratch directory", "stdin closed"]
    return BASE + LIMITS + [name for name in LAYERS if available.get(name)]
