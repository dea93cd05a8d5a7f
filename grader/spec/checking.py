"""Loading the keys that judge an answer by more than its value: ``let``, ``properties``,
``check``, ``explain`` and ``scenario`` (see :class:`grader.spec.models.Property` and
:class:`grader.spec.models.Step`).

Everything is checked where it is written: one kind per property, expressions that parse
and name known inputs, check files that exist, scenarios that start by constructing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from grader.compare.properties import CALLING, KINDS
from grader.expressions import ExpressionError, names, parse
from grader.spec import models
from grader.spec.paths import OutsideFolder, inside
from grader.spec.errors import SpecError

if TYPE_CHECKING:  # the YAML parser is imported only when a file is parsed
    from grader.spec.yamlpos import Document

PROPERTY_KINDS = (*KINDS, "check")
STEP_KINDS = ("new", "set", "call", "get")
_EXPRESSION_KEYS = ("sums_to", "mean", "variance", "atol", "rtol", "when")


@dataclass
class Checking:
    """A problem's properties, checks and scenario, as plain data ready for grading."""

    root: Path  # the assignment folder: check files are found there
    let: dict[str, str] = field(default_factory=dict)
    properties: list[dict[str, Any]] = field(default_factory=list)
    check: str | None = None
    explain: list[dict[str, Any]] = field(default_factory=list)
    scenario: list[dict[str, Any]] | None = None
    answers: bool = False  # `answers: solution`: a check gets the reference's answer as `expected`

    @property
    def judges(self) -> bool:
        """Whether properties or a check (rather than the comparison) score each case."""
        return bool(self.properties or self.check)

    def check_refs(self) -> list[str]:
        """Every ``file.py:function`` this problem uses, for ``grade check``."""
        refs = [self.check] if self.check else []
        return refs + [p["check"] for p in self.properties + self.explain if p.get("check")]


def load_checking(doc: Document, p: models.Problem, root: Path) -> tuple[Checking | None, list[SpecError]]:
    """The checking keys of problem ``p`` (None when it has none) and every error in them."""
    if not (p.let or p.properties or p.check or p.explain or p.scenario):
        return None, []
    errors: list[SpecError] = []
    known = _input_names(p)
    let_names: set[str] = set()
    for name, expr in p.let.items():
        errors += _expression(doc, ("let", name), expr, known | let_names if known else None)
        let_names.add(name)
    scope = (known | let_names) if known else None
    properties = _properties(doc, "properties", p.properties, scope, root, errors)
    explain = _properties(doc, "explain", p.explain, scope, root, errors)
    if p.check:
        errors += _check_file(doc, ("check",), p.check, root)
    if p.cases is None and (p.properties or p.check or p.scenario):
        errors.append(doc.error((), "`properties`, `check` and `scenario` need `cases` (the calls to judge)"))
    if (p.properties or p.check) and p.cases and any(c.expected not in (None, models.UNSET) for c in p.cases) and not p.check:
        errors.append(doc.error(("properties",), "a problem scored by `properties` has no `expected` answers; "
                                "to explain a wrong answer by its properties use `explain`", at_key=True))
    if p.scenario and (p.properties or p.check):
        errors.append(doc.error(("scenario",), "a scenario's parts are compared with `expected` answers; "
                                "`properties` and `check` judge a function's answer, not a scenario", at_key=True))
    scenario = _scenario(doc, p, known, errors) if p.scenario else None
    return Checking(root, dict(p.let), properties, p.check, explain, scenario, getattr(p, "answers", None) == "solution"), errors


def _input_names(p: models.Problem) -> set[str]:
    """The inputs a case may have (empty when they cannot be told from the file)."""
    found = set(p.args or [])
    for c in p.cases or []:
        found |= set(c.inputs)
    for g in getattr(p, "generate", None) or []:
        found |= set(getattr(g, "inputs", {}) or {})
    return found


