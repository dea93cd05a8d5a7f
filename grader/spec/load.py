"""Load an assignment folder into typed, validated objects.

Every error names file:line:column and what was expected. A broken problem
file does not stop the others from loading: it is kept in
``Assignment.broken`` so the grader can still grade the rest.
"""

from __future__ import annotations

import copy
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import re
import typing

import msgspec

from grader.spec import models, templates
from grader.spec.checking import Checking, load_checking
from grader.spec.errors import SpecError, raise_all
from grader.spec.options import OPTIONS_BY_KIND
from grader.spec.paths import OutsideFolder, inside

if TYPE_CHECKING:  # the YAML parser is imported only when a file is parsed
    from grader.spec.yamlpos import Document

ASSIGNMENT_FILE = "assignment.yaml"


class _FromSolution:
    """The marker of an expected answer that the reference solution computes (``expected: {from: solution}``)."""

    _instance: "_FromSolution | None" = None

    def __new__(cls) -> "_FromSolution":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "FROM_SOLUTION"

    def __deepcopy__(self, memo: Any) -> "_FromSolution":
        return self


FROM_SOLUTION: Any = _FromSolution()


@dataclass
class CaseSpec:
    """One call to make (function problems) or the one value to read (value problems).

    ``expected`` is :data:`FROM_SOLUTION` until :mod:`grader.cases` asks the reference for it;
    ``inputs`` may hold :class:`grader.spec.models.DataRef` entries until the data is loaded."""

    name: str
    inputs: dict[str, Any]
    expected: Any
    weight: float
    options: dict[str, Any]
    timeout: float
    line: int = 0  # where the case (or the expected value) starts in its file
    visibility: str = "visible"  # visible | hidden | after_due_date | after_published
    seed: int | None = None  # the seed a generated case was drawn from (None: written in the YAML)
    shown_inputs: dict[str, Any] | None = None  # what reports show instead of inputs (data files by name)
    expected_from: str = "literal"  # literal | solution
    mistake_values: dict[int, Any] = field(default_factory=dict)  # mistake index -> what its implementation returns here


@dataclass
class ProblemSpec:
    """A validated problem, with every default resolved."""

    id: str
    title: str
    points: float
    prompt: str
    target: str
    kind: str  # "function" or "value"
    args: list[str] | None
    compare: str
    partial_credit: bool
    array_inputs: bool
    cases: list[CaseSpec]
    feedback: models.Feedback
    mistakes: list[models.Mistake]
    file: Path
    sha256: str
    proof: models.Proof | None = None  # grade check's settings (stub share, allowed mutants)
    checking: Checking | None = None  # properties, custom checks, explanations, a scenario (grader.spec.checking)
    generate: list[models.Generate] = field(default_factory=list)  # drawn per student by grader.cases
    generate_line: list[int] = field(default_factory=list)  # where each generate entry starts
    generate_options: list[dict[str, Any]] = field(default_factory=list)  # each block's comparator options, resolved
    timeout_default: float = 5.0  # seconds per call (the problem's, else the assignment's)
    parts: list[models.Part] = field(default_factory=list)
    metric: models.Metric | None = None
    thresholds: dict[float, float] = field(default_factory=dict)
    visibility: str = "visible"

    @property
    def needs_solution(self) -> bool:
        """Some answer comes from the reference solution (a case, or every generated case)."""
        return any(c.expected is FROM_SOLUTION for c in self.cases) or bool(self.generate and self.metric is None)


@dataclass
class BrokenProblem:
    """A problem file that could not be loaded, and why."""

    id: str
    file: Path
    error: SpecError


