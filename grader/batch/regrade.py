"""Regrade diffs: what a changed problem file does to published results, before publishing it.

``grade regrade OUT`` grades every submission that ``OUT`` holds a result for into a
separate folder, then compares: per student the old and new total, and each case whose
status flipped. The published results change only with ``--apply``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Published:
    student: str
    submission: Path
    result: dict[str, Any]


def published_results(folder: Path) -> list[Published]:
    """The batch results in ``folder`` (``<student>.json`` files that are canonical results), by file name."""
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or "schema_version" not in data or "problems" not in data:
            continue  # class.json and the like
        sub = data.get("submission", {}).get("path")
        if sub:
            found.append(Published(data.get("student") or path.stem, Path(sub), data))
    return found


@dataclass
class Change:
    student: str
    old_total: float
    new_total: float
    max_total: float
    flips: list[str] = field(default_factory=list)  # "problem / case: passed -> failed"

    @property
    def changed(self) -> bool:
        return self.old_total != self.new_total or bool(self.flips)


def compare(student: str, old: dict[str, Any], new: dict[str, Any]) -> Change:
    """The score change and the cases that flipped between two results of one student."""
    change = Change(student, float(old.get("total", 0)), float(new.get("total", 0)), float(new.get("max_total", 0)))
    old_cases, new_cases = _cases(old), _cases(new)
    for key in dict.fromkeys([*old_cases, *new_cases]):
        before, after = old_cases.get(key), new_cases.get(key)
        if before != after:
            change.flips.append(f"{key[0]} / {key[1]}: {before or 'absent'} -> {after or 'absent'}")
    return change


def _cases(result: dict[str, Any]) -> dict[tuple[str, str], str]:
    cases = {}
    for p in result.get("problems", []):
        if not p.get("cases"):
            cases[(p["id"], "(value)")] = p.get("status", "")
        for i, c in enumerate(p.get("cases", [])):
            cases[(p["id"], c.get("name") or f"case {i + 1}")] = c.get("status", "")
    return cases


def describe(changes: list[Change]) -> list[str]:
    """Lines for the terminal: one per student whose grade changed, its flipped cases indented, a summary."""
    lines = []
    for c in changes:
        if not c.changed:
            continue
        lines.append(f"{c.student}: {c.old_total:g} -> {c.new_total:g} / {c.max_total:g}")
        lines += [f"    {flip}" for flip in c.flips]
    n = sum(c.changed for c in changes)
    lines.append(f"{n} of {len(changes)} students changed" + ("" if n else ": the published results stand"))
    return lines
