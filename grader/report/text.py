"""Plain-text report for terminals (colour only when asked, i.e. on a TTY)."""

from __future__ import annotations

from typing import Any

from grader.report.templating import render_template, style


TEMPLATE = "text.j2"
AUTOESCAPE = False


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return render_template(TEMPLATE, autoescape=AUTOESCAPE, r=result, s=style(color))
