"""The adversarial suite: hostile submissions against the reference assignment, graded by the real CLI.

Each test is one attack, written as an override appended to the reference
solution. Besides what each test asserts, :func:`grade_hostile` checks for
every run that the grader exited normally with a complete report, that nothing
outside the temporary directory changed and that no process was left behind.
"""

from __future__ import annotations

import re

import pytest

from hostile.conftest import CALL_TIMEOUT, needs

DROP, PID_NS, NET_NS, LANDLOCK, SECCOMP = ("unprivileged user", "pid namespace", "network namespace", "landlock",
                                            "seccomp")
MOUNT_NS = "mount namespace"

# ------------------------------------------------------------------ time


def test_infinite_loop_in_a_function_scores_zero_and_times_out(grade_hostile):
    run = grade_hostile("""
        def cnn_table():
            while True:
                pass
    """)
    assert run.returncode == 1 and run.scores["cnn_table"] == 0
    assert f"timed out after {CALL_TIMEOUT} s" in run.messages("cnn_table")
    assert run.full_marks_except("cnn_table") == []


def test_infinite_loop_at_import_makes_every_problem_score_zero(grade_hostile):
    run = grade_hostile("""
        while True:
            pass
    """)
    assert run.returncode == 1 and run.report["total"] == 0
    assert "timed out after 3 s" in run.report["imported"]["detail"]


def test_slow_import_that_sleeps_is_stopped_by_the_wall_clock(grade_hostile):
    run = grade_hostile("""
        import time
        time.sleep(600)
    """)
    assert run.returncode == 1 and run.report["total"] == 0
    assert run.report["imported"]["status"] == "timeout"


def test_handler_that_ignores_sigterm_is_killed_anyway(grade_hostile):
    run = grade_hostile("""
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        def cnn_table():
            time.sleep(600)
    """)
    assert run.returncode == 1 and run.scores["cnn_table"] == 0
    assert run.full_marks_except("cnn_table") == []


# ------------------------------------------------------------------ resources


def test_memory_bomb_fails_with_the_memory_limit_named(grade_hostile):
    run = grade_hostile("""
        import numpy as np
        def cnn_table():
            hog = []
            while True:
                hog.append(np.ones(8 * 2**20))  # 64 MiB each
    """, "--memory", "768", timeout="10")
    assert run.returncode == 1 and run.scores["cnn_table"] == 0
    assert "ran out of memory (the limit is 768 MiB)" in run.messages("cnn_table")
    assert run.full_marks_except("cnn_table") == []


def test_fork_bomb_is_bounded_and_leaves_no_process(grade_hostile):
    run = grade_hostile("""
        import os, time
        def cnn_table():
            while True:
                try:
                    if os.fork() == 0:
                        time.sleep(600)
                except OSError:
                    time.sleep(600)
    """)
    assert run.returncode == 1 and run.scores["cnn_table"] == 0
    assert run.full_marks_except("cnn_table") == []


def test_huge_stdout_is_capped_and_the_answer_still_graded(grade_hostile):
    run = grade_hostile("""
        _avg = avg_pool2d
        def avg_pool2d(x, size, stride):
            print("spam " * 2_000_000)
            return _avg(x, size, stride)
    """)
    assert run.returncode == 0 and run.full_marks_except() == []
    cases = run.problem("avg_pool2d")["cases"]
    assert all(len(c["stdout"]) < 40_000 for c in cases)


def test_endless_stderr_hits_the_file_size_limit_and_scores_zero(grade_hostile):
    run = grade_hostile("""
        import sys
        def lp_pool2d(x, p, size, stride):
            while True:
                sys.stderr.write("e" * 1_000_000)
    """, timeout="5")
    assert run.returncode == 1 and run.scores["lp_pool2d"] == 0
    assert run.full_marks_except("lp_pool2d") == []


def test_deep_recursion_raises_recursion_error_and_scores_zero(grade_hostile):
    run = grade_hostile("""
        def support_size(n_layers, k):
            return support_size(n_layers + 1, k)
    """)
    assert run.returncode == 1 and run.scores["support_size"] == 0
    assert "RecursionError" in run.messages("support_size")
    assert run.full_marks_except("support_size") == []


