"""JSON Schemas: problem files and assignment.yaml (from the models), and the JSON result."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

SCHEMA_ID = "https://grader.invalid/schema/{}.schema.json"


def schema(which: str) -> dict[str, Any]:
    """The JSON Schema for ``which``: "problem", "assignment" or "result"."""
    if which == "result":
        return json.loads(resources.files("grader.report").joinpath("result.schema.json").read_text("utf-8"))
    from grader.spec import models

    model = {"problem": models.Problem, "assignment": models.AssignmentFile}[which]
    import msgspec.json

    data = msgspec.json.schema(model)
    ref = data.pop("$ref", "")
    if ref.startswith("#/$defs/"):  # make the root a schema of its own, not a reference
        root = data["$defs"].pop(ref.rsplit("/", 1)[1])
        root["$defs"] = data["$defs"]
        data = root
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = SCHEMA_ID.format(which)
    return data


def schema_json(which: str) -> str:
    return json.dumps(schema(which), indent=2) + "\n"
