"""The assignment format: what instructors write in ``assignment.yaml`` and problem files.

Validated with msgspec (strict: unknown keys are errors); the JSON Schema
published by ``grade schema`` is generated from these structs. msgspec was
chosen over pydantic for start-up: it imports and validates in a few
milliseconds, where pydantic's import and model building alone cost more
than importing numpy.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

import msgspec
from msgspec import Meta

from grader.spec.bounds import MAX_SECONDS, Finite, NonNegative, Points, Seconds, Weight

Identifier = Annotated[str, Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
Kind = Literal["numeric", "exact", "symbolic"]
#: Gradescope's four levels: shown now; never shown to students; shown after the due date; after grades are published
Visibility = Literal["visible", "hidden", "after_due_date", "after_published"]
#: ``file.py:function`` in the assignment folder (instructor code: trusted, run in a child of its own)
FunctionRef = Annotated[str, Meta(pattern=r"^[^:]+\.py:[A-Za-z_][A-Za-z0-9_]*$", description="file.py:function_name")]

UNSET: Any = msgspec.UNSET


class _Model(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    pass


class Feedback(_Model):
    """Jinja templates shown after a case; variables: expected, observed, message, case."""

    pass_: Annotated[Optional[str], Meta(description="shown when the answer is right")] = msgspec.field(default=None, name="pass")
    fail: Annotated[Optional[str], Meta(description="shown when the answer is wrong")] = None


class Mistake(_Model):
    """A known wrong answer (pasted, or computed by a wrong implementation) and the feedback that explains it.

    Exactly one of ``observed`` (the wrong value) and ``implementation`` (``file.py:function``,
    resolved beside the reference solution, run on each case's inputs in a trusted child, so it
    also catches the mistake on generated cases)."""

    feedback: Annotated[str, Meta(description="Jinja template shown when a student gives this answer")]
    observed: Annotated[Any, Meta(description="the wrong answer, compared with the problem's comparator")] = UNSET
    implementation: Annotated[Optional[FunctionRef], Meta(description="file.py:function beside the reference solution that makes this mistake; run on the same inputs")] = None
    case: Annotated[Optional[str], Meta(description="only for the case with this name")] = None


class DataRef(_Model):
    """An input read by the grader from a file in the assignment folder (the student gets only this part)."""

    data: Annotated[str, Meta(description="a .npy, .npz or .csv file, relative to the assignment folder")]
    key: Annotated[Optional[str], Meta(description="the array in a .npz file, or the column of a .csv file with a header")] = None
    columns: Annotated[Optional[list[str]], Meta(description=".csv with a header: these columns, in order, as a 2-D array")] = None


class ArrayDraw(_Model):
    """A random array: shape (ints or names of params), dtype, distribution."""

    shape: Annotated[Any, Meta(description="list of ints or param names, a param name, or an int")] = []
    dtype: Literal["float64", "float32", "int64", "int32", "bool"] = "float64"
    distribution: Literal["normal", "uniform", "integers"] = "normal"
    mean: Finite = 0.0
    std: NonNegative = 1.0
    low: Annotated[Optional[Finite], Meta(description="uniform: default 0; integers: inclusive, default 0")] = None
    high: Annotated[Optional[Finite], Meta(description="uniform: default 1; integers: inclusive, default 9")] = None
    zeros: Annotated[float, Meta(ge=0, le=1, description="fraction of the entries set to exactly 0 (at least one when > 0)")] = 0.0


class Draw(_Model):
    """How one generated input (or auxiliary param) is made: exactly one key."""

    array: Optional[ArrayDraw] = None
    integers: Annotated[Optional[Annotated[list[Any], Meta(min_length=2, max_length=2)]], Meta(description="[low, high], inclusive; ints or param names")] = None
    uniform: Annotated[Optional[Annotated[list[Any], Meta(min_length=2, max_length=2)]], Meta(description="[low, high) floats")] = None
    normal: Annotated[Optional[Annotated[list[Finite], Meta(min_length=2, max_length=2)]], Meta(description="[mean, std]: one float")] = None
    choice: Annotated[Optional[Annotated[list[Any], Meta(min_length=1)]], Meta(description="one of these values")] = None
    value: Annotated[Any, Meta(description="this literal value (the same in every case)")] = UNSET
    param: Annotated[Optional[str], Meta(description="the value of this param")] = None
    generator: Annotated[Optional[FunctionRef], Meta(description="file.py:function in the assignment folder, called as function(seed, **params) in a trusted child")] = None
    data: Annotated[Optional[str], Meta(description="a .npy/.npz/.csv file in the assignment folder (with key/columns)")] = None
    key: Optional[str] = None
    columns: Optional[list[str]] = None


class Generate(_Model):
    """``count`` cases drawn from a seed: auxiliary ``params`` first, then the ``inputs``."""

    count: Annotated[int, Meta(ge=1, le=10000)]
    inputs: Annotated[dict[str, Draw], Meta(description="argument name -> how it is drawn")]
    params: Annotated[dict[str, Draw], Meta(description="auxiliary draws (sizes...), usable by name in inputs")] = {}
    name: Annotated[Optional[str], Meta(description="case name template: {i} (1-based), {seed} and params, e.g. 'random N={N}'")] = None
    seed: Annotated[Optional[int], Meta(description="a fixed seed: the same cases for every student (default: per student)")] = None
    visibility: Optional[Visibility] = None
    hidden: Annotated[Optional[Annotated[int, Meta(ge=0)]], Meta(description="how many of the count (the last ones) are hidden")] = None
    weight: Annotated[Weight, Meta(description="weight of each generated case")] = 1.0
    options: Annotated[dict[str, Any], Meta(description="comparator options for these cases")] = {}
    timeout: Optional[Seconds] = None


class Part(_Model):
    """One part of a tuple or dict answer, compared on its own, with its weight and messages."""

    name: Annotated[str, Meta(description="shown in messages; also the dict key unless `key` is set")]
    key: Annotated[Optional[Any], Meta(description="index (tuple/list answers) or key (dict answers); default: the position, or the name for dicts")] = None
    weight: Weight = 1.0
    options: Annotated[dict[str, Any], Meta(description="comparator options for this part")] = {}
    pass_: Annotated[Optional[str], Meta(description="Jinja template shown when this part is right")] = msgspec.field(default=None, name="pass")
    fail: Annotated[Optional[str], Meta(description="Jinja template shown when this part is wrong")] = None


class Metric(_Model):
    """A number computed on the trusted side from the student's answer (e.g. test accuracy), mapped to points by ``thresholds``."""

    function: Annotated[str, Meta(description="built-in (accuracy, linear_accuracy, mse, mae) or checks.py:function in the assignment folder")]
    data: Annotated[dict[str, Draw], Meta(description="name -> input for the metric only (e.g. a test split); never sent to the student")] = {}
    higher_is_better: bool = True
    label: Annotated[Optional[str], Meta(description="what the value is called in reports (default: the function name)")] = None


