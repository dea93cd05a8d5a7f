"""What a class did on an assignment, computed from the canonical JSON results of its students.

Pure data in, pure data out: ``summarize`` takes ``{student id: result dict}`` (what
``grade batch`` writes as ``OUT/<student>.json``) and returns the dictionary that is
written as ``class.json`` and rendered as ``class.html``. Wrong answers are grouped with
the problem's own comparator and options, so "the same wrong answer" means what the
grader means by "the same answer".
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

CLASS_SCHEMA_VERSION = "1.0"

#: at most this many distinct wrong answers are kept per case (the rest are counted as "other")
MAX_GROUPS = 50
#: an answer whose JSON is longer than this is summarised in class.json
MAX_ANSWER_CHARS = 2000
#: a group this large (and at least 2 students) with no feedback gets a ready ``mistakes:`` suggestion
SUGGEST_SHARE = 0.1
#: number of bins of each problem's score histogram
BINS = 10

#: case error types that mean the student's code did not finish normally
FAILURE_KINDS = {"timeout": "timed out", "crashed": "crashed", "invalid": "sent an invalid result"}

Same = Callable[[Any, Any, Mapping[str, Any]], bool]


def summarize(results: Mapping[str, Mapping[str, Any]], *, same: Same | None = None) -> dict[str, Any]:
    """The class summary of ``results`` (student id -> canonical result dict).

    ``same(a, b, options_with_kind)`` decides whether two answers are one; by default the
    problem's comparator (``options["compare"]`` names its kind) with the case's options.
    """
    same = same or comparator_same
    order: list[str] = []
    meta: dict[str, dict[str, Any]] = {}
    for result in results.values():
        for p in result.get("problems", []):
            if p["id"] not in meta:
                order.append(p["id"])
                meta[p["id"]] = {"title": p.get("title", p["id"]), "max_score": float(p.get("max_score", 0.0)), "compare": p.get("compare", "")}
    problems = {pid: _problem(pid, meta[pid], results, same) for pid in order}
    totals = [float(r.get("total", 0.0)) for r in results.values()]
    max_total = max((float(r.get("max_total", 0.0)) for r in results.values()), default=0.0)
    return {
        "schema_version": CLASS_SCHEMA_VERSION,
        "assignment": _assignment(results),
        "students": len(results),
        "total": {"max_score": max_total, **_stats(totals, max_total)},
        "problems": problems,
        "failures": _failures(results),
        "suggestions": [s for p in problems.values() for s in p.pop("_suggestions")],
    }


def comparator_same(a: Any, b: Any, options: Mapping[str, Any]) -> bool:
    """Two answers are one when the problem's comparator accepts one for the other."""
    from grader import compare

    kind = options.get("compare") or "exact"
    opts = {k: v for k, v in options.items() if k != "compare"}
    try:
        return compare.get(kind)(a, b, opts).passed
    except Exception:  # noqa: BLE001 - answers the comparator cannot relate are different answers
        return _canonical(a) == _canonical(b)


