"""What ``run_autograder`` runs on Gradescope: find the upload, grade it, always leave a valid results.json.

The upload is the first ``.py`` or ``.ipynb`` file of the submission folder, whatever its name
(students rename files). ``grade`` runs as a child process writing ``results.json`` as it goes;
this wrapper writes a "not graded" file before it starts and repairs the file if the grader
stops early, so Gradescope always shows every problem and a message.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from grader.atomic import write_atomic

SUFFIXES = (".py", ".ipynb")


def find_upload(folder: Path) -> Path | None:
    """The first ``.py`` or ``.ipynb`` file under ``folder``: shallowest first, then by name;
    hidden files and macOS resource forks are ignored."""
    found = [
        p for p in folder.rglob("*")
        if p.is_file() and p.suffix in SUFFIXES
        and not any(part.startswith(".") or part == "__MACOSX" for part in p.relative_to(folder).parts)
    ]
    found.sort(key=lambda p: (len(p.relative_to(folder).parts), p.name.lower(), p.name))
    return found[0] if found else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="run_autograder")
    p.add_argument("--root", default="/autograder", help="Gradescope's autograder folder")
    p.add_argument("--assignment", required=True, help="the assignment folder (relative to ROOT/source)")
    args = p.parse_args(argv)
    root = Path(args.root)
    results = root / "results" / "results.json"
    upload = find_upload(root / "submission")
    if upload is None:
        write_atomic(results, _message_only("No .py or .ipynb file was found in your upload: submit your module or notebook."))
        return 0
    write_atomic(results, _not_graded(Path(args.assignment), upload))
    proc = subprocess.run(
        [sys.executable, "-m", "grader", str(upload), "--assignment", args.assignment, "-q", "-o", f"gradescope:{results}"],
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode not in (0, 1):
        _repair(results, proc.returncode)
    return 0


def _not_graded(assignment: Path, upload: Path) -> str:
    """Every problem "not graded": what Gradescope shows if the grader never gets to write."""
    from grader.grade import new_result
    from grader.report import render

    try:
        from grader.spec import load_assignment

        result = new_result(load_assignment(assignment), upload)
    except Exception as exc:  # noqa: BLE001 - the grader run that follows reports it properly
        return _message_only(f"The autograder could not load the assignment: {exc}")
    return render("gradescope", result.to_dict())


def _repair(results: Path, code: int) -> None:
    """After the grader stopped abnormally: keep what it wrote, and say that grading did not finish."""
    reason = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    note = f"The autograder stopped before it finished ({reason}); problems it did not reach are not graded. Please tell your instructor."
    try:
        data: Any = json.loads(results.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
            raise ValueError("not a results file")
    except (OSError, ValueError):
        write_atomic(results, _message_only(note))
        return
    data["output"] = f"{note}\n\n{data.get('output', '')}".strip()
    write_atomic(results, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _message_only(message: str) -> str:
    return json.dumps({"score": 0.0, "output": message, "tests": []}, indent=2) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
