"""The CSV gradebook of a batch: one row per student, the total and one column per problem.

Every text cell is safe against formula injection: spreadsheets run a cell that starts
with ``=``, ``+``, ``-`` or ``@`` (and some tab or carriage return) as a formula, so a
student whose file is named ``=HYPERLINK(…)`` would become one. Such a cell gets a
leading ``'``, which spreadsheets show as text. Numbers are written by the grader and
left as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """``value`` as a cell that a spreadsheet shows as text, never evaluates."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(x: float) -> str:
    return f"{x:g}"


def gradebook(problem_ids: list[str], results: Mapping[str, Mapping[str, Any]], roster: Mapping[str, Any] | None = None) -> str:
    """CSV from canonical JSON results (``student id -> result dict``), in the order given;
    with a roster (:func:`grader.batch.roster.load_roster`), each student's name and email too."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    who = ["name", "email"] if roster is not None else []
    writer.writerow([safe_cell(c) for c in ["student", *who, "total", "max_total", "status", *problem_ids, "submission_sha256"]])
    for sid, r in results.items():
        scores = {p["id"]: p["score"] for p in r.get("problems", [])}
        person = roster.get(sid) if roster is not None else None
        names = [getattr(person, "name", ""), getattr(person, "email", "")] if roster is not None else []
        writer.writerow([
            safe_cell(sid), *(safe_cell(n) for n in names), number(r["total"]), number(r["max_total"]), safe_cell(r["status"]),
            *(number(scores.get(i, 0.0)) for i in problem_ids), safe_cell(r.get("submission", {}).get("sha256", "")),
        ])
    return out.getvalue()