class Case(_Model):
    """One call of the student's function: keyword inputs and the expected result.

    Without ``expected`` (or with ``expected: {from: solution}``) the answer is the reference
    solution's on these inputs. An input may be ``{data: file, key: ...}`` (read by the grader)."""

    expected: Annotated[Any, Meta(description="the right answer, or {from: solution}; default: the problem's `answers` (none for a problem scored by `properties`)")] = UNSET
    visibility: Optional[Visibility] = None
    name: Optional[str] = None
    inputs: Annotated[dict[str, Any], Meta(description="argument name -> value")] = {}
    weight: Annotated[Weight, Meta(description="share of the problem's points, relative to the other cases")] = 1.0
    options: Annotated[dict[str, Any], Meta(description="comparator options for this case")] = {}
    timeout: Annotated[Optional[Seconds], Meta(description="seconds for this call")] = None


class Proof(_Model):
    """What ``grade check`` may let through for this problem, and why (README: grade check)."""

    reason: Annotated[str, Meta(min_length=1, description="why this problem needs it (shown by grade check)")]

    max_stub_share: Annotated[float, Meta(ge=0, le=1, description="largest share of the points a stub (zeros, a constant, the example's answer) may earn; default 0.25")] = 0.25
    allow_mutants: Annotated[list[str], Meta(description="mutants that may earn full marks (e.g. transposed for a symmetric answer)")] = []