@dataclass
class Assignment:
    name: str
    root: Path
    title: str
    description: str
    solution: Path | None
    defaults: models.Defaults
    entries: list[ProblemSpec | BrokenProblem] = field(default_factory=list)  # in assignment order
    sha256: dict[str, str] = field(default_factory=dict)  # file (relative to root) -> hash
    seed: int | None = None  # assignment.yaml's base seed
    cache_key: str | None = field(default=None, compare=False, repr=False)  # its entry in grader.spec.cache, if any

    @property
    def problems(self) -> list[ProblemSpec]:
        return [p for p in self.entries if isinstance(p, ProblemSpec)]

    @property
    def broken(self) -> list[BrokenProblem]:
        return [p for p in self.entries if isinstance(p, BrokenProblem)]

    @property
    def limits(self) -> dict[str, Any]:
        """The resource limits ``assignment.yaml`` sets (unset ones left to the sandbox's defaults)."""
        return {k: v for k, v in msgspec.structs.asdict(self.defaults.limits).items() if v is not None}

    @property
    def problem_ids(self) -> list[str]:
        """Ids of every problem in order, broken ones included."""
        return [p.id for p in self.entries]


def load_yaml(file: Path) -> "Document":
    """Parse ``file`` with positions (:mod:`grader.spec.yamlpos`, imported here: an assignment
    loaded from the cache of :mod:`grader.spec.cache` needs no YAML parser)."""
    from grader.spec.yamlpos import load

    return load(file)


def load_assignment(path: str | Path) -> Assignment:
    """Load ``path`` (an assignment folder or its ``assignment.yaml``).

    Raises :class:`SpecError` when ``assignment.yaml`` itself is unusable; a
    broken problem file is recorded in ``broken`` instead.
    """
    path = Path(path)
    file = path if path.is_file() else path / ASSIGNMENT_FILE
    if not file.exists():
        raise SpecError(file, "no such file: an assignment is a folder with an assignment.yaml")
    root = file.parent
    doc = load_yaml(file)
    head = _validate(models.AssignmentFile, doc)
    for kind, opts in head.defaults.options.items():
        _options(kind, [(doc, ("defaults", "options", kind), opts)])
    solution = None
    if head.solution is not None:
        solution = (root / head.solution).resolve()
    assignment = Assignment(
        name=root.resolve().name,
        root=root,
        title=head.title,
        description=head.description,
        solution=solution,
        defaults=head.defaults,
        seed=head.seed,
    )
    assignment.sha256[file.name] = _sha256(file)
    seen_files: dict[Path, int] = {}
    seen_ids: dict[str, Path] = {}
    for i, rel in enumerate(head.problems):
        try:
            resolved = inside(root, rel)
        except OutsideFolder as exc:
            raise doc.error(("problems", i), f"problem file {exc}") from None
        if resolved in seen_files:
            raise doc.error(("problems", i), f"{rel} is listed twice (first as item {seen_files[resolved] + 1})")
        seen_files[resolved] = i
        pfile = root / rel
        if not pfile.is_file():
            raise doc.error(("problems", i), f"problem file {rel} does not exist in {root}")
        assignment.sha256[rel] = _sha256(pfile)
        try:
            problem = _load_problem(pfile, head.defaults, doc, seen_ids, solution)
            seen_ids[problem.id] = pfile
            assignment.entries.append(problem)
        except SpecError as exc:
            assignment.entries.append(BrokenProblem(_unused_id(_guess_id(pfile), pfile, assignment.problem_ids), pfile, exc))
    return assignment


