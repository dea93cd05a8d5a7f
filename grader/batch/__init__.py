"""Grade many submissions against one assignment: a result per student and a gradebook.

Every submission runs in its own sandboxed child, so one hostile or broken submission
costs only its own grade. Results go to ``OUT/<student>.json`` (the canonical result),
each written atomically as it finishes, and ``OUT/gradebook.csv`` is rewritten as they
arrive: a batch that is stopped at any moment leaves whole files only.

- :mod:`grader.batch.collect`: which files are submissions, and their student ids;
- :mod:`grader.batch.gradebook`: the CSV gradebook, safe against formula injection;
- :mod:`grader.batch.lock`: one batch per output folder at a time;
- :mod:`grader.batch.run`: the run itself: grade, write, rewrite the gradebook.
"""

from grader.batch.collect import collect, student_id
from grader.batch.gradebook import gradebook

__all__ = ["collect", "gradebook", "student_id"]
