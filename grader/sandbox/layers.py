"""Kernel isolation layers for the child, applied with ``ctypes`` (no compiled code, no exec).

Each layer is optional: :func:`detect` finds out, once and cheaply, which ones
this machine offers, and the fork server applies those the isolation level
asks for. Layers, strongest first:

- ``pid namespace``: the student's process is pid 1 of its own namespace;
  when it dies the kernel kills everything it started, even daemons that
  left the process group.
- ``network namespace``: only an unconfigured loopback, no route out.
- ``mount namespace``: private tmpfs over the scratch directory, ``/tmp`` and
  ``/dev/shm`` (:mod:`grader.sandbox.scratch`), so files the student writes are bounded
  in size, seen by no other submission, and vanish with the child.
- ``unprivileged user``: a uid leased for this child alone (:mod:`grader.sandbox.uids`;
  ``nobody`` if none is free), so process-count limits are enforced per sandbox and
  limits cannot be raised again.
- ``landlock``: read-only access to Python and system directories, write
  access to the scratch directory only, nothing else visible (answer keys,
  reports, home directories); TCP connect/bind denied; no signals to
  processes outside the sandbox.
- ``seccomp``: new network sockets (IPv4/IPv6/netlink/packet) and debugging,
  namespace and kernel-keyring system calls fail with EPERM.

Python 3.11 has no ``os.unshare``: every call here goes through libc.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import struct
import sys
from dataclasses import dataclass, field
from typing import Any

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

PR_SET_PDEATHSIG = 1
PR_SET_KEEPCAPS = 8
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38

MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

CAP_DAC_READ_SEARCH = 2
_CAP_VERSION_3 = 0x20080522

# x86_64 and the generic table (aarch64, riscv) agree on the landlock numbers
_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT_SELF = 446
_SYS_CAPSET = {"x86_64": 126, "aarch64": 91}.get(os.uname().machine, -1)

# landlock access rights by ABI version
_LL_EXECUTE, _LL_WRITE_FILE, _LL_READ_FILE, _LL_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_LL_FS_ABI1 = (1 << 13) - 1
_LL_REFER, _LL_TRUNCATE, _LL_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_LL_NET_BIND_TCP, _LL_NET_CONNECT_TCP = 1 << 0, 1 << 1
_LL_SCOPE_ABSTRACT_UNIX, _LL_SCOPE_SIGNAL = 1 << 0, 1 << 1

#: the names the report uses, also the ``strict`` requirements
from grader.sandbox.protections import DROP, LANDLOCK, MOUNT_NS, NET_NS, PID_NS, SECCOMP  # noqa: E402
#: what ``strict`` requires: privilege drop, network cut, read-only filesystem, pid namespace
STRICT_NEEDS = {
    "privilege drop": (DROP,),
    "network cut": (NET_NS, SECCOMP),
    "read-only filesystem": (LANDLOCK,),
    "pid namespace": (PID_NS,),
}

_libc: Any = None


def libc() -> Any:
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


@dataclass
class Layers:
    """What this machine offers (detected once, in the fork server)."""

    available: dict[str, bool] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # why a layer is unavailable
    clone_flags: int = 0  # the namespaces that can be created together
    landlock_abi: int = 0
    nobody: tuple[int, int] | None = None

    def to_wire(self) -> dict[str, Any]:
        return {"available": self.available, "reasons": self.reasons}


def detect() -> Layers:
    """Probe each layer (a few ms in total: one forked probe for namespaces)."""
    layers = Layers()
    if not sys.platform.startswith("linux"):
        for name in (PID_NS, NET_NS, MOUNT_NS, DROP, LANDLOCK, SECCOMP):
            layers.available[name] = False
            layers.reasons[name] = f"not available on {sys.platform}"
        return layers
    _detect_namespaces(layers)
    _detect_drop(layers)
    abi = libc().syscall(_SYS_LANDLOCK_CREATE_RULESET, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    layers.landlock_abi = max(abi, 0)
    layers.available[LANDLOCK] = abi >= 1
    if abi >= 1:
        python_read_paths()  # computed once here, in the fork server, not in every child
    if abi < 1:
        layers.reasons[LANDLOCK] = "the kernel has no Landlock (Linux 5.13+ with landlock in the LSM list)"
    try:
        _seccomp_lib()
        layers.available[SECCOMP] = True
    except OSError:
        layers.available[SECCOMP] = False
        layers.reasons[SECCOMP] = "libseccomp is not installed (apt-get install libseccomp2)"
    return layers


def _detect_namespaces(layers: Layers) -> None:
    """Fork a probe that tries to unshare; the root route first, then an unprivileged user namespace."""
    for flags in (CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS, CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS):
        pid = os.fork()
        if pid == 0:
            os._exit(0 if libc().unshare(flags) == 0 else 1)
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            layers.clone_flags = flags
            break
    for name in (PID_NS, NET_NS, MOUNT_NS):
        layers.available[name] = bool(layers.clone_flags)
        if not layers.clone_flags:
            layers.reasons[name] = "unshare() is not permitted here (no CAP_SYS_ADMIN and no user namespaces)"


def _detect_drop(layers: Layers) -> None:
    if os.geteuid() != 0:
        layers.available[DROP] = True  # already unprivileged
        return
    try:
        import pwd

        entry = pwd.getpwnam("nobody")
        layers.nobody = (entry.pw_uid, entry.pw_gid)
        layers.available[DROP] = True
    except (ImportError, KeyError):
        layers.available[DROP] = False
        layers.reasons[DROP] = "there is no `nobody` user to drop to"


def missing_for_strict(layers: Layers) -> list[str]:
    """The ``strict`` requirements this machine cannot meet, with the reason for each."""
    missing = []
    for need, any_of in STRICT_NEEDS.items():
        if not any(layers.available.get(name) for name in any_of):
            why = "; ".join(layers.reasons.get(name, "unavailable") for name in any_of)
            missing.append(f"{need} ({why})")
    return missing


# --------------------------------------------------------------------- namespaces


def unshare(flags: int, nobody: tuple[int, int] | None = None) -> None:
    """Enter new namespaces (a new pid namespace applies to the children forked next).

    A new user namespace maps every id to itself, so nothing is gained on the host. A root
    grader (with CAP_SETUID, as in CI containers without CAP_SYS_ADMIN) also maps ``nobody``,
    so the child can still drop to it inside.
    """
    uid, gid = os.geteuid(), os.getegid()
    if flags & CLONE_NEWUSER and uid == 0 and nobody and nobody[0] != 0:
        if _unshare_mapped_by_helper(flags, nobody):
            return
    _check(libc().unshare(flags), "unshare")
    if flags & CLONE_NEWUSER:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _unshare_mapped_by_helper(flags: int, nobody: tuple[int, int]) -> bool:
    """Unshare with root and ``nobody`` mapped to themselves.

    Only a process outside the new user namespace, with CAP_SETUID there, may write a map of
    more than one id: a forked helper writes it for us.
    """
    r, w = os.pipe()
    helper = os.fork()
    if helper == 0:
        code = 1
        try:
            os.close(w)
            if os.read(r, 1) == b"u":
                parent = os.getppid()
                _write(f"/proc/{parent}/uid_map", f"0 0 1\n{nobody[0]} {nobody[0]} 1\n")
                _write(f"/proc/{parent}/gid_map", f"0 0 1\n{nobody[1]} {nobody[1]} 1\n")
                code = 0
        finally:
            os._exit(code)
    os.close(r)
    try:
        ok = libc().unshare(flags) == 0
        os.write(w, b"u" if ok else b"x")
    finally:
        os.close(w)
    _, status = os.waitpid(helper, 0)
    if not ok:
        err = ctypes.get_errno()
        raise OSError(err, f"unshare: {os.strerror(err)}")
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):  # map only ourselves; no drop inside
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", "0 0 1")
        _write("/proc/self/gid_map", "0 0 1")
    return True


def nobody_mapped(nobody: tuple[int, int]) -> bool:
    """Whether ``nobody``'s uid exists in our user namespace (always true outside a new one)."""
    try:
        with open("/proc/self/uid_map") as f:
            for line in f:
                inside, _outside, count = (int(x) for x in line.split())
                if inside <= nobody[0] < inside + count:
                    return True
    except (OSError, ValueError):
        return True
    return False


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def make_mounts_private() -> None:
    """Stop mounts made from now on from propagating out of this (new) mount namespace."""
    _check(libc().mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")


def mount_tmpfs(path: str, size_mb: int, mode: int = 0o700, owner: tuple[int, int] | None = None) -> None:
    """Mount a fresh size-bounded tmpfs on ``path`` (in a private mount namespace)."""
    uid, gid = owner or (os.getuid(), os.getgid())
    options = f"size={size_mb}m,nr_inodes=4096,mode={mode:o},uid={uid},gid={gid}".encode()
    _check(libc().mount(b"tmpfs", path.encode(), b"tmpfs", MS_NOSUID | MS_NODEV, options), f"mount tmpfs on {path}")


def bind_mount(source: str, target: str) -> None:
    """Make ``source`` (and the mounts below it) visible at ``target`` too."""
    _check(libc().mount(source.encode(), target.encode(), None, MS_BIND | MS_REC, None), f"bind {target}")


def mount_proc() -> None:
    """A /proc that shows only this pid namespace (call as its pid 1, in a private mount namespace)."""
    _check(libc().mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | 8, None), "mount /proc")  # 8: MS_NOEXEC


