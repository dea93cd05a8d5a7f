"""JUnit XML: one test case per problem, for CI test reporters."""

from __future__ import annotations

from typing import Any

from grader.report.templating import render_template


TEMPLATE = "junit.j2"
AUTOESCAPE = True


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return render_template(TEMPLATE, autoescape=AUTOESCAPE, r=result)
