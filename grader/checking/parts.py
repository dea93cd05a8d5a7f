"""Mutants of multi-part answers (``parts:``, e.g. ``(dx, dw)``): each mistake spoils every part it
applies to, the other parts stay right, as a student's half-right answer would."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from grader.checking.mutants import CaseToProve, Make, mutants
from grader.compare.parts import pick


def part_mutants(cases: Sequence[CaseToProve], parts: Sequence[Any], kind: str, mode: str = "equivalent") -> Iterator[tuple[str, bool, Make]]:
    """(name, is_stub, make) like :func:`grader.checking.mutants.mutants`, for answers made of ``parts``."""
    per_part: list[dict[str, tuple[bool, Make]]] = []
    names: list[str] = []
    for j, part in enumerate(parts):
        try:
            split = [CaseToProve(c.name, c.weight, pick(c.expected, part, j), c.options) for c in cases]
        except (KeyError, IndexError, TypeError):
            return  # an expected answer without this part: nothing to mutate
        table = {name: (stub, make) for name, stub, make in mutants(split, kind, mode)}
        per_part.append(table)
        names += [n for n in table if n not in names]
    for name in names:
        stub = any(t[name][0] for t in per_part if name in t)
        yield name, stub, _combined(name, stub, per_part, parts)


def _combined(name: str, stub: bool, per_part: list[dict[str, tuple[bool, Make]]], parts: Sequence[Any]) -> Make:
    def make(i: int, expected: Any) -> Any:
        values = []
        for j, part in enumerate(parts):
            right = pick(expected, part, j)
            entry = per_part[j].get(name)
            if entry is None and stub:  # a stub knows no part: where it has no guess of its own, zeros
                entry = per_part[j].get("zeros")
            wrong = entry[1](i, right) if entry is not None else None
            values.append(right if wrong is None else wrong)
        if isinstance(expected, Mapping):
            return {(p.key if p.key is not None else p.name): v for p, v in zip(parts, values)}
        return values

    return make
