"""Loaded assignments kept on disk: a rerun parses no YAML, and any change to what loading reads
is seen; entries are trusted only as the symbolic verdict cache's are."""

from __future__ import annotations

import os
import time
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
