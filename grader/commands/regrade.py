"""``grade regrade OUT -a ASSIGNMENT``: regrade a batch's submissions aside, show what changes, ``--apply`` it."""

from __future__ import annotations

import argparse
from pathlib import Path

from grader.commands import EXIT_OK, UsageError
from grader.console import Console, ConsoleError, note
from grader.outputs import OutputError, prepare_output_folder


def run(args: argparse.Namespace) -> int:
    from grader.batch.lock import FolderInUse, FolderLock
    from grader.batch.regrade import compare, describe, published_results
    from grader.commands.batch import grade_into, load_checked

    out = Path(args.results)
    if not out.is_dir():
        raise UsageError(f"{out}: no such folder (give the output folder of a `grade batch`)")
    entries = published_results(out)
    if not entries:
        raise UsageError(f"{out}: no results to regrade")
    present = [e for e in entries if e.submission.is_file()]
    for e in entries:
        if e not in present:
            note(f"grade regrade: {e.student}: the submission {e.submission} is gone; its result is left as it is")
    if not present:
        raise UsageError("none of the submissions is still there")
    assignment = load_checked(present[0].submission, args.assignment)
    into = Path(args.into) if args.into else out.with_name(out.name + ".regrade")
    if into.resolve() == out.resolve():
        raise UsageError("--into must be another folder than the published results")
    try:
        prepare_output_folder(into)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    locks = [FolderLock(out), FolderLock(into)]
    try:
        for lock in locks:
            lock.acquire()
    except FolderInUse as exc:
        for lock in locks:
            lock.release()
        raise UsageError(str(exc)) from None
    try:
        args.force = False  # what the regrade folder holds from an earlier regrade and is still valid, stays
        submissions = [(e.student, e.submission) for e in present]
        code = grade_into(args, assignment, submissions, into, quiet_lines=True)
        if code != EXIT_OK:
            return code
        from grader.batch.run import ResultsFolder

        fresh = ResultsFolder(into, [], [e.student for e in present]).full_results()
        changes = [compare(e.student, e.result, fresh.get(e.student, {})) for e in present]
        console = Console()
        try:
            for text in describe(changes):
                console.line(text)
        except ConsoleError as exc:
            note(f"grade regrade: error: {exc}")
        if args.apply:
            return _apply(args, assignment, submissions, out, into)
        note(f"grade regrade: the new results are in {into}/; the published ones in {out}/ are unchanged (--apply publishes)")
        return EXIT_OK
    finally:
        for lock in locks:
            lock.release()


def _apply(args: argparse.Namespace, assignment: object, submissions: list[tuple[str, Path]], out: Path, into: Path) -> int:
    """Replace the published results by the new ones (each in one rename) and rewrite the gradebooks."""
    from grader.batch.run import BatchWriteError, ResultsFolder
    from grader.commands.batch import write_class_report, exports_of

    published = ResultsFolder(out, [p.id for p in assignment.problems], [sid for sid, _ in submissions],  # type: ignore[attr-defined]
                              exports_of(args, assignment))
    try:
        for sid, _ in submissions:
            published.add(sid, (into / f"{sid}.json").read_text(encoding="utf-8"))
        published.write_gradebook()
        write_class_report(out, published.full_results())
    except BatchWriteError as exc:
        raise UsageError(f"{exc}; the results replaced so far are whole, rerun with --apply to finish") from None
    note(f"grade regrade: applied: {len(submissions)} results and the gradebook in {out}/ replaced")
    return EXIT_OK
