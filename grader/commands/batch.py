"""``grade batch``: grade many submissions into an output folder (results and a gradebook)."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK, EXIT_USAGE, UsageError, limits, make_sandbox
from grader.console import Console, ConsoleError, note
from grader.outputs import OutputError, prepare_output_folder


def run(args: argparse.Namespace) -> int:
    from grader.batch.collect import collect
    from grader.batch.lock import FolderInUse, FolderLock

    submissions = collect(args.submissions)
    missing = [str(f) for _, f in submissions if not f.is_file()]
    if missing:
        raise UsageError(f"no such submission file: {', '.join(missing)}")
    if not submissions:
        raise UsageError("no submissions found")
    out = Path(args.output)
    try:
        prepare_output_folder(out)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    lock = FolderLock(out)
    try:
        lock.acquire()
    except FolderInUse as exc:
        raise UsageError(str(exc)) from None
    try:
        return _grade_all(args, submissions, out)
    finally:
        lock.release()


def _grade_all(args: argparse.Namespace, submissions: list[tuple[str, Path]], out: Path) -> int:
    from grader.batch.run import BatchWriteError, ResultsFolder, run_sequential

    console = Console()
    sandbox = make_sandbox(args)  # before the answer key is loaded
    try:
        from grader.discover import DiscoveryError, find_assignment
        from grader.grade import grade
        from grader.report import render
        from grader.spec import SpecError, load_assignment

        try:
            assignment = load_assignment(find_assignment(submissions[0][1], args.assignment))
        except (DiscoveryError, SpecError) as exc:
            raise UsageError(str(exc)) from None
        for broken in assignment.broken:  # costs only its own problem: "invalid" in every result, exit 2
            note(f"grade batch: error: {broken.error}")
        folder = ResultsFolder(out, [p.id for p in assignment.problems])

        def grade_one(sid: str, file: Path) -> str:
            return render("json", grade(assignment, file, sandbox, timeout=args.timeout, limits=limits(args), student=sid).to_dict())

        def show(sid: str, r: dict) -> None:
            try:
                console.line(f"{sid:30s} {r['total']:g}/{r['max_total']:g}  {r['status']}")
            except ConsoleError:
                pass  # the results are in files; stdout is only for the eye

        try:
            run_sequential(submissions, grade_one, folder, on_result=show)
        except BatchWriteError as exc:
            note(f"grade batch: error: {exc}; the {len(folder.results)} results written before are kept "
                 f"in {out}/ with their gradebook")
            return EXIT_USAGE
        try:
            console.line(f"{len(folder.results)} submissions graded; results in {out}/ (gradebook.csv)")
        except ConsoleError:
            pass
        return EXIT_USAGE if assignment.broken else EXIT_OK
    finally:
        sandbox.close()
