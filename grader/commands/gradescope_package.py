"""``grade gradescope-package``: build the Gradescope autograder zip of an assignment."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK, UsageError
from grader.console import Console


def run(args: argparse.Namespace) -> int:
    from grader.integrations.gradescope_package import PackageError, build

    out = Path(args.output)
    try:
        names = build(Path(args.assignment), out)
    except PackageError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc}") from None
    Console().line(f"wrote {out} ({len(names)} files): upload it as the assignment's autograder on Gradescope")
    return EXIT_OK
