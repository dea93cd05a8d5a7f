"""``grade SUBMISSION``: grade one submission, write report files while grading, print the report.

Report files are checked before anything runs (exit 2 when one cannot be written) and the
previous run's reports are removed, so that a run killed early leaves no stale result.
They are written while grading goes on; stdout comes last, so a stdout that fails
(closed, full, an encoding that cannot show the report) costs only what was to be printed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from grader.commands import EXIT_USAGE, UsageError, limits, make_sandbox
from grader.console import Console, ConsoleError, note
from grader.outputs import OutputError, check_report_file, parse_outputs, remove_stale


def report_outputs(args: argparse.Namespace) -> tuple[list[tuple[str, Path]], list[str]]:
    """(format, file) pairs to write, checked writable, and the formats for stdout."""
    from grader.report import FORMATS, SUFFIXES

    try:
        files = parse_outputs(args.output, tuple(FORMATS), SUFFIXES)
        for _, path in files:
            check_report_file(path)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    stdout = list(args.format)
    if not stdout and not args.quiet:
        stdout = ["text"]
    return files, stdout


def use_color(choice: str, console: Console) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return console.isatty() and os.environ.get("TERM") != "dumb"


def run(args: argparse.Namespace) -> int:
    submission = Path(args.submission)
    if not submission.is_file():
        raise UsageError(f"{submission}: no such file")
    files, stdout_formats = report_outputs(args)
    try:
        remove_stale([path for _, path in files])
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    console = Console()
    sandbox = make_sandbox(args)  # before the answer key is loaded
    session = None
    try:
        from grader.submission import launch

        session = launch(sandbox, submission)  # imports the submission while we import and load
        from grader.discover import DiscoveryError, find_assignment
        from grader.grade import exit_code, grade
        from grader.spec import SpecError
        from grader.spec.cache import load as load_assignment
        from grader.writer import ReportWriter
        try:
            assignment = load_assignment(find_assignment(submission, args.assignment))
        except (DiscoveryError, SpecError) as exc:
            raise UsageError(str(exc)) from None
        for broken in assignment.broken:
            note(f"grade: error: {broken.error}")
        only = set(args.problem) if args.problem else None
        if only:
            unknown = only - set(assignment.problem_ids)
            if unknown:
                raise UsageError(f"no problem {', '.join(sorted(unknown))} in {assignment.name}; problems: {', '.join(assignment.problem_ids)}")
        from grader.progress import Progress
        from grader.report import prepare, render

        writer = ReportWriter(files)
        progress = Progress(enabled=None if not args.quiet else False)

        from grader.visibility import student_view

        view = (lambda r: r) if args.show_hidden else student_view  # reports are student-facing unless asked

        def update(result: Any) -> None:
            writer.update(view(result))
            progress.update(result)

        formats = stdout_formats + [fmt for fmt, _ in files]
        try:
            result = grade(assignment, submission, sandbox, only=only, timeout=args.timeout, limits=limits(args),
                           on_update=update, warm=(lambda: prepare(formats)) if formats else None, session=session,
                           student=args.student)
        except OSError as exc:
            raise UsageError(f"cannot write the report: {exc}") from None
        finally:
            progress.clear()
        from grader.report.github import for_log, log_formats

        printed = log_formats(stdout_formats)  # + annotations on GitHub Actions
        if not printed:  # -q: the report files are written already
            return exit_code(result)
        color = use_color(args.color, console)
        data = view(result).to_dict()
        try:
            for fmt in printed:
                console.write(for_log(fmt, render(fmt, data, color=color and fmt == "text")), fmt)
        except ConsoleError as exc:
            written = f"; the report was written to {', '.join(str(p) for _, p in files)}" if files else ""
            note(f"grade: error: {exc}{written}")
            return EXIT_USAGE
        return exit_code(result)
    finally:
        if session is not None:
            session.stop()
        sandbox.close()
