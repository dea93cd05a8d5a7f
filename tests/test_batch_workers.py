"""The local executor's warm workers: every job gets exactly one result, whatever a worker does."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from conftest import make_assignment, write_module
from test_batch import PROBLEMS

from grader.batch.executors import Job
from grader.batch.executors.local import LocalExecutor
from grader.spec import load_assignment
from grader.batch.job import BatchSettings

RIGHT = "def double(x):\n    return 2 * x\nANSWER = 42\n"
SLOW = "import time\ndef double(x):\n    time.sleep(1)\n    return 2 * x\nANSWER = 42\n"


def _jobs(tmp_path: Path, sources: list[str]) -> tuple[BatchSettings, list[Job]]:
    folder = make_assignment(tmp_path, PROBLEMS)
    jobs = []
    for i, source in enumerate(sources):
        write_module(tmp_path / f"s{i}.py", source)
        jobs.append(Job(f"s{i}", (tmp_path / f"s{i}.py").resolve()))
    return BatchSettings(assignment=str(folder.resolve())), jobs


def test_results_arrive_whole_for_every_job_with_jobs_queued_in_each_worker(tmp_path):
    settings, jobs = _jobs(tmp_path, [RIGHT] * 7)
    with LocalExecutor(settings, 2) as executor:
        got = {job.student: json.loads(text) for job, text in executor.results(jobs)}
    assert sorted(got) == [j.student for j in jobs]
    assert {r["total"] for r in got.values()} == {3.0}
    assert all(r["student"] == sid for sid, r in got.items())


def test_a_worker_killed_with_jobs_queued_costs_only_the_job_it_was_grading(tmp_path):
    settings, jobs = _jobs(tmp_path, [RIGHT, SLOW, RIGHT, RIGHT])
    got: dict[str, dict] = {}
    with LocalExecutor(settings, 1, load_assignment(settings.assignment)) as executor:
        for job, text in executor.results(jobs):
            got[job.student] = json.loads(text)
            if job.student == "s0":  # the worker now grades s1 (slow), with s2 queued behind it
                [worker] = executor.pool
                time.sleep(0.3)
                os.kill(worker.proc.pid, signal.SIGKILL)
    assert sorted(got) == ["s0", "s1", "s2", "s3"]
    assert got["s1"]["status"] == "incomplete"
    assert all("not graded: the grading worker died (killed by signal 9)" in p["messages"][0] for p in got["s1"]["problems"])
    assert got["s0"]["total"] == got["s2"]["total"] == got["s3"]["total"] == 3.0


def test_a_worker_that_dies_between_jobs_loses_no_job(tmp_path):
    settings, jobs = _jobs(tmp_path, [RIGHT] * 5)
    got: dict[str, dict] = {}
    with LocalExecutor(settings, 1, load_assignment(settings.assignment)) as executor:
        for job, text in executor.results(jobs):
            got[job.student] = json.loads(text)
            if len(got) == 1:  # killed before the executor hands it the next job
                [worker] = executor.pool
                os.kill(worker.proc.pid, signal.SIGKILL)
                worker.proc.wait()
    assert sorted(got) == [j.student for j in jobs]
    graded = [sid for sid, r in got.items() if r["status"] == "graded"]
    assert len(graded) >= 4  # at most the one in flight when it died is lost


def test_the_next_submissions_child_starts_while_the_current_one_is_graded(tmp_path):
    from grader.batch.job import WarmGrader

    settings, jobs = _jobs(tmp_path, [RIGHT, RIGHT, RIGHT])
    warm = WarmGrader(settings)
    try:
        json.loads(warm.grade(jobs[0].submission, "s0", upcoming=jobs[1].submission))
        ahead_path, ahead = warm._next
        assert ahead_path == jobs[1].submission and ahead._launched_at is not None  # forked, importing
        second = json.loads(warm.grade(jobs[1].submission, "s1"))
        assert second["total"] == 3.0 and second["student"] == "s1"
        assert len(ahead._pids) == 1  # the child started ahead is the one that was graded
    finally:
        warm.close()


def test_a_child_started_for_a_submission_that_does_not_come_next_is_stopped(tmp_path):
    from grader.batch.job import WarmGrader

    settings, jobs = _jobs(tmp_path, [RIGHT, RIGHT, SLOW])
    warm = WarmGrader(settings)
    try:
        warm.grade(jobs[0].submission, "s0", upcoming=jobs[2].submission)
        _, ahead = warm._next
        assert json.loads(warm.grade(jobs[1].submission, "s1"))["total"] == 3.0
        assert warm._next is None and ahead._pids == [] and ahead._launched_at is None  # stopped, never graded
    finally:
        warm.close()