def _sha256(file: Path) -> str:
    """The file's SHA-256, read in blocks (a huge file costs no memory)."""
    digest = hashlib.sha256()
    try:
        with file.open("rb") as f:
            for block in iter(lambda: f.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return ""  # unreadable: loading it says so, at its name
    return digest.hexdigest()


def _unused_id(guess: str, file: Path, taken: list[str]) -> str:
    """A report key for a broken problem that no other problem has (a duplicate id keeps its file's
    name), so that its "invalid" entry is never merged with the valid problem of the same id."""
    for candidate in (guess, file.stem, f"{guess}_{file.stem}"):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{guess}_{n}" in taken:
        n += 1
    return f"{guess}_{n}"


def _guess_id(file: Path) -> str:
    """The id of a broken problem for reports: its ``id:`` line if readable, else the file stem."""
    try:
        with file.open("rb") as f:
            head = f.read(1 << 16).decode("utf-8", errors="replace")
        for line in head.splitlines():
            if line.startswith("id:"):
                value = line[3:].split("#")[0].strip().strip("'\"")
                if value.isidentifier():
                    return value
    except OSError:
        pass
    return file.stem


def _load_problem(file: Path, defaults: models.Defaults, head_doc: Document, seen_ids: dict[str, Path],
                  solution: Path | None = None) -> ProblemSpec:
    doc = load_yaml(file)
    p = _validate(models.Problem, doc)
    if p.id in seen_ids:
        raise doc.error(("id",), f"problem id {p.id!r} is already used by {seen_ids[p.id].name}")
    is_function = p.cases is not None or bool(p.generate)
    if is_function and p.expected is not models.UNSET:
        raise doc.error(("expected",), "a problem has either `cases` (a function) or `expected` (a value), not both", at_key=True)
    if not is_function and p.expected is models.UNSET:
        raise doc.error((), "missing `cases` (to call a function) or `expected` (to read a module-level value)")
    if not is_function and p.args is not None:
        raise doc.error(("args",), "`args` only makes sense with `cases`", at_key=True)

    layers = [(head_doc, ("defaults", "options", p.compare), defaults.options.get(p.compare, {}))]
    layers.append((doc, ("options",), p.options))
    problem_options = _options(p.compare, layers)
    timeout = p.timeout or defaults.timeout

    from grader.spec import authoring

    authoring.check_problem(doc, p, file.parent, solution)
    visibility = p.visibility or "visible"
    cases: list[CaseSpec] = []
    generate_options: list[dict[str, Any]] = []
    errors: list[SpecError] = []  # every case is checked: all the file's errors are reported at once
    checking, found = load_checking(doc, p, file.parent)
    errors += found
    if is_function:
        errors += _case_input_errors(doc, p)
        for i, c in enumerate(p.cases or []):
            try:
                opts = _options(p.compare, layers + [(doc, ("cases", i, "options"), c.options)])
                expected = authoring.case_expected(doc, ("cases", i), p, c, judged=bool(checking and checking.judges))
                if expected is not FROM_SOLUTION and expected is not None and p.metric is None and not checking_scenario(checking):
                    _check_answer(doc, ("cases", i, "expected"), p, expected)
                inputs, shown = authoring.case_inputs(doc, ("cases", i, "inputs"), c.inputs, file.parent)
            except SpecError as exc:
                errors.append(exc)
                continue
            line = doc.mark(("cases", i)).line
            cases.append(CaseSpec(c.name or f"case {i + 1}", inputs, expected, c.weight, opts, c.timeout or timeout, line,
                                  visibility=c.visibility or visibility, shown_inputs=shown,
                                  expected_from="solution" if expected is FROM_SOLUTION else "literal"))
        for i, g in enumerate(p.generate):
            try:
                generate_options.append(_options(p.compare, layers + [(doc, ("generate", i, "options"), g.options)]))
            except SpecError as exc:
                errors.append(exc)
    else:
        _check_answer(doc, ("expected",), p, p.expected)
        line = doc.mark(("expected",)).line
        cases.append(CaseSpec("value", {}, p.expected, 1.0, problem_options, timeout, line, visibility=visibility))
    names = [c.name or f"case {i + 1}" for i, c in enumerate(p.cases or [])] or [c.name for c in cases]
    for i, m in enumerate(p.mistakes):
        if m.case is not None and m.case not in names:
            errors.append(doc.error(("mistakes", i, "case"), f"no case named {m.case!r}; case names: {', '.join(names)}"))
    errors += _template_errors(doc, p, cases)
    raise_all(errors[:MAX_ERRORS])

    return ProblemSpec(
        id=p.id,
        title=p.title or p.id,
        points=p.points,
        prompt=p.prompt,
        target=p.target or p.id,
        kind="function" if is_function else "value",
        args=p.args,
        compare=p.compare,
        partial_credit=p.partial_credit,
        array_inputs=p.array_inputs,
        cases=cases,
        feedback=p.feedback,
        mistakes=p.mistakes,
        file=file,
        sha256=_sha256(file),
        proof=p.proof,
        generate=list(p.generate),
        generate_line=[doc.mark(("generate", i)).line for i in range(len(p.generate))],
        generate_options=generate_options,
        timeout_default=timeout,
        parts=list(p.parts),
        metric=p.metric,
        thresholds=dict(p.thresholds),
        visibility=visibility,
        checking=checking,
    )


def _check_answer(doc: Document, path: tuple[Any, ...], p: models.Problem, value: Any) -> None:
    """An expected answer, checked as a whole or part by part."""
    if not p.parts:
        _check_expected(doc, path, p.compare, value)
        return
    from grader.compare.parts import pick

    for part_i, part in enumerate(p.parts):
        try:
            piece = pick(value, part, part_i)
        except (KeyError, IndexError, TypeError) as exc:
            raise doc.error(path, f"expected answer has no part {part.name!r} ({exc}); parts: {', '.join(q.name for q in p.parts)}") from None
        _check_expected(doc, path, p.compare, piece)

def checking_scenario(checking: Checking | None) -> bool:
    """A scenario's expected answer is a mapping of parts, each checked when compared."""
    return bool(checking and checking.scenario)


def _template_errors(doc: Document, p: models.Problem, cases: list[CaseSpec]) -> list[SpecError]:
    """Every feedback template parses, uses only the documented variables and stays within its
    bounds when rendered on sample data (the first case, or the mistake's own answer)."""
    sample = cases[0] if cases else None
    found: list[tuple[tuple[Any, ...], str, dict[str, Any]]] = []
    base = {"expected": sample.expected if sample else None, "message": "(the comparison's message)",
            "case": sample.name if sample else ""}
    for key, text in (("pass", p.feedback.pass_), ("fail", p.feedback.fail)):
        if text is not None:
            found.append((("feedback", key), text, {**base, "observed": base["expected"]}))
    for i, m in enumerate(p.mistakes):
        case = next((c for c in cases if c.name == m.case), sample) if m.case else sample
        context = {**base, "observed": None if m.observed is models.UNSET else m.observed, "expected": case.expected if case else None, "case": case.name if case else ""}
        found.append((("mistakes", i, "feedback"), m.feedback, context))
    errors = []
    for path, text, context in found:
        what = f"feedback template `{_dotted(path)}`"
        problems = templates.problems(text)
        if not problems:
            reason = templates.trial(text, context)
            problems = [f"it fails on sample data: {reason}"] if reason else []
        errors += [doc.error(path, f"{what}: {problem}") for problem in problems]
    return errors


def _case_input_errors(doc: Document, p: models.Problem) -> list[SpecError]:
    """Every case must be callable the same way: known argument names, no gaps (all offenders)."""
    cases = p.cases or []
    errors: list[SpecError] = []
    if p.args is not None:
        if len(set(p.args)) != len(p.args):
            return [doc.error(("args",), "argument names in `args` must be distinct")]
        for i, c in enumerate(cases):
            for key in c.inputs:
                if key not in p.args:
                    errors.append(doc.error(
                        ("cases", i, "inputs", key),
                        f"unknown argument {key!r}; the arguments are {', '.join(p.args)}{_did_you_mean(key, p.args)}",
                        at_key=True,
                    ))
            given = [a for a in p.args if a in c.inputs]
            if given != p.args[: len(given)]:
                missing = next(a for a in p.args if a not in c.inputs)
                errors.append(doc.error(
                    ("cases", i, "inputs"),
                    f"case skips argument {missing!r} but gives a later one; arguments are passed "
                    f"positionally in the order {', '.join(p.args)}",
                ))
        return errors
    if not cases:
        return errors
    first = set(cases[0].inputs)
    for i, c in enumerate(cases[1:], start=1):
        if set(c.inputs) != first:
            extra = sorted(set(c.inputs) - first)
            missing = sorted(first - set(c.inputs))
            what = "; ".join(
                s for s in (f"extra {', '.join(map(repr, extra))}" if extra else "",
                            f"missing {', '.join(map(repr, missing))}" if missing else "") if s
            )
            errors.append(doc.error(
                ("cases", i, "inputs"),
                f"inputs do not match the first case ({what}); declare `args` to allow omitted trailing arguments",
            ))
    return errors


def _check_expected(doc: Document, path: tuple[Any, ...], kind: str, value: Any) -> None:
    if kind == "numeric":
        problem = _numeric_problem(value)
        if problem:
            raise doc.error(path, f"expected value must be a number or a rectangular array of numbers: {problem}")
    elif kind == "symbolic" and not isinstance(value, (str, list)):
        raise doc.error(path, f"expected value must be a string in SymPy syntax, not {type(value).__name__}")


def _numeric_problem(value: Any) -> str | None:
    import numpy as np

    if isinstance(value, bool) or value is None or isinstance(value, (str, dict)):
        return f"got {type(value).__name__}"
    try:
        arr = np.asarray(value)
    except ValueError:
        return "rows have different lengths"
    if arr.dtype.kind not in "biufc":
        return "not every entry is a number"
    return None


def _options(kind: str, layers: list[tuple[Document, tuple[Any, ...], dict[str, Any]]]) -> dict[str, Any]:
    """Merge option layers (defaults, problem, case), validating each where it was written."""
    model = OPTIONS_BY_KIND[kind]
    merged: dict[str, Any] = {}
    for doc, path, values in layers:
        if not values:
            continue
        _validate(model, doc, values, path)
        merged.update(values)
    return msgspec.to_builtins(msgspec.convert(merged, model))


MAX_ERRORS = 20  # per file: enough to fix a file in one pass, bounded for a hostile one


def _validate(model: type[msgspec.Struct], doc: Document, data: Any = None, base: tuple[Any, ...] = ()) -> Any:
    """``data`` (default: the document) as ``model``; raises every validation error found, not only
    the first (each offending node is set aside and the rest validated again)."""
    data = doc.data if data is None and not base else data
    if data is None and not base:
        raise doc.error((), f"the file is empty; expected a mapping with keys {', '.join(models.field_names(model))}")
    try:
        return msgspec.convert(data, model)
    except msgspec.ValidationError as exc:
        failure: msgspec.ValidationError | None = exc
    errors: list[SpecError] = []
    work = copy.deepcopy(data)
    removed: list[tuple[Any, ...]] = []
    while failure is not None and len(errors) < MAX_ERRORS:
        text = str(failure)
        m = _AT.match(text)
        assert m is not None
        path = _parse_path(m.group("path") or m.group("in") or "")
        unknown, missing = _UNKNOWN.match(m.group("msg")), _MISSING.match(m.group("msg"))
        if missing and path + (missing.group("key"),) in removed:
            break  # only missing because an invalid value was set aside: already reported
        errors.append(_spec_error(text, model, doc, base, work))
        node = path + (unknown.group("key"),) if unknown else path
        if missing or not node or not _set_aside(work, node):
            break
        removed.append(node)
        try:
            msgspec.convert(work, model)
            failure = None
        except msgspec.ValidationError as exc:
            failure = exc
    raise_all(errors)


def _set_aside(data: Any, path: tuple[Any, ...]) -> bool:
    """Remove the mapping entry at ``path`` from ``data`` (False when it is not a mapping entry:
    removing a list item would shift the positions of the errors after it)."""
    *parents, last = path
    for step in parents:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return False
    if isinstance(data, dict) and last in data:
        del data[last]
        return True
    return False


_AT = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<key>[^`]*)` in `\$(?P<in>[^`]*)`| - at `\$(?P<path>[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]|\[([^\]]*)\]")
_UNKNOWN = re.compile(r"Object contains unknown field `(?P<key>[^`]*)`")
_MISSING = re.compile(r"Object missing required field `(?P<key>[^`]*)`")


