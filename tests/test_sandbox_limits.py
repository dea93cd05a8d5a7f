"""Resource limits and fault tolerance of the sandbox: one hostile behaviour per test.

Each test writes a small submission to ``tmp_path``, runs it through
:class:`Sandbox`/:class:`Session` directly and checks what the grader is told,
that the next call still works, and that no process is left behind.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from grader.sandbox.config import SandboxConfig
from grader.sandbox.session import CRASHED, INVALID, OK, RAISED, TIMEOUT, Call, Sandbox
from hostile.procs import become_subreaper, leftovers

become_subreaper()


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox(SandboxConfig(memory_mb=512, cpu_seconds=20, file_size_mb=4, max_processes=32)) as sb:
        yield sb


@pytest.fixture
def run(sandbox: Sandbox, tmp_path: Path):
    """``run(source, Call(...), ...)`` -> the outcomes, after checking nothing was left running."""

    def go(source: str, *calls: Call, sb: Sandbox | None = None) -> list:
        box = sb or sandbox
        path = tmp_path / "submission.py"
        path.write_text(textwrap.dedent(source).replace("<OK>", OK_FN))
        session = box.session(path)
        try:
            outcomes = [session.start(import_timeout=5)]
            outcomes += [session.call(c) for c in calls]
        finally:
            session.stop()
        assert leftovers(exclude={sandbox.pid, box.pid}) == []
        return outcomes

    return go


def fn(name: str, *args, timeout: float = 10.0) -> Call:  # calls not about time: room for a loaded machine
    return Call(name, "function", args=args, timeout=timeout)


OK_FN = "\ndef ok():\n    return 42\n"


def test_infinite_loop_in_a_call_times_out_and_the_next_call_works(run):
    _, looped, after = run("def spin():\n    while True: pass\n" + "<OK>", fn("spin", timeout=0.5), fn("ok"))
    assert looped.status == TIMEOUT and "timed out after 0.5 s" in looped.detail
    assert after.status == OK and after.value == 42


def test_infinite_loop_at_import_times_out(run):
    (imported,) = run("while True: pass\n")
    assert imported.status == TIMEOUT and "importing your module timed out" in imported.detail


def test_sleep_is_stopped_by_the_wall_clock_not_the_cpu_limit(run):
    _, slept = run("import time\ndef nap():\n    time.sleep(60)\n", fn("nap", timeout=0.5))
    assert slept.status == TIMEOUT and slept.seconds == pytest.approx(0.5)


def test_handler_that_ignores_sigterm_is_still_killed(run):
    src = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ndef nap():\n    time.sleep(60)\n" + "<OK>"
    _, slept, after = run(src, fn("nap", timeout=0.5), fn("ok"))
    assert slept.status == TIMEOUT and after.value == 42


def test_memory_bomb_fails_with_memory_error_under_the_limit(run):
    _, bomb, after = run("def bomb():\n    return bytearray(4 * 2**30)\n" + "<OK>", fn("bomb"), fn("ok"))
    assert bomb.status == RAISED and bomb.error["type"] == "MemoryError"
    assert "ran out of memory (the limit is 512 MiB)" in bomb.detail
    assert after.value == 42


def test_cpu_budget_of_the_whole_submission_kills_a_busy_child(run, tmp_path):
    with Sandbox(SandboxConfig(cpu_seconds=1)) as sb:
        _, busy = run("def spin():\n    while True: pass\n", fn("spin", timeout=10), sb=sb)
    assert busy.status == CRASHED and "CPU time limit" in busy.detail


def test_wall_clock_budget_of_the_whole_submission_is_shared_by_calls(run):
    # the budget is 3 s: the first 2-s call fits even when a loaded machine makes the import slow
    with Sandbox(SandboxConfig(wall_seconds=3.0)) as sb:
        _, first, second, third = run("import time\ndef nap():\n    time.sleep(60)\n" + "<OK>",
                                      fn("nap", timeout=2.0), fn("nap", timeout=2.0), fn("ok"), sb=sb)
    assert first.status == TIMEOUT and "after 2 s" in first.detail
    assert second.status == TIMEOUT and "time budget of 3 s" in second.detail
    assert third.status == TIMEOUT and "used up its time budget" in third.detail


def test_fork_bomb_is_bounded_and_leaves_no_process(run):
    src = """
    import os
    def bomb():
        n = 0
        while True:
            try:
                if os.fork() == 0:
                    import time; time.sleep(60)
                n += 1
            except OSError:
                return n
    """
    _, bombed = run(src + "<OK>", fn("bomb", timeout=3))
    assert bombed.status in (OK, TIMEOUT, RAISED)
    if bombed.status == OK:
        assert bombed.value <= 64


def test_daemon_that_left_the_process_group_dies_with_the_child(run):
    src = """
    import os, time
    def daemon():
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(60)
            os._exit(0)
        return "started"
    """
    _, started = run(src, fn("daemon"))
    assert started.value == "started"  # run() asserts nothing is left


def test_thread_left_running_does_not_outlive_the_session(run):
    src = "import threading, time\ndef spawn():\n    threading.Thread(target=time.sleep, args=(60,)).start()\n    return 1\n"
    _, spawned = run(src, fn("spawn"))
    assert spawned.value == 1


def test_huge_stdout_is_capped_and_its_size_reported(run):
    src = "import sys\ndef chatty():\n    sys.stdout.write('x' * 3_000_000)\n    return 1\n"
    _, chatty = run(src, fn("chatty"))
    assert chatty.status == OK
    assert chatty.stdout.size == 3_000_000 and len(chatty.stdout.text) < 20_000
    assert any(n.startswith("produced 2.9 MiB of output on stdout") for n in chatty.notes)


def test_output_past_the_file_size_limit_fails_the_call_with_that_reason(run):
    src = "import sys\ndef flood():\n    while True:\n        sys.stdout.write('y' * 65536)\n" + "<OK>"
    _, flood, after = run(src, fn("flood", timeout=5), fn("ok"))
    assert flood.status == RAISED and "file size limit of 4 MiB" in flood.detail
    assert after.value == 42


def test_segfault_is_reported_as_a_signal(run):
    src = "import ctypes\ndef crash():\n    ctypes.string_at(0)\n" + "<OK>"
    _, crashed, after = run(src, fn("crash"), fn("ok"))
    assert crashed.status == CRASHED and "segmentation fault" in crashed.detail
    assert after.value == 42


def test_os_exit_in_a_call_is_reported_with_its_code(run):
    _, exited = run("import os\ndef leave():\n    os._exit(3)\n", fn("leave"))
    assert exited.status == CRASHED and "exited with code 3" in exited.detail


@pytest.mark.parametrize("raise_", ["import sys; sys.exit(4)", "raise SystemExit", "raise KeyboardInterrupt",
                                    "raise BaseException('no')"])
def test_base_exceptions_at_import_are_an_import_failure(run, raise_):
    (imported,) = run(raise_ + "\n")
    assert imported.status == RAISED and imported.error["type"] in ("SystemExit", "KeyboardInterrupt", "BaseException")


def test_system_exit_in_a_call_is_a_raised_error_not_a_crash(run):
    _, exited, after = run("import sys\ndef leave():\n    sys.exit(0)\n" + "<OK>", fn("leave"), fn("ok"))
    assert exited.status == RAISED and exited.error["type"] == "SystemExit"
    assert after.value == 42


def test_deep_recursion_raises_recursion_error(run):
    _, deep = run("def down(n=0):\n    return down(n + 1)\n", fn("down"))
    assert deep.status == RAISED and deep.error["type"] == "RecursionError"
    assert "more frames" in deep.error["traceback"]


def test_garbage_written_to_inherited_descriptors_cannot_forge_a_result(run):
    src = """
    import os
    def forge():
        for fd in range(3, 64):
            try:
                os.write(fd, b"\\x00\\x00\\x00\\x0b{\\"ok\\":true}garbage")
            except OSError:
                pass
        return 0
    """
    _, forged, after = run(src + "<OK>", fn("forge"), fn("ok"))
    assert forged.status in (INVALID, OK) and forged.value in (None, 0)
    assert after.status == OK and after.value == 42


def test_session_limits_override_the_sandbox_defaults(sandbox, tmp_path):
    path = tmp_path / "submission.py"
    path.write_text("def bomb():\n    return bytearray(400 * 2**20)\n")
    session = sandbox.session(path, config=SandboxConfig(memory_mb=300, isolation="none"))
    try:
        assert session.config.isolation == sandbox.config.isolation  # the level cannot be lowered
        bomb = session.call(fn("bomb"))
    finally:
        session.stop()
    assert bomb.status == RAISED and "the limit is 300 MiB" in bomb.detail


def test_a_launched_session_that_is_stopped_before_it_starts_leaves_nothing_running(sandbox, tmp_path):
    path = tmp_path / "slow.py"
    path.write_text("import time\ntime.sleep(60)\n")
    session = sandbox.session(path)
    session.launch()
    session.stop()
    assert leftovers(exclude={sandbox.pid}) == []


def test_a_launched_session_reports_its_import_when_started(sandbox, tmp_path):
    path = tmp_path / "ok.py"
    path.write_text("X = 1\n")
    session = sandbox.session(path)
    session.launch()
    try:
        assert session.start(import_timeout=5).status == OK
        assert session.call(Call("X", "value")).value == 1
    finally:
        session.stop()


def test_a_dead_fork_server_is_replaced_by_a_fresh_one(tmp_path):
    import os
    import signal

    path = tmp_path / "ok.py"
    path.write_text("X = 1\n")
    with Sandbox() as box:
        os.kill(box.pid, signal.SIGKILL)
        os.waitpid(box.pid, 0)
        session = box.session(path)
        try:
            assert session.start(import_timeout=30).status == OK
            assert session.call(Call("X", "value")).value == 1
        finally:
            session.stop()


def test_a_spawn_lost_after_it_was_asked_for_is_asked_for_again(sandbox, tmp_path, monkeypatch):
    from grader.sandbox import session as session_module

    path = tmp_path / "ok.py"
    path.write_text("X = 1\n")
    real, failed = sandbox._wait_spawned, []

    def lose_the_first(req):
        if not failed:
            failed.append(req)
            real(req)  # let the lost child be forked, then pretend the answer never came
            raise session_module.SandboxError("the fork server did not fork a child")
        return real(req)

    monkeypatch.setattr(sandbox, "_wait_spawned", lose_the_first)
    session = sandbox.session(path)
    try:
        assert session.start(import_timeout=30).status == OK
        assert session.call(Call("X", "value")).value == 1
    finally:
        session.stop()
    assert failed


def test_a_grader_running_threads_starts_its_fork_server_afresh(tmp_path):
    import subprocess
    import sys

    (tmp_path / "sub.py").write_text("import threading\ndef spawn():\n    t = threading.Thread(target=len, args=([],))\n"
                                     "    t.start(); t.join()\n    return 1\n")
    script = textwrap.dedent(f"""
        import threading, time
        from grader.sandbox.session import Sandbox, Call
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()  # like jax's or torch's pools
        with Sandbox() as sb:
            s = sb.session({str(tmp_path / "sub.py")!r})
            print(sb._fresh, s.call(Call("spawn", "function", timeout=10)).value)
            s.stop()
    """)
    from conftest import REPO, cli_env

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=cli_env(), timeout=120)
    assert out.stdout.split() == ["True", "1"], out.stderr[-2000:]
