"""Loaded assignments kept on disk, so that ``grade`` parses and validates YAML only when a file changed.

Loading dl-layers parses ten YAML files, validates them and renders every feedback template once
on sample data: 30 ms of each run (and the YAML parser's import), for a result that changes only
when a file does. An entry is keyed by what loading reads and what it runs:

- every file under the assignment folder (its path, size, modification time and inode;
  ``__pycache__`` folders aside), and the files beside the reference solution (checked again on
  each hit, since where the solution lives is known only once ``assignment.yaml`` is read);
- the grader's own sources (the same facts of every ``.py`` file of the package), its version,
  and the versions of Python, numpy, msgspec, PyYAML and Jinja.

An entry is the pickled :class:`~grader.spec.load.Assignment` the grader built itself from the
instructor's files, never anything from student code. It is used on the rules of the symbolic
verdict cache (:mod:`grader.compare.symbolic_cache`): only while that cache is on (``grade``, not
``--no-cache``), only where the sandbox keeps student code from writing the cache folder, and
only from a folder and a file this user owns and no one else may write. An assignment with a
broken problem is not kept (loading it again reports the error), nor one that cannot be pickled
or would take more than 16 MiB (cases holding a large data file are read again instead);
an entry that cannot be read or unpickled is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import grader
from grader.spec.load import ASSIGNMENT_FILE, Assignment, load_assignment

FOLDER = "assignments-v1"
FORMAT = 1
MAX_ENTRY_BYTES = 16 << 20
_sources: list[str] = []


def load(path: str | Path) -> Assignment:
    """:func:`~grader.spec.load.load_assignment`, from the cache when nothing it depends on changed."""
    from grader.compare import symbolic_cache

    folder = symbolic_cache.trusted_folder(FOLDER)
    if folder is None:
        return load_assignment(path)
    try:
        key = _key(Path(path))
    except OSError:
        return load_assignment(path)
    entry = folder / f"{key}.pickle"
    found = _read(entry)
    if found is not None:
        beside, assignment = found
        if beside == _beside_solution(assignment):
            return replace(assignment, cache_key=key)
    assignment = load_assignment(path)
    if not assignment.broken:
        _write(entry, assignment)
        assignment = replace(assignment, cache_key=key)
    return assignment


def prepared(assignment: Assignment, student: str | None, only: set[str] | None,
             make: Callable[[], tuple[Assignment, dict[str, str]]]) -> tuple[Assignment, dict[str, str]]:
    """``make()`` (:func:`grader.cases.prepare` for ``student``), kept beside the assignment it
    was made from: a student's cases are a function of the assignment's files (instructor code
    included, all in its key), the student id and the problems asked for. Kept only when every
    problem's cases could be made (an instructor error is reported on every run)."""
    from grader.compare import symbolic_cache

    folder = symbolic_cache.trusted_folder(FOLDER) if assignment.cache_key else None
    if folder is None:
        return make()
    which = "" if only is None else ",".join(sorted(only))
    name = hashlib.sha256(f"{assignment.cache_key}|{student!r}|{which}".encode()).hexdigest()
    entry = folder / f"{name}.cases.pickle"
    found = _read(entry)
    if found is not None and found[0] == _beside_solution(assignment):
        return found[1], {}
    made, errors = make()
    if not errors:
        _write(entry, made)
    return made, errors


def _key(path: Path) -> str:
    file = path if path.is_file() else path / ASSIGNMENT_FILE
    root = file.parent.resolve()
    # the path as given and where from too: the loaded paths (problem files, data) are kept as given
    h = hashlib.sha256(f"{FORMAT}|{grader.__version__}|{sys.version}|{root}|{path}|{os.getcwd()}".encode())
    h.update(_grader_sources().encode())
    h.update(_tree(root).encode())
    return h.hexdigest()


def _tree(root: Path) -> str:
    """Path, size, modification time and inode of every file under ``root`` (sorted)."""
    facts = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            full = os.path.join(folder, name)
            st = os.stat(full)
            facts.append(f"{os.path.relpath(full, root)}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}")
    return "\n".join(facts)


def _beside_solution(assignment: Assignment) -> str:
    """The facts of the files in the reference solution's folder (mistake implementations live there)."""
    if assignment.solution is None:
        return ""
    folder = assignment.solution.parent
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".py"))
        return "\n".join(f"{n}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}" for n in names
                         for st in [os.stat(folder / n)])
    except OSError:
        return "?"


def _grader_sources() -> str:
    """The grader's own ``.py`` files and the versions of the libraries loading uses (once per process)."""
    if not _sources:
        from grader.compare.symbolic_cache import version_of

        package = Path(grader.__file__).resolve().parent
        facts = [_tree_of_sources(package)]
        import msgspec
        import numpy

        facts += [f"numpy={numpy.__version__}", f"msgspec={msgspec.__version__}",
                  f"yaml={version_of('yaml', '__init__.py')}", f"jinja2={version_of('jinja2', '__init__.py')}"]
        _sources.append("\n".join(facts))
    return _sources[0]


def _tree_of_sources(package: Path) -> str:
    facts = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            st = os.stat(os.path.join(folder, name))
            facts.append(f"{os.path.relpath(os.path.join(folder, name), package)}|{st.st_size}|{st.st_mtime_ns}")
    return "\n".join(facts)


def _read(entry: Path) -> tuple[str, Assignment] | None:
    from grader.compare.symbolic_cache import read_trusted

    raw = read_trusted(entry, MAX_ENTRY_BYTES)
    if raw is None:
        return None
    try:
        data: Any = pickle.loads(raw)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        return None
    if (not isinstance(data, tuple) or len(data) != 2 or not isinstance(data[0], str)
            or not isinstance(data[1], Assignment)):
        return None
    return data[0], data[1]


def _write(entry: Path, assignment: Assignment) -> None:
    from grader.atomic import write_atomic

    out = _Bounded(MAX_ENTRY_BYTES)
    try:
        pickle.dump((_beside_solution(assignment), assignment), out, protocol=pickle.HIGHEST_PROTOCOL)
    except _TooLarge:
        return  # e.g. cases holding a large data file: reading them again is as cheap as this would be
    except Exception:  # noqa: BLE001 - e.g. a value pickle cannot hold: this assignment is simply not kept
        return
    try:
        write_atomic(entry, bytes(out.data), mode=0o600)
    except OSError:
        pass


class _TooLarge(Exception):
    pass


class _Bounded:
    """A pickle target that gives up as soon as the entry would pass its bound (an assignment
    with large data must not pay for pickling all of it on every run, only to drop it)."""

    def __init__(self, limit: int) -> None:
        self.data = bytearray()
        self.limit = limit

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        if len(self.data) > self.limit:
            raise _TooLarge
        return len(chunk)
