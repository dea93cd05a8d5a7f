"""``grade schema``: print a JSON Schema (problem files, assignment.yaml or the JSON result)."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK
from grader.console import Console


def run(args: argparse.Namespace) -> int:
    from grader.spec.schema import schema_json

    which = "assignment" if args.assignment_file else "result" if args.result else "problem"
    text = schema_json(which)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        Console().write(text, "json")
    return EXIT_OK
