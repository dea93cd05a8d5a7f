"""`grade batch` at course scale: parallel warm workers, resumable runs, and whole files after any stop."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import cli_env, make_assignment, run_cli, write_module
from test_batch import PROBLEMS

RIGHT = "def double(x):\n    return 2 * x\nANSWER = 42\n"
WRONG = "def double(x):\n    return x + 1\nANSWER = 41\n"
HANGS = "def double(x):\n    while True:\n        pass\nANSWER = 42\n"
CRASHES = "import os\ndef double(x):\n    os._exit(70)\nANSWER = 42\n"
BROKEN = "def double(x)\n    return 2 * x\n"


def _class(tmp_path: Path, n: int = 12) -> Path:
    make_assignment(tmp_path, {**PROBLEMS, "double.yaml": PROBLEMS["double.yaml"].replace("points: 2", "points: 2\n        timeout: 3")})
    subs = tmp_path / "subs"
    subs.mkdir()
    kinds = [RIGHT, WRONG, BROKEN, CRASHES]
    for i in range(n):
        write_module(subs / f"s{i:02d}.py", kinds[i % len(kinds)])
    return subs


def _batch(tmp_path: Path, subs: Path, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / out, *extra, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return proc


def _book(tmp_path: Path, out: str) -> str:
    return (tmp_path / out / "gradebook.csv").read_text()


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.json") if p.name != "class.json"}  # student results


def test_parallel_workers_give_the_gradebook_of_one_worker(tmp_path):
    subs = _class(tmp_path)
    _batch(tmp_path, subs, "one", "-j", "1")
    _batch(tmp_path, subs, "two", "-j", "2")
    assert _book(tmp_path, "one") == _book(tmp_path, "two")
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(_book(tmp_path, "two")))}
    assert list(rows) == [f"s{i:02d}" for i in range(12)]  # the order of the submissions, not of finishing
    assert rows["s00"]["total"] == "3" and rows["s01"]["total"] == "1" and rows["s02"]["status"] == "not_gradable"


def test_a_hang_and_a_crash_cost_only_their_own_grade(tmp_path):
    subs = _class(tmp_path, 4)
    write_module(subs / "s02.py", HANGS)
    _batch(tmp_path, subs, "out", "-j", "2")
    rows = {r["student"]: r for r in csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert rows["s00"]["total"] == "3"
    assert rows["s02"]["double"] == "0" and rows["s02"]["ANSWER"] == "1"  # timed out, the value still counts
    assert rows["s03"]["double"] == "0" and rows["s03"]["ANSWER"] == "1"  # its process exited mid-call
    s03 = json.loads((tmp_path / "out" / "s03.json").read_text())
    assert s03["problems"][0]["cases"][0]["status"] == "error"


def test_each_result_records_its_student_id(tmp_path):
    subs = _class(tmp_path, 2)
    _batch(tmp_path, subs, "out")
    assert json.loads((tmp_path / "out" / "s01.json").read_text())["student"] == "s01"


def test_a_rerun_with_nothing_changed_keeps_every_result(tmp_path):
    subs = _class(tmp_path)
    _batch(tmp_path, subs, "out", "-j", "2")
    before, book = _mtimes(tmp_path / "out"), _book(tmp_path, "out")
    proc = _batch(tmp_path, subs, "out", "-j", "2")
    assert "12 results still valid, kept" in proc.stdout
    assert _mtimes(tmp_path / "out") == before and _book(tmp_path, "out") == book


def test_a_rerun_regrades_only_the_submissions_that_changed(tmp_path):
    subs = _class(tmp_path)
    _batch(tmp_path, subs, "out", "-j", "2")
    before = _mtimes(tmp_path / "out")
    write_module(subs / "s01.py", RIGHT)
    proc = _batch(tmp_path, subs, "out", "-j", "2")
    after = _mtimes(tmp_path / "out")
    assert [name for name in before if after[name] != before[name]] == ["s01.json"]
    assert "1 submissions graded, 11 kept" in proc.stdout
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(_book(tmp_path, "out")))}
    assert rows["s01"]["total"] == "3"


def test_a_changed_problem_file_regrades_everyone(tmp_path):
    subs = _class(tmp_path, 4)
    _batch(tmp_path, subs, "out")
    answer = tmp_path / "assignments" / "hw" / "answer.yaml"
    answer.write_text(answer.read_text().replace("expected: 42", "expected: 41"))
    proc = _batch(tmp_path, subs, "out")
    assert "4 submissions graded, 0 kept" in proc.stdout
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(_book(tmp_path, "out")))}
    assert rows["s01"]["ANSWER"] == "1" and rows["s00"]["ANSWER"] == "0"


def test_force_regrades_every_submission(tmp_path):
    subs = _class(tmp_path, 4)
    _batch(tmp_path, subs, "out")
    before = _mtimes(tmp_path / "out")
    proc = _batch(tmp_path, subs, "out", "--force")
    assert "4 submissions graded, 0 kept" in proc.stdout
    assert all(_mtimes(tmp_path / "out")[n] != t for n, t in before.items())


def _start(tmp_path: Path, subs: Path, out: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "grader", "batch", str(subs), "-a", "hw", "-o", str(tmp_path / out), "-j", "2"],
                            cwd=tmp_path, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _all_whole(folder: Path) -> None:
    for p in folder.glob("*.json"):
        json.loads(p.read_text())
    if (folder / "gradebook.csv").exists():
        list(csv.DictReader((folder / "gradebook.csv").open()))
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_kill_9_at_random_points_then_a_rerun_gives_the_gradebook_of_an_uninterrupted_run(tmp_path):
    subs = _class(tmp_path, 16)
    _batch(tmp_path, subs, "clean", "-j", "2")
    rng = random.Random(7)
    for attempt in range(3):
        proc = _start(tmp_path, subs, "killed")
        time.sleep(rng.uniform(0.3, 2.5))
        proc.kill()  # SIGKILL to the batch process itself: its workers must notice and go
        proc.wait()
        _all_whole(tmp_path / "killed")
    _batch(tmp_path, subs, "killed", "-j", "2")
    assert _book(tmp_path, "killed") == _book(tmp_path, "clean")
    assert _workers_gone(tmp_path)  # no orphaned worker


def _workers_gone(tmp_path: Path, wait: float = 10.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if subprocess.run(["pgrep", "-f", f"grader.batch.worker.*{tmp_path}"], capture_output=True).returncode == 1:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.slow
def test_ctrl_c_keeps_every_result_written_and_a_rerun_completes_the_gradebook(tmp_path):
    subs = _class(tmp_path, 16)
    _batch(tmp_path, subs, "clean", "-j", "2")
    proc = _start(tmp_path, subs, "out")
    deadline = time.monotonic() + 60
    while len(list((tmp_path / "out").glob("*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends: the whole foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    _all_whole(tmp_path / "out")
    _batch(tmp_path, subs, "out", "-j", "2")
    assert _book(tmp_path, "out") == _book(tmp_path, "clean")


def test_a_student_named_like_a_formula_is_text_in_the_gradebook(tmp_path):
    make_assignment(tmp_path, PROBLEMS)
    subs = tmp_path / "subs"
    subs.mkdir()
    write_module(subs / "=HYPERLINK(1).py", RIGHT)
    write_module(subs / "-2+3.py", RIGHT)
    write_module(subs / "@sum.py", RIGHT)
    write_module(subs / "+1.py", RIGHT)
    _batch(tmp_path, subs, "out")
    students = {r["student"] for r in csv.DictReader((tmp_path / "out" / "gradebook.csv").open())}
    assert students == {"'=HYPERLINK(1)", "'-2+3", "'@sum", "'+1"}


def test_an_invalid_worker_count_is_a_usage_error(tmp_path):
    subs = _class(tmp_path, 1)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "-j", "0", cwd=tmp_path)
    assert proc.returncode == 2 and "-j needs" in proc.stderr