def _parse_path(text: str) -> tuple[Any, ...]:
    out: list[Any] = []
    for name, index, other in _STEP.findall(text or ""):
        out.append(name if name else int(index) if index else other)
    return tuple(out)


def _spec_error(text: str, model: type[msgspec.Struct], doc: Document, base: tuple[Any, ...], data: Any) -> SpecError:
    """A msgspec validation error, at its position in the YAML, with what was expected."""
    m = _AT.match(text)
    assert m is not None
    msg = m.group("msg")
    path = base + _parse_path(m.group("path") or m.group("in") or "")
    value = _value_at(data, path[len(base):])
    if isinstance(value, float) and not math.isfinite(value):
        what = ".nan (not a number)" if math.isnan(value) else "an infinite value (.inf, or a number too large such as 1e400)"
        return doc.error(path, f"{_dotted(path)}: expected a finite number, got {what}")
    unknown = _UNKNOWN.match(msg)
    if unknown:
        key = unknown.group("key")
        allowed = models.field_names(_struct_at(model, path[len(base):]) or model)
        return doc.error(path + (key,), f"unknown key {key!r}; allowed keys: {', '.join(allowed)}{_did_you_mean(key, allowed)}", at_key=True)
    missing = _MISSING.match(msg)
    if missing:
        where = _dotted(path) or "the top level"
        return doc.error(path, f"missing required key {missing.group('key')!r} in {where}")
    if m.group("key"):
        msg = f"{msg} for a key"
    choices = _choices(model, path[len(base):])
    hint = f"; choose one of {', '.join(choices)}" if choices and "enum" in msg else ""
    where = _dotted(path)
    return doc.error(path, f"{where}: {msg}{hint}" if where else f"{msg}{hint}")


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at ``path`` in ``data`` (None when the path does not lead anywhere)."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _dotted(path: tuple[Any, ...]) -> str:
    """``("cases", 0, "inputs")`` as ``cases[0].inputs``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _field_type(struct: Any, key: Any) -> Any:
    """The annotation of the field that YAML key ``key`` sets in ``struct`` (None if there is none)."""
    if not (isinstance(struct, type) and issubclass(struct, msgspec.Struct)):
        return None
    for name, encoded in zip(struct.__struct_fields__, struct.__struct_encode_fields__):
        if encoded == key:
            return typing.get_type_hints(struct, include_extras=True)[name]
    return None


def _unwrap(ann: Any, stop: Any) -> Any:
    """Peel Optional/Annotated/list/dict layers off ``ann`` until ``stop(ann)`` holds (else None)."""
    for _ in range(6):
        if stop(ann):
            return ann
        args = [a for a in typing.get_args(ann) if a is not type(None) and not isinstance(a, msgspec.Meta)]
        if not args:
            return None
        ann = args[-1] if typing.get_origin(ann) is dict else args[0]
    return None


def _is_struct(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, msgspec.Struct)


def _struct_at(model: type[msgspec.Struct], path: tuple[Any, ...]) -> type[msgspec.Struct] | None:
    """The struct that validates the mapping at ``path`` (to list its allowed keys)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        current = _unwrap(_field_type(current, part), _is_struct)
        if current is None:
            return None
    return current if _is_struct(current) else None


def _choices(model: type[msgspec.Struct], path: tuple[Any, ...]) -> list[str]:
    """The allowed values of the enum-like field at ``path``, for the error message."""
    if not path or not isinstance(path[-1], str):
        return []
    literal = _unwrap(_field_type(_struct_at(model, path[:-1]), path[-1]), lambda a: typing.get_origin(a) is typing.Literal)
    return [str(v) for v in typing.get_args(literal)] if literal is not None else []


def _did_you_mean(key: str, allowed: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
