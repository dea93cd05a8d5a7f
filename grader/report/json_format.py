"""The canonical JSON result (schema: README, "JSON result"; ``grade schema --result``)."""

from __future__ import annotations

import json
from typing import Any


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
