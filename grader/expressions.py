"""A tiny, safe evaluator for the expressions instructors write in YAML (``sqrt(6 / (fan_in + fan_out))``).

YAML text is never given to ``eval``: it is parsed with ``ast.parse`` and walked with a
whitelist: numbers, names bound by the caller (a case's inputs, ``let`` values), the
arithmetic operators, comparisons, ``and``/``or``/``not``, a conditional, ``x[i]`` indexing
with integers, ``.T``/``.shape``/``.size``/``.ndim``, and a few numpy functions. Values may
be numbers or numpy arrays (elementwise). Bounds: 500 characters, 200 syntax nodes, a power's
exponent at most 1000 in magnitude.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import numpy as np

MAX_LENGTH = 500
MAX_NODES = 200
MAX_EXPONENT = 1000

FUNCTIONS: dict[str, Any] = {
    "sqrt": np.sqrt, "exp": np.exp, "log": np.log, "abs": np.abs, "sin": np.sin, "cos": np.cos, "tanh": np.tanh,
    "min": np.min, "max": np.max, "sum": np.sum, "mean": np.mean, "prod": np.prod, "len": len,
    "transpose": np.transpose, "flip": np.flip, "float": float, "int": int, "round": np.round,
}
CONSTANTS = {"pi": math.pi, "e": math.e, "inf": math.inf, "True": True, "False": False}
ATTRIBUTES = {"T", "shape", "size", "ndim"}
_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
_CMP = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
        ast.Eq: operator.eq, ast.NotEq: operator.ne}


class ExpressionError(ValueError):
    """An expression that is not allowed, names an unknown value, or fails to evaluate."""


@lru_cache(maxsize=512)
def parse(text: str) -> ast.Expression:
    """The checked syntax tree of ``text`` (raises :class:`ExpressionError` with what is not allowed)."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        raise ExpressionError(f"an expression is a string of at most {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"{text!r} is not an expression ({exc.msg}, column {exc.offset})") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(f"{text!r} has more than {MAX_NODES} parts")
    for node in nodes:
        _allowed(node, text)
    return tree


def names(text: str) -> set[str]:
    """The value names ``text`` uses (not functions or constants)."""
    tree = parse(text)
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in called and n.id not in CONSTANTS}


def evaluate(value: Any, env: Mapping[str, Any]) -> Any:
    """``value`` evaluated in ``env`` when it is a string; numbers (and lists of them) as they are."""
    if isinstance(value, str):
        return _eval(parse(value).body, env, value)
    if isinstance(value, list):
        return [evaluate(v, env) for v in value]
    return value


def _allowed(node: ast.AST, text: str) -> None:
    ok = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp,
          ast.IfExp, ast.Call, ast.Subscript, ast.Attribute, ast.Tuple, ast.Slice, ast.And, ast.Or, ast.Not,
          ast.USub, ast.UAdd, *_BIN, *_CMP)
    if not isinstance(node, ok):
        raise ExpressionError(f"{text!r}: {type(node).__name__} is not allowed in an expression")
    if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)) and node.value is not None:
        raise ExpressionError(f"{text!r}: only numbers may be written literally")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
            raise ExpressionError(f"{text!r}: calls are limited to {', '.join(sorted(FUNCTIONS))} (no keywords)")
    if isinstance(node, ast.Attribute) and node.attr not in ATTRIBUTES:
        raise ExpressionError(f"{text!r}: .{node.attr} is not allowed (only {', '.join(sorted(ATTRIBUTES))})")


def _eval(node: ast.AST, env: Mapping[str, Any], text: str) -> Any:
    try:
        return _walk(node, env, text)
    except ExpressionError:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. a shape mismatch
        raise ExpressionError(f"{text!r} could not be evaluated: {type(exc).__name__}: {exc}") from None


def _walk(node: ast.AST, env: Mapping[str, Any], text: str) -> Any:
    w = lambda n: _walk(n, env, text)  # noqa: E731
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise ExpressionError(f"{text!r} uses {node.id!r}, which is not defined here; known: {', '.join(sorted(env)) or 'nothing'}")
    if isinstance(node, ast.BinOp):
        left, right = w(node.left), w(node.right)
        if isinstance(node.op, ast.Pow) and np.max(np.abs(np.asarray(right, dtype=float))) > MAX_EXPONENT:
            raise ExpressionError(f"{text!r}: exponents are limited to {MAX_EXPONENT}")
        return _BIN[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        v = w(node.operand)
        return (not v) if isinstance(node.op, ast.Not) else (-v if isinstance(node.op, ast.USub) else +v)
    if isinstance(node, ast.Compare):
        left = w(node.left)
        for op, right_node in zip(node.ops, node.comparators):
            right = w(right_node)
            if not bool(np.all(_CMP[type(op)](left, right))):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        values = [bool(np.all(w(v))) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.IfExp):
        return w(node.body) if bool(np.all(w(node.test))) else w(node.orelse)
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*[w(a) for a in node.args])  # type: ignore[union-attr]
    if isinstance(node, ast.Attribute):
        return getattr(np.asarray(w(node.value)), node.attr)
    if isinstance(node, ast.Subscript):
        return np.asarray(w(node.value))[w(node.slice)]
    if isinstance(node, ast.Slice):
        return slice(*(None if p is None else int(w(p)) for p in (node.lower, node.upper, node.step)))
    if isinstance(node, ast.Tuple):
        return tuple(w(e) for e in node.elts)
    raise ExpressionError(f"{text!r}: {type(node).__name__} is not allowed")
