"""Grader side of a scenario on a student's class: the steps to send, and each step's part compared.

The YAML ``scenario:`` (see :class:`grader.spec.models.Step`) names inputs; :func:`call_for`
resolves them to the case's values and sends one ``scenario`` call to the child
(:mod:`grader.sandbox.scenario`), where the instance lives. What comes back is plain data:
the recorded parts and, if a step raised, which one. :func:`compare_parts` scores each
recorded part by its weight with the problem's comparator and says which are right.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from grader.compare.verdict import ERROR, FAILED, PASSED, Verdict
from grader.sandbox.session import Call

Compare = Callable[[Any, Any, Mapping[str, Any]], Verdict]


def call_for(target: str, steps: list[dict[str, Any]], inputs: Mapping[str, Any], timeout: float) -> Call:
    """The one call that runs ``steps`` on class ``target`` with the case's ``inputs`` (already arrays)."""
    value = lambda v: inputs[v] if isinstance(v, str) else v  # noqa: E731 - strings name inputs
    wire = []
    for s in steps:
        if s["do"] == "new":
            wire.append({"do": "new", "args": [value(v) for v in s["new"]], "kwargs": {}, "part": s["part"]})
        elif s["do"] == "set":
            wire += [{"do": "set", "name": k, "value": value(v)} for k, v in s["set"].items()]
        elif s["do"] == "call":
            wire.append({"do": "call", "name": s["name"], "args": [value(v) for v in s["args"]],
                         "kwargs": {k: value(v) for k, v in s["kwargs"].items()}, "part": s["part"]})
        else:
            wire.append({"do": "get", "name": s["name"], "part": s["part"]})
    return Call(target, "scenario", (wire,), {}, timeout)


def describe_step(step: dict[str, Any], target: str) -> str:
    """A step as a student reads it: ``Linear(in_features, out_features)``, ``forward(x)``, ``read dW``."""
    if step["do"] == "new":
        return f"{target}({', '.join(map(str, step['new']))})"
    if step["do"] == "set":
        return "setting " + ", ".join(step["set"])
    if step["do"] == "call":
        args = [str(a) for a in step["args"]] + [f"{k}={v}" for k, v in step["kwargs"].items()]
        return f"{step['name']}({', '.join(args)})"
    return f"reading {step['name']}"


def wire_step(steps: list[dict[str, Any]], index: int) -> dict[str, Any]:
    """The YAML step that became wire step ``index`` (a ``set`` of several attributes is several)."""
    i = 0
    for s in steps:
        n = len(s["set"]) if s["do"] == "set" else 1
        if index < i + n:
            return s
        i += n
    return steps[-1]


def answer_of(value: Any, steps: list[dict[str, Any]], target: str) -> dict[str, Any]:
    """The reference's parts from its scenario run (``ValueError`` naming the step that raised)."""
    if not isinstance(value, dict) or not isinstance(value.get("parts"), dict):
        raise ValueError("the scenario sent back no parts")
    failed = value.get("failed")
    if isinstance(failed, dict):
        err = failed.get("error") or {}
        step = describe_step(wire_step(steps, int(failed.get("step", 0))), target)
        raise ValueError(f"{step} raised {err.get('type', 'an error')}: {err.get('message', '')}\n{err.get('traceback', '')}".rstrip())
    return value["parts"]


def compare_parts(compare: Compare, steps: list[dict[str, Any]], target: str, expected: Any, value: Any,
                  options: Mapping[str, Any]) -> Verdict:
    """Score the parts the child recorded against ``expected`` (a mapping part -> answer)."""
    if not isinstance(value, dict) or not isinstance(value.get("parts"), dict):
        return Verdict(0.0, ERROR, "the scenario sent back no parts")
    got, failed = value["parts"], value.get("failed")
    recorded = [s for s in steps if s["part"]]
    failure = ""
    if isinstance(failed, dict):
        step = wire_step(steps, int(failed.get("step", 0)))
        err = failed.get("error") or {}
        failure = f"{describe_step(step, target)} raised {err.get('type', 'an error')}: {err.get('message', '')}".rstrip(": ")
    results = []
    for s in recorded:
        name = s["part"]
        if name not in got:
            results.append((s, Verdict(0.0, FAILED, "not reached")))
            continue
        if not isinstance(expected, Mapping) or name not in expected:
            results.append((s, Verdict(0.0, ERROR, f"no expected answer for part {name!r}")))
            continue
        try:
            v = compare(expected[name], got[name], options)
        except Exception as exc:  # noqa: BLE001 - a comparator bug costs this part only
            v = Verdict(0.0, ERROR, f"the grader could not compare this part ({type(exc).__name__}: {exc})")
        results.append((s, v))
    total = sum(s["weight"] for s, _ in results) or 1.0
    score = round(sum(s["weight"] * v.score for s, v in results) / total, 6)
    details: dict[str, Any] = {"parts": {s["part"]: {"status": v.status, "score": v.score, "message": v.message, **v.details}
                                         for s, v in results}}
    if failure:
        details["failed_step"] = failure
        details["error"] = failed.get("error") if isinstance(failed, dict) else None
    right = [s["part"] for s, v in results if v.passed]
    wrong = [(s, v) for s, v in results if not v.passed]
    if not wrong:
        return Verdict(1.0, PASSED, "", details)
    unreached = [s["part"] for s, v in wrong if v.message.startswith("not reached")]
    said = [f"{s['part']} is wrong: {v.message}" for s, v in wrong if s["part"] not in unreached]
    if unreached:
        said.append(f"{_join(unreached)} not reached: {failure}" if failure else f"{_join(unreached)} missing")
    head = f"{_join(right)} {'is' if len(right) == 1 else 'are'} right; " if right else ""
    status = ERROR if any(v.status == ERROR for _, v in wrong) and not right else FAILED
    return Verdict(score, status, head + "; ".join(said), details)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
