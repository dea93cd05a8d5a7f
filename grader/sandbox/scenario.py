"""Child side of a stateful scenario: construct a student's class, then set, call and read, in order.

Runs inside the child that imported the submission (never in the grader). The instance
lives only here; each step whose result is recorded (``part``) is encoded to wire data
right after the step, by :func:`grader.sandbox.values.encode`, so a later step that
mutates an array it returned earlier cannot change what was recorded. A step that raises
ends the scenario: the parts recorded so far are kept and the failing step is reported.

The steps arrive as wire data from the grader (already resolved to values)::

    [{"do": "new", "args": [3, 2], "kwargs": {}},
     {"do": "set", "name": "W", "value": <array>},
     {"do": "call", "name": "forward", "args": [<array>], "kwargs": {}, "part": "forward"},
     {"do": "get", "name": "dW", "part": "dW"}]

and the value sent back is ``{"parts": {part: value, ...}, "failed": None | {"step": i,
"error": {type, message, traceback}}}``.
"""

from __future__ import annotations

import builtins
from typing import Any

from grader.sandbox import values

# bound before any student code runs: a submission may replace the builtins
_getattr, _setattr, _callable = builtins.getattr, builtins.setattr, builtins.callable
_type, _len, _str, _list, _dict = builtins.type, builtins.len, builtins.str, builtins.list, builtins.dict
_isidentifier = str.isidentifier
MAX_STEPS = 200
OPS = ("new", "set", "call", "get")


class StepError(Exception):
    """A malformed step (the grader's own error, never the student's)."""


def run(cls: Any, steps_wire: Any, limits: values.Limits, describe: Any, encode: Any = values.encode) -> Any:
    """Run the scenario on the student's ``cls``; returns the wire value described above.

    ``describe(exc)`` turns an exception the student's code raised into ``{type, message,
    traceback}``; ``encode`` is the child's encoder (run with the pristine builtins)."""
    steps = values.decode(steps_wire, limits)
    if _type(steps) is not _list or _len(steps) > MAX_STEPS:
        raise StepError(f"a scenario is a list of at most {MAX_STEPS} steps")
    parts: list[list[Any]] = []
    failed: Any = None
    instance: Any = None
    for i, step in enumerate(steps):
        do, name, args, kwargs, part = _parse(step, i)
        try:
            if do == "new":
                instance = cls(*args, **kwargs)
                result = instance
            elif instance is None:
                raise StepError(f"step {i + 1} ({do}) comes before the instance is made (`new`)")
            elif do == "set":
                _setattr(instance, name, step["value"])
                result = None
            elif do == "get":
                result = _getattr(instance, name)
            else:
                method = _getattr(instance, name)
                if not _callable(method):
                    raise TypeError(f"`{name}` should be a method, but it is a {_type(method).__name__}")
                result = method(*args, **kwargs)
        except StepError:
            raise
        except BaseException as exc:  # noqa: BLE001 - the student's code raised at this step
            failed = {"t": "dict", "v": [["step", i], ["error", encode(_error(describe(exc)), limits)]]}
            break
        if part is not None:
            parts.append([part, encode(result, limits)])
    return {"t": "dict", "v": [["parts", {"t": "dict", "v": parts}], ["failed", failed]]}


def _parse(step: Any, i: int) -> tuple[str, str, tuple[Any, ...], dict[str, Any], str | None]:
    if _type(step) is not _dict or step.get("do") not in OPS:
        raise StepError(f"step {i + 1} is not one of {', '.join(OPS)}")
    do = step["do"]
    name = step.get("name", "")
    if do != "new" and (_type(name) is not _str or not _isidentifier(name)):
        raise StepError(f"step {i + 1} ({do}) needs an attribute name")
    args = step.get("args", [])
    kwargs = step.get("kwargs", {})
    part = step.get("part")
    if _type(args) is not _list or _type(kwargs) is not _dict or (part is not None and _type(part) is not _str):
        raise StepError(f"step {i + 1} ({do}) has malformed arguments")
    return do, name, tuple(args), kwargs, part


def _error(err: dict[str, Any]) -> dict[str, str]:
    return {k: _str(err.get(k, "")) for k in ("type", "message", "traceback")}
