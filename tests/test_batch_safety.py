"""`grade batch` and its output folder: a full disk, and two runs into one folder."""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import cli_env, make_assignment, run_cli, write_module
from test_batch import PROBLEMS

N_STUDENTS = 30


def _class(tmp_path: Path) -> Path:
    make_assignment(tmp_path, PROBLEMS)
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(N_STUDENTS):
        body = "def double(x):\n    return 2 * x\nANSWER = 42\n" if i % 2 else "def double(x):\n    return x\nANSWER = 0\n"
        write_module(subs / f"s{i:02d}.py", body)
    return subs


def _assert_whole_and_consistent(out: Path) -> None:
    """Every file in ``out`` is whole: each result parses, and the gradebook lists results that exist."""
    results = {p.stem: json.loads(p.read_text()) for p in out.glob("*.json")}
    assert all(r["status"] == "graded" for r in results.values())
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left
    book = out / "gradebook.csv"
    if book.exists():
        rows = list(csv.DictReader(book.open()))
        assert {r["student"] for r in rows} <= set(results)
        for r in rows:
            assert float(r["total"]) == results[r["student"]]["total"]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 48 KiB tmpfs: room for a few results, not for thirty (needs root)."""
    folder = tmp_path / "out"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the file-size-limit test covers the same path)")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(folder)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_stops_the_batch_cleanly_and_keeps_every_file_whole(tmp_path, small_disk):
    subs = _class(tmp_path)
    proc = run_cli("batch", subs, "-a", "hw", "-o", small_disk, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "no space left on the device" in proc.stderr and "Traceback" not in proc.stderr
    assert "results written before are kept" in proc.stderr
    written = list(small_disk.glob("*.json"))
    assert 0 < len(written) < N_STUDENTS
    _assert_whole_and_consistent(small_disk)


def _fsize_limit() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))


def test_a_write_past_the_file_size_limit_stops_the_batch_cleanly_and_keeps_every_file_whole(tmp_path):
    subs = _class(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", str(subs), "-a", "hw", "-o", str(out)], cwd=tmp_path,
                          capture_output=True, text=True, env=cli_env(), preexec_fn=_fsize_limit, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "cannot write" in proc.stderr and "Traceback" not in proc.stderr
    _assert_whole_and_consistent(out)


def test_a_second_batch_into_a_folder_in_use_is_refused(tmp_path):
    from grader.batch.lock import FolderLock

    make_assignment(tmp_path, PROBLEMS)
    write_module(tmp_path / "alice.py", "def double(x):\n    return 2 * x\nANSWER = 42\n")
    out = tmp_path / "out"
    out.mkdir()
    with FolderLock(out):
        proc = run_cli("batch", "alice.py", "-a", "hw", "-o", out, cwd=tmp_path)
    assert proc.returncode == 2
    assert "is in use by another `grade batch`" in proc.stderr
    assert list(out.iterdir()) == []
    assert run_cli("batch", "alice.py", "-a", "hw", "-o", out, cwd=tmp_path).returncode == 0  # free again
