"""How the command line starts its fork server: forked from the grader, numpy and all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, **env: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_command_line_forks_its_fork_server_instead_of_starting_an_interpreter():
    facts = _run(
        "import argparse, json, sys\n"
        "from grader.commands import make_sandbox\n"
        "sb = make_sandbox(argparse.Namespace(memory=None, isolation=None, no_cache=True))\n"
        "print(json.dumps({'fresh': sb._fresh, 'numpy': 'numpy' in sys.modules}))\n"
        "sb.close()\n")
    assert facts == {"fresh": False, "numpy": True}


def test_numpy_imported_for_forking_leaves_the_thread_variables_as_they_were():
    facts = _run(
        "import json, os\n"
        "from grader.sandbox.forkable import import_numpy\n"
        "import_numpy()\n"
        "print(json.dumps({k: os.environ.get(k) for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS')}))\n",
        OMP_NUM_THREADS="3")
    assert facts == {"OPENBLAS_NUM_THREADS": None, "OMP_NUM_THREADS": "3"}


def test_numpy_imported_for_forking_starts_no_thread():
    facts = _run(
        "import json, os\n"
        "from grader.sandbox.forkable import import_numpy\n"
        "import_numpy()\n"
        "print(json.dumps(len(os.listdir('/proc/self/task'))))\n")
    assert facts == 1


def test_the_grade_command_exits_with_mains_code_after_running_the_exit_handlers(tmp_path):
    marker = tmp_path / "handlers-ran"
    code = ("import atexit, sys\n"
            f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
            "sys.argv = ['grade', 'no-such-submission.py']\n"
            "from grader.cli import entry\n"
            "entry()\n"
            "raise SystemExit('entry returned')\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and "no such file" in proc.stderr
    assert marker.read_text() == "ran"


def test_an_import_finished_in_time_is_not_a_time_out_when_the_grader_asks_late():
    import time
    from pathlib import Path

    from grader.sandbox.session import Sandbox

    with Sandbox() as sandbox:
        session = sandbox.session(Path(__file__).parent / "fixtures" / "late_import.py")
        session.launch()
        time.sleep(1.5)  # the grader is busy (loading, a loaded machine) while the child imports
        outcome = session.start(import_timeout=1.0)
        session.stop()
    assert outcome.ok, outcome.detail
