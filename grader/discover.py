"""Which assignment a submission is for.

The rule, in order:
1. ``--assignment PATH`` when given;
2. the assignment the submission names, statically (never by running it): a
   comment ``# assignment: NAME`` in its first 20 lines, or a top-level
   ``__assignment__ = "NAME"``;
3. the only assignment under ``./assignments`` (or under an ``assignments/``
   folder next to the submission or in one of its parent folders);
4. among several, the one whose name matches the submission's file name
   (``dl_conv.py`` -> ``dl-conv``).
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.spec.load import ASSIGNMENT_FILE


class DiscoveryError(Exception):
    """No assignment, or no way to choose one."""


_COMMENT = re.compile(r"^#\s*assignment\s*[:=]\s*([\w.\-/]+)\s*$", re.IGNORECASE)


def named_in(submission: Path) -> str | None:
    """The assignment a submission names, read without executing it (in a notebook: in any code cell)."""
    if submission.suffix.lower() == ".ipynb":
        from grader.notebook import named_assignment

        return named_assignment(submission)
    try:
        text = submission.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return named_in_text(text)


def named_in_text(text: str, max_lines: int | None = 20) -> str | None:
    """The ``# assignment:`` comment in the first ``max_lines`` lines (None: any line), or ``__assignment__``."""
    for line in text.splitlines()[:max_lines]:
        m = _COMMENT.match(line.strip())
        if m:
            return m.group(1)
    if "__assignment__" not in text:
        return None
    import ast  # only for the rare submission that names its assignment in code

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__assignment__" for t in node.targets):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
    return None


def assignment_roots(start: Path) -> list[Path]:
    """``assignments/`` folders: in the working directory, then beside the submission and its parents."""
    roots = []
    for base in [Path.cwd(), *start.resolve().parents]:
        candidate = base / "assignments"
        if candidate.is_dir() and candidate not in roots:
            roots.append(candidate)
    return roots


def available(root: Path) -> list[Path]:
    return sorted(p.parent for p in root.glob(f"*/{ASSIGNMENT_FILE}"))


def find_assignment(submission: Path, explicit: str | None = None) -> Path:
    """The assignment folder for ``submission`` by the rule above."""
    if explicit:
        path = Path(explicit)
        if path.is_dir() or path.name == ASSIGNMENT_FILE:
            return path
        for root in assignment_roots(submission):
            if (root / explicit).is_dir():
                return root / explicit
        raise DiscoveryError(f"{explicit}: no such assignment folder")
    roots = assignment_roots(submission)
    name = named_in(submission)
    if name:
        for root in roots:
            if (root / name / ASSIGNMENT_FILE).is_file():
                return root / name
        if (Path(name) / ASSIGNMENT_FILE).is_file():
            return Path(name)
        raise DiscoveryError(f"{submission} names assignment {name!r}, which is not under {', '.join(map(str, roots)) or './assignments'}")
    for root in roots:
        found = available(root)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            stem = _norm(submission.stem)
            match = [p for p in found if _norm(p.name) == stem]
            if len(match) == 1:
                return match[0]
            raise DiscoveryError(
                f"{root} holds {len(found)} assignments ({', '.join(p.name for p in found)}); "
                f"choose one with --assignment NAME or a line '# assignment: NAME' in {submission.name}"
            )
    raise DiscoveryError("no assignments/ folder found here or above the submission; use --assignment PATH")


def _norm(name: str) -> str:
    return re.sub(r"[-_ .]+", "_", name.lower())
