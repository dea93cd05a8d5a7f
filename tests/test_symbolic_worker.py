"""The symbolic worker process: the grader's symbolic comparisons run in a separate
interpreter (SymPy imported there, on another core), with the same verdicts as in-process,
and the grader falls back to comparing itself whenever the worker cannot answer."""

import pytest

from grader.compare import symbolic_worker
from grader.compare.symbolic import compare
from grader.compare.symbolic_check import compare as compare_here
from grader.sandbox.values import SympyText

OPTIONS = {"symbols": {"x": {"real": True}}}
ANSWERS = [SympyText("2*x*sin(x)", "Mul"), "x**2", 3, 2.5, None, ["x", "x"], "x +", SympyText("Abs(x + 10**6) - 10**6", "Add")]


@pytest.fixture
def worker():
    symbolic_worker.start()
    yield
    symbolic_worker.stop()


def strip(v):
    return v.score, v.status, v.message, {k: x for k, x in v.details.items() if k != "elapsed_ms"}


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_worker_gives_the_in_process_verdict(worker, answer):
    from_worker = symbolic_worker.compare("x**2", answer, OPTIONS)
    assert from_worker is not None
    assert strip(from_worker) == strip(compare_here("x**2", answer, OPTIONS))


def test_without_a_worker_the_comparator_compares_in_process():
    symbolic_worker.stop()
    assert symbolic_worker.compare("x", "x", OPTIONS) is None
    assert compare("x", "x", OPTIONS).passed


def test_a_sympy_object_is_compared_in_process(worker):
    import sympy

    assert symbolic_worker.compare("x", sympy.Symbol("x", real=True), OPTIONS) is None


def test_a_dead_worker_means_comparing_in_process(worker):
    symbolic_worker._state["proc"].kill()
    symbolic_worker._state["proc"].wait()
    assert symbolic_worker.compare("x", "x", OPTIONS) is None
    assert compare("x", "2*x", OPTIONS).details["diagnosis"] == ["constant_factor"]


def test_a_garbled_reply_is_not_trusted_and_stops_the_worker(worker, monkeypatch):
    monkeypatch.setattr(symbolic_worker, "_read_line", lambda proc, timeout: b'{"score": 7, "status": "passed"}\n')
    assert symbolic_worker.compare("x", "2*x", OPTIONS) is None
    assert not symbolic_worker.running()


def test_the_worker_never_imports_modules_from_the_graders_working_directory(tmp_path, monkeypatch):
    (tmp_path / "sympy.py").write_text("raise SystemExit('a student module ran in the grader')\n")
    monkeypatch.chdir(tmp_path)
    symbolic_worker.start()
    try:
        verdict = symbolic_worker.compare("x**2", "x*x", OPTIONS)
        assert verdict is not None and verdict.passed
    finally:
        symbolic_worker.stop()
