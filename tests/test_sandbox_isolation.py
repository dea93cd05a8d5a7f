"""Isolation layers of the sandbox: what the child can see and do, one behaviour per test.

Layers the machine does not offer are skipped with the reason the sandbox
gives (``Sandbox.unavailable()``), not failed.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from grader.sandbox import layers
from grader.sandbox.config import SandboxConfig
from grader.sandbox.session import CRASHED, OK, RAISED, Call, Sandbox, SandboxError
from hostile.procs import become_subreaper, leftovers

become_subreaper()
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


def needs(sandbox: Sandbox, *names: str) -> None:
    if not any(sandbox.layers["available"].get(n) for n in names):
        pytest.skip("; ".join(f"{n}: {sandbox.unavailable().get(n, 'unavailable')}" for n in names))


@pytest.fixture
def call(sandbox: Sandbox, tmp_path: Path):
    """``call(source, name, *args)`` -> the outcome of calling ``name`` in a fresh child."""

    def go(source: str, name: str, *args, sb: Sandbox | None = None):
        box = sb or sandbox
        path = tmp_path / "submission.py"
        path.write_text(textwrap.dedent(source))
        session = box.session(path)
        try:
            imported = session.start(import_timeout=5)
            assert imported.ok, imported.detail
            return session.call(Call(name, "function", args=args, timeout=5))
        finally:
            session.stop()
            assert leftovers(exclude={sandbox.pid, box.pid}) == []

    return go


def test_detection_reports_every_layer_with_a_reason_when_missing(sandbox):
    found = sandbox.layers
    assert set(found["available"]) == {layers.PID_NS, layers.NET_NS, layers.MOUNT_NS, layers.DROP, layers.LANDLOCK,
                                       layers.SECCOMP}
    assert set(sandbox.unavailable()) == {k for k, v in found["available"].items() if not v}


def test_protections_list_the_limits_and_the_layers_in_use(sandbox):
    protections = sandbox.protections
    assert {"own process group", "memory limit", "CPU limit", "process limit", "scratch directory"} <= set(protections)
    assert {n for n, ok in sandbox.layers["available"].items() if ok} <= set(protections)


def test_import_outcome_carries_the_protections(sandbox, tmp_path):
    path = tmp_path / "submission.py"
    path.write_text("x = 1\n")
    session = sandbox.session(path)
    try:
        assert session.start().protections == sandbox.protections
    finally:
        session.stop()


def test_working_directory_is_a_fresh_copy_holding_only_the_submission(call, tmp_path):
    (tmp_path / "secret.yaml").write_text("expected: 42\n")
    outcome = call("import os\ndef where():\n    return [os.getcwd(), sorted(os.listdir('.'))]\n", "where")
    cwd, files = outcome.value
    assert cwd != str(tmp_path) and [f for f in files if not f.startswith(".")] == ["submission.py"]


def test_environment_is_scrubbed(call, monkeypatch):
    monkeypatch.setenv("GRADER_SECRET_TOKEN", "hunter2")
    with Sandbox() as sb:  # a fork server started while the secret is in the environment
        outcome = call("import os\ndef env():\n    return sorted(os.environ)\n", "env", sb=sb)
    assert "GRADER_SECRET_TOKEN" not in outcome.value
    assert set(outcome.value) <= {"PATH", "LANG", "LC_ALL", "TZ", "HOME", "TMPDIR", "PYTHONDONTWRITEBYTECODE",
                                  "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
                                  "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SYSTEMROOT"}


def test_stdin_is_closed(call):
    outcome = call("import sys\ndef read():\n    return sys.stdin.read()\n", "read")
    assert outcome.status == OK and outcome.value == ""


def test_child_runs_as_an_unprivileged_user(call, sandbox):
    if os.geteuid() != 0:
        pytest.skip("the grader is not root: nothing to drop")
    needs(sandbox, layers.DROP)
    outcome = call("import os\ndef ids():\n    return [os.getuid(), os.geteuid(), os.getgid(), os.getgroups()]\n", "ids")
    uid, euid, gid, groups = outcome.value
    assert uid != 0 and euid != 0 and gid != 0 and groups == []


def test_child_cannot_raise_its_limits_again(call, sandbox):
    needs(sandbox, layers.DROP)
    src = """
    import resource
    def raise_limit():
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    """
    outcome = call(src, "raise_limit")
    assert outcome.status == RAISED and outcome.error["type"] in ("ValueError", "PermissionError")


def test_child_runs_under_an_init_of_its_own_pid_namespace(call, sandbox):
    needs(sandbox, layers.PID_NS)
    outcome = call("import os\ndef pids():\n    return [os.getpid(), os.getppid(), sorted(int(p) for p in os.listdir('/proc') if p.isdigit())]\n", "pids")
    pid, parent, visible = outcome.value
    assert (pid, parent) == (2, 1) and visible == [1, 2] and os.getpid() not in visible


def test_killing_itself_with_sigkill_ends_the_call_killed_by_signal_9(call, sandbox):
    needs(sandbox, layers.PID_NS)
    outcome = call("import os, signal\ndef die():\n    os.kill(os.getpid(), signal.SIGKILL)\n    return 'still alive'\n", "die")
    assert outcome.status == CRASHED and "killed by signal 9" in outcome.detail


def test_a_signal_it_sends_itself_without_a_handler_ends_it(call, sandbox):
    outcome = call("import os, signal\ndef die():\n    os.kill(os.getpid(), signal.SIGTERM)\n    import time; time.sleep(3)\n", "die")
    assert outcome.status == CRASHED and "killed by signal 15" in outcome.detail


def test_concurrent_children_run_under_distinct_uids_of_the_reserved_range(sandbox, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("the grader is not root: nothing to drop")
    needs(sandbox, layers.DROP)
    from grader.sandbox import uids

    path = tmp_path / "submission.py"
    path.write_text("import os\ndef uid():\n    return os.getuid()\n")
    sessions = [sandbox.session(path) for _ in range(3)]
    try:
        found = [s.call(Call("uid", "function", timeout=5)).value for s in sessions]
    finally:
        for s in sessions:
            s.stop()
    assert len(set(found)) == 3 and all(uids.FIRST <= u < uids.FIRST + uids.COUNT for u in found)


def test_network_is_cut(call, sandbox):
    needs(sandbox, layers.NET_NS, layers.SECCOMP)
    src = """
    import socket
    def connect():
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=1)
        except OSError as exc:
            return type(exc).__name__
        return "connected"
    """
    assert call(src, "connect").value in ("PermissionError", "OSError", "ConnectionRefusedError")


def test_udp_sockets_cannot_reach_outside(call, sandbox):
    needs(sandbox, layers.NET_NS, layers.SECCOMP)
    src = """
    import socket
    def send():
        try:
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("1.1.1.1", 53))
        except OSError as exc:
            return type(exc).__name__
        return "sent"
    """
    assert call(src, "send").value != "sent"


def test_files_outside_the_scratch_directory_are_not_readable(call, sandbox):
    needs(sandbox, layers.LANDLOCK)
    src = f"""
    def peek():
        try:
            return open({str(REPO / "assignments" / "dl-conv" / "conv2d.yaml")!r}).read()
        except OSError as exc:
            return type(exc).__name__
    """
    assert call(src, "peek").value in ("PermissionError", "FileNotFoundError")  # the latter: a checkout under /tmp


def test_files_outside_the_scratch_directory_are_not_writable(call, sandbox):
    needs(sandbox, layers.LANDLOCK, layers.DROP)
    target = REPO / f".sandbox-write-probe-{os.getpid()}"  # outside /tmp, which the child has a private copy of
    src = f"""
    def scribble():
        try:
            open({str(target)!r}, "w").write("x")
        except OSError as exc:
            return type(exc).__name__
        return "written"
    """
    try:
        assert call(src, "scribble").value == "PermissionError" and not target.exists()
    finally:
        target.unlink(missing_ok=True)


def test_the_machines_tmp_is_replaced_by_a_private_one(call, sandbox, tmp_path):
    needs(sandbox, layers.MOUNT_NS)
    target = tmp_path / "outside.txt"
    (tmp_path / "secret.txt").write_text("another run's file")
    src = f"""
    import os
    def scribble():
        seen = os.path.exists({str(tmp_path / "secret.txt")!r})
        try:
            open({str(target)!r}, "w").write("x")
        except OSError as exc:
            return [seen, type(exc).__name__]
        return [seen, "written"]
    """
    assert call(src, "scribble").value == [False, "FileNotFoundError"] and not target.exists()


def test_lazy_imports_still_work_under_the_restrictions(call):
    src = "def lazy():\n    import numpy.random, fractions, statistics\n    return float(numpy.random.default_rng(0).integers(5))\n"
    assert call(src, "lazy").status == OK


def test_isolation_none_runs_without_limits(call):
    with Sandbox(SandboxConfig(isolation="none")) as sb:
        outcome = call("import resource\ndef limit():\n    return resource.getrlimit(resource.RLIMIT_AS)[0]\n", "limit", sb=sb)
        assert sb.protections == ["own process group", "scratch directory", "stdin closed"]
    assert outcome.value == -1


def test_strict_fails_loudly_naming_each_missing_layer():
    with Sandbox() as sb:
        sb._layers = {"available": {"pid namespace": True, "network namespace": False, "seccomp": False,
                                    "landlock": True, "unprivileged user": True},
                      "reasons": {"network namespace": "no CAP_SYS_ADMIN", "seccomp": "no libseccomp"}}
        object.__setattr__(sb, "config", SandboxConfig(isolation="strict"))
        with pytest.raises(SandboxError, match=r"network cut \(no CAP_SYS_ADMIN; no libseccomp\)"):
            sb.check()


def test_strict_runs_where_every_layer_is_available(call, sandbox):
    if layers.missing_for_strict(layers.Layers(available=dict(sandbox.layers["available"]))):
        pytest.skip("strict isolation is unavailable on this machine")
    with Sandbox(SandboxConfig(isolation="strict")) as sb:
        assert call("def ok():\n    return 1\n", "ok", sb=sb).value == 1


def test_unknown_isolation_level_is_rejected():
    with pytest.raises(ValueError, match="isolation must be one of none, process, strict"):
        SandboxConfig(isolation="paranoid")


@pytest.mark.root
@pytest.mark.namespaces
def test_without_cap_sys_admin_namespaces_come_from_a_user_namespace(tmp_path):
    import shutil
    import subprocess
    import sys

    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to drop CAP_SYS_ADMIN like a CI container")
    (tmp_path / "submission.py").write_text("import os\ndef who():\n    return [os.getuid(), os.getpid()]\n")
    script = textwrap.dedent(f"""
        from grader.sandbox.session import Sandbox, Call
        with Sandbox() as sb:
            s = sb.session({str(tmp_path / "submission.py")!r})
            assert s.start().ok
            print(s.call(Call("who", "function")).value, sb.layers["available"]["pid namespace"])
            s.stop()
    """)
    out = subprocess.run(["setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin", sys.executable, "-c", script],
                         capture_output=True, text=True, cwd=REPO, timeout=60)
    if "Operation not permitted" in out.stderr and "setpriv" in out.stderr:
        pytest.skip("setpriv cannot drop capabilities here")
    from grader.sandbox import uids

    uid, pid = (int(x) for x in out.stdout.split("]")[0].strip("[").split(","))
    assert uids.FIRST <= uid < uids.FIRST + uids.COUNT and pid == 2, out.stderr[-2000:]


def test_a_python_installation_under_tmp_stays_visible_when_tmp_is_replaced(tmp_path):
    """CI makes its virtual environment under /tmp: the child's private /tmp must not hide it."""
    import subprocess
    import sys

    from conftest import cli_env

    site = tmp_path / "venv" / "lib" / "site-packages"
    site.mkdir(parents=True)
    (site / "lazy_student_dep.py").write_text("VALUE = 41\n")
    (tmp_path / "sub.py").write_text("def value():\n    import lazy_student_dep\n    return lazy_student_dep.VALUE + 1\n")
    script = textwrap.dedent(f"""
        from grader.sandbox.session import Sandbox, Call
        with Sandbox() as sb:
            s = sb.session({str(tmp_path / "sub.py")!r})
            out = s.call(Call("value", "function", timeout=20))
            print(out.value, out.detail)
            s.stop()
    """)
    env = cli_env()
    env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], str(site)])
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env, timeout=120)
    assert out.stdout.split()[:1] == ["42"], out.stdout + out.stderr[-2000:]
