"""Plain-data codec between the grader and the child that runs student code.

The child turns whatever the student returned into *wire data* (JSON-compatible
values and a few tagged objects) with :func:`encode`, which trusts nothing about
the object: only exact built-in types, numpy arrays of numeric dtype (copied
into a base-class array) and SymPy objects (sent as text) pass; anything else
becomes :class:`Unsupported`. The parent rebuilds values with :func:`decode`,
which validates every node against :class:`Limits`. Nothing is ever unpickled
or evaluated.
"""

from __future__ import annotations

import binascii
import math
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.sandbox import foreign
from grader.sandbox.pristine import pristine_builtins

#: dtype kinds that may cross the boundary: bool, signed, unsigned, float, complex
NUMERIC_KINDS = frozenset("biufc")

# bound now, before any student code runs: a submission may replace module attributes (the child
# runs a sealed copy of this module, with builtins of its own: see grader.sandbox.sealed)
_NDARRAY, _GENERIC = np.ndarray, np.generic
_asarray, _ascontiguousarray, _frombuffer, _dtype = np.asarray, np.ascontiguousarray, np.frombuffer, np.dtype
_isfinite, _prod = math.isfinite, math.prod
_b2a, _a2b = binascii.b2a_base64, binascii.a2b_base64
_sys_modules_get = sys.modules.get
_type_getattr = type.__getattribute__
_dict_items, _list_iter, _tuple_iter = dict.items, list.__iter__, tuple.__iter__


class WireError(ValueError):
    """Wire data that is malformed or exceeds the limits."""


@dataclass(frozen=True)
class Limits:
    """Bounds on what one value may hold, checked on both sides."""

    max_depth: int = 32
    max_items: int = 1_000_000  # list/dict entries plus array elements, in total
    max_bytes: int = 64 * 2**20  # array payload plus string lengths, in total
    max_int_digits: int = 4300


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, eq=False)
class SympyText:
    """A SymPy object sent as text; parsed by the symbolic comparator's whitelist.

    A number or a matrix of numbers also comes evaluated (``numeric``), for numeric problems."""

    text: str
    cls: str  # the SymPy class name, for messages ("Add", "MutableDenseMatrix", ...)
    numeric: Any = None  # a numpy array (0-d for a number), or None

    def __eq__(self, other: object) -> bool:
        return type(other) is SympyText and (self.text, self.cls) == (other.text, other.cls)

    def __hash__(self) -> int:
        return hash((self.text, self.cls))


class SourceArray(np.ndarray):
    """A numpy array converted from another library's type in the child (a torch tensor, a
    pandas DataFrame, ...); ``source`` says which, with its dtype (``{"type": "torch.Tensor",
    "dtype": "torch.float32"}``), for messages and dtype-aware default tolerances."""

    source: dict[str, str]

    def __array_finalize__(self, obj: Any) -> None:
        self.source = dict(getattr(obj, "source", {}) or {})


@dataclass(frozen=True)
class Unsupported:
    """A value of a type the grader does not accept; compared as wrong with a clear message."""

    type_name: str
    reason: str = ""

    def __str__(self) -> str:
        return f"<unsupported type {self.type_name}{': ' + self.reason if self.reason else ''}>"


_SCALARS = (bool, int, float, str, type(None))


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.items = 0
        self.bytes = 0

    def enter(self, depth: int) -> None:
        if depth > self.limits.max_depth:
            raise WireError(f"value is nested deeper than {self.limits.max_depth} levels")

    def check_int(self, value: int) -> int:
        if value.bit_length() > self.limits.max_int_digits * 3.33:
            raise WireError(f"integer has more than {self.limits.max_int_digits} digits")
        return value

    def spend(self, items: int = 0, nbytes: int = 0) -> None:
        self.items += items
        self.bytes += nbytes
        if self.items > self.limits.max_items:
            raise WireError(f"value has more than {self.limits.max_items} elements")
        if self.bytes > self.limits.max_bytes:
            raise WireError(f"value is larger than {self.limits.max_bytes // 2**20} MiB")


# --------------------------------------------------------------------- encode (child side)


