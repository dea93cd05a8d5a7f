"""A self-contained HTML page (no scripts, no external assets), e.g. to share or attach in an LMS.

Everything is autoescaped: a student's exception message or output cannot inject markup.
"""

from __future__ import annotations

from typing import Any

from grader.report.templating import render_template


TEMPLATE = "html.j2"
AUTOESCAPE = True


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return render_template(TEMPLATE, autoescape=AUTOESCAPE, r=result)