def _assignment(results: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    for r in results.values():
        a = r.get("assignment") or {}
        return {"name": a.get("name", ""), "title": a.get("title", "")}
    return {"name": "", "title": ""}


def _stats(scores: list[float], max_score: float) -> dict[str, Any]:
    n = len(scores)
    mean = sum(scores) / n if n else 0.0
    full = sum(1 for s in scores if max_score > 0 and s >= max_score - 1e-9)
    return {
        "mean": round(mean, 6),
        "full_marks": full,
        "full_marks_share": round(full / n, 6) if n else 0.0,
        "distribution": _histogram(scores, max_score),
    }


def _histogram(scores: list[float], max_score: float) -> list[dict[str, Any]]:
    """Counts of scores in ``BINS`` equal bins over [0, max_score] (the last bin holds full marks)."""
    if max_score <= 0:
        return [{"low": 0.0, "high": 0.0, "count": len(scores)}]
    width = max_score / BINS
    counts = [0] * BINS
    for s in scores:
        i = min(int(max(s, 0.0) / width), BINS - 1) if math.isfinite(s) else 0
        counts[i] += 1
    return [{"low": round(i * width, 6), "high": round((i + 1) * width, 6), "count": c} for i, c in enumerate(counts)]


def _problem(pid: str, meta: dict[str, Any], results: Mapping[str, Mapping[str, Any]], same: Same) -> dict[str, Any]:
    scores: list[float] = []
    statuses: Counter[str] = Counter()
    mistakes: Counter[tuple[str, str]] = Counter()
    diagnoses: Counter[str] = Counter()
    groups: dict[str, list[dict[str, Any]]] = {}
    other: Counter[str] = Counter()
    for sid, result in results.items():
        p = next((p for p in result.get("problems", []) if p["id"] == pid), None)
        if p is None:
            continue
        scores.append(float(p.get("score", 0.0)))
        statuses[p.get("status", "")] += 1
        for c in p.get("cases", []):
            if c.get("status") != "failed" or c.get("error"):
                continue  # only answers that came back and were wrong are "wrong answers"
            details = c.get("details") or {}
            tags = [(str(m.get("tag") or ""), str(m.get("feedback") or "")) for m in details.get("mistakes", []) if isinstance(m, dict)]
            mistakes.update(tags)
            found = [str(d) for d in details.get("diagnosis", []) if isinstance(d, (str, dict))]
            found = [d if isinstance(d, str) else str(d.get("kind", d)) for d in found]
            diagnoses.update(found)
            options = {**(p.get("options") or {}), **(c.get("options") or {}), "compare": p.get("compare", meta["compare"])}
            case = str(c.get("name", ""))
            bucket = groups.setdefault(case, [])
            group = next((g for g in bucket if same(g["_value"], c.get("observed"), options)), None)
            if group is None:
                if len(bucket) >= MAX_GROUPS:
                    other[case] += 1
                    continue
                group = {"case": case, "count": 0, "students": [], "_value": c.get("observed"),
                         "expected": c.get("expected"), "diagnoses": found, "feedback": bool(tags), "visibility": c.get("visibility", "visible")}
                bucket.append(group)
            group["count"] += 1
            group["students"].append(sid)
            group["feedback"] = group["feedback"] or bool(tags)
    wrong = sorted((g for bucket in groups.values() for g in bucket), key=lambda g: (-g["count"], g["case"]))
    n = len(scores)
    suggestions = [_suggestion(pid, g, n) for g in wrong if _worth_suggesting(g, n)]
    return {
        "title": meta["title"],
        "max_score": meta["max_score"],
        "submissions": n,
        **_stats(scores, meta["max_score"]),
        "statuses": dict(sorted(statuses.items())),
        "wrong_answers": [_public(g) for g in wrong],
        "other_wrong_answers": dict(other),
        "mistakes": [{"tag": tag, "feedback": fb, "count": k} for (tag, fb), k in mistakes.most_common()],
        "diagnoses": dict(diagnoses.most_common()),
        "_suggestions": suggestions,
    }


def _worth_suggesting(group: dict[str, Any], n: int) -> bool:
    return not group["feedback"] and not group["diagnoses"] and group["count"] >= max(2, math.ceil(SUGGEST_SHARE * n))


def _public(group: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in group.items() if not k.startswith("_") and k != "expected"}
    out["answer"] = answer_summary(group["_value"])
    return out


def _suggestion(pid: str, group: dict[str, Any], n: int) -> dict[str, Any]:
    """A ready ``mistakes:`` entry (YAML text) for a large group of identical wrong answers."""
    import yaml

    entry = {
        "observed": group["_value"],
        "case": group["case"],
        "feedback": f"TODO: explain this answer ({group['count']} of {n} students gave it)",
    }
    return {
        "problem": pid,
        "case": group["case"],
        "count": group["count"],
        "yaml": yaml.safe_dump({"mistakes": [entry]}, sort_keys=False, default_flow_style=None, width=100),
    }


def answer_summary(value: Any) -> Any:
    """The answer itself when it is small; otherwise its shape and first values."""
    text = _canonical(value)
    if len(text) <= MAX_ANSWER_CHARS:
        return value
    flat = list(_flatten(value, 8))
    return {"summary": True, "shape": _shape(value), "first": flat, "chars": len(text)}


def _shape(value: Any) -> list[int]:
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        value = value[0] if value else None
    return shape


def _flatten(value: Any, limit: int) -> Any:
    stack = [value]
    count = 0
    while stack and count < limit:
        v = stack.pop(0)
        if isinstance(v, list):
            stack[:0] = v
        else:
            count += 1
            yield v


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _failures(results: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Submissions that could not be imported, and cases that timed out or crashed."""
    out = []
    for sid, r in results.items():
        imported = r.get("imported") or {}
        if r.get("status") == "not_gradable" or imported.get("ok") is False:
            out.append({"student": sid, "kind": "not_imported", "problem": None, "detail": str(imported.get("detail", ""))})
            continue
        for p in r.get("problems", []):
            for c in p.get("cases", []):
                kind = (c.get("error") or {}).get("type", "")
                if kind in FAILURE_KINDS:
                    out.append({"student": sid, "kind": kind, "problem": p["id"], "case": c.get("name", ""), "detail": str(c.get("message", ""))})
    return out