# --------------------------------------------------------------------- privileges


def drop_privileges(uid: int, gid: int, keep_read_search: bool) -> None:
    """Become ``uid``/``gid`` with no capabilities, except (if asked) reading and searching any directory.

    ``keep_read_search`` is for when Landlock confines reads anyway: the interpreter of
    a root-run grader often lives under ``/root`` (0700), and lazy imports must still work.
    """
    lib = libc()
    if keep_read_search:
        _check(lib.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), "prctl(KEEPCAPS)")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if keep_read_search:
        mask = 1 << CAP_DAC_READ_SEARCH
        header = struct.pack("Ii", _CAP_VERSION_3, 0)
        data = struct.pack("IIIIII", mask, mask, 0, 0, 0, 0)  # effective, permitted, inheritable x2
        hbuf, dbuf = ctypes.create_string_buffer(header), ctypes.create_string_buffer(data)
        _check(lib.syscall(_SYS_CAPSET, hbuf, dbuf), "capset")
        _check(lib.prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0), "prctl(KEEPCAPS)")


def die_with_parent() -> None:
    """SIGKILL this process when its parent (the supervisor the grader kills) dies."""
    libc().prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


def no_new_privs() -> None:
    _check(libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")


# --------------------------------------------------------------------- landlock


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_restrict(abi: int, read_paths: list[str], write_paths: list[str]) -> list[str]:
    """Allow reading ``read_paths`` and writing ``write_paths`` only; returns the extras enforced."""
    fs = _LL_FS_ABI1
    if abi >= 2:
        fs |= _LL_REFER
    if abi >= 3:
        fs |= _LL_TRUNCATE
    if abi >= 5:
        fs |= _LL_IOCTL_DEV
    net = (_LL_NET_BIND_TCP | _LL_NET_CONNECT_TCP) if abi >= 4 else 0
    scoped = (_LL_SCOPE_ABSTRACT_UNIX | _LL_SCOPE_SIGNAL) if abi >= 6 else 0
    attr = _RulesetAttr(fs, net, scoped)
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    lib = libc()
    ruleset = _check(lib.syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), size, 0), "landlock_create_ruleset")
    try:
        read = _LL_EXECUTE | _LL_READ_FILE | _LL_READ_DIR
        for paths, access in ((read_paths, read), (write_paths, fs)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = access if os.path.isdir(path) else access & (_LL_EXECUTE | _LL_READ_FILE | _LL_WRITE_FILE | _LL_TRUNCATE | _LL_IOCTL_DEV)
                    rule = _PathBeneath(allowed & fs, fd)
                    _check(lib.syscall(_SYS_LANDLOCK_ADD_RULE, ruleset, 1, ctypes.byref(rule), 0), f"landlock_add_rule {path}")
                finally:
                    os.close(fd)
        no_new_privs()
        _check(lib.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    extras = []
    if net:
        extras.append("landlock: no TCP")
    if scoped:
        extras.append("landlock: no signals outside")
    return extras


@functools.lru_cache(maxsize=1)
def python_read_paths() -> tuple[str, ...]:
    """What the child must read: the interpreter, its libraries, system libraries and devices."""
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            paths.add(sysconfig.get_path(key))
        except KeyError:
            pass
    for entry in sys.path:  # site-packages and zip files, never the working directory or a repository
        if entry and os.path.isabs(entry) and ("site-packages" in entry or "dist-packages" in entry or entry.endswith(".zip")):
            paths.add(entry)
    grader_pkg = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths.add(grader_pkg)  # the grader's own code only, not the repository around it
    for system in ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc/ld.so.cache", "/etc/localtime",
                   "/etc/passwd", "/etc/group", "/dev/null", "/dev/zero", "/dev/urandom", "/dev/random",
                   "/proc/self", "/proc/meminfo", "/proc/cpuinfo", "/sys/devices/system/cpu"):
        paths.add(system)
    return tuple(sorted(p for p in paths if p))


# --------------------------------------------------------------------- seccomp

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_EQ = 4
_AF_BLOCKED = (2, 10, 16, 17)  # AF_INET, AF_INET6, AF_NETLINK, AF_PACKET
_DENIED_SYSCALLS = ("ptrace", "process_vm_readv", "process_vm_writev", "unshare", "setns", "mount", "umount2",
                    "pivot_root", "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
                    "open_by_handle_at", "name_to_handle_at", "userfaultfd", "kexec_load", "init_module",
                    "finit_module", "delete_module", "swapon", "swapoff", "reboot", "settimeofday",
                    "clock_settime", "acct", "quotactl", "iopl", "ioperm")


def _seccomp_lib() -> Any:
    return ctypes.CDLL("libseccomp.so.2", use_errno=True)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def seccomp_filter() -> None:
    """Deny network sockets, ``prctl(PR_SET_PDEATHSIG)`` resets and privileged syscalls with EPERM."""
    lib = _seccomp_lib()
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
    lib.seccomp_load.argtypes = [ctypes.c_void_p]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    ctx = lib.seccomp_init(SCMP_ACT_ALLOW)
    if not ctx:
        raise OSError(errno.ENOMEM, "seccomp_init failed")
    deny = 0x00050000 | errno.EPERM  # SCMP_ACT_ERRNO(EPERM)
    try:
        def rule(name: str, *cmps: tuple[int, int]) -> None:
            nr = lib.seccomp_syscall_resolve_name(name.encode())
            if nr < 0:
                return  # not on this architecture
            array = (_ArgCmp * max(len(cmps), 1))(*[_ArgCmp(a, SCMP_CMP_EQ, v, 0) for a, v in cmps])
            _check(lib.seccomp_rule_add_array(ctypes.c_void_p(ctx), deny, nr, len(cmps), array), f"seccomp rule {name}")

        for family in _AF_BLOCKED:
            rule("socket", (0, family))
            rule("socketpair", (0, family))
        rule("prctl", (0, PR_SET_PDEATHSIG))
        for name in _DENIED_SYSCALLS:
            rule(name)
        _check(lib.seccomp_load(ctypes.c_void_p(ctx)), "seccomp_load")
    finally:
        lib.seccomp_release(ctypes.c_void_p(ctx))
