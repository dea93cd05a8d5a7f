"""Checks of the authoring keys of a problem file: generated cases, answers from the solution,
data files, parts, metrics and mistakes as implementations.

Everything here runs when an assignment is loaded, so a broken reference (a param that does
not exist, a generator file that is missing, a ``hidden`` larger than ``count``) is reported as
``file:line:column`` before any student is graded. Nothing is drawn or run here: that is
:mod:`grader.cases` (per student) and :mod:`grader.reference` (the reference's answers).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from grader.spec import models

if TYPE_CHECKING:  # the YAML parser is imported only when a file is parsed
    from grader.spec.yamlpos import Document

#: the keys of a Draw that say how a value is made (exactly one per draw)
DRAW_KINDS = ("array", "integers", "uniform", "normal", "choice", "value", "param", "generator", "data")
BUILTIN_METRICS = ("accuracy", "linear_accuracy", "mse", "mae")
DATA_SUFFIXES = (".npy", ".npz", ".csv")


def draw_kind(d: models.Draw) -> list[str]:
    """The keys of ``d`` that are set (a valid draw has exactly one)."""
    return [k for k in DRAW_KINDS if getattr(d, k) not in (None, msgspec.UNSET)]


def split_ref(ref: str) -> tuple[str, str]:
    """``"file.py:name"`` as (file, name)."""
    file, _, name = ref.rpartition(":")
    return file, name


def check_problem(doc: Document, p: models.Problem, root: Path, solution: Path | None) -> None:
    """Raise a positioned SpecError for the first authoring key that cannot work."""
    names = set(p.args or [])
    for i, g in enumerate(p.generate):
        where = ("generate", i)
        if g.hidden is not None and g.hidden > g.count:
            raise doc.error(where + ("hidden",), f"hidden: {g.hidden} is more than count: {g.count}")
        if g.hidden is not None and g.visibility is not None:
            raise doc.error(where + ("hidden",), "give either `hidden: N` or `visibility`, not both", at_key=True)
        known: list[str] = []
        for pname, d in g.params.items():
            _check_draw(doc, where + ("params", pname), d, known, root)
            known.append(pname)
        for iname, d in g.inputs.items():
            if p.args is not None and iname not in names:
                raise doc.error(where + ("inputs", iname), f"unknown argument {iname!r}; the arguments are {', '.join(p.args)}", at_key=True)
            _check_draw(doc, where + ("inputs", iname), d, known, root)
        if p.args is not None:
            given = [a for a in p.args if a in g.inputs]
            if given != p.args[: len(given)]:
                missing = next(a for a in p.args if a not in g.inputs)
                raise doc.error(where + ("inputs",), f"generated inputs skip argument {missing!r}; arguments are passed positionally in the order {', '.join(p.args)}")
        if g.name is not None:
            try:
                g.name.format(i=1, seed=0, **{k: 0 for k in g.params})
            except (KeyError, IndexError, ValueError) as exc:
                raise doc.error(where + ("name",), f"case name template {g.name!r} uses an unknown field {exc}; fields: i, seed, {', '.join(g.params) or '(no params)'}") from None
    judged = bool(p.properties or p.check)  # scored by properties or a check: no answer is needed
    if p.generate and p.metric is None and p.answers is None and not judged:
        raise doc.error(("generate",), "generated cases need their answers from the reference: add `answers: solution`", at_key=True)
    if (p.answers == "solution" or (p.generate and not judged) or _any_from_solution(p)) and solution is None and p.metric is None:
        raise doc.error(("answers",) if p.answers else ("generate",), "answers from the solution need `solution:` in assignment.yaml", at_key=True)
    for i, part in enumerate(p.parts):
        if part.options:
            from grader.spec.load import _options

            _options(p.compare, [(doc, ("parts", i, "options"), part.options)])
    if len({q.name for q in p.parts}) != len(p.parts):
        raise doc.error(("parts",), "part names must be distinct")
    if p.metric is not None:
        _check_metric(doc, p, root)
    elif p.thresholds:
        raise doc.error(("thresholds",), "`thresholds` need a `metric` to apply to", at_key=True)
    for i, m in enumerate(p.mistakes):
        has_value = m.observed is not msgspec.UNSET
        if has_value == (m.implementation is not None):
            raise doc.error(("mistakes", i), "a mistake gives exactly one of `observed` (the wrong value) and `implementation` (file.py:function)")
        if m.implementation is not None:
            base = solution.parent if solution is not None else root
            _check_function_file(doc, ("mistakes", i, "implementation"), m.implementation, base, "beside the reference solution")


def _any_from_solution(p: models.Problem) -> bool:
    return any(_is_from_solution(c.expected) for c in p.cases or [])


def _is_from_solution(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"from"} and value["from"] == "solution"


def case_expected(doc: Document, path: tuple[Any, ...], p: models.Problem, c: models.Case, judged: bool = False) -> Any:
    """A case's expected answer: its literal, or FROM_SOLUTION (``{from: solution}``, or none given under ``answers: solution``)."""
    from grader.spec.load import FROM_SOLUTION

    if _is_from_solution(c.expected):
        return FROM_SOLUTION
    if c.expected is msgspec.UNSET:
        if p.answers == "solution":
            return FROM_SOLUTION
        if p.metric is not None or judged:
            return None  # judged by the metric, or by properties or a check
        from grader.spec.load import _dotted

        raise doc.error(path, f"missing required key 'expected' in {_dotted(path)} (or set `answers: solution` to take the reference's answer, or score the problem by `properties` or a `check`)")
    return c.expected


