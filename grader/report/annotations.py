"""GitHub Actions annotations: one ``::error file=…,line=…::`` workflow command per problem that
lost points, placed on the student's definition of its target so the pull request shows it there.

Printed automatically when ``GITHUB_ACTIONS=true`` (see :mod:`grader.report.github`), or with
``-f annotations``. Every property and message is percent-encoded (``escape.gh_property`` and
``gh_data``), so student text stays inside its one command line.
"""

from __future__ import annotations

from typing import Any

from grader.report.templating import render_template

TEMPLATE = "annotations.j2"
AUTOESCAPE = False


def render(result: dict[str, Any], *, color: bool = False) -> str:
    return render_template(TEMPLATE, autoescape=AUTOESCAPE, r=result)
