"""Stable seeds for generated cases: the same student, assignment and problem give the same numbers
on every machine and Python version (a SHA-256 of the names, never Python's salted ``hash()``)."""

from __future__ import annotations

import hashlib

#: the student id used when none is given (``grade`` without ``--student``)
DEFAULT_STUDENT = "default"


def case_seed(assignment: str, base: int | None, student: str | None, problem: str, block: int, index: int) -> int:
    """The seed of generated case ``index`` of ``generate`` block ``block`` of ``problem``, as a 63-bit int."""
    parts = [assignment, "" if base is None else str(base), student or DEFAULT_STUDENT, problem, str(block), str(index)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def fixed_seed(seed: int, problem: str, block: int, index: int) -> int:
    """Case ``index`` of a block with a fixed ``seed:``: the same for every student."""
    digest = hashlib.sha256(f"{seed}\x1f{problem}\x1f{block}\x1f{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1