def case_inputs(doc: Document, path: tuple[Any, ...], inputs: dict[str, Any], root: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Literal inputs with ``{data: file, key: ...}`` entries made into DataRefs; and what reports show for them."""
    out: dict[str, Any] = {}
    shown: dict[str, Any] | None = None
    for name, value in inputs.items():
        if isinstance(value, dict) and "data" in value:
            try:
                ref = msgspec.convert(value, models.DataRef)
            except msgspec.ValidationError as exc:
                raise doc.error(path + (name,), f"a data input is {{data: file, key: name}}: {exc}") from None
            check_data_file(doc, path + (name,), ref.data, root)
            out[name] = ref
            shown = shown or {}
            shown[name] = describe_data(ref)
        else:
            out[name] = value
    if shown is not None:
        shown = {k: shown.get(k, v) for k, v in inputs.items()}
    return out, shown


def describe_data(ref: Any) -> str:
    """How a report names a data input: ``data/logreg.npz[X_train]``."""
    what = ref.key if ref.key is not None else ",".join(ref.columns) if ref.columns else None
    return f"{ref.data}[{what}]" if what is not None else ref.data


def check_data_file(doc: Document, path: tuple[Any, ...], rel: str, root: Path) -> None:
    if not rel.endswith(DATA_SUFFIXES):
        raise doc.error(path, f"data file {rel!r}: expected a {', '.join(DATA_SUFFIXES)} file")
    if not (root / rel).is_file():
        raise doc.error(path, f"data file {rel} does not exist in {root}")


def _check_draw(doc: Document, path: tuple[Any, ...], d: models.Draw, params: list[str], root: Path) -> None:
    kinds = draw_kind(d)
    if len(kinds) != 1:
        raise doc.error(path, f"say how this value is made with exactly one of {', '.join(DRAW_KINDS)}" + (f" (got {', '.join(kinds)})" if kinds else ""))
    kind = kinds[0]
    if (d.key is not None or d.columns is not None) and kind != "data":
        raise doc.error(path, "`key` and `columns` belong to a `data` input")
    refs: list[Any] = []
    if kind == "array":
        assert d.array is not None
        shape = d.array.shape
        refs = shape if isinstance(shape, list) else [shape]
        if d.array.distribution == "integers" and d.array.dtype.startswith("float"):
            pass  # integer values stored as floats are fine
    elif kind in ("integers", "uniform"):
        refs = list(getattr(d, kind))
    elif kind == "param":
        refs = [d.param]
    elif kind == "generator":
        _check_function_file(doc, path + ("generator",), d.generator, root, "in the assignment folder")  # type: ignore[arg-type]
    elif kind == "data":
        check_data_file(doc, path + ("data",), d.data, root)  # type: ignore[arg-type]
    for r in refs:
        if isinstance(r, str) and r not in params:
            raise doc.error(path, f"{r!r} is not a param drawn before this value; params: {', '.join(params) or '(none)'}")
        if not isinstance(r, (str, int, float)) or isinstance(r, bool):
            raise doc.error(path, f"expected a number or a param name, got {r!r}")


def _check_function_file(doc: Document, path: tuple[Any, ...], ref: str, base: Path, where: str) -> None:
    file, _ = split_ref(ref)
    if not (base / file).is_file():
        raise doc.error(path, f"{file} does not exist {where} ({base})")


def _check_metric(doc: Document, p: models.Problem, root: Path) -> None:
    m = p.metric
    assert m is not None
    if ":" in m.function:
        _check_function_file(doc, ("metric", "function"), m.function, root, "in the assignment folder")
    elif m.function not in BUILTIN_METRICS:
        raise doc.error(("metric", "function"), f"unknown metric {m.function!r}; built-in metrics: {', '.join(BUILTIN_METRICS)}, or file.py:function")
    for name, d in m.data.items():
        _check_draw(doc, ("metric", "data", name), d, [], root)
    if not p.thresholds:
        raise doc.error(("metric",), "a `metric` needs `thresholds` (metric value -> score fraction)", at_key=True)
