"""Report formats: each renders the canonical result dictionary to text.

One module per format, imported only when that format is asked for; a new
format is one module (usually with one template) plus one line in ``FORMATS``.
"""

from __future__ import annotations

import importlib
from typing import Any

FORMATS: dict[str, str] = {
    "text": "grader.report.text",
    "markdown": "grader.report.markdown",
    "json": "grader.report.json_format",
    "junit": "grader.report.junit",
    "gradescope": "grader.report.gradescope",
    "html": "grader.report.html",
    "annotations": "grader.report.annotations",
    "classroom": "grader.report.classroom",
}

#: file suffix -> format, for ``-o FILE`` without ``--format``
SUFFIXES = {".txt": "text", ".md": "markdown", ".json": "json", ".xml": "junit", ".html": "html"}


def render(fmt: str, result: dict[str, Any], *, color: bool = False) -> str:
    """``result`` (from ``GradeResult.to_dict()``) rendered as ``fmt``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return importlib.import_module(FORMATS[fmt]).render(result, color=color)


def template_of(fmt: str) -> tuple[str, bool] | None:
    """(template name, autoescape) of a template-based format; None for the others (json)."""
    module = importlib.import_module(FORMATS[fmt])
    template = getattr(module, "TEMPLATE", None)
    return (template, module.AUTOESCAPE) if template else None


def prepare(formats: list[str]) -> None:
    """Import the modules of ``formats`` and compile their templates, ahead of rendering
    (run in a background thread while grading waits on student code)."""
    from grader.report.templating import environment

    for fmt in dict.fromkeys(formats):
        found = template_of(fmt)
        if found:
            environment(found[1]).get_template(found[0])
