"""Grade many submissions against one assignment: a result per student and a gradebook.

Every submission runs in its own sandboxed child, so one hostile or broken submission
costs only its own grade. Results go to ``OUT/<student>.json`` (the canonical result),
each written atomically as it finishes, and ``OUT/gradebook.csv`` is rewritten as they
arrive: a batch that is stopped at any moment leaves whole files only.

- :mod:`grader.batch.collect`: which files are submissions (``.py``, ``.ipynb``), and their student ids;
- :mod:`grader.batch.job`: grade one submission to canonical JSON, with a warm sandbox per worker;
- :mod:`grader.batch.executors`: where jobs run (``local`` worker processes, ``dask``);
- :mod:`grader.batch.worker`: the local worker process;
- :mod:`grader.batch.run`: the run itself: skip what is still valid, write results, keep the gradebook current;
- :mod:`grader.batch.gradebook`, :mod:`grader.batch.canvas`, :mod:`grader.batch.roster`: the CSV
  gradebook, Canvas's import file and the roster, every cell safe against formula injection;
- :mod:`grader.batch.regrade`: what a changed problem file does to published results;
- :mod:`grader.batch.lock`: one batch per output folder at a time.
"""

from grader.batch.collect import collect, student_id
from grader.batch.gradebook import gradebook

__all__ = ["collect", "gradebook", "student_id"]
