"""GitHub Classroom: the base64 JSON that its grading reporter reads from a step's ``result`` output.

``education/autograding-grading-reporter`` decodes ``<RUNNER>_RESULTS``, adds up the tests'
``score`` against ``max_score`` and posts "Points N/M" to Classroom; it prints each failing test's
``message`` in the CI log after ``Error:``, so the message is one line with no runner command
marker (``escape.log_line``). Kept thin on purpose: Classroom's own future is uncertain.

    echo "result=$(grade submission.py -q -f classroom)" >> "$GITHUB_OUTPUT"
"""

from __future__ import annotations

import base64
import json
from typing import Any

from grader.report.escape import log_line

VERSION = 1
_STATUS = {"passed": "pass", "error": "error", "not_gradable": "error", "invalid": "error"}


def results(result: dict[str, Any]) -> dict[str, Any]:
    """The reporter's JSON (before base64): version, status, max_score and one test per problem."""
    tests = [
        {
            "name": p["id"],
            "status": _STATUS.get(p["status"], "fail"),
            "score": p["score"],
            "max_score": p["max_score"],
            "message": log_line(p["messages"][0]) if p["messages"] and p["status"] != "passed" else "",
        }
        for p in result["problems"]
    ]
    imported = result.get("imported") or {}
    status = "error" if not imported.get("ok", True) else "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    return {"version": VERSION, "status": status, "max_score": result["max_total"], "tests": tests}


def render(result: dict[str, Any], *, color: bool = False) -> str:
    data = json.dumps(results(result), ensure_ascii=False, allow_nan=False)
    return base64.b64encode(data.encode("utf-8")).decode("ascii") + "\n"