CheckRef = Annotated[str, Meta(pattern=r"^[^:]+\.py:[A-Za-z_][A-Za-z0-9_]*$", description="file.py:function in the assignment folder")]
Expression = Annotated[Any, Meta(description="a number, or an expression over the case's inputs and `let` values, e.g. 'sqrt(6 / (fan_in + fan_out))'")]


class Property(_Model):
    """One property of the answer (exactly one of the property keys), or a custom check.

    Expressions use the case's inputs and the problem's ``let`` values (a whitelisted
    evaluator, never Python's ``eval``)."""

    shape: Annotated[Optional[list[Expression]], Meta(description="the answer's shape, e.g. [fan_out, fan_in]")] = None
    dtype: Annotated[Optional[Literal["bool", "int", "float", "complex"]], Meta(description="the kind of values")] = None
    finite: Annotated[Optional[bool], Meta(description="no NaN or inf")] = None
    range: Annotated[Optional[Annotated[list[Expression], Meta(min_length=2, max_length=2)]], Meta(description="[low, high]: every entry within")] = None
    sums_to: Annotated[Expression, Meta(description="the sums along `axis` (default -1: rows)")] = None
    axis: Annotated[Optional[int], Meta(description="the axis of sums_to (default -1)")] = None
    symmetric: Annotated[Optional[bool], Meta(description="a square matrix equal to its transpose")] = None
    mean: Annotated[Expression, Meta(description="the mean of the entries (with atol/rtol)")] = None
    variance: Annotated[Expression, Meta(description="the sample variance of the entries (with atol/rtol)")] = None
    unchanged_under: Annotated[Optional[dict[str, str]], Meta(description="input -> expression: calling again with these inputs gives the same answer")] = None
    reproducible: Annotated[Optional[bool], Meta(description="calling again with the same inputs gives the same answer")] = None
    differs_under: Annotated[Optional[dict[str, str]], Meta(description="input -> expression: calling again with these inputs gives a different answer (e.g. {seed: 'seed + 1'})")] = None
    check: Annotated[Optional[CheckRef], Meta(description="file.py:function: a custom check instead of a property")] = None
    atol: Annotated[Expression, Meta(description="absolute tolerance")] = None
    rtol: Annotated[Expression, Meta(description="relative tolerance")] = None
    when: Annotated[Optional[str], Meta(description="an expression: the property counts only where it is true, e.g. 'fan_in * fan_out >= 2000'")] = None
    name: Annotated[Optional[str], Meta(description="the property's name in reports (default: said from the property)")] = None
    weight: Annotated[Weight, Meta(description="share of the case, relative to the other properties")] = 1.0


class Step(_Model):
    """One step of a scenario on a class: exactly one of new, set, call, get.

    Strings in `new`, `args`, `kwargs` and `set` name the case's inputs; numbers are literal."""

    new: Annotated[Optional[list[Any]], Meta(description="construct the class with these arguments")] = None
    set: Annotated[Optional[dict[str, Any]], Meta(description="attribute -> input: set attributes of the instance")] = None
    call: Annotated[Optional[Identifier], Meta(description="call this method (with args/kwargs)")] = None
    get: Annotated[Optional[Identifier], Meta(description="read this attribute")] = None
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    part: Annotated[Optional[str], Meta(description="the name this step's result is compared under (default: the method or attribute)")] = None
    record: Annotated[bool, Meta(description="compare this step's result (default: true for call and get)")] = True
    weight: Annotated[Weight, Meta(description="share of the case, relative to the other recorded steps")] = 1.0


