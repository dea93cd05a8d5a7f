"""What isolation costs per submission: sandboxed child vs in-process, warm fork server vs fresh interpreter.

Run: ``python bench/bench_isolation.py [N]`` (N submissions per measurement, default 30).

Measured, all in the same run so the figures are comparable:

1. in-process baseline: import a numpy submission in this process and make its calls;
2. sandboxed, warm: the same through the fork server (a child per submission:
   fork, confinement layers, import, calls over the framed pipe, kill), at
   ``--isolation none`` and ``process``;
3. fresh interpreter per submission: ``python -c`` that imports numpy and the
   submission and makes the calls (what a sandbox without a warm start pays);
4. layer detection at start-up;
5. the hardening's own costs: sealing the child's grader modules (once per fork server)
   and leasing a uid (once per child), against the warm child they are part of.

Prints milliseconds and ratios; asserts nothing about timing.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from grader.sandbox import layers  # noqa: E402
from grader.sandbox.config import SandboxConfig  # noqa: E402
from grader.sandbox.session import Call, Sandbox  # noqa: E402

SUBMISSION = '''
import numpy as np

def conv2d(image, kernel):
    kh, kw = kernel.shape
    h, w = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    out = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out
'''
IMAGE = np.arange(25.0).reshape(5, 5)
KERNEL = np.ones((3, 3))
CALLS = 5


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def in_process(path: Path, n: int) -> float:
    times = []
    for i in range(n):
        t = time.perf_counter()
        spec = importlib.util.spec_from_file_location(f"bench_submission_{i}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for _ in range(CALLS):
            module.conv2d(IMAGE, KERNEL)
        times.append(time.perf_counter() - t)
    return median_ms(times)


def sandboxed(path: Path, n: int, isolation: str) -> tuple[float, float, list[str]]:
    """(median ms per submission, fork-server start-up ms, protections)."""
    t0 = time.perf_counter()
    with Sandbox(SandboxConfig(isolation=isolation)) as sb:
        protections = sb.protections  # waits for detection: part of start-up
        startup = (time.perf_counter() - t0) * 1000
        warm = sb.session(path, ["numpy"])
        warm.start()  # the fork server imports numpy once, on the first request
        warm.stop()
        times = []
        for _ in range(n):
            t = time.perf_counter()
            session = sb.session(path, ["numpy"])
            imported = session.start()
            assert imported.ok, imported.detail
            for _ in range(CALLS):
                out = session.call(Call("conv2d", "function", (IMAGE, KERNEL)))
                assert out.ok, out.detail
            session.stop()
            times.append(time.perf_counter() - t)
    return median_ms(times), startup, protections


def fresh_interpreter(path: Path, n: int) -> float:
    code = (
        "import importlib.util, numpy as np\n"
        f"spec = importlib.util.spec_from_file_location('s', {str(path)!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        f"[m.conv2d(np.arange(25.0).reshape(5, 5), np.ones((3, 3))) for _ in range({CALLS})]\n"
    )
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - t)
    return median_ms(times)


def detection(n: int = 20) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        layers.detect()
        times.append(time.perf_counter() - t)
    return median_ms(times)


def sealing(n: int = 10) -> float:
    from grader.sandbox.sealed import SealedLoader

    times = []
    for _ in range(n):
        t = time.perf_counter()
        SealedLoader().load("grader.sandbox.child")
        times.append(time.perf_counter() - t)
    return median_ms(times)


def leasing(n: int = 50) -> float | None:
    from grader.sandbox import uids

    if os.geteuid() != 0:
        return None
    times = []
    for _ in range(n):
        t = time.perf_counter()
        lease = uids.acquire()
        if lease is None:
            return None
        lease.release()
        times.append(time.perf_counter() - t)
    return median_ms(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "submission.py"
        path.write_text(SUBMISSION)
        base = in_process(path, n)
        none_ms, none_start, _ = sandboxed(path, n, "none")
        proc_ms, proc_start, protections = sandboxed(path, n, "process")
        fresh = fresh_interpreter(path, max(5, n // 3))
    detect_ms = detection()
    seal_ms, lease_ms = sealing(), leasing()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, uid {os.geteuid()}")
    print(f"protections at --isolation process: {', '.join(protections)}")
    print(f"one submission = import + {CALLS} conv2d calls; medians of {n} submissions\n")
    print(f"  in-process baseline                 {base:8.2f} ms")
    print(f"  sandboxed, warm, isolation none     {none_ms:8.2f} ms   overhead {none_ms - base:6.2f} ms")
    print(f"  sandboxed, warm, isolation process  {proc_ms:8.2f} ms   overhead {proc_ms - base:6.2f} ms"
          f"   (target <= 50 ms: {'met' if proc_ms - base <= 50 else 'NOT met'})")
    print(f"  fresh interpreter per submission    {fresh:8.2f} ms")
    print(f"\n  warm start vs fresh interpreter: {fresh / proc_ms:5.1f}x faster ({fresh - proc_ms:.0f} ms saved per submission)")
    print(f"  fork server start-up (fork + layer detection, in parallel with the grader): "
          f"{none_start:.1f} ms (none), {proc_start:.1f} ms (process)")
    print(f"  layer detection alone: {detect_ms:.2f} ms")
    print(f"  sealing the child's grader modules (once per fork server): {seal_ms:.2f} ms")
    if lease_ms is not None:
        print(f"  leasing a uid (once per child): {lease_ms:.2f} ms = {lease_ms / proc_ms:.1%} of a warm child")


if __name__ == "__main__":
    main()
