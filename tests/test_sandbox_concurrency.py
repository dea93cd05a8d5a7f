"""Concurrent sandboxes do not interfere: each child's limits are its own, not its machine user's.

Every child runs under a uid leased for it alone (:mod:`grader.sandbox.uids`), so a fork
bomb that uses up its process limit leaves the limits of every other sandbox untouched,
also those of other grader processes running at the same time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REPO, cli_env
from grader.sandbox import uids
from grader.spec import load_assignment

SOLUTION = REPO / "solutions" / "dl_conv.py"

FORK_BOMB = """
import os, time
if os.fork() == 0:  # from import on: every process it can get, held while the others are graded
    while True:
        try:
            os.fork()
        except OSError:
            time.sleep(0.01)
def cnn_table():
    while True:
        pass
"""

MEMORY_BOMB = """
import numpy as np
def cnn_table():
    hog = []
    while True:
        hog.append(np.ones(8 * 2**20))  # 64 MiB each
"""

#: a correct submission that also starts threads, as numeric code often does (BLAS pools, data loaders)
WITH_THREADS = """
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(4) as _pool:
    assert sum(_pool.map(abs, range(-8, 0))) == 36
"""

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="uids are leased only by a grader running as root")


def _submission(folder: Path, name: str, override: str) -> Path:
    folder.mkdir()
    path = folder / "submission.py"
    path.write_text(SOLUTION.read_text() + "\n\n" + textwrap.dedent(override))
    return path


def test_eight_graders_at_once_with_a_fork_bomb_and_a_memory_bomb_give_the_others_full_marks(tmp_path):
    subs = [_submission(tmp_path / "fork", "fork", FORK_BOMB), _submission(tmp_path / "memory", "memory", MEMORY_BOMB)]
    subs += [_submission(tmp_path / f"good{i}", f"good{i}", WITH_THREADS if i % 2 else "") for i in range(6)]
    # the problems whose answers come from the sandbox: symbolic checks run in the grader's own process,
    # with a time limit of their own that eight graders on two cores would test instead
    assignment = load_assignment(REPO / "assignments" / "dl-conv")
    problems = [p for p in assignment.problems if p.compare != "symbolic"]
    full = sum(p.points for p in problems)
    only = [arg for p in problems for arg in ("-p", p.id)]
    procs = []
    for i, sub in enumerate(subs):
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "grader", str(sub), "--assignment", str(REPO / "assignments" / "dl-conv"),
             "-q", "-o", str(sub.parent / "report.json"), "--timeout", "20", *only],
            cwd=sub.parent, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
        if i == 1:
            time.sleep(3)  # the bombs go off first: the others start while they hold what they took
    outputs = [p.communicate(timeout=600) for p in procs]
    reports = [json.loads((sub.parent / "report.json").read_text()) for sub in subs]
    for report, proc, (_out, err) in zip(reports[2:], procs[2:], outputs[2:]):
        lost = {p["id"]: p["messages"] for p in report["problems"] if p["score"] != p["max_score"]}
        assert proc.returncode == 0 and report["total"] == full, (lost, err[-2000:])
    for report in reports[:2]:
        scores = {p["id"]: p["score"] for p in report["problems"]}
        assert scores["cnn_table"] == 0 and report["total"] == full - 2


@root_only
def test_concurrent_leases_never_share_a_uid(tmp_path):
    leases = [uids.acquire(str(tmp_path), first=5_000_000, count=8) for _ in range(8)]
    try:
        assert None not in leases
        assert len({lease.uid for lease in leases}) == 8
        assert uids.acquire(str(tmp_path), first=5_000_000, count=8) is None  # every uid of the range is held
    finally:
        for lease in leases:
            if lease:
                lease.release()


@root_only
def test_a_released_uid_can_be_leased_again(tmp_path):
    lease = uids.acquire(str(tmp_path), first=5_000_000, count=1)
    assert lease is not None
    lease.release()
    again = uids.acquire(str(tmp_path), first=5_000_000, count=1)
    assert again is not None and again.uid == lease.uid
    again.release()


def test_a_lease_is_held_against_other_processes(tmp_path):
    lease = uids.acquire(str(tmp_path), first=5_000_000, count=1)
    assert lease is not None
    try:
        code = "import sys; from grader.sandbox import uids; sys.exit(uids.acquire(sys.argv[1], 5_000_000, 1) is not None)"
        other = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=cli_env(), cwd=REPO)
        assert other.returncode == 0  # the other process found no free uid
    finally:
        lease.release()


@root_only
def test_a_uid_whose_holder_died_is_not_leased_while_its_processes_run(tmp_path, monkeypatch):
    lease = uids.acquire(str(tmp_path), first=5_000_000, count=1)
    assert lease is not None
    os.close(lease.fd)  # the holder dies: the lock goes, the file still names it
    monkeypatch.setattr(uids, "in_use", lambda uid: True)
    assert uids.acquire(str(tmp_path), first=5_000_000, count=1) is None
    monkeypatch.setattr(uids, "in_use", lambda uid: False)
    again = uids.acquire(str(tmp_path), first=5_000_000, count=1)
    assert again is not None
    again.release()
