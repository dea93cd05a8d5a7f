"""Compatibility: legitimate things students' code does work under ``process`` isolation, every layer on.

Each test is one habit of real student code, run in a fresh child with every isolation
layer this machine offers (the report lists them; :func:`test_every_layer_is_on` shows
which). A sandbox that breaks benign code fails here, not in a student's report.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import needs_package

from grader.sandbox import layers
from grader.sandbox.config import SandboxConfig
from grader.sandbox.session import OK, Call, Sandbox
from hostile.procs import become_subreaper, leftovers

become_subreaper()


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(SandboxConfig(isolation="process")) as sb:
        yield sb


@pytest.fixture
def run(sandbox: Sandbox, tmp_path: Path):
    """``run(source)`` imports ``source`` in a fresh child and returns what ``check()`` returns."""

    def go(source: str, timeout: float = 20.0):
        path = tmp_path / "submission.py"
        path.write_text(textwrap.dedent(source))
        session = sandbox.session(path)
        try:
            imported = session.start(import_timeout=timeout)
            assert imported.ok, f"{imported.detail}\n{imported.stderr.text}"
            outcome = session.call(Call("check", "function", timeout=timeout))
            assert outcome.status == OK, f"{outcome.detail}\n{(outcome.error or {}).get('traceback', '')}\n{outcome.stderr.text}"
            return outcome.value
        finally:
            session.stop()
            assert leftovers(exclude={sandbox.pid}) == []

    return go


def test_every_layer_is_on(sandbox):
    offered = [name for name, ok in sandbox.layers["available"].items() if ok]
    assert set(offered) <= set(sandbox.protections)


def test_opening_devnull_for_writing_silences_prints(run):
    assert run("""
        import os, contextlib
        def check():
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                print("quiet")
            return "ok"
    """) == "ok"


def test_dev_urandom_and_os_urandom(run):
    assert run("""
        import os
        def check():
            with open("/dev/urandom", "rb") as f:
                return [len(f.read(16)), len(os.urandom(16))]
    """) == [16, 16]


def test_tempfile_temporary_file(run):
    assert run("""
        import tempfile
        def check():
            with tempfile.TemporaryFile() as f:
                f.write(b"abc"); f.seek(0)
                return f.read().decode()
    """) == "abc"


def test_tempfile_mkdtemp_and_named_temporary_file(run):
    assert run("""
        import os, tempfile
        def check():
            d = tempfile.mkdtemp()
            with tempfile.NamedTemporaryFile("w", dir=d, suffix=".txt", delete=False) as f:
                f.write("x")
            return [os.path.isdir(d), open(f.name).read()]
    """) == [True, "x"]


def test_tempfile_temporary_directory(run):
    assert run("""
        import pathlib, tempfile
        def check():
            with tempfile.TemporaryDirectory() as d:
                (pathlib.Path(d) / "a.txt").write_text("hi")
                return (pathlib.Path(d) / "a.txt").read_text()
    """) == "hi"


def test_writing_to_a_hard_coded_path_in_tmp(run):
    assert run("""
        import numpy as np
        def check():
            np.save("/tmp/weights.npy", np.arange(3))
            return np.load("/tmp/weights.npy").tolist()
    """) == [0, 1, 2]


def test_writing_and_reading_a_file_in_the_working_directory(run):
    assert run("""
        import json
        def check():
            with open("results.json", "w") as f:
                json.dump({"a": 1}, f)
            with open("results.json") as f:
                return json.load(f)
    """) == {"a": 1}


def test_threads(run):
    assert run("""
        import threading
        def check():
            out = []
            threads = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
            for t in threads: t.start()
            for t in threads: t.join()
            return sorted(out)
    """) == [0, 1, 2, 3]


def test_thread_pool_executor(run):
    assert run("""
        from concurrent.futures import ThreadPoolExecutor
        def check():
            with ThreadPoolExecutor(4) as pool:
                return list(pool.map(lambda x: x * x, range(5)))
    """) == [0, 1, 4, 9, 16]


def test_multiprocessing_pool_with_two_workers(run):
    assert run("""
        import multiprocessing
        def square(x):
            return x * x
        def check():
            with multiprocessing.Pool(2) as pool:
                return pool.map(square, range(6))
    """) == [0, 1, 4, 9, 16, 25]


def test_multiprocessing_process_and_queue(run):
    assert run("""
        import multiprocessing
        def work(q):
            q.put(42)
        def check():
            q = multiprocessing.Queue()
            p = multiprocessing.Process(target=work, args=(q,))
            p.start(); value = q.get(timeout=10); p.join()
            return [value, p.exitcode]
    """) == [42, 0]


def test_process_pool_executor(run):
    assert run("""
        from concurrent.futures import ProcessPoolExecutor
        def check():
            with ProcessPoolExecutor(2) as pool:
                return list(pool.map(abs, [-1, -2, -3]))
    """) == [1, 2, 3]


def test_subprocess_of_the_interpreter(run):
    assert run("""
        import subprocess, sys
        def check():
            return subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True).stdout.strip()
    """) == "42"


def test_logging(run):
    assert run("""
        import logging
        logging.basicConfig(level=logging.INFO, filename="run.log")
        log = logging.getLogger("student")
        def check():
            log.info("step %d", 1)
            logging.getLogger().handlers[0].flush()
            return "step 1" in open("run.log").read()
    """) is True


def test_warnings(run):
    assert run("""
        import warnings
        def check():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                warnings.warn("careful", RuntimeWarning)
            warnings.warn("to stderr")
            return [str(w.message) for w in caught]
    """) == ["careful"]


def test_matplotlib_with_the_agg_backend(run):
    needs_package("matplotlib")
    assert run("""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        def check():
            fig, ax = plt.subplots()
            ax.plot([0, 1], [1, 0])
            fig.savefig("plot.png")
            plt.close(fig)
            return open("plot.png", "rb").read()[:4] == b"\\x89PNG"
    """, timeout=60) is True


def test_scipy(run):
    needs_package("scipy")
    assert run("""
        import numpy as np
        from scipy import linalg, optimize, signal
        def check():
            x = optimize.minimize_scalar(lambda t: (t - 2) ** 2).x
            return [round(float(x), 4), float(linalg.det(np.eye(3))), signal.convolve([1, 1], [1, 1]).tolist()]
    """, timeout=60) == [2.0, 1.0, [1, 2, 1]]


def test_time_sleep(run):
    assert run("""
        import time
        def check():
            t = time.perf_counter(); time.sleep(0.1)
            return time.perf_counter() - t >= 0.09
    """) is True


def test_random_and_numpy_default_rng(run):
    assert run("""
        import random, numpy as np
        def check():
            random.seed(0)
            return [random.random() == random.Random(0).random(), np.random.default_rng(0).integers(0, 10, 3).tolist()]
    """) == [True, [8, 6, 5]]


def test_locale(run):
    assert run("""
        import locale
        def check():
            locale.setlocale(locale.LC_ALL, "")
            return [type(locale.getlocale()).__name__, locale.format_string("%d", 1000)]
    """) == ["tuple", "1000"]


def test_sys_setrecursionlimit(run):
    assert run("""
        import sys
        sys.setrecursionlimit(5000)
        def depth(n):
            return 0 if n == 0 else 1 + depth(n - 1)
        def check():
            return depth(3000)
    """) == 3000


def test_signal_handlers_and_alarms(run):
    assert run("""
        import signal, time
        def check():
            fired = []
            signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            time.sleep(0.2)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            return fired
    """) == [1]


def test_os_cpu_count_and_process_info(run):
    assert run("""
        import os
        def check():
            return [os.cpu_count() >= 1, os.getpid() > 0, len(os.sched_getaffinity(0)) >= 1]
    """) == [True, True, True]


def test_printing_a_lot(run):
    assert run("""
        def check():
            for i in range(100_000):
                print(i, "some progress output")
            return "done"
    """) == "done"


def test_a_main_block_does_not_run_on_import(run):
    assert run("""
        def check():
            return "graded"
        if __name__ == "__main__":
            raise SystemExit("the main block ran")
    """) == "graded"


def test_home_directory_and_environment(run):
    assert run("""
        import os, pathlib
        def check():
            (pathlib.Path.home() / ".cache").mkdir(exist_ok=True)
            return [os.path.isdir(os.path.expanduser("~/.cache")), os.environ.get("STUDENT_VAR", "unset")]
    """) == [True, "unset"]


def test_reading_its_own_source_file(run):
    assert run("""
        def check():
            return "def check" in open(__file__).read()
    """) is True


def test_numpy_linear_algebra_and_fft(run):
    assert run("""
        import numpy as np
        def check():
            a = np.random.default_rng(1).normal(size=(200, 200))
            return [bool(np.allclose(a @ np.linalg.inv(a), np.eye(200), atol=1e-8)), round(float(np.fft.fft([1, 1]).real[0]), 6)]
    """) == [True, 2.0]


def test_sympy(run):
    needs_package("sympy")
    assert run("""
        import sympy as sp
        def check():
            x = sp.symbols("x")
            return str(sp.diff(sp.sin(x) ** 2, x))
    """, timeout=60) == "2*sin(x)*cos(x)"


def test_dataclasses_functools_and_pickle_in_memory(run):
    assert run("""
        import dataclasses, functools, pickle
        @dataclasses.dataclass
        class P:
            x: int
        @functools.lru_cache(None)
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)
        def check():
            return [pickle.loads(pickle.dumps(P(3))).x, fib(50)]
    """) == [3, 12586269025]


def test_killing_its_own_worker_process(run):
    assert run("""
        import os, signal, multiprocessing, time
        def check():
            p = multiprocessing.Process(target=time.sleep, args=(30,))
            p.start(); os.kill(p.pid, signal.SIGTERM); p.join()
            return p.exitcode
    """) == -15


def test_layers_named_in_the_protections_are_real_layers(sandbox):
    names = {layers.PID_NS, layers.NET_NS, layers.MOUNT_NS, layers.DROP, layers.LANDLOCK, layers.SECCOMP}
    assert {p for p in sandbox.protections if p in names} == {n for n, ok in sandbox.layers["available"].items() if ok}