def test_segfault_through_ctypes_is_reported_and_scores_zero(grade_hostile):
    run = grade_hostile("""
        import ctypes
        def lp_pool2d(x, p, size, stride):
            ctypes.string_at(0)
    """)
    assert run.returncode == 1 and run.scores["lp_pool2d"] == 0
    assert "segmentation fault" in run.messages("lp_pool2d")
    assert run.full_marks_except("lp_pool2d") == []


# ------------------------------------------------------------------ exits


@pytest.mark.parametrize("exit_", ["sys.exit(0)", "os._exit(0)", "raise SystemExit(3)", "raise KeyboardInterrupt",
                                   "raise BaseException('bye')"])
def test_exiting_or_interrupting_in_a_call_scores_zero_for_that_problem_only(grade_hostile, exit_):
    run = grade_hostile(f"""
        import os, sys
        def conv2d_input_grad(image, kernel, upstream):
            {exit_}
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert run.full_marks_except("conv2d_input_grad") == []


@pytest.mark.parametrize("exit_", ["sys.exit(0)", "os._exit(0)", "raise KeyboardInterrupt"])
def test_exiting_at_import_makes_the_submission_not_gradable(grade_hostile, exit_):
    run = grade_hostile(f"""
        import os, sys
        {exit_}
    """)
    assert run.returncode == 1 and run.report["total"] == 0
    assert run.report["imported"]["ok"] is False


# ------------------------------------------------------------------ processes and threads


def test_daemon_started_in_a_call_does_not_outlive_the_grading(grade_hostile):
    run = grade_hostile("""
        import os, time
        _top_k = top_k_error
        def top_k_error(scores, labels, k):
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(600)
                os._exit(0)
            return _top_k(scores, labels, k)
    """)
    assert run.returncode == 0  # right answers; grade_hostile checks no process was left


def test_thread_left_running_at_import_does_not_block_grading(grade_hostile):
    run = grade_hostile("""
        import threading, time
        threading.Thread(target=time.sleep, args=(600,), daemon=False).start()
    """)
    assert run.returncode == 0 and run.full_marks_except() == []


@needs(PID_NS, DROP)
def test_killing_every_process_it_can_does_not_hurt_the_grader(grade_hostile):
    run = grade_hostile("""
        import os, signal
        def is_separable(F):
            os.kill(-1, signal.SIGKILL)
    """)
    assert run.returncode == 1 and run.scores["is_separable"] == 0
    assert run.full_marks_except("is_separable") == []


# ------------------------------------------------------------------ results that lie


def test_object_with_lying_eq_is_an_unsupported_type(grade_hostile):
    run = grade_hostile("""
        class Anything:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __array__(self, *a, **k): raise RuntimeError("no")
            def __float__(self): return 0.0
            def __len__(self): return 10**9
            def __iter__(self): return iter(range(10**12))
        def conv2d_input_grad(image, kernel, upstream):
            return Anything()
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert "unsupported type" in run.messages("conv2d_input_grad")
    assert run.full_marks_except("conv2d_input_grad") == []


def test_numpy_subclass_is_graded_on_its_values_not_its_methods(grade_hostile):
    run = grade_hostile("""
        import numpy as np
        class Liar(np.ndarray):
            def __eq__(self, other): return np.ones(np.shape(other), bool)
            def __array__(self, *a, **k): return np.zeros(3)
            def tolist(self): return [[109, 92, 72], [108, 85, 74], [110, 74, 79]]
        def conv2d_input_grad(image, kernel, upstream):
            return np.zeros((3, 3)).view(Liar)
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert run.full_marks_except("conv2d_input_grad") == []


def test_int_subclass_that_equals_everything_is_unsupported(grade_hostile):
    run = grade_hostile("""
        class Yes(int):
            def __eq__(self, other): return True
            __hash__ = int.__hash__
        def conv_output_size(I, K, S=1, P=0):
            return Yes(0)
    """)
    assert run.returncode == 1 and run.scores["conv_output_size"] == 0
    assert "unsupported type" in run.messages("conv_output_size")


def test_float_subclass_that_equals_everything_is_unsupported(grade_hostile):
    run = grade_hostile("""
        class Close(float):
            def __eq__(self, other): return True
            def __sub__(self, other): return 0.0
            __hash__ = float.__hash__
        def top_k_error(scores, labels, k):
            return Close(123.0)
    """)
    assert run.returncode == 1 and run.scores["top_k_error"] == 0


def test_generator_result_is_unsupported(grade_hostile):
    run = grade_hostile("""
        def chain_rule_grad(x, y):
            yield from [0.1, 0.2]
    """)
    assert run.returncode == 1 and run.scores["chain_rule_grad"] == 0
    assert "generator" in run.messages("chain_rule_grad")
    assert run.full_marks_except("chain_rule_grad") == []


def test_nan_and_inf_results_are_wrong_not_fatal(grade_hostile):
    run = grade_hostile("""
        import numpy as np
        def chain_rule_grad(x, y):
            return np.full(2, np.nan)
        def top_k_error(scores, labels, k):
            return float("inf")
    """)
    assert run.returncode == 1 and run.scores["chain_rule_grad"] == 0 and run.scores["top_k_error"] == 0
    assert run.full_marks_except("chain_rule_grad", "top_k_error") == []


def test_result_huge_when_serialised_is_refused_with_its_size(grade_hostile):
    run = grade_hostile("""
        import numpy as np
        def conv2d_input_grad(image, kernel, upstream):
            return np.zeros(20_000_000)
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert "MiB" in run.messages("conv2d_input_grad") or "elements" in run.messages("conv2d_input_grad")
    assert run.full_marks_except("conv2d_input_grad") == []


def test_mutating_inputs_in_place_does_not_affect_other_cases(grade_hostile):
    run = grade_hostile("""
        _grad = conv2d_input_grad
        def conv2d_input_grad(image, kernel, upstream):
            out = _grad(image, kernel, upstream)
            image[...] = 0
            kernel[...] = 0
            upstream[...] = 0
            return out
    """)
    assert run.returncode == 0 and run.full_marks_except() == []


def test_garbage_written_to_inherited_descriptors_cannot_forge_results(grade_hostile):
    run = grade_hostile("""
        import os
        def conv2d_input_grad(image, kernel, upstream):
            for fd in range(0, 256):
                try:
                    os.write(fd, b'\\x00\\x00\\x00\\x10{"ok": true, "v":1}' * 100)
                except OSError:
                    pass
            return [[0]]
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert run.full_marks_except("conv2d_input_grad") == []


def test_random_bytes_written_into_every_descriptor_at_import_cost_no_points(grade_hostile):
    run = grade_hostile("""
        import os, random
        _junk = random.Random(7).randbytes(1 << 16)
        for _fd in range(0, 256):
            try:
                os.write(_fd, _junk)
            except OSError:
                pass
    """)
    assert run.returncode == 0 and run.full_marks_except() == []
    assert any("result channel" in note for note in run.report["imported"]["notes"]), run.report["imported"]


def test_random_bytes_written_during_a_call_do_not_cost_its_points(grade_hostile):
    run = grade_hostile("""
        import os, random
        _grad = conv2d_input_grad
        def conv2d_input_grad(image, kernel, upstream):
            junk = random.randbytes(1 << 15)
            for fd in range(3, 64):
                try:
                    os.write(fd, junk)
                except OSError:
                    pass
            return _grad(image, kernel, upstream)
    """)
    assert run.returncode == 0 and run.full_marks_except() == []
    notes = [n for c in run.problem("conv2d_input_grad")["cases"] for n in c.get("notes", [])]
    assert any("result channel" in n for n in notes), notes


# ------------------------------------------------------------------ the grader's data and files


def test_monkeypatching_numpy_and_builtins_does_not_reach_the_grader(grade_hostile):
    run = grade_hostile("""
        import builtins, json, numpy as np, sympy
        np.allclose = lambda *a, **k: True
        np.isclose = lambda *a, **k: True
        np.array_equal = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        sympy.simplify = lambda e, *a, **k: 0
        sympy.Basic.equals = lambda *a, **k: True
        builtins.abs = lambda x: 0
        json.dumps = lambda *a, **k: '{"ev": "result", "ok": true}'
        def conv2d_input_grad(image, kernel, upstream):
            return np.zeros((3, 3))
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert run.full_marks_except("conv2d_input_grad") == []


def test_replacing_len_in_builtins_does_not_hang_the_grader(grade_hostile):
    run = grade_hostile("""
        import builtins
        _len = len
        builtins.len = lambda x: 0 if type(x) in (bytes, bytearray, memoryview, str) else _len(x)
    """)
    assert run.returncode == 0 and run.full_marks_except() == []


def test_replacing_every_builtin_the_grader_could_use_does_not_reach_it(grade_hostile):
    run = grade_hostile("""
        import builtins
        builtins.len = lambda x: 0
        builtins.isinstance = lambda o, t: False
        builtins.callable = lambda o: False
        builtins.type = lambda *a: int
        builtins.str = lambda *a, **k: "forged"
        builtins.getattr = lambda *a: None
        builtins.dict = lambda *a, **k: {}
        def conv_output_size(I, K, S=1, P=0):
            return -1
    """)
    assert run.returncode == 1 and run.scores["conv_output_size"] == 0
    observed = [c["observed"] for c in run.problem("conv_output_size")["cases"]]
    assert observed and all(o == -1 for o in observed), observed
    assert not any(c["status"] == "error" and "timed out" in c.get("message", "") for p in run.report["problems"]
                   for c in p.get("cases", []))


def test_wrapping_the_graders_modules_and_json_does_not_change_the_reported_value(grade_hostile):
    run = grade_hostile("""
        import json, sys, functools

        def _forge(x):
            if type(x) is int and x == -1:
                return 7
            if type(x) is dict:
                return {k: _forge(v) for k, v in x.items()}
            if type(x) in (list, tuple):
                return type(x)(_forge(v) for v in x)
            return x

        def _tamper(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                return _forge(fn(*_forge(list(args)), **_forge(kwargs)))
            return wrapper

        for _name, _mod in list(sys.modules.items()):
            if any(w in _name for w in ("compare", "check", "grade", "close", "protocol", "values", "child")):
                for _attr, _val in list(vars(_mod).items()):
                    if callable(_val) and not isinstance(_val, type):
                        try:
                            setattr(_mod, _attr, _tamper(_val))
                        except (AttributeError, TypeError):
                            pass
        for _fn in ("dump", "dumps", "loads"):
            setattr(json, _fn, _tamper(getattr(json, _fn)))
        json.JSONEncoder.encode = _tamper(json.JSONEncoder.encode)
        json.JSONEncoder.iterencode = _tamper(json.JSONEncoder.iterencode)
        json.encoder.c_make_encoder = None

        def conv_output_size(I, K, S=1, P=0):
            return -1
    """)
    assert run.returncode == 1 and run.scores["conv_output_size"] == 0
    observed = [c["observed"] for c in run.problem("conv_output_size")["cases"]]
    assert observed and all(o == -1 for o in observed), observed
    assert run.full_marks_except("conv_output_size") == []


def test_grader_modules_are_not_found_in_sys_modules(grade_hostile):
    run = grade_hostile("""
        import sys
        FOUND = sorted(n for n in sys.modules if n.startswith("grader"))
        def conv_output_size(I, K, S=1, P=0):
            return FOUND
    """)
    assert all(c["observed"] == [] for c in run.problem("conv_output_size")["cases"])


@needs(LANDLOCK)
def test_reading_the_answer_files_is_denied(grade_hostile):
    from hostile.conftest import ASSIGNMENT

    run = grade_hostile(f"""
        import re
        def conv2d_input_grad(image, kernel, upstream):
            text = open("{ASSIGNMENT}/conv2d_input_grad.yaml").read()
            return eval(re.search(r"expected: (.*)", text).group(1))
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    # denied by Landlock, or not even there when the checkout lies under /tmp (the child's /tmp is its own)
    assert re.search(r"Permission denied|No such file", run.messages("conv2d_input_grad"))


@needs(MOUNT_NS)
def test_answer_files_under_the_machines_tmp_are_not_even_visible(grade_hostile, assignment):
    assert str(assignment).startswith("/tmp/")
    run = grade_hostile(f"""
        import os, re
        SEEN = os.path.exists("{assignment}")
        def conv2d_input_grad(image, kernel, upstream):
            text = open("{assignment}/conv2d_input_grad.yaml").read()
            return eval(re.search(r"expected: (.*)", text).group(1))
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0
    assert "No such file" in run.messages("conv2d_input_grad")


@needs(LANDLOCK)
def test_reading_the_reference_solution_is_denied(grade_hostile):
    from hostile.conftest import SOLUTION

    run = grade_hostile(f"""
        def conv2d_input_grad(image, kernel, upstream):
            namespace = {{}}
            exec(open("{SOLUTION}").read(), namespace)
            return namespace["conv2d_input_grad"](image, kernel, upstream)
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0


@needs(PID_NS, DROP)
def test_reading_the_graders_memory_is_denied(grade_hostile):
    run = grade_hostile("""
        import os
        def conv2d_input_grad(image, kernel, upstream):
            found = []
            for pid in os.listdir("/proc"):
                if pid.isdigit() and pid != str(os.getpid()):
                    try:
                        found.append(open(f"/proc/{pid}/environ", "rb").read())
                    except OSError:
                        pass
            return [[len(found)]]
    """)
    assert run.returncode == 1 and run.scores["conv2d_input_grad"] == 0


def test_writing_the_result_files_and_other_files_is_contained(grade_hostile):
    run = grade_hostile("""
        for path in ["@WORK@/report.json", "@WORK@/results.json", "@WORK@/../canary.txt", "@WORK@/new_file.txt"]:
            try:
                with open(path, "w") as f:
                    f.write('{"total": 32, "score": 100}')
            except OSError:
                pass
        def is_separable(F):
            return True
    """)
    # the grader's own report (is_separable lost its points), not the forged one; canaries are checked by the fixture
    assert run.returncode == 1 and run.scores["is_separable"] < 2 and run.report["total"] < 32


@needs(LANDLOCK)
def test_writing_anywhere_outside_the_scratch_directory_is_denied(grade_hostile, tmp_path):
    target = tmp_path.parent / f"{tmp_path.name}-hostile-was-here"
    run = grade_hostile(f"""
        import os
        try:
            open({str(target)!r}, "w").write("x")
        except OSError:
            pass
    """)
    assert run.returncode == 0 and not target.exists()


@needs(NET_NS, SECCOMP, LANDLOCK)
def test_network_connections_fail(grade_hostile):
    run = grade_hostile("""
        import socket
        _grad = chain_rule_grad
        def chain_rule_grad(x, y):
            s = socket.create_connection(("1.1.1.1", 80), timeout=0.5)
            return _grad(x, y)
    """)
    assert run.returncode == 1 and run.scores["chain_rule_grad"] == 0
    assert run.full_marks_except("chain_rule_grad") == []


def test_symbolic_string_carrying_code_is_never_run(grade_hostile):
    run = grade_hostile("""
        DF_DX = "__import__('os').system('touch /tmp/grader-pwned')"
        SOFTMAX_DIAG = "(lambda: exec('import os'))()"
    """)
    import os

    assert run.returncode == 1 and run.scores["DF_DX"] == 0 and run.scores["SOFTMAX_DIAG"] == 0
    assert not os.path.exists("/tmp/grader-pwned")
    assert run.full_marks_except("DF_DX", "SOFTMAX_DIAG") == []


# ------------------------------------------------------------------ the report


def test_report_lists_the_active_protections(grade_hostile):
    run = grade_hostile("")
    isolation = run.report["isolation"]
    assert isolation["level"] == "process"
    assert {"memory limit", "CPU limit", "own process group"} <= set(isolation["protections"])


def test_isolation_none_still_grades_in_a_child(grade_hostile):
    run = grade_hostile("""
        import os
        GRADER_PID = os.getpid()
    """, "--isolation", "none")
    assert run.returncode == 0 and run.report["isolation"]["level"] == "none"
