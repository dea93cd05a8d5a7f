"""Shared fixtures: run the CLI as a subprocess, and write small assignments into tmp_path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def symbolic_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI's symbolic verdict cache goes to a folder of this test session, never ~/.cache."""
    folder = tmp_path_factory.mktemp("grader-cache")
    os.environ["GRADER_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(autouse=True)
def fresh_symbolic_memory() -> None:
    """Each test starts with no symbolic verdicts remembered in memory, as a new process would:
    a verdict a test provoked (a patched engine, a fake worker) must not answer another test."""
    from grader.compare import symbolic_cache

    symbolic_cache.forget()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


def needs_package(name: str) -> None:
    """Skip unless ``name`` is installed, without importing it in the test process: a library that
    starts threads (jax, torch) here would be inherited by every fork server forked after it."""
    import importlib.util

    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed")


def run_cli(*args: str, cwd: Path | str = REPO, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m grader ARGS`` in ``cwd`` (this checkout importable); stdout/stderr captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "grader", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=cli_env(),
    )


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture
def grade_cli():
    """The CLI runner (``grade_cli("sub.py", "-f", "json", cwd=tmp_path)``)."""
    return run_cli


def make_assignment(root: Path, problems: dict[str, str], *, name: str = "hw", header: str = "") -> Path:
    """Write ``root/assignments/NAME`` with one file per ``problems`` entry (file name -> YAML text)."""
    folder = root / "assignments" / name
    folder.mkdir(parents=True)
    listing = "".join(f"  - {f}\n" for f in problems)
    (folder / "assignment.yaml").write_text(f"title: Test {name}\n{textwrap.dedent(header)}problems:\n{listing}")
    for file, text in problems.items():
        (folder / file).write_text(textwrap.dedent(text).lstrip("\n"))
    return folder


def write_module(path: Path, source: str) -> Path:
    path.write_text(textwrap.dedent(source).lstrip("\n"))
    return path


@pytest.fixture
def assignment_factory(tmp_path: Path):
    """``assignment_factory({"p.yaml": "...yaml..."})`` -> folder under ``tmp_path/assignments``."""

    def make(problems: dict[str, str], **kw) -> Path:
        return make_assignment(tmp_path, problems, **kw)

    return make