class Problem(_Model):
    """A problem: a function called on cases, or a module-level value."""

    id: Annotated[Identifier, Meta(description="stable id used in reports and gradebooks")]
    title: Optional[str] = None
    points: Annotated[Points, Meta(description="points for the problem (0 to 1e6)")] = 1.0
    prompt: Annotated[str, Meta(description="Markdown shown to students")] = ""
    target: Annotated[Optional[Identifier], Meta(description="name in the student module (default: id)")] = None
    args: Annotated[Optional[list[str]], Meta(description="parameter order: cases are passed positionally")] = None
    compare: Kind = "numeric"
    options: Annotated[dict[str, Any], Meta(description="comparator options (by compare kind)")] = {}
    partial_credit: Annotated[bool, Meta(description="each case earns its share; false: all cases or nothing")] = True
    array_inputs: Annotated[bool, Meta(description="pass nested numeric lists in inputs as numpy arrays")] = True
    timeout: Annotated[Optional[Seconds], Meta(description="seconds per call")] = None
    cases: Optional[Annotated[list[Case], Meta(min_length=1)]] = None
    generate: Annotated[list[Generate], Meta(description="cases drawn from seeds (per student unless a seed is fixed)")] = []
    answers: Annotated[Optional[Literal["solution"]], Meta(description="cases without `expected` get the reference solution's answer")] = None
    visibility: Annotated[Optional[Visibility], Meta(description="default visibility of this problem's cases (default visible)")] = None
    expected: Annotated[Any, Meta(description="the right value of a module-level name (instead of cases)")] = UNSET
    parts: Annotated[list[Part], Meta(description="a tuple/dict answer compared part by part")] = []
    metric: Optional[Metric] = None
    thresholds: Annotated[dict[Finite, Annotated[float, Meta(ge=0, le=1)]], Meta(description="metric value -> score fraction: the best threshold reached counts (with `metric`)")] = {}
    feedback: Feedback = msgspec.field(default_factory=Feedback)
    mistakes: list[Mistake] = []
    proof: Annotated[Optional[Proof], Meta(description="grade check's mutation-check settings for this problem, with a reason")] = None
    let: Annotated[dict[Identifier, str], Meta(description="name -> expression over the inputs, usable in properties")] = {}
    properties: Annotated[list[Property], Meta(description="properties the answer must have; each a share of the case")] = []
    check: Annotated[Optional[CheckRef], Meta(description="file.py:function in the assignment folder that scores each case")] = None
    explain: Annotated[list[Property], Meta(description="properties and checks run on a wrong answer: their findings become its feedback")] = []
    scenario: Annotated[Optional[Annotated[list[Step], Meta(min_length=1)]], Meta(description="the target is a class: construct, set, call and read, in order")] = None


class Limits(_Model):
    """Resource limits of the process that runs a submission (README: Security model)."""

    memory_mb: Annotated[Optional[Annotated[int, Meta(ge=64, le=1 << 20)]], Meta(description="address-space limit, MiB (default 2048)")] = None
    cpu_seconds: Annotated[Optional[Annotated[int, Meta(ge=1, le=int(MAX_SECONDS))]], Meta(description="CPU seconds for the whole submission (default 120)")] = None
    wall_seconds: Annotated[Optional[Seconds], Meta(description="wall-clock seconds for the whole submission (default 300)")] = None
    output_bytes: Annotated[Optional[Annotated[int, Meta(ge=0, le=1 << 30)]], Meta(description="bytes kept from the head and from the tail of each output stream (default 8192)")] = None
    file_size_mb: Annotated[Optional[Annotated[int, Meta(ge=1, le=1 << 20)]], Meta(description="largest file the submission may write, MiB (default 64)")] = None
    max_open_files: Annotated[Optional[Annotated[int, Meta(ge=16, le=1 << 20)]], Meta(description="open files (default 256)")] = None
    max_processes: Annotated[Optional[Annotated[int, Meta(ge=1, le=1 << 16)]], Meta(description="processes (default 64)")] = None


class Defaults(_Model):
    """Settings every problem inherits unless it sets its own."""

    timeout: Annotated[Seconds, Meta(description="seconds per call")] = 5.0
    import_timeout: Annotated[Seconds, Meta(description="seconds to import the submission")] = 10.0
    options: Annotated[dict[Kind, dict[str, Any]], Meta(description="comparator options by compare kind")] = {}
    limits: Limits = msgspec.field(default_factory=Limits)


class AssignmentFile(_Model):
    """assignment.yaml: the assignment's title, defaults and its problems in order."""

    title: str
    problems: Annotated[list[str], Meta(min_length=1, description="problem files, relative to this folder, in order")]
    description: str = ""
    solution: Annotated[Optional[str], Meta(description="reference solution, relative to this file")] = None
    seed: Annotated[Optional[int], Meta(description="base of every generated case's seed (default: from the assignment's name)")] = None
    defaults: Defaults = msgspec.field(default_factory=Defaults)


def field_names(struct: type[msgspec.Struct]) -> list[str]:
    """The keys a YAML mapping for ``struct`` may use."""
    return list(struct.__struct_encode_fields__)
