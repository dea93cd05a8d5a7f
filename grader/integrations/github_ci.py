"""``grade init-ci``: a complete GitHub Actions workflow for a student repository."""

from __future__ import annotations

from pathlib import Path

from grader.integrations.templating import render

WORKFLOW = Path(".github/workflows/grade.yml")
#: what the workflow installs when the instructor does not say (a course pins its own copy)
DEFAULT_INSTALL = "grader"


def workflow(*, assignment: str, submission: str = "submission.py", install: str = DEFAULT_INSTALL,
             python: str = "3.11", timeout_minutes: int = 20, classroom: bool = False) -> str:
    """The workflow text: checkout, setup-python, install the grader, grade with the Markdown step
    summary, annotations (automatic under GitHub Actions) and a JUnit report kept as an artifact."""
    return render("github_workflow.yml.j2", assignment=assignment, submission=submission, install=install,
                  python=python, timeout_minutes=timeout_minutes, classroom=classroom)
