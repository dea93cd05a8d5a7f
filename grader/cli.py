"""The ``grade`` command: argument parsing and dispatch, nothing else.

    grade SUBMISSION.py [--assignment PATH] [-f FORMAT]... [-o FILE]...
    grade check [ASSIGNMENT]...
    grade batch SUBMISSION_OR_FOLDER... --assignment PATH [-o DIR] [-j N] [--force]
    grade regrade RESULTS --assignment PATH [--apply]
    grade schema [--assignment-file | --result]
    grade init NAME
    grade class-report RESULTS_FOLDER
    grade init-ci --assignment PATH [--submission FILE] [--install SPEC]
    grade gradescope-package ASSIGNMENT -o autograder.zip

Each subcommand's logic lives in its own module under :mod:`grader.commands`.

Exit codes: 0 every problem earned full marks (``check``: the assignment is
sound); 1 some points were lost (``check``: the reference solution lost some,
or a problem could not be graded); 2 usage or assignment error.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from typing import NoReturn

from grader.commands import EXIT_LOST, EXIT_OK, EXIT_USAGE, UsageError  # noqa: F401 - the exit codes, for callers
from grader.console import ConsoleError, note, reopen_closed_std_fds
from grader.report import FORMATS
from grader.sandbox.errors import SandboxError

FORMAT_NAMES = tuple(FORMATS)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    reopen_closed_std_fds()
    try:
        name = argv[0] if argv and argv[0] in SUBCOMMANDS else None
        parser = SUBCOMMANDS[name]()
        args = parser.parse_args(argv[1:] if name else argv)
        module = (name or "grade").replace("-", "_")
        return importlib.import_module(f"grader.commands.{module}").run(args)
    except (UsageError, ConsoleError) as exc:
        note(f"grade: error: {exc}")
        return EXIT_USAGE
    except SandboxError as exc:  # the grader could not run student code: its fault, not the student's
        print(f"grade: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        note("grade: interrupted")
        return 130


def entry() -> NoReturn:
    """The ``grade`` command: :func:`main`, then exit without tearing the interpreter down.

    Everything is written and closed by then (reports, stdout, the sandbox and its children), and
    the exit handlers run (they stop the symbolic worker and reap forked checks); what is left is
    freeing numpy, SymPy and every module one by one, which takes 40 ms and helps no one."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed, failing or None: the console has said what it could
            pass
    atexit._run_exitfuncs()
    os._exit(code)


def _grade_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade",
        description="Grade a submission against an assignment; `grade check` validates an assignment, "
        "`grade batch` grades a class, `grade schema` prints the JSON Schema of problem files.",
        epilog="exit codes: 0 full marks, 1 points lost, 2 usage or assignment error",
    )
    p.add_argument("submission", help="the student's Python module, e.g. submission.py")
    p.add_argument("-a", "--assignment", help="assignment folder or name (default: see README, 'Which assignment')")
    p.add_argument("-f", "--format", action="append", default=[], choices=FORMAT_NAMES, help="report format for stdout (repeatable; default text)")
    p.add_argument(
        "-o", "--output", action="append", default=[], metavar="[FORMAT:]FILE",
        help="also write a report to FILE (repeatable; missing folders are created); the format is FORMAT, or chosen by the "
        "suffix (.json json, .md markdown, .xml junit, .html html, .txt text), e.g. -o gradescope:results.json",
    )
    p.add_argument("-p", "--problem", action="append", help="grade only this problem id (repeatable)")
    p.add_argument("--student", metavar="ID", help="the student id: generated cases are drawn for it (default: the same cases for everyone)")
    p.add_argument("--show-hidden", action="store_true", help="instructors: show hidden cases' values in every report")
    _run_arguments(p)
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing to stdout unless a format asks for it")
    return p


def _run_arguments(p: argparse.ArgumentParser) -> None:
    """Options for running student code, shared by grade, check and batch."""
    p.add_argument("--timeout", type=float, help="seconds per call, overriding the assignment")
    p.add_argument("--isolation", choices=("none", "process", "strict"), help="how student code is contained (default: process)")
    p.add_argument("--memory", type=int, metavar="MB", help="address-space limit of the student's process (overrides assignment.yaml)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the symbolic verdict cache ($GRADER_CACHE_DIR, else ~/.cache/grader)")


def _check_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade check",
        description="Validate assignment files and grade each reference solution: it must earn full marks.",
    )
    p.add_argument("assignments", nargs="*", help="assignment folders (default: every one under ./assignments)")
    _run_arguments(p)
    return p


