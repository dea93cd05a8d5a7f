"""Confinement applied inside the child before any student code runs.

Every level runs the submission in a forked child with its own session and
process group, stdin closed, a scrubbed environment and a scratch working
directory holding only a copy of the submission. ``process`` and ``strict``
add resource limits (address space, CPU, file size, open files, processes)
and every kernel layer of :mod:`grader.sandbox.layers` the machine offers;
``strict`` refuses to run without the four that matter most.

With namespaces the fork server's child is a *supervisor* that enters new
pid/network/mount namespaces and forks the namespace's init (pid 1,
:mod:`grader.sandbox.init`), which forks the process that runs student code
(pid 2: ordinary signal semantics). The grader kills the supervisor's process
group; anything the student started dies with its namespace.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, NoReturn

from grader.sandbox import child, init, layers, protocol, scratch, sealed
from grader.sandbox.config import SandboxConfig

def launch(config: SandboxConfig, active: list[str], found: layers.Layers, workdir: str, submission: str,
           calls_r: int, results_w: int, ids: tuple[int, int] | None = None,
           magic: bytes = protocol.DEFAULT_MAGIC, served_by: Any = None) -> NoReturn:
    """Become the child that runs ``submission`` (in the fork server's fresh fork); never returns.

    ``ids`` is the unprivileged (uid, gid) to drop to, leased for this child alone
    (:mod:`grader.sandbox.uids`); without it the child drops to ``nobody``. ``magic`` starts
    every frame of this session. ``served_by`` is the sealed copy of :mod:`grader.sandbox.child`
    that talks to the grader (:mod:`grader.sandbox.sealed`; default: the ordinary module).
    """
    served_by = served_by or child
    os.setsid()
    calls_r, results_w = _above_stdio(calls_r), _above_stdio(results_w)  # fds 0-2 are about to be replaced
    namespaces = found.clone_flags if layers.PID_NS in active else 0
    ids = ids or found.nobody
    if namespaces:
        layers.unshare(namespaces, ids)
        status_r, status_w = os.pipe()
        pid = os.fork()
        if pid:
            os.close(status_w)
            _supervise(pid, (calls_r, results_w), status_r)
        os.close(status_r)
        layers.die_with_parent()
        pid = os.fork()  # we are pid 1 of the new namespace: stay its init, run student code in pid 2
        if pid:
            os.close(calls_r)
            os.close(results_w)
            _close_fds_except((status_w,))
            init.become_init(pid, status_w)
        os.close(status_w)
        layers.die_with_parent()
    drop = ids if layers.DROP in active and os.geteuid() == 0 else None
    if drop and not layers.nobody_mapped(drop):  # a user namespace we could only map ourselves into
        drop = None
    writable = [workdir]
    try:
        if layers.MOUNT_NS in active:
            # kept visible under the private /tmp (e.g. a CI venv there): what the child may read anyway,
            # never a repository on sys.path (an editable install's checkout holds the answer keys)
            keep = layers.python_read_paths()
            writable = scratch.private_places(workdir, 2 * config.file_size_mb + 16, drop, keep)
            if namespaces:
                try:
                    layers.mount_proc()
                except OSError:  # e.g. a container that masks parts of /proc; Landlock still hides it
                    pass
        elif drop:
            os.chown(workdir, *drop)
            os.chown(submission, *drop)
        capture = served_by.Capture(workdir, config.output_bytes)
        confine(config, workdir, keep_fds=(calls_r, results_w), limits=config.isolation != "none")
        scratch.point_tempfile_at("/tmp" if "/tmp" in writable else workdir)
        if drop:
            layers.drop_privileges(*drop, keep_read_search=layers.LANDLOCK in active)
            if namespaces:
                layers.die_with_parent()  # a change of user clears it
        if layers.LANDLOCK in active:
            private_proc = ["/proc"] if namespaces and os.path.exists("/proc/1/cmdline") and _own_proc() else []
            layers.landlock_restrict(found.landlock_abi, [*layers.python_read_paths(), *private_proc],
                                     [*writable, *scratch.WRITABLE_DEVICES])
        if layers.SECCOMP in active:
            layers.seccomp_filter()
    except BaseException as exc:  # noqa: BLE001 - fail closed: no student code runs half-confined
        _setup_failed(results_w, exc, magic)
    served_by.serve(calls_r, results_w, submission, config, capture, magic, sealed.hide_grader_modules)
    os._exit(0)


def _own_proc() -> bool:
    """Whether /proc shows only our pid namespace (it names us by our pid in the namespace)."""
    try:
        return os.readlink("/proc/self") == str(os.getpid())
    except OSError:
        return False


def _above_stdio(fd: int) -> int:
    if fd > 2:
        return fd
    import fcntl

    return fcntl.fcntl(fd, fcntl.F_DUPFD, 3)


def _setup_failed(results_w: int, exc: BaseException, magic: bytes) -> NoReturn:
    error = {"type": "SandboxError", "message": f"the sandbox could not be set up: {exc}", "traceback": ""}
    try:
        protocol.write_frame(results_w, {"ev": "imported", "ok": False, "setup_error": True, "error": error}, magic)
    finally:
        os._exit(71)


def _supervise(pid: int, fds: tuple[int, ...], status_r: int) -> NoReturn:
    """Wait for the namespace's init and end the way the student's process did (as init reports
    it), so that the fork server reports its real cause of death."""
    for fd in fds:
        os.close(fd)
    _close_fds_except((status_r,))
    status = None
    try:
        _, own = os.waitpid(pid, 0)
        status = init.read_status(status_r)
        if status is None:  # init itself was killed (by the grader, through our process group)
            status = own
    finally:
        init.end_like(status if status is not None else 70 << 8)

#: environment variables the child keeps (numeric libraries read some at import)
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SYSTEMROOT")


def confine(config: SandboxConfig, workdir: str, keep_fds: tuple[int, ...], limits: bool = True) -> list[str]:
    """Apply the process-level confinement to this (child) process; returns what is active."""
    active: list[str] = ["own process group"]  # launch() made the session and group
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    _close_fds_except(keep_fds)
    _scrub_env(workdir)
    active.append("scrubbed environment")
    try:
        cwd = os.getcwd()
    except FileNotFoundError:
        raise OSError("the grader's working directory no longer exists (was it deleted while grading?)") from None
    sys.path[:] = [workdir] + [p for p in sys.path if p and os.path.isabs(p) and p != cwd]
    os.chdir(workdir)
    active.append("scratch directory")
    _forget_parent_logging()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with an error instead of killing
    for name, value in _rlimits(config) if limits else []:
        if _setrlimit(name, value):
            active.append(f"{name} limit")
    return active


def _forget_parent_logging() -> None:
    """Drop logging handlers inherited from the grader's process (e.g. pytest's), so that a
    submission's ``logging.basicConfig(...)`` configures logging as in a fresh interpreter."""
    logging = sys.modules.get("logging")
    if logging is not None:
        for handler in list(logging.root.handlers):
            logging.root.removeHandler(handler)


