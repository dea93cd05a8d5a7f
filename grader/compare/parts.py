"""Multi-part answers: a tuple or dict answer compared part by part (pure).

``(dx, dw)`` with parts ``dx`` and ``dw`` earns each part's weighted share, and the message
says which parts are right: "dw is right; dx is wrong: 2 of 4 elements differ ...".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from grader.compare.verdict import FAILED, PASSED, Verdict

Compare = Callable[[Any, Any, Mapping[str, Any]], Verdict]


def pick(value: Any, part: Any, index: int) -> Any:
    """Part ``part`` (a :class:`grader.spec.models.Part`) of an answer: ``value[key]``, where the key
    defaults to the part's position for sequences and to its name for dicts."""
    if isinstance(value, Mapping):
        return value[part.key if part.key is not None else part.name]
    if isinstance(value, (list, tuple)):
        return value[part.key if isinstance(part.key, int) else index]
    raise TypeError(f"a {type(value).__name__} has no parts")


def compare_parts(compare: Compare, expected: Any, observed: Any, parts: Sequence[Any],
                  options: Sequence[Mapping[str, Any]]) -> tuple[Verdict, list[tuple[Any, Verdict]]]:
    """The whole verdict and each part's (part, verdict); ``options[i]`` are part i's comparator options."""
    n = len(parts)
    if isinstance(observed, (list, tuple)) and not isinstance(expected, Mapping) and len(observed) != n:
        v = Verdict(0.0, FAILED, f"expected {n} parts ({', '.join(p.name for p in parts)}), got {len(observed)} values")
        return v, []
    if not isinstance(observed, (list, tuple, Mapping)):
        v = Verdict(0.0, FAILED, f"expected a tuple of {n} parts ({', '.join(p.name for p in parts)}), got {_what(observed)}")
        return v, []
    results: list[tuple[Any, Verdict]] = []
    for i, part in enumerate(parts):
        try:
            obs = pick(observed, part, i)
        except (KeyError, IndexError, TypeError):
            results.append((part, Verdict(0.0, FAILED, f"{part.name} is missing from the answer")))
            continue
        try:
            v = compare(pick(expected, part, i), obs, options[i])
        except Exception as exc:  # noqa: BLE001 - a comparator bug costs this part only
            v = Verdict(0.0, "error", f"the grader could not compare this part ({type(exc).__name__}: {exc})")
        results.append((part, v))
    total = sum(p.weight for p in parts) or 1.0
    score = sum(p.weight * v.score for p, v in results) / total
    right = [p.name for p, v in results if v.passed]
    wrong = [(p.name, v) for p, v in results if not v.passed]
    if not wrong:
        return Verdict(1.0, PASSED, "", {"parts": _details(results)}), results
    said = "; ".join(f"{name} is wrong: {v.message}" if v.message else f"{name} is wrong" for name, v in wrong)
    message = (f"{_join(right)} {'is' if len(right) == 1 else 'are'} right; " if right else "") + said
    status = "error" if any(v.status == "error" for _, v in wrong) and not right else FAILED
    return Verdict(round(score, 6), status, message, {"parts": _details(results), **_diagnosis(results)}), results


def _diagnosis(results: list[tuple[Any, Verdict]]) -> dict[str, Any]:
    """The parts' diagnoses lifted to the case (``details.diagnosis`` is where statistics count them)."""
    names: list[str] = []
    for _, v in results:
        names += [n for n in v.details.get("diagnosis", []) if n not in names]
    return {"diagnosis": names} if names else {}


def _details(results: list[tuple[Any, Verdict]]) -> dict[str, Any]:
    return {p.name: {"status": v.status, "score": v.score, "message": v.message, **v.details} for p, v in results}


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _what(value: Any) -> str:
    return "None" if value is None else f"a {type(value).__name__}"
