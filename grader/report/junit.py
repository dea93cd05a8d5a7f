"""JUnit XML: one test case per problem, for CI test reporters."""

from __future__ import annotations

from typing import Any

from grader.report.templating import render_template


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return render_template("junit.j2", autoescape=True, r=result)
