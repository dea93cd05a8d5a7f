"""Markdown report, sized for a GitHub Actions step summary or a PR comment."""

from __future__ import annotations

from typing import Any

from grader.report.templating import render_template


TEMPLATE = "markdown.j2"
AUTOESCAPE = False


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return render_template(TEMPLATE, autoescape=AUTOESCAPE, r=result)
