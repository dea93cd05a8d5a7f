"""Finding processes left behind by student code.

The test process makes itself a *child subreaper*: anything the student starts
that outlives its parent is re-parented to the test process instead of the
machine's init, so "no process left behind" is simply "no descendants of the
test process other than the ones it knows about".
"""

from __future__ import annotations

import ctypes
import os
import time

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make orphans of our descendants our children (Linux); False where unsupported."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _proc_stats() -> list[tuple[int, str, int]]:
    """(pid, state, parent pid) of every process in /proc."""
    stats = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        stats.append((int(entry), fields[0], int(fields[1])))
    return stats


def _children_map() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for pid, state, ppid in _proc_stats():
        if state != "Z":
            tree.setdefault(ppid, []).append(pid)
    return tree


def descendants(root: int | None = None, exclude: set[int] | frozenset[int] = frozenset()) -> list[int]:
    """Live (non-zombie) descendants of ``root`` (default: this process), not below ``exclude``."""
    tree = _children_map()
    found, stack = [], [root or os.getpid()]
    while stack:
        for pid in tree.get(stack.pop(), []):
            if pid in exclude:
                continue
            found.append(pid)
            stack.append(pid)
    return found


def reap_adopted() -> None:
    """Collect the exit status of orphans re-parented to us (they would stay zombies)."""
    me = os.getpid()
    for pid, state, ppid in _proc_stats():
        if state == "Z" and ppid == me:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def leftovers(exclude: set[int] | frozenset[int] = frozenset(), wait: float = 10.0) -> list[str]:
    """Descendants still alive after ``wait`` seconds, as "pid cmdline" strings (empty is good)."""
    deadline = time.monotonic() + wait
    while True:
        reap_adopted()
        alive = descendants(exclude=exclude)
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    out = []
    for pid in alive:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")[:80]
            out.append(f"{pid} {cmdline}")
        except OSError:
            pass
    return out