def _properties(doc: Document, key: str, props: list[models.Property], scope: set[str] | None, root: Path,
                errors: list[SpecError]) -> list[dict[str, Any]]:
    out = []
    for i, prop in enumerate(props):
        data = {k: v for k, v in msgspec.structs.asdict(prop).items() if v is not None}
        where = (key, i)
        kinds = [k for k in PROPERTY_KINDS if data.get(k) is not None]
        if len(kinds) != 1:
            errors.append(doc.error(where, f"a property has exactly one of {', '.join(PROPERTY_KINDS)}; "
                                           f"this one has {', '.join(kinds) or 'none'}"))
            continue
        kind = kinds[0]
        if kind == "check" and key == "properties":
            errors.append(doc.error(where + ("check",), "a custom check that scores the case is the problem's `check:`; "
                                    "in `properties` only properties", at_key=True))
        elif kind == "check":
            errors += _check_file(doc, where + ("check",), data["check"], root)
        for k in _EXPRESSION_KEYS:
            if isinstance(data.get(k), str):
                errors += _expression(doc, where + (k,), data[k], scope)
        for k in ("shape", "range"):
            for j, e in enumerate(data.get(k) or []):
                if isinstance(e, str):
                    errors += _expression(doc, where + (k, j), e, scope)
        for k in ("unchanged_under", "differs_under"):
            for name, e in (data.get(k) or {}).items():
                if scope is not None and name not in scope:
                    errors.append(doc.error(where + (k, name), f"{name!r} is not an input; inputs: {', '.join(sorted(scope))}", at_key=True))
                errors += _expression(doc, where + (k, name), e, scope)
        if kind in CALLING and data.get(kind) is False:
            continue
        out.append(data)
    return out


def _expression(doc: Document, where: tuple[Any, ...], text: str, scope: set[str] | None) -> list[SpecError]:
    try:
        parse(text)
        unknown = names(text) - scope if scope is not None else set()
    except ExpressionError as exc:
        return [doc.error(where, str(exc))]
    if unknown:
        return [doc.error(where, f"{text!r} uses {', '.join(sorted(unknown))}, which is not an input or a `let` name; "
                                 f"known: {', '.join(sorted(scope or ()))}")]
    return []


def _check_file(doc: Document, where: tuple[Any, ...], ref: str, root: Path) -> list[SpecError]:
    file_name = ref.partition(":")[0]
    try:
        path = inside(root, file_name)
    except OutsideFolder as exc:
        return [doc.error(where, f"check file {exc}")]
    if not path.is_file():
        return [doc.error(where, f"check file {file_name} does not exist in {root}")]
    return []


def _scenario(doc: Document, p: models.Problem, known: set[str], errors: list[SpecError]) -> list[dict[str, Any]]:
    assert p.scenario is not None
    steps = []
    for i, step in enumerate(p.scenario):
        where = ("scenario", i)
        kinds = [k for k in STEP_KINDS if getattr(step, k) is not None]
        if len(kinds) != 1:
            errors.append(doc.error(where, f"a step has exactly one of {', '.join(STEP_KINDS)}; this one has {', '.join(kinds) or 'none'}"))
            continue
        kind = kinds[0]
        if i == 0 and kind != "new":
            errors.append(doc.error(where, "a scenario starts by constructing the class: `new: [arguments]`"))
        values = {"new": step.new or [], "set": list((step.set or {}).values()), "call": [*step.args, *step.kwargs.values()], "get": []}[kind]
        for v in values:
            if isinstance(v, str) and known and v not in known:
                errors.append(doc.error(where, f"{v!r} is not an input of the cases; inputs: {', '.join(sorted(known))}"))
        if kind in ("new", "set") and step.part is None:
            record = False
        else:
            record = step.record
        part = step.part or (step.call if kind == "call" else step.get if kind == "get" else kind)
        steps.append({"do": kind, "new": step.new, "set": step.set, "name": step.call or step.get or "",
                      "args": list(step.args), "kwargs": dict(step.kwargs), "part": part if record else None,
                      "weight": step.weight, "line": doc.mark(where).line})
    parts = [s["part"] for s in steps if s["part"]]
    dupes = sorted({n for n in parts if parts.count(n) > 1})
    if dupes:
        errors.append(doc.error(("scenario",), f"two steps record the same part {', '.join(map(repr, dupes))}; give each a `part:` name"))
    if not parts:
        errors.append(doc.error(("scenario",), "no step records a result to compare (a `call` or `get`)"))
    return steps
