"""The ``grade`` command: argument parsing and exit codes, nothing else.

    grade SUBMISSION.py [--assignment PATH] [-f FORMAT]... [-o FILE]...
    grade check [ASSIGNMENT]...
    grade batch SUBMISSION_OR_FOLDER... --assignment PATH [-o DIR]
    grade schema [--assignment-file | --result]

Exit codes: 0 every problem earned full marks (``check``: the assignment is
sound); 1 some points were lost (``check``: the reference solution lost some,
or a problem could not be graded); 2 usage or assignment error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_LOST, EXIT_USAGE = 0, 1, 2

from grader.report import FORMATS
from grader.sandbox.errors import SandboxError

FORMAT_NAMES = tuple(FORMATS)


class UsageError(Exception):
    """Bad arguments or an unusable assignment: exit 2 with a one-line message."""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "check":
            return _check(argv[1:])
        if argv and argv[0] == "schema":
            return _schema(argv[1:])
        if argv and argv[0] == "batch":
            return _batch(argv[1:])
        return _grade(argv)
    except UsageError as exc:
        print(f"grade: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SandboxError as exc:  # the grader could not run student code: its fault, not the student's
        print(f"grade: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return 130


def _grade_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade",
        description="Grade a submission against an assignment; `grade check` validates an assignment, "
        "`grade schema` prints the JSON Schema of problem files.",
        epilog="exit codes: 0 full marks, 1 points lost, 2 usage or assignment error",
    )
    p.add_argument("submission", help="the student's Python module, e.g. submission.py")
    p.add_argument("-a", "--assignment", help="assignment folder or name (default: see README, 'Which assignment')")
    p.add_argument("-f", "--format", action="append", default=[], choices=FORMAT_NAMES, help="report format for stdout (repeatable; default text)")
    p.add_argument(
        "-o", "--output", action="append", default=[], metavar="[FORMAT:]FILE",
        help="also write a report to FILE (repeatable); the format is FORMAT, or chosen by the suffix "
        "(.json json, .md markdown, .xml junit, .html html, .txt text), e.g. -o gradescope:results.json",
    )
    p.add_argument("-p", "--problem", action="append", help="grade only this problem id (repeatable)")
    _run_arguments(p)
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing to stdout unless a format asks for it")
    return p


def _run_arguments(p: argparse.ArgumentParser) -> None:
    """Options for running student code, shared by grade, check and batch."""
    p.add_argument("--timeout", type=float, help="seconds per call, overriding the assignment")
    p.add_argument("--isolation", choices=("none", "process", "strict"), help="how student code is contained (default: process)")
    p.add_argument("--memory", type=int, metavar="MB", help="address-space limit of the student's process (overrides assignment.yaml)")


def _sandbox(args: argparse.Namespace) -> Any:
    """Start the fork server now, before any answer key is read (see grader.sandbox.zygote)."""
    from grader.sandbox.config import SandboxConfig
    from grader.sandbox.session import Sandbox

    settings: dict[str, Any] = dict(_limits(args))
    if args.isolation:
        settings["isolation"] = args.isolation
    try:
        return Sandbox(SandboxConfig(**settings))
    except Exception as exc:  # noqa: BLE001 - e.g. strict isolation unavailable
        raise UsageError(str(exc)) from None


def _limits(args: argparse.Namespace) -> dict[str, Any]:
    """Resource limits given on the command line (they override assignment.yaml)."""
    return {"memory_mb": args.memory} if args.memory else {}


def _outputs(args: argparse.Namespace) -> tuple[list[tuple[str, Path]], list[str]]:
    """(format, file) pairs to write, and the formats for stdout."""
    from grader.report import SUFFIXES

    files = []
    for out in args.output:
        fmt, sep, name = out.partition(":")
        if sep and fmt in FORMAT_NAMES:
            files.append((fmt, Path(name)))
            continue
        path = Path(out)
        if path.suffix not in SUFFIXES:
            raise UsageError(f"cannot tell the format of {out} from its suffix; write FORMAT:{out} (formats: {', '.join(FORMAT_NAMES)})")
        files.append((SUFFIXES[path.suffix], path))
    stdout = list(args.format)
    if not stdout and not args.quiet:
        stdout = ["text"]
    return files, stdout


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _grade(argv: list[str]) -> int:
    args = _grade_parser().parse_args(argv)
    submission = Path(args.submission)
    if not submission.is_file():
        raise UsageError(f"{submission}: no such file")
    files, stdout_formats = _outputs(args)
    sandbox = _sandbox(args)  # before the answer key is loaded
    session = None
    try:
        from grader.discover import DiscoveryError, find_assignment
        from grader.grade import exit_code, grade, launch
        from grader.spec import SpecError, load_assignment
        from grader.writer import ReportWriter

        session = launch(sandbox, submission)  # imports the submission while we load
        try:
            assignment = load_assignment(find_assignment(submission, args.assignment))
        except (DiscoveryError, SpecError) as exc:
            raise UsageError(str(exc)) from None
        for broken in assignment.broken:
            print(f"grade: error: {broken.error}", file=sys.stderr)
        only = set(args.problem) if args.problem else None
        if only:
            unknown = only - set(assignment.problem_ids)
            if unknown:
                raise UsageError(f"no problem {', '.join(sorted(unknown))} in {assignment.name}; problems: {', '.join(assignment.problem_ids)}")
        from grader.progress import Progress
        from grader.report import prepare, render

        writer = ReportWriter(files)
        progress = Progress(enabled=None if not args.quiet else False)

        def update(result: Any) -> None:
            writer.update(result)
            progress.update(result)

        formats = stdout_formats + [fmt for fmt, _ in files]
        try:
            result = grade(assignment, submission, sandbox, only=only, timeout=args.timeout, limits=_limits(args),
                           on_update=update, warm=lambda: prepare(formats), session=session)
        except OSError as exc:
            raise UsageError(f"cannot write the report: {exc}") from None
        finally:
            progress.clear()
        color = _color(args.color)
        data = result.to_dict()
        for fmt in stdout_formats:
            sys.stdout.write(render(fmt, data, color=color and fmt == "text"))
        sys.stdout.flush()
        return exit_code(result)
    finally:
        if session is not None:
            session.stop()
        sandbox.close()


def _check(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="grade check",
        description="Validate assignment files and grade each reference solution: it must earn full marks.",
    )
    p.add_argument("assignments", nargs="*", help="assignment folders (default: every one under ./assignments)")
    _run_arguments(p)
    args = p.parse_args(argv)
    sandbox = _sandbox(args)
    try:
        from grader.check import check_assignments
        from grader.discover import available

        paths = [Path(a) for a in args.assignments]
        if not paths:
            paths = available(Path("assignments"))
            if not paths:
                raise UsageError("no assignments found under ./assignments; name a folder: grade check PATH")
        return check_assignments(paths, sandbox, timeout=args.timeout, out=sys.stdout, limits=_limits(args))
    finally:
        sandbox.close()


def _batch(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="grade batch",
        description="Grade many submissions against one assignment: a JSON result per submission and a CSV gradebook.",
        epilog="exit codes: 0 every submission was graded (whatever the scores), 2 usage or assignment error",
    )
    p.add_argument("submissions", nargs="+", help="submission files, or folders of them (one per student or one file each)")
    p.add_argument("-a", "--assignment", required=True, help="assignment folder or name")
    p.add_argument("-o", "--output", default="results", help="folder for <student>.json and gradebook.csv (default: results)")
    _run_arguments(p)
    args = p.parse_args(argv)
    from grader.batch import collect, grade_many, gradebook

    submissions = collect(args.submissions)
    missing = [str(f) for _, f in submissions if not f.is_file()]
    if missing:
        raise UsageError(f"no such submission file: {', '.join(missing)}")
    if not submissions:
        raise UsageError("no submissions found")
    sandbox = _sandbox(args)  # before the answer key is loaded
    try:
        from grader.discover import DiscoveryError, find_assignment
        from grader.report import render
        from grader.spec import SpecError, load_assignment
        from grader.writer import write_atomic

        try:
            assignment = load_assignment(find_assignment(submissions[0][1], args.assignment))
        except (DiscoveryError, SpecError) as exc:
            raise UsageError(str(exc)) from None
        if assignment.broken:
            raise UsageError("; ".join(str(b.error) for b in assignment.broken))
        out = Path(args.output)

        def done(sid: str, result: Any) -> None:
            write_atomic(out / f"{sid}.json", render("json", result.to_dict()))
            print(f"{sid:30s} {result.total:g}/{result.max_total:g}  {result.status}", flush=True)

        results = grade_many(assignment, submissions, sandbox, timeout=args.timeout, limits=_limits(args), on_result=done)
        write_atomic(out / "gradebook.csv", gradebook(assignment, results))
        print(f"{len(results)} submissions graded; results in {out}/ (gradebook.csv)")
        return EXIT_OK
    finally:
        sandbox.close()


def _schema(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="grade schema", description="Print a JSON Schema (for editors and CI).")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--problem", action="store_true", help="problem files (the default)")
    group.add_argument("--assignment-file", action="store_true", help="assignment.yaml")
    group.add_argument("--result", action="store_true", help="the JSON result of `grade -f json`")
    p.add_argument("-o", "--output", help="write to FILE instead of stdout")
    args = p.parse_args(argv)
    from grader.spec.schema import schema_json

    which = "assignment" if args.assignment_file else "result" if args.result else "problem"
    text = schema_json(which)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK
