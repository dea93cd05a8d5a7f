"""``grade init``: scaffold a new assignment in the current course folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK, UsageError
from grader.console import Console


def run(args: argparse.Namespace) -> int:
    from grader.scaffold import ScaffoldError, create

    try:
        written = create(Path.cwd(), args.name, args.title)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write the new assignment: {exc}") from None
    console = Console()
    for path in written:
        console.line(f"wrote {path.relative_to(Path.cwd())}")
    console.line(f"next: edit them, then run: grade check assignments/{args.name}")
    return EXIT_OK