def _close_fds_except(keep: tuple[int, ...]) -> None:
    keep_all = sorted(set(keep) | {0, 1, 2})
    low = 0
    for fd in keep_all:
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1 << 16)


def _scrub_env(workdir: str) -> None:
    kept = {k: os.environ[k] for k in KEEP_ENV if k in os.environ}
    os.environ.clear()
    os.environ.update(kept)
    os.environ.update({"HOME": workdir, "TMPDIR": workdir, "PYTHONDONTWRITEBYTECODE": "1"})


def _rlimits(config: SandboxConfig) -> list[tuple[str, int]]:
    mb = 2**20
    return [
        ("RLIMIT_AS", config.memory_mb * mb),
        ("RLIMIT_CPU", config.cpu_seconds),
        ("RLIMIT_FSIZE", config.file_size_mb * mb),
        ("RLIMIT_NOFILE", config.max_open_files),
        ("RLIMIT_NPROC", config.max_processes),
        ("RLIMIT_CORE", 0),
    ]


def _setrlimit(name: str, value: int) -> bool:
    try:
        import resource
    except ImportError:  # not POSIX
        return False
    which: Any = getattr(resource, name, None)
    if which is None:
        return False
    try:
        _soft, hard = resource.getrlimit(which)
        soft_value, hard_value = value, value + 1 if name == "RLIMIT_CPU" else value  # SIGXCPU first, then SIGKILL
        if hard != resource.RLIM_INFINITY:
            soft_value, hard_value = min(soft_value, hard), min(hard_value, hard)
        resource.setrlimit(which, (soft_value, hard_value))
        return True
    except (ValueError, OSError):
        return False
