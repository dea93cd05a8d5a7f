"""Compact display of case inputs and answers: small arrays in full, large ones summarised.

A student needs the input that produced a wrong answer, but a 64x64 image printed in full
buries the report; so a value is shown whole while it is small, and otherwise by its shape,
element type, range and first few values. The text is plain; each format escapes it.
"""

from __future__ import annotations

from typing import Any

FULL_ELEMENTS = 36  # arrays up to this many numbers are shown in full
FULL_CHARS = 160  # ... if their text fits in this many characters
SHOWN = 6  # values shown of a larger array
STRING_CHARS = 80


def brief(value: Any) -> str:
    """``value`` (plain JSON data, as in the result) in at most a line or two."""
    shape = _shape(value)
    if shape is not None and len(shape) >= 1:
        flat = list(_flatten(value))
        text = _literal(value)
        if len(flat) <= FULL_ELEMENTS and len(text) <= FULL_CHARS:
            return text
        return _summary(shape, flat)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {brief(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        text = _literal(value)
        return text if len(text) <= FULL_CHARS else f"list of {len(value)}: {text[:FULL_CHARS - 3]}..."
    if isinstance(value, str):
        quoted = repr(value)
        return quoted if len(quoted) <= STRING_CHARS else f"{quoted[:STRING_CHARS - 3]}... ({len(value)} characters)"
    return _literal(value)


def _shape(value: Any) -> tuple[int, ...] | None:
    """The shape of a rectangular nested list of numbers, else None."""
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return ()
    if not isinstance(value, list) or not value:
        return None
    inner = [_shape(v) for v in value]
    if any(s is None for s in inner) or len(set(inner)) != 1:
        return None
    return (len(value), *inner[0])


def _flatten(value: Any) -> Any:
    if isinstance(value, list):
        for v in value:
            yield from _flatten(v)
    else:
        yield value


def _kind(flat: list[Any]) -> str:
    if all(isinstance(v, bool) for v in flat):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in flat):
        return "int"
    return "float"


def _summary(shape: tuple[int, ...], flat: list[Any]) -> str:
    from grader.report.templating import num

    numbers = [float(v) for v in flat]
    head = ", ".join(num(v) for v in flat[:SHOWN])
    dims = ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "")
    return f"shape ({dims}) {_kind(flat)}, values {num(min(numbers))} to {num(max(numbers))}: [{head}, ...]"


def _literal(value: Any) -> str:
    from grader.report.templating import num

    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value)
    return num(value)
