"""``grade batch``: grade many submissions in parallel into an output folder (results and a gradebook).

The output folder is checked and locked first; the assignment is loaded here only to be
validated and hashed (the workers load their own copy after starting their sandboxes).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from grader.commands import EXIT_LOST, EXIT_OK, EXIT_USAGE, UsageError
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
    assignment = load_checked(submissions[0][1], args.assignment)
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
        return grade_into(args, assignment, submissions, out)
    finally:
        lock.release()


def load_checked(first_submission: Path, name: str | None) -> Any:
    """The assignment (a usage error when it cannot be loaded; each broken problem file named on stderr)."""
    from grader.discover import DiscoveryError, find_assignment
    from grader.spec import SpecError, load_assignment

    try:
        assignment = load_assignment(find_assignment(first_submission, name))
    except (DiscoveryError, SpecError) as exc:
        raise UsageError(str(exc)) from None
    for broken in assignment.broken:  # costs only its own problem: "invalid" in every result, exit 2
        note(f"grade batch: error: {broken.error}")
    return assignment


def settings_of(args: argparse.Namespace, assignment: Any) -> Any:
    from grader.batch.job import BatchSettings

    return BatchSettings(assignment=str(Path(assignment.root).resolve()), timeout=args.timeout,
                         memory_mb=args.memory, isolation=args.isolation)


def exports_of(args: argparse.Namespace, assignment: Any) -> Any:
    """The gradebooks asked for: a roster's names and emails, and Canvas's import file."""
    from grader.batch.roster import RosterError, load_roster
    from grader.batch.run import Exports

    roster = None
    if args.roster:
        try:
            roster = load_roster(Path(args.roster))
        except RosterError as exc:
            raise UsageError(str(exc)) from None
    canvas = "canvas" in args.gradebook or args.canvas_column is not None
    column = (args.canvas_column or assignment.title or assignment.name) if canvas else None
    return Exports(roster=roster, canvas_column=column, max_points=sum(p.points for p in assignment.problems))


def executor_of(args: argparse.Namespace, settings: Any, assignment: Any = None) -> Any:
    """The executor the command line asks for (``--executor local`` with ``-j``, or ``dask``)."""
    if args.executor == "dask":
        from grader.batch.executors.dask import DaskExecutor

        if not args.scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
        return DaskExecutor(settings, args.scheduler)  # connects on entering: DaskUnavailable then
    if args.scheduler:
        raise UsageError("--scheduler is for --executor dask")
    from grader.batch.executors.local import LocalExecutor

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"-j needs a number of workers of at least 1, not {args.jobs}")
    return LocalExecutor(settings, args.jobs or os.cpu_count() or 1, assignment)


def grade_into(args: argparse.Namespace, assignment: Any, submissions: list[tuple[str, Path]], out: Path,
               *, quiet_lines: bool = False) -> int:
    """Grade ``submissions`` into ``out`` (shared by ``batch`` and ``regrade``)."""
    from grader.batch.executors.dask import DaskUnavailable
    from grader.batch.executors.local import WorkerError
    from grader.batch.run import BatchWriteError, ResultsFolder, jobs_for, run_batch
    from grader.progress import BatchProgress

    console = Console()

    def line(text: str) -> None:
        try:
            console.line(text)
        except ConsoleError:
            pass  # the results are in files; stdout is only for the eye

    folder = ResultsFolder(out, [p.id for p in assignment.problems], [sid for sid, _ in submissions], exports_of(args, assignment))
    progress = BatchProgress(line, lines=False if quiet_lines else None)
    try:
        with executor_of(args, settings_of(args, assignment), assignment) as executor:
            summary = run_batch(jobs_for(submissions), folder, executor, dict(assignment.sha256), force=args.force,
                                on_start=progress.start, on_result=progress.update)
    except BatchWriteError as exc:
        progress.close()
        note(f"grade batch: error: {exc}; the {len(folder.results)} results written before are kept "
             f"in {out}/, with the last gradebook written (rerun to complete it)")
        return EXIT_USAGE
    except (WorkerError, DaskUnavailable) as exc:
        progress.close()
        raise UsageError(f"cannot start grading: {exc}") from None
    except KeyboardInterrupt:
        progress.close()
        note(f"grade batch: interrupted; {len(folder.results)} results are kept in {out}/ (rerun to complete the gradebook)")
        return 130
    progress.close()
    unlisted = [sid for sid, _ in submissions if folder.exports.roster is not None and sid not in folder.exports.roster]
    if unlisted:
        note(f"grade batch: not in the roster (listed under their ids): {', '.join(unlisted)}")
    if summary.graded or summary.failed or not (out / "class.json").exists():  # else it is there, for these results
        write_class_report(out, folder.full_results())
    line(f"{summary.graded} submissions graded, {summary.skipped} kept from before; results in {out}/ ({'gradebook.csv'})")
    if assignment.broken:
        return EXIT_USAGE
    if summary.failed:
        note(f"grade batch: the grader could not grade {', '.join(summary.failed)}; rerun to try them again")
        return EXIT_LOST
    return EXIT_OK


def write_class_report(out: Path, results: dict[str, Any]) -> None:
    """class.json and class.html beside the results; a failure costs only the class report."""
    from grader.classreport import write

    try:
        write(out, results)
    except Exception as exc:  # noqa: BLE001 - the grades are written; the report can be made again
        note(f"grade batch: could not write the class report ({type(exc).__name__}: {exc}); "
             f"make it again with: grade class-report {out}")