def encode(obj: Any, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Wire data for ``obj``; never raises for odd objects, they become ``unsupported``."""
    return _encode(obj, _Budget(limits), 0)


def _encode(obj: Any, budget: _Budget, depth: int) -> Any:
    budget.enter(depth)
    t = type(obj)  # exact type: subclasses may lie in __eq__, __float__, __iter__...
    if t is bool or obj is None:
        return obj
    if t is int:
        return budget.check_int(obj)
    if t is float:
        return _float(obj)
    if t is str:
        budget.spend(1, len(obj))
        return obj
    if t is complex:
        return {"t": "complex", "re": _float(obj.real), "im": _float(obj.imag)}
    if t is list or t is tuple:
        budget.spend(len(obj))
        items = _list_iter(obj) if t is list else _tuple_iter(obj)
        return {"t": t.__name__, "v": [_encode(x, budget, depth + 1) for x in items]}
    if t is dict:
        budget.spend(len(obj))
        pairs = []
        for k, v in _dict_items(obj):
            if type(k) not in (str, int, bool, float):
                return _unsupported(obj, f"dict key of type {type(k).__name__}")
            pairs.append([_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)])
        return {"t": "dict", "v": pairs}
    if t is set or t is frozenset:
        budget.spend(len(obj))
        items = [_encode(x, budget, depth + 1) for x in (set.__iter__(obj) if t is set else frozenset.__iter__(obj))]
        return {"t": "set", "v": items}
    mro = _type_getattr(t, "__mro__")
    if _NDARRAY in mro or _GENERIC in mro:
        return _encode_numpy(obj, budget, _GENERIC in mro)
    try:
        found = foreign.convert(obj)
    except foreign.NotConvertible as exc:
        return _unsupported(obj, str(exc))
    if found is not None:
        array, source = found
        if type(array) is not _NDARRAY:
            return _unsupported(obj, "its conversion did not give a numpy array")
        wire = _encode_numpy(array, budget, False)
        if wire.get("t") == "ndarray":
            wire["source"] = {"type": str(source.get("type", ""))[:100], "dtype": str(source.get("dtype", ""))[:100]}
        return wire
    sympy_text = _sympy_text(obj)
    if sympy_text is not None:
        budget.spend(1, len(sympy_text["text"]))
        return sympy_text
    return _unsupported(obj)


def _float(x: float) -> Any:
    return x if _isfinite(x) else {"t": "float", "v": float.__repr__(x)}


def _unsupported(obj: Any, reason: str = "") -> dict[str, str]:
    return {"t": "unsupported", "type": foreign.type_name(type(obj))[:200], "reason": reason}


def _encode_numpy(obj: Any, budget: _Budget, scalar: bool) -> Any:
    arr = _asarray(_GENERIC.__array__(obj)) if scalar else _NDARRAY.view(obj, _NDARRAY)
    if arr.dtype.kind not in NUMERIC_KINDS or arr.dtype.fields is not None:
        return _unsupported(obj, f"numpy dtype {arr.dtype.str} is not numeric")
    budget.spend(int(arr.size), int(arr.nbytes))
    data = _ascontiguousarray(arr).tobytes()
    return {
        "t": "npscalar" if scalar else "ndarray",
        "dtype": arr.dtype.str,
        "shape": list(arr.shape),
        "b64": _b2a(data, newline=False).decode("ascii"),
    }


def _sympy_text(obj: Any) -> dict[str, str] | None:
    sympy = _sys_modules_get("sympy")
    if sympy is None:
        return None
    mro = _type_getattr(type(obj), "__mro__")
    kinds = (sympy.Basic, sympy.MatrixBase)
    if not any(k in mro for k in kinds):
        return None
    with pristine_builtins():
        from sympy.printing.str import StrPrinter

        text = StrPrinter({"full_prec": True}).doprint(obj)
        numeric = foreign.sympy_numeric(obj, sympy)
    if type(text) is not str:
        return _unsupported(obj, "SymPy printer did not return text")
    wire = {"t": "sympy", "text": text, "cls": _type_getattr(type(obj), "__name__")}
    if type(numeric) is _NDARRAY and numeric.dtype.kind in NUMERIC_KINDS:
        wire["numeric"] = _encode_numpy(numeric, _Budget(DEFAULT_LIMITS), False)
    return wire


# --------------------------------------------------------------------- decode (either side)


def decode(wire: Any, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The value described by ``wire``; raises :class:`WireError` for anything malformed."""
    return _decode(wire, _Budget(limits), 0)


def _decode(w: Any, budget: _Budget, depth: int) -> Any:
    budget.enter(depth)
    t = type(w)
    if w is None or t is bool or t is float:
        return w
    if t is int:
        return budget.check_int(w)
    if t is str:
        budget.spend(1, len(w))
        return w
    if t is not dict:
        raise WireError(f"unexpected wire node of type {t.__name__}")
    tag = w.get("t")
    if tag in ("list", "tuple"):
        items = _field(w, "v", list)
        budget.spend(len(items))
        values = [_decode(x, budget, depth + 1) for x in items]
        return values if tag == "list" else tuple(values)
    if tag == "dict":
        pairs = _field(w, "v", list)
        budget.spend(len(pairs))
        out: dict[Any, Any] = {}
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("dict entry is not a [key, value] pair")
            key = _decode(pair[0], budget, depth + 1)
            if type(key) not in (str, int, bool, float):
                raise WireError("dict key is not a str, int, bool or float")
            out[key] = _decode(pair[1], budget, depth + 1)
        return out
    if tag == "float":
        text = _field(w, "v", str)
        if text not in ("nan", "inf", "-inf"):
            raise WireError(f"bad special float {text[:20]!r}")
        return float(text)
    if tag == "complex":
        return complex(_decode(w.get("re"), budget, depth + 1), _decode(w.get("im"), budget, depth + 1))
    if tag in ("ndarray", "npscalar"):
        array = _decode_numpy(w, budget, scalar=tag == "npscalar")
        source = w.get("source")
        if tag == "ndarray" and source is not None:
            if type(source) is not dict or any(type(source.get(k)) is not str for k in ("type", "dtype")):
                raise WireError("bad array source")
            array = array.view(SourceArray)
            array.source = {"type": source["type"][:100], "dtype": source["dtype"][:100]}
        return array
    if tag == "set":
        items = _field(w, "v", list)
        budget.spend(len(items))
        try:
            return set(_decode(x, budget, depth + 1) for x in items)
        except TypeError:
            raise WireError("a set element is not hashable") from None
    if tag == "sympy":
        text = _field(w, "text", str)
        budget.spend(1, len(text))
        numeric = None
        if w.get("numeric") is not None:
            numeric = _decode(w["numeric"], budget, depth + 1)
            if type(numeric) is not np.ndarray:
                raise WireError("bad numeric value of a SymPy object")
        return SympyText(text, _field(w, "cls", str)[:100], numeric)
    if tag == "unsupported":
        return Unsupported(_field(w, "type", str)[:200], str(w.get("reason", ""))[:200])
    raise WireError(f"unknown wire tag {str(tag)[:40]!r}")


def _field(w: dict[str, Any], name: str, kind: type) -> Any:
    v = w.get(name)
    if type(v) is not kind:
        raise WireError(f"wire field {name!r} is not a {kind.__name__}")
    return v


def _decode_numpy(w: dict[str, Any], budget: _Budget, scalar: bool) -> Any:
    try:
        dtype = _dtype(_field(w, "dtype", str))
    except TypeError as exc:
        raise WireError(f"bad dtype: {exc}") from None
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None or dtype.hasobject:
        raise WireError(f"dtype {dtype.str} is not numeric")
    shape = _field(w, "shape", list)
    if len(shape) > 32 or any(type(n) is not int or n < 0 for n in shape):
        raise WireError("bad array shape")
    size = _prod(shape)
    nbytes = size * dtype.itemsize
    budget.spend(size, nbytes)
    b64 = _field(w, "b64", str)
    if len(b64) > 4 * (nbytes + 2) // 3 + 4:
        raise WireError("array payload larger than its shape")
    try:
        raw = _a2b(b64)
    except (ValueError, binascii.Error):
        raise WireError("array payload is not base64") from None
    if _b2a(raw, newline=False).decode("ascii") != b64:  # a2b skips stray characters: insist on the canonical text
        raise WireError("array payload is not base64")
    if len(raw) != nbytes:
        raise WireError(f"array payload has {len(raw)} bytes, shape and dtype need {nbytes}")
    arr = _frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return arr[()] if scalar else arr
