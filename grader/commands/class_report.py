"""``grade class-report``: class.json and class.html from a results folder (nothing is graded)."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK, UsageError
from grader.console import Console


def run(args: argparse.Namespace) -> int:
    from grader.classreport import load_results, write

    folder = Path(args.results)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such results folder")
    results = load_results(folder)
    if not results:
        raise UsageError(f"{folder}: holds no results of grade batch (<student>.json)")
    try:
        write(folder, results)
    except OSError as exc:
        raise UsageError(f"cannot write the class report in {folder}: {exc}") from None
    Console().line(f"class report of {len(results)} submissions: {folder / 'class.html'} ({folder / 'class.json'})")
    return EXIT_OK
