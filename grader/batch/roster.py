"""A roster: student ids mapped to names, emails and LMS ids (``--roster FILE``, a CSV file).

The header names the columns; ``id`` (the student id a batch derives from the file or
folder name) is required, and any of ``name``, ``email``, ``sis_user_id``,
``sis_login_id``, ``section`` and ``canvas_id`` may follow, in any order::

    id,name,email,sis_user_id,section
    alice,Alice Smith,alice@example.edu,A001,Section 1
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("id", "name", "email", "sis_user_id", "sis_login_id", "section", "canvas_id")


class RosterError(Exception):
    """The roster cannot be used; the message is ``file:line: what is wrong``."""


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    email: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    canvas_id: str = ""


def load_roster(path: Path) -> dict[str, Student]:
    """``student id -> Student`` from the CSV file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc})") from None
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower() for h in next(reader, [])]
    if "id" not in header:
        raise RosterError(f"{path}:1: the roster needs an 'id' column (the header has: {', '.join(header) or 'nothing'}); "
                          f"columns: {', '.join(COLUMNS)}")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise RosterError(f"{path}:1: unknown column {', '.join(repr(u) for u in unknown)}; columns: {', '.join(COLUMNS)}")
    students: dict[str, Student] = {}
    first_line: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise RosterError(f"{path}:{line}: {len(row)} fields, but the header has {len(header)}")
        fields = {h: cell.strip() for h, cell in zip(header, row)}
        sid = fields["id"]
        if not sid:
            raise RosterError(f"{path}:{line}: the id is empty")
        if sid in students:
            raise RosterError(f"{path}:{line}: the id {sid!r} is listed twice (first on line {first_line[sid]})")
        students[sid] = Student(**fields)
        first_line[sid] = line
    return students
