"""Which submissions a batch grades, and each one's student id."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

#: the file names a student folder may hold its submission under, in order of preference
SUBMISSION_NAMES = ("submission.py", "submission.ipynb")
SUFFIXES = (".py", ".ipynb")


#: ids whose result file would be one of the batch's own files; such a student becomes "class-2"
RESERVED_IDS = ("class",)


def collect(paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """(student id, file) for each submission: files as given, folders expanded.

    A folder holding one student's work counts once (its ``submission.py`` or
    ``submission.ipynb``, or its only ``.py``/``.ipynb`` file); a folder of many files
    counts each file, and each sub-folder holding a ``submission.*`` counts as one
    student named after the folder. Otherwise the id is the file's stem. Ids that
    repeat get ``-2``, ``-3``… in the order found.
    """
    found: list[tuple[str, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            single = _submission_in(path)
            files = [single] if single else sorted(p for p in path.iterdir() if p.is_file() and p.suffix in SUFFIXES)
            found += [(student_id(f), f) for f in files]
            for sub in sorted(p for p in path.iterdir() if p.is_dir()):
                inner = _submission_in(sub)
                if inner:
                    found.append((sub.name, inner))
        else:
            found.append((student_id(path), path))
    seen: dict[str, int] = dict.fromkeys(RESERVED_IDS, 1)  # "class" would be OUT/class.json, the class report
    unique = []
    for sid, file in found:
        seen[sid] = seen.get(sid, 0) + 1
        unique.append((sid if seen[sid] == 1 else f"{sid}-{seen[sid]}", file))
    return unique


def _submission_in(folder: Path) -> Path | None:
    for name in SUBMISSION_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def student_id(file: Path) -> str:
    """The folder's name for a ``submission.*`` file, else the file's stem."""
    return file.parent.name if file.name in SUBMISSION_NAMES and file.parent.name else file.stem
