"""The canonical JSON result (schema: README, "JSON result"; ``grade schema --result``)."""

from __future__ import annotations

from typing import Any

import msgspec


def render(result: dict[str, Any], *, color: bool = False) -> str:
    """Indented UTF-8 JSON of ``result`` (plain data: :meth:`GradeResult.to_dict` has already made
    non-finite numbers strings). msgspec rather than ``json``: with an indent, ``json`` encodes in
    pure Python, 10x slower on a result that holds arrays (0.4 s for a 1.4 MB one)."""
    return msgspec.json.format(msgspec.json.encode(result), indent=2).decode() + "\n"