def _batch_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade batch",
        description="Grade many submissions against one assignment: a JSON result per submission and a CSV gradebook.",
        epilog="exit codes: 0 every submission was graded (whatever the scores), 1 the grader could not grade some "
        "(a rerun tries them again), 2 usage or assignment error "
        "(also: an output folder in use, or a write that failed, e.g. a full disk)",
    )
    p.add_argument("submissions", nargs="+", help="submission files, or folders of them (one per student or one file each)")
    p.add_argument("-a", "--assignment", required=True, help="assignment folder or name")
    p.add_argument("-o", "--output", default="results", help="folder for <student>.json and gradebook.csv (default: results)")
    p.add_argument("--force", action="store_true", help="regrade every submission, even those whose result is still valid")
    _executor_arguments(p)
    _export_arguments(p)
    _run_arguments(p)
    return p


def _executor_arguments(p: argparse.ArgumentParser) -> None:
    """Where submissions are graded, shared by batch and regrade."""
    p.add_argument("-j", "--jobs", type=int, help="local executor: submissions graded at once, each worker warm "
                   "(default: the number of cores)")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="local worker processes (default), or a dask.distributed cluster (pip install 'grader[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS", help="the dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    """Gradebook options, shared by batch and regrade."""
    p.add_argument("--gradebook", action="append", choices=("csv", "canvas"), default=[],
                   help="also write this gradebook (repeatable): canvas = OUT/canvas.csv in Canvas's import format "
                   "(gradebook.csv is always written)")
    p.add_argument("--roster", metavar="CSV", help="a CSV file mapping ids to names and emails (columns: id, name, email, "
                   "sis_user_id, sis_login_id, section, canvas_id)")
    p.add_argument("--canvas-column", metavar="NAME", help="the Canvas assignment column (default: the assignment's title; "
                   "'Title (12345)' updates Canvas assignment 12345)")


def _regrade_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade regrade",
        description="Regrade a batch's submissions (after a problem file changed) into another folder and show, per "
        "student, the old and new score and the cases that flipped; the published results change only with --apply.",
        epilog="exit codes: 0 done, 1 the grader could not grade some, 2 usage or assignment error",
    )
    p.add_argument("results", help="the output folder of a `grade batch`")
    p.add_argument("-a", "--assignment", required=True, help="assignment folder or name")
    p.add_argument("--into", metavar="DIR", help="where the new results go (default: RESULTS.regrade beside it)")
    p.add_argument("--apply", action="store_true", help="replace the published results and gradebook by the new ones")
    _executor_arguments(p)
    _export_arguments(p)
    _run_arguments(p)
    return p


def _schema_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="grade schema", description="Print a JSON Schema (for editors and CI).")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--problem", action="store_true", help="problem files (the default)")
    group.add_argument("--assignment-file", action="store_true", help="assignment.yaml")
    group.add_argument("--result", action="store_true", help="the JSON result of `grade -f json`")
    p.add_argument("-o", "--output", help="write to FILE instead of stdout")
    return p


def _init_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade init",
        description="Create a new assignment (assignments/NAME/ and solutions/NAME.py) that grade check already passes.",
    )
    p.add_argument("name", help="the assignment's name, e.g. hw-3")
    p.add_argument("--title", help="its title (default: from the name)")
    return p


def _class_report_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade class-report",
        description="Write class.json and class.html (score distributions, common wrong answers, mistakes, failures) "
        "from a results folder of `grade batch`; batch writes them too.",
    )
    p.add_argument("results", help="the results folder of grade batch (holding <student>.json)")
    return p


def _init_ci_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade init-ci",
        description="Write a GitHub Actions workflow that grades a student repository on every push "
        "(Markdown step summary, annotations at the student's code, JUnit report).",
    )
    p.add_argument("-a", "--assignment", required=True, help="the assignment folder, relative to the student repository")
    p.add_argument("--submission", default="submission.py", help="the student's file (default: submission.py)")
    p.add_argument("--install", default="grader", help="what pip installs, e.g. 'grader @ git+https://HOST/COURSE/grader' (default: grader)")
    p.add_argument("--python", default="3.11", help="the Python version of the job (default: 3.11)")
    p.add_argument("--classroom", action="store_true", help="also hand the result to GitHub Classroom's grading reporter (the real points in Classroom)")
    p.add_argument("-o", "--output", default=".github/workflows/grade.yml", help="where to write it (default: .github/workflows/grade.yml)")
    p.add_argument("--force", action="store_true", help="replace an existing workflow file")
    return p


def _gradescope_package_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="grade gradescope-package",
        description="Build the Gradescope autograder zip (setup.sh, run_autograder, the assignment, its solution, the grader).",
    )
    p.add_argument("assignment", help="the assignment folder")
    p.add_argument("-o", "--output", default="autograder.zip", help="the zip to write (default: autograder.zip)")
    return p


#: subcommand name -> its parser (the module grader.commands.<name> runs it); None is `grade SUBMISSION`
SUBCOMMANDS = {None: _grade_parser, "check": _check_parser, "batch": _batch_parser, "regrade": _regrade_parser, "schema": _schema_parser,
               "init": _init_parser, "class-report": _class_report_parser, "init-ci": _init_ci_parser, "gradescope-package": _gradescope_package_parser}
