"""``grade check``: validate assignments and grade their reference solutions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.commands import UsageError, limits, make_sandbox


def run(args: argparse.Namespace) -> int:
    sandbox = make_sandbox(args)
    try:
        from grader.check import check_assignments
        from grader.discover import available

        paths = [Path(a) for a in args.assignments]
        if not paths:
            paths = available(Path("assignments"))
            if not paths:
                raise UsageError("no assignments found under ./assignments; name a folder: grade check PATH")
        return check_assignments(paths, sandbox, timeout=args.timeout, out=sys.stdout, limits=limits(args))
    finally:
        sandbox.close()
