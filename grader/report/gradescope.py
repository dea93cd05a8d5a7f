"""Gradescope autograder ``results.json``: one test per problem, scores in points."""

from __future__ import annotations

import json
from typing import Any

from grader.report.templating import environment, points

_STATUS = {"passed": "passed"}
TEMPLATE = "gradescope_test.j2"
AUTOESCAPE = False


def render(result: dict[str, Any], *, color: bool = False) -> str:
    template = environment(AUTOESCAPE).get_template(TEMPLATE)
    tests = [
        {
            "name": f"{p['id']}: {p['title']}" if p["title"] != p["id"] else p["id"],
            "number": str(i),
            "score": p["score"],
            "max_score": p["max_score"],
            "status": _STATUS.get(p["status"], "failed"),
            "output": template.render(p=p).strip(),
        }
        for i, p in enumerate(result["problems"], start=1)
    ]
    imported = result.get("imported") or {}
    summary = f"{points(result['total'])}/{points(result['max_total'])}"
    if imported and not imported.get("ok", True):
        summary += f". Your module could not be imported: {imported.get('detail', '')}"
    elif result.get("status") in ("not_run", "incomplete"):
        summary += ". Grading did not finish: problems not reached are marked not graded."
    data = {
        "score": result["total"],
        "output": summary,
        "tests": tests,
        "extra_data": {"grader": result["grader"], "submission_sha256": result["submission"]["sha256"]},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
