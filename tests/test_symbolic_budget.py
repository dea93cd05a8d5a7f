"""The time budget: a forked child killed at the deadline, keeping its last report."""

import os
import time

import pytest

from grader.symbolic.budget import _run_inline, run_with_deadline

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_finished_work_returns_all_reports():
    out = run_with_deadline(lambda report: (report({"a": 1}), report({"b": 2})), 2.0)
    assert out.finished and out.reports == [{"a": 1}, {"b": 2}]


def test_runaway_work_is_killed_at_the_deadline_keeping_the_last_report():
    def work(report):
        report({"stage": "numeric"})
        while True:
            pass

    start = time.perf_counter()
    out = run_with_deadline(work, 0.2)
    assert time.perf_counter() - start < 0.4
    assert not out.finished and out.last == {"stage": "numeric"}


def test_a_report_can_shorten_the_wait():
    def work(report):
        report({"stage": "numeric", "__deadline__": 0.05})
        time.sleep(5)

    start = time.perf_counter()
    run_with_deadline(work, 3.0, deadline_key="__deadline__")
    assert time.perf_counter() - start < 0.5


def test_exception_in_the_work_is_reported_not_raised():
    out = run_with_deadline(lambda report: 1 / 0, 1.0)
    assert "ZeroDivisionError" in out.error


def test_inline_fallback_uses_an_alarm():
    def work(report):
        report({"x": 1})
        while True:
            pass

    start = time.perf_counter()
    out = _run_inline(work, 0.1)
    assert time.perf_counter() - start < 0.5 and out.last == {"x": 1}


def test_the_kill_of_runaway_work_does_not_wait_for_the_kernel_to_tear_it_down(monkeypatch):
    """What keeps the deadline: the killed child is reaped later, not waited for (a test of the
    design, free of the machine's load; the wall-clock bound itself is the next test's)."""
    from grader.symbolic import budget

    waited = []
    real = os.waitpid
    monkeypatch.setattr(budget.os, "waitpid", lambda pid, flags: waited.append(flags) or real(pid, flags))

    def work(report):
        while True:
            pass

    run_with_deadline(work, 0.2)
    assert waited and all(flags == os.WNOHANG for flags in waited)


def test_runaway_work_returns_within_the_limit_kill_and_reap_included():
    def work(report):
        report({"stage": "numeric"})
        ballast = bytearray(300 * 2**20)  # a big child takes the kernel a while to tear down
        while True:
            ballast[0] ^= 1

    # the scheduler's wake-up latency when the suite loads every core (once 2 suites at once overshot);
    # bench/bench_symbolic.py measures the bound itself on an idle machine (0 checks over the limit)
    slack = 0.1
    for limit in (0.2, 0.5):
        start = time.monotonic()
        out = run_with_deadline(work, limit)
        assert time.monotonic() - start <= limit + slack
        assert out.last == {"stage": "numeric"} and not out.finished


def test_the_limit_counts_from_the_given_start():
    started = time.monotonic()
    time.sleep(0.25)  # e.g. the caller's parsing
    out = run_with_deadline(lambda report: time.sleep(5), 0.3, started=started)
    # counted from the call, it would end at 0.55 s; 0.1 s: the loaded scheduler's latency
    assert time.monotonic() - started <= 0.3 + 0.1 and out.elapsed <= 0.3 + 0.1


def test_no_time_left_means_no_child_and_no_report():
    out = run_with_deadline(lambda report: report({"a": 1}), 0.0)
    assert out.last is None and not out.finished


def test_killed_children_are_reaped():
    import grader.symbolic.budget as budget

    for _ in range(5):
        run_with_deadline(lambda report: time.sleep(5), 0.05)
    time.sleep(0.2)
    budget._reap_finished()
    assert budget._PENDING == []
