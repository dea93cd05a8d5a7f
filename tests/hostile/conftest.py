"""The adversarial suite's machinery: hostile copies of the reference solution, graded by the real CLI.

Each hostile submission is ``solutions/dl_conv.py`` with one override appended
(a function redefined, or code run at import). :func:`grade_hostile` writes
it to a fresh directory, runs ``python -m grader`` on it with a short time
limit, and checks what every hostile run must satisfy, whatever the attack:

- the grader exits normally (0 or 1), with a complete JSON report;
- nothing outside the temporary directory changed: the repository's
  ``assignments/`` and ``solutions/``, and canary files next to
  the submission and the report;
- no process is left behind (the test process is a child subreaper, so
  escaped daemons would be re-parented to it and seen).

The assignment is a copy of ``assignments/dl-conv`` with a 3 s import time
limit (the reference assignment allows 10 s), so slow imports stay quick to test.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hostile.procs import become_subreaper, leftovers

REPO = Path(__file__).resolve().parents[2]
SOLUTION = REPO / "solutions" / "dl_conv.py"
ASSIGNMENT = REPO / "assignments" / "dl-conv"
WATCHED = [REPO / "assignments", REPO / "solutions"]
CALL_TIMEOUT = "3"  # seconds per call: room for a loaded machine (two suites at once on 2 cores)
CANARY = "canary: the grader's files must not change\n"

become_subreaper()


def layers() -> dict[str, bool]:
    """The isolation layers this machine offers (as the grader detects them)."""
    global _LAYERS
    if _LAYERS is None:
        from grader.sandbox.session import Sandbox

        with Sandbox() as sb:
            _LAYERS = dict(sb.layers["available"])
    return _LAYERS


_LAYERS: dict[str, bool] | None = None


def needs(*names: str) -> Any:
    """Mark a test ``namespaces`` and skip it (with the reason) unless one of the named layers is available."""
    available = layers()
    skip = pytest.mark.skipif(not any(available.get(n) for n in names),
                              reason=f"needs {' or '.join(names)}, unavailable on this machine")

    def mark(test: Any) -> Any:
        return pytest.mark.namespaces(skip(test))

    return mark


def snapshot(paths: list[Path]) -> dict[str, tuple[int, str]]:
    """Size and hash of every file under ``paths`` (skipping caches)."""
    out = {}
    for root in paths:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    data = Path(path).read_bytes()
                except OSError:
                    continue
                out[path] = (len(data), hashlib.sha256(data).hexdigest())
    return out


@pytest.fixture(scope="session")
def assignment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the reference assignment with a short import time limit."""
    folder = tmp_path_factory.mktemp("assignment") / "dl-conv"
    shutil.copytree(ASSIGNMENT, folder)
    yaml = folder / "assignment.yaml"
    text = yaml.read_text().replace("defaults:\n", "defaults:\n  import_timeout: 3\n", 1)
    text = text.replace("solution: ../../solutions/dl_conv.py", f"solution: {SOLUTION}")
    yaml.write_text(text)
    return folder


@dataclass
class Run:
    """One CLI run on a hostile submission."""

    returncode: int
    report: dict[str, Any]
    stdout: str
    stderr: str
    workdir: Path

    @property
    def scores(self) -> dict[str, float]:
        return {p["id"]: p["score"] for p in self.report["problems"]}

    def problem(self, pid: str) -> dict[str, Any]:
        return next(p for p in self.report["problems"] if p["id"] == pid)

    def messages(self, pid: str) -> str:
        """Every message and case message of a problem, as one text to search."""
        p = self.problem(pid)
        parts = list(p.get("messages", [])) + [c.get("message", "") or "" for c in p.get("cases", [])]
        return "\n".join(parts)

    def full_marks_except(self, *hostile: str) -> list[str]:
        """Problems other than ``hostile`` that did not get full marks (empty is good)."""
        return [p["id"] for p in self.report["problems"] if p["id"] not in hostile and p["score"] != p["max_score"]]


@pytest.fixture
def grade_hostile(tmp_path: Path, assignment: Path):
    """``grade_hostile(override, *cli_args)`` -> :class:`Run`, after the universal checks."""

    def run(override: str, *args: str, timeout: str = CALL_TIMEOUT) -> Run:
        work = tmp_path / "work"
        work.mkdir()
        source = SOLUTION.read_text() + "\n\n# ---- hostile override ----\n" + textwrap.dedent(override).replace("@WORK@", str(work))
        submission = work / "submission.py"
        submission.write_text(source)
        canaries = {work / "results.json": CANARY, tmp_path / "canary.txt": CANARY}
        for path, text in canaries.items():
            path.write_text(text)
        report_path = work / "report.json"
        before_assignment = snapshot([assignment])
        repo_before = snapshot(WATCHED)
        proc = subprocess.run(
            [sys.executable, "-m", "grader", str(submission), "--assignment", str(assignment),
             "--format", "json", "-o", str(report_path), "--timeout", timeout, *args],
            cwd=work, capture_output=True, text=True, timeout=120,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])},
        )
        assert proc.returncode in (0, 1), f"grader failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
        report = json.loads(report_path.read_text())
        assert json.loads(proc.stdout) == report, "the report on stdout and in the file differ"
        _check_complete(report)
        for path, text in canaries.items():
            assert path.read_text() == text, f"{path.name} was changed"
        files = sorted(p.name for p in work.iterdir())
        assert files == ["report.json", "results.json", "submission.py"], f"files appeared next to the submission: {files}"
        assert submission.read_text() == source, "the submission file was changed"
        assert snapshot([assignment]) == before_assignment, "the assignment changed"
        assert snapshot(WATCHED) == repo_before, "the repository's assignments or solutions changed"
        assert leftovers() == [], "processes were left behind"
        return Run(proc.returncode, report, proc.stdout, proc.stderr, work)

    return run


def _check_complete(report: dict[str, Any]) -> None:
    """Every problem of the assignment is in the report, with a score and a status."""
    ids = [p["id"] for p in report["problems"]]
    assert len(ids) == 22 and len(set(ids)) == 22, ids
    for p in report["problems"]:
        assert p["status"] not in ("not_run", "", None), p["id"]
        assert 0 <= p["score"] <= p["max_score"], p["id"]
    assert report["total"] == pytest.approx(sum(p["score"] for p in report["problems"]))
    assert report["max_total"] == 32
