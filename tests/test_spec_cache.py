"""Loaded assignments kept on disk: a rerun parses no YAML, and any change to what loading reads
is seen; entries are trusted only as the symbolic verdict cache's are."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import make_assignment

from grader.compare import symbolic_cache
from grader.spec import cache as spec_cache

CONFINED = ["unprivileged user", "landlock"]
PROBLEMS = {
    "double.yaml": """
        id: double
        args: [x]
        cases:
          - inputs: {x: 1}
            expected: 2
    """,
}


@pytest.fixture
def cache_on(tmp_path):
    assert symbolic_cache.configure(True, CONFINED, tmp_path / "cache") is not None
    yield tmp_path / "cache" / spec_cache.FOLDER
    symbolic_cache.configure(False)


def _no_loading(monkeypatch):
    monkeypatch.setattr(spec_cache, "load_assignment", lambda path: pytest.fail("loaded the YAML again"))


def _touch(path: Path, text: str) -> None:
    path.write_text(text)
    later = time.time() + 5  # a new mtime even on a coarse clock
    os.utime(path, (later, later))


def test_an_unchanged_assignment_comes_from_the_cache(tmp_path, cache_on, monkeypatch):
    folder = make_assignment(tmp_path, PROBLEMS)
    first = spec_cache.load(folder)
    _no_loading(monkeypatch)
    again = spec_cache.load(folder)
    assert [p.id for p in again.problems] == ["double"] and again.problems[0].cases[0].expected == 2
    assert again.sha256 == first.sha256
    [entry] = cache_on.iterdir()
    assert oct(entry.stat().st_mode & 0o777) == "0o600"


def test_an_edited_problem_file_is_loaded_again(tmp_path, cache_on):
    folder = make_assignment(tmp_path, PROBLEMS)
    spec_cache.load(folder)
    _touch(folder / "double.yaml", (folder / "double.yaml").read_text().replace("expected: 2", "expected: 3"))
    assert spec_cache.load(folder).problems[0].cases[0].expected == 3


def test_a_new_file_in_the_assignment_folder_is_seen(tmp_path, cache_on):
    folder = make_assignment(tmp_path, PROBLEMS)
    spec_cache.load(folder)
    (folder / "checks.py").write_text("def ok(**kw):\n    return 1.0\n")
    assert len(list(cache_on.iterdir())) == 1
    spec_cache.load(folder)
    assert len(list(cache_on.iterdir())) == 2  # another key


def test_a_changed_file_beside_the_reference_solution_is_seen(tmp_path, cache_on, monkeypatch):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "ref.py").write_text("def double(x):\n    return 2 * x\n")
    folder = make_assignment(tmp_path, PROBLEMS, header="solution: ../../solutions/ref.py\n")
    spec_cache.load(folder)
    _touch(solutions / "mistakes.py", "def double(x):\n    return x\n")
    calls = []
    real = spec_cache.load_assignment
    monkeypatch.setattr(spec_cache, "load_assignment", lambda path: calls.append(path) or real(path))
    spec_cache.load(folder)
    assert calls  # loaded again


def test_an_assignment_with_a_broken_problem_is_not_kept(tmp_path, cache_on):
    folder = make_assignment(tmp_path, {**PROBLEMS, "bad.yaml": "id: bad\npoints: lots\nexpected: 1\n"})
    assert spec_cache.load(folder).broken
    assert not cache_on.exists() or not list(cache_on.iterdir())


def test_nothing_is_kept_while_the_cache_is_off(tmp_path):
    symbolic_cache.configure(False)
    folder = make_assignment(tmp_path, PROBLEMS)
    assert spec_cache.load(folder).problems[0].id == "double"
    assert not list(tmp_path.rglob("*.pickle"))


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path, cache_on, garbage):
    folder = make_assignment(tmp_path, PROBLEMS)
    spec_cache.load(folder)
    [entry] = cache_on.iterdir()
    entry.write_bytes(garbage)
    assert spec_cache.load(folder).problems[0].cases[0].expected == 2
    assert entry.read_bytes() != garbage


def test_an_entry_others_may_write_is_not_read(tmp_path, cache_on, monkeypatch):
    folder = make_assignment(tmp_path, PROBLEMS)
    spec_cache.load(folder)
    [entry] = cache_on.iterdir()
    os.chmod(entry, 0o666)
    calls = []
    real = spec_cache.load_assignment
    monkeypatch.setattr(spec_cache, "load_assignment", lambda path: calls.append(path) or real(path))
    spec_cache.load(folder)
    assert calls


def _made(assignment, tag: str):
    """A stand-in for grader.cases.prepare that says whom it made the cases for."""
    calls = []

    def make():
        calls.append(tag)
        return replace(assignment, title=f"cases for {tag}"), {}
    return make, calls


def test_a_students_cases_come_from_the_cache_on_a_rerun(tmp_path, cache_on):
    assignment = spec_cache.load(make_assignment(tmp_path, PROBLEMS))
    make, calls = _made(assignment, "ada")
    assert spec_cache.prepared(assignment, "ada", None, make)[0].title == "cases for ada"
    again, errors = spec_cache.prepared(assignment, "ada", None, make)
    assert again.title == "cases for ada" and errors == {} and calls == ["ada"]


def test_each_student_and_each_choice_of_problems_has_cases_of_its_own(tmp_path, cache_on):
    assignment = spec_cache.load(make_assignment(tmp_path, PROBLEMS))
    made = []
    for student, only in [("ada", None), ("bob", None), ("ada", {"double"}), (None, None)] * 2:
        spec_cache.prepared(assignment, student, only,
                            lambda s=student, o=only: (made.append((s, o)) or replace(assignment, title=str(s)), {}))
    assert len(made) == 4


def test_cases_with_an_instructor_error_are_made_again_each_time(tmp_path, cache_on):
    assignment = spec_cache.load(make_assignment(tmp_path, PROBLEMS))
    calls = []
    broken = lambda: (calls.append(1) or assignment, {"double": "instructor error (not the student's): boom"})  # noqa: E731
    spec_cache.prepared(assignment, "ada", None, broken)
    assert spec_cache.prepared(assignment, "ada", None, broken)[1] == {"double": "instructor error (not the student's): boom"}
    assert len(calls) == 2


def test_an_assignment_not_from_the_cache_makes_its_cases_every_time(tmp_path, cache_on):
    from grader.spec import load_assignment

    assignment = load_assignment(make_assignment(tmp_path, PROBLEMS))
    make, calls = _made(assignment, "ada")
    spec_cache.prepared(assignment, "ada", None, make)
    spec_cache.prepared(assignment, "ada", None, make)
    assert calls == ["ada", "ada"]


def test_a_rerun_of_grade_from_the_caches_gives_the_same_result(tmp_path):
    import json
    import subprocess
    import sys

    from conftest import REPO, cli_env

    env = {**cli_env(), "GRADER_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> dict:
        proc = subprocess.run([sys.executable, "-m", "grader", "solutions/dl_layers.py", "--student", "ada", "-f", "json"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        for key in ("started_at", "seconds", "imported"):
            data.pop(key)
        for p in data["problems"]:
            p.pop("seconds", None)
            for c in p["cases"]:
                c.pop("seconds", None)
        return data

    first = run()
    assert list((tmp_path / "cache" / spec_cache.FOLDER).glob("*.cases.pickle"))
    assert run() == first


def test_the_same_folder_named_from_another_directory_keeps_its_own_paths(tmp_path, cache_on, monkeypatch):
    folder = make_assignment(tmp_path, PROBLEMS)
    monkeypatch.chdir(tmp_path)
    assert spec_cache.load(Path("assignments/hw")).problems[0].file.resolve() == (folder / "double.yaml").resolve()
    monkeypatch.chdir(tmp_path / "assignments")
    assert spec_cache.load(Path("hw")).problems[0].file.resolve() == (folder / "double.yaml").resolve()


def test_an_entry_larger_than_the_bound_is_not_written(tmp_path, cache_on, monkeypatch):
    monkeypatch.setattr(spec_cache, "MAX_ENTRY_BYTES", 1000)
    folder = make_assignment(tmp_path, PROBLEMS)
    assert spec_cache.load(folder).problems[0].id == "double"
    assert not cache_on.exists() or not list(cache_on.iterdir())
