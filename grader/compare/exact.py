"""Exact answers: bools, ints, strings and lists/dicts/sets of them.

A set answer is compared with the expected list (YAML has no sets) as a set: order and
repeats do not count (with ``strict_types``, a set is not a list).

Numpy scalars and arrays count as their Python equivalents, integer-valued
floats as ints and tuples as lists, unless ``strict_types``; a bool is never
an int. A mismatch names the first place it differs (``['shapes'][2]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from grader.compare.coerce import describe, to_plain
from grader.compare.verdict import Verdict, failed, passed
from grader.sandbox.values import SympyText, Unsupported


class _Differ(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


def compare(expected: Any, observed: Any, options: Mapping[str, Any]) -> Verdict:
    """Equal, after the coercions described above, or the first difference."""
    try:
        _equal(expected, observed, "", options)
    except _Differ as d:
        where = f"at {d.path}: " if d.path else ""
        return failed(f"{where}{d}", path=d.path)
    return passed()


def _equal(exp: Any, obs: Any, path: str, options: Mapping[str, Any]) -> None:
    strict = bool(options.get("strict_types", False))
    if isinstance(obs, (Unsupported, SympyText)):
        raise _Differ(path, f"expected {_show(exp)}, got {describe(obs)}")
    if isinstance(obs, (set, frozenset)) and not (strict and not isinstance(exp, (set, frozenset))):
        _equal_sets(exp, obs, path)
        return
    if not strict:
        obs = to_plain(obs)
        if isinstance(obs, tuple):
            obs = list(obs)
        if isinstance(exp, tuple):
            exp = list(exp)
    if isinstance(exp, bool) or isinstance(obs, bool):
        if type(obs) is not type(exp) or obs != exp:
            raise _Differ(path, f"expected {_show(exp)}, got {describe(obs) if type(obs) is not type(exp) else _show(obs)}")
        return
    if isinstance(exp, int) and isinstance(obs, float) and not strict and obs.is_integer():
        obs = int(obs)
    if isinstance(exp, str) and isinstance(obs, str):
        e, o = exp, obs
        if options.get("strip", True):
            e, o = e.strip(), o.strip()
        if not options.get("case_sensitive", True):
            e, o = e.casefold(), o.casefold()
        if e != o:
            raise _Differ(path, f"expected {exp!r}, got {obs!r}")
        return
    if isinstance(exp, dict):
        if not isinstance(obs, dict):
            raise _Differ(path, f"expected a dict, got {describe(obs)}")
        missing = [k for k in exp if k not in obs]
        extra = [k for k in obs if k not in exp]
        if missing:
            raise _Differ(path, f"missing key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
        if extra:
            raise _Differ(path, f"unexpected key{'s' if len(extra) > 1 else ''} {', '.join(map(repr, extra))}")
        for k in exp:
            _equal(exp[k], obs[k], f"{path}[{k!r}]", options)
        return
    if isinstance(exp, (list, tuple)):
        if strict and type(obs) is not type(exp):
            raise _Differ(path, f"expected a {type(exp).__name__}, got {describe(obs)}")
        if not isinstance(obs, (list, tuple)):
            raise _Differ(path, f"expected a list of {len(exp)} items, got {describe(obs)}")
        if len(obs) != len(exp):
            raise _Differ(path, f"expected {len(exp)} items, got {len(obs)}")
        for i, (e, o) in enumerate(zip(exp, obs)):
            _equal(e, o, f"{path}[{i}]", options)
        return
    if strict and type(obs) is not type(exp):
        raise _Differ(path, f"expected {type(exp).__name__} {_show(exp)}, got {describe(obs)}")
    if type(obs) not in (int, float, complex, str, type(None)) and not isinstance(obs, np.generic):
        raise _Differ(path, f"expected {_show(exp)}, got {describe(obs)}")
    if isinstance(exp, (int, float)) != isinstance(obs, (int, float)) or obs != exp:
        raise _Differ(path, f"expected {_show(exp)}, got {describe(obs) if type(obs) is not type(exp) and not isinstance(obs, (int, float)) else _show(obs)}")


def _equal_sets(exp: Any, obs: Any, path: str) -> None:
    if not isinstance(exp, (list, tuple, set, frozenset)):
        raise _Differ(path, f"expected {_show(exp)}, got {describe(obs)}")
    try:
        want = {_hashable(x) for x in exp}
    except TypeError:
        raise _Differ(path, f"expected {_show(exp)}, got {describe(obs)}") from None
    got = {_hashable(x) for x in obs}
    missing, extra = want - got, got - want
    if missing or extra:
        parts = ([f"missing {_show(sorted(missing, key=repr))}"] if missing else []) + (
            [f"unexpected {_show(sorted(extra, key=repr))}"] if extra else [])
        raise _Differ(path, "the set differs: " + ", ".join(parts))


def _hashable(x: Any) -> Any:
    """Lists as tuples (recursively), so that a list of pairs can be compared with a set of tuples."""
    if isinstance(x, (list, tuple)):
        return tuple(_hashable(v) for v in x)
    if isinstance(x, bool):
        return ("bool", x)  # True is not 1
    return x


def _show(x: Any) -> str:
    text = repr(x)
    return text if len(text) <= 80 else text[:77] + "..."
