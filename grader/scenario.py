"""Grader side of a scenario on a student's class: the steps to send, and each step's part compared.

The YAML ``scenario:`` (see :class:`grader.spec.models.Step`) names inputs; :func:`call_for`
resolves them to the case's values and sends one ``scenario`` call to the child
(:mod:`grader.sandbox.scenario`), where the instance lives. What comes back is plain data:
the recorded parts and, if a step raised, which one. :func:`compare_parts` scores each
recorded part by its weight with the problem's comparator and says which are right.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from grader.compare import parts as parts_module
from grader.compare.verdict import ERROR, FAILED, Verdict
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


@dataclass(frozen=True)
class _Part:
    """A recorded step as a part of :func:`grader.compare.parts.compare_parts`."""

    name: str
    weight: float
    key: Any = None


def compare_parts(compare: Compare, steps: list[dict[str, Any]], target: str, expected: Any, value: Any,
                  options: Mapping[str, Any]) -> Verdict:
    """Score the parts the child recorded against ``expected`` (a mapping part -> answer), as
    multi-part answers are scored; parts after a step that raised are "not reached"."""
    if not isinstance(value, dict) or not isinstance(value.get("parts"), dict):
        return Verdict(0.0, ERROR, "the scenario sent back no parts")
    got, failed = value["parts"], value.get("failed")
    parts = [_Part(s["part"], s["weight"]) for s in steps if s["part"]]
    if not isinstance(expected, Mapping) or any(p.name not in expected for p in parts):
        missing = [p.name for p in parts if not isinstance(expected, Mapping) or p.name not in expected]
        return Verdict(0.0, ERROR, f"the case has no expected answer for {_join(missing)}")
    verdict, results = parts_module.compare_parts(compare, expected, got, parts, [options] * len(parts))
    if not isinstance(failed, dict):
        return verdict
    err = failed.get("error") or {}
    failure = f"{describe_step(wire_step(steps, int(failed.get('step', 0))), target)} raised {err.get('type', 'an error')}: {err.get('message', '')}".rstrip(": ")
    right = [p.name for p, v in results if v.passed]
    unreached = [p.name for p in parts if p.name not in got]
    said = [f"{p.name} is wrong: {v.message}" if v.message else f"{p.name} is wrong"
            for p, v in results if not v.passed and p.name in got]
    said.append(f"{_join(unreached)} not reached: {failure}" if unreached else f"then {failure}")
    head = f"{_join(right)} {'is' if len(right) == 1 else 'are'} right; " if right else ""
    details = {**verdict.details, "failed_step": failure, "error": err}
    return Verdict(verdict.score, FAILED, head + "; ".join(said), details)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
