"""Gradescope autograder ``results.json``: one test per problem, scores in points."""

from __future__ import annotations

import json
from typing import Any

from grader.report.templating import environment

_STATUS = {"passed": "passed"}
#: how Gradescope shows ``output``: literally (student text may hold HTML; "simple_format", the default, renders some)
OUTPUT_FORMAT = "text"
TEMPLATE = "gradescope_test.j2"
AUTOESCAPE = False


def _visibility(problem: dict[str, Any]) -> dict[str, str]:
    """Gradescope's ``visibility`` of a test: a problem whose cases are all at one non-visible level gets it."""
    levels = {c.get("visibility", "visible") for c in problem.get("cases", [])}
    return {"visibility": levels.pop()} if len(levels) == 1 and "visible" not in levels else {}


def render(result: dict[str, Any], *, color: bool = False) -> str:
    template = environment(AUTOESCAPE).get_template(TEMPLATE).module
    tests = [
        {
            "name": f"{p['id']}: {p['title']}" if p["title"] != p["id"] else p["id"],
            "number": str(i),
            "score": p["score"],
            "max_score": p["max_score"],
            "status": _STATUS.get(p["status"], "failed"),
            "output": str(template.test_output(p)).strip(),
            "output_format": OUTPUT_FORMAT,
            **_visibility(p),
        }
        for i, p in enumerate(result["problems"], start=1)
    ]
    data = {
        "score": result["total"],
        "output": str(template.summary(result)).strip(),
        "output_format": OUTPUT_FORMAT,
        "test_output_format": OUTPUT_FORMAT,
        "tests": tests,
        "extra_data": {"grader": result["grader"], "submission_sha256": result["submission"]["sha256"]},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
