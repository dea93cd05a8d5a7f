"""The gradebook in Canvas's import format (``--gradebook canvas``: ``OUT/canvas.csv``).

Canvas reads the columns Student, ID, SIS User ID, SIS Login ID and Section, then one
column per assignment, named ``Assignment name`` or ``Assignment name (canvas id)`` to
update an existing one; the "Points Possible" row gives the assignment's maximum. The
names, ids and section come from the roster; a student missing from it is listed under
the batch's id. Every text cell is safe against formula injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from grader.batch.gradebook import number, safe_cell
from grader.batch.roster import Student

HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def canvas_gradebook(column: str, max_points: float, results: Mapping[str, Mapping[str, Any]],
                     roster: Mapping[str, Student]) -> str:
    """CSV for Canvas's gradebook import: one row per student, ``column`` holding the total."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in [*HEADER, column]])
    writer.writerow(["Points Possible", "", "", "", "", number(max_points)])
    for sid, r in results.items():
        s = roster.get(sid) or Student(sid)
        writer.writerow([safe_cell(v) for v in (s.name or sid, s.canvas_id, s.sis_user_id or sid, s.sis_login_id or s.email, s.section)]
                        + [number(r["total"])])
    return out.getvalue()
