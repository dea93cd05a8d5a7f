"""``grade init-ci``: write the GitHub Actions workflow of a student repository."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK, UsageError
from grader.console import Console


def run(args: argparse.Namespace) -> int:
    from grader.integrations.github_ci import workflow
    from grader.writer import write_atomic

    out = Path(args.output)
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists; pass --force to replace it")
    text = workflow(assignment=args.assignment, submission=args.submission, install=args.install,
                    python=args.python, classroom=args.classroom)
    try:
        write_atomic(out, text)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc}") from None
    Console().line(f"wrote {out}: commit it, and every push is graded")
    return EXIT_OK
