"""Keep the grader forkable: import numpy without starting BLAS threads.

The fork server is forked from the grader (see :mod:`grader.sandbox.zygote`), so that every
child starts with numpy already in memory instead of importing it again (~60 ms a child, and a
second import competing with ours for the CPU). A process with threads cannot be forked
safely, and numpy's OpenBLAS starts a thread pool when it is imported: the grader would then
have to start the fork server as a fresh interpreter. The grader only compares arrays, so one
BLAS thread costs it nothing; the variables are restored at once, so the processes it starts
later see the environment it was given.
"""

from __future__ import annotations

import os
import sys

#: what OpenBLAS, MKL, BLIS and OpenMP read when they are loaded
_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "OMP_NUM_THREADS")


def import_numpy() -> None:
    """Import numpy with single-threaded BLAS (a no-op once numpy is imported)."""
    if "numpy" in sys.modules:
        return
    saved = {name: os.environ.get(name) for name in _VARIABLES}
    os.environ.update({name: "1" for name in _VARIABLES})
    try:
        import numpy  # noqa: F401
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
