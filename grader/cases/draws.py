"""Declarative draws: the values of one generated case, from its seed.

Params are drawn first, in order (so a size ``N`` can shape an array); then the inputs. Each
value has its own stream (``numpy.random.default_rng([seed, i])``), so adding an input does not
change the others. An input made by an instructor's generator function is left as a
:class:`GeneratorCall`, which :mod:`grader.cases` runs in a trusted child.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grader.cases import data
from grader.spec import models


@dataclass(frozen=True)
class GeneratorCall:
    """``function(seed, **params)`` of ``file`` (in the assignment folder), still to be run."""

    ref: str
    seed: int
    params: tuple[tuple[str, Any], ...]


def draw_case(g: models.Generate, seed: int, root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(params, inputs) of one case of block ``g``."""
    params: dict[str, Any] = {}
    for i, (name, d) in enumerate(g.params.items()):
        params[name] = draw(d, np.random.default_rng([seed, 0, i]), params, root, seed)
    inputs: dict[str, Any] = {}
    for i, (name, d) in enumerate(g.inputs.items()):
        inputs[name] = draw(d, np.random.default_rng([seed, 1, i]), params, root, seed)
    return params, inputs


def random(d: models.Draw) -> bool:
    """Whether drawing ``d`` needs a random generator (data files, values and params do not)."""
    return any(x is not None for x in (d.array, d.integers, d.uniform, d.normal, d.choice))


def draw(d: models.Draw, rng: np.random.Generator | None, params: dict[str, Any], root: Path, seed: int) -> Any:
    """One value of draw ``d`` (loader-checked: exactly one kind is set)."""
    if d.array is not None:
        return _array(d.array, rng, params)
    if d.integers is not None:
        lo, hi = (int(_ref(v, params)) for v in d.integers)
        return int(rng.integers(lo, hi, endpoint=True))
    if d.uniform is not None:
        lo, hi = (float(_ref(v, params)) for v in d.uniform)
        return float(rng.uniform(lo, hi))
    if d.normal is not None:
        return float(rng.normal(d.normal[0], d.normal[1]))
    if d.choice is not None:
        return _plain(d.choice[int(rng.integers(len(d.choice)))])
    if d.param is not None:
        return params[d.param]
    if d.generator is not None:
        return GeneratorCall(d.generator, seed, tuple((k, _plain(v)) for k, v in params.items()))
    if d.data is not None:
        return data.load(root, d.data, d.key, d.columns)
    return _plain(d.value)


def _ref(value: Any, params: dict[str, Any]) -> Any:
    return params[value] if isinstance(value, str) else value


def _shape(spec: Any, params: dict[str, Any]) -> tuple[int, ...]:
    spec = _ref(spec, params)
    if isinstance(spec, (int, np.integer)):
        return (int(spec),)
    out = []
    for s in spec:
        s = _ref(s, params)
        if isinstance(s, (list, tuple)):  # a param that holds a whole shape, inside a list
            out.extend(int(x) for x in s)
        else:
            out.append(int(s))
    return tuple(out)


def _array(a: models.ArrayDraw, rng: np.random.Generator, params: dict[str, Any]) -> np.ndarray:
    shape = _shape(a.shape, params)
    if a.distribution == "normal":
        arr = rng.normal(a.mean, a.std, size=shape)
    elif a.distribution == "uniform":
        arr = rng.uniform(0.0 if a.low is None else a.low, 1.0 if a.high is None else a.high, size=shape)
    else:
        arr = rng.integers(int(0 if a.low is None else a.low), int(9 if a.high is None else a.high), size=shape, endpoint=True)
    if a.zeros > 0 and arr.size:
        n = max(1, int(round(a.zeros * arr.size)))
        flat = arr.reshape(-1)
        flat[rng.choice(arr.size, size=min(n, arr.size), replace=False)] = 0
    return arr.astype(a.dtype)


def _plain(value: Any) -> Any:
    """A YAML literal as an input: numeric nested lists become arrays (as literal case inputs do)."""
    if isinstance(value, list):
        try:
            arr = np.asarray(value)
        except ValueError:
            return value
        if arr.dtype.kind in "biuf":
            return arr
    return value
