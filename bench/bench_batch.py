"""Batch grading at course scale: `grade batch -j 2` against sequential `grade` processes, in one run.

    PYTHONPATH=. python bench/bench_batch.py [--n 200] [--jobs 2] [--sample 20]

Generates N submissions of dl-conv (correct ones, wrong ones, some that cannot be imported,
some whose functions kill their own process, one that hangs) and prints:

- submissions per second of the batch against sequential `grade` processes (measured in the
  same run on a sample of the same mix, half before and half after the batches, the hanging
  one excluded and added at the time its time-outs cost; goal >= 10x). The hanging one's
  time-outs (a minute, on one core) bound any batch of this mix, so the same figures are also
  printed for the mix without it (a second batch of the other N-1);
- the overhead per submission beyond its own compute: the batch's wall time times the workers,
  per submission, minus the time grading it took in its warm worker (``seconds`` of its result:
  the student's import and calls plus the grader's comparisons; goal <= 50 ms), without the
  hanging one (with it, most of the figure is the other workers waiting for it at the end);
- the peak memory (RSS summed over the whole process tree: batch, workers, fork servers,
  children), sampled every 20 ms;
- a rerun with nothing changed, as a share of the first run (goal <= 5 %);
- the time to resume after a `kill -9` at half way, against the first run.

It measures and prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTION = (ROOT / "solutions" / "dl_conv.py").read_text()
WRONG_FUNCTIONS = ["conv2d", "max_pool2d", "avg_pool2d", "softmax", "support_size", "conv_output_size", "top_k_error"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def generate(folder: Path, n: int, seed: int = 1) -> list[Path]:
    """n submissions: ~70 % correct, ~25 % wrong somewhere, 2 % not importable, 2 % crashing, one hanging."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    files = []
    for i in range(n):
        source = SOLUTION + f"\n# student {i}\n"
        kind = "correct"
        if i == n // 2:
            kind, source = "hangs", source + "\ndef softmax(c):\n    while True:\n        pass\n"
        elif i % 50 == 7:
            kind, source = "not importable", source + "\nraise RuntimeError('half-finished')\n"
        elif i % 50 == 13:
            kind, source = "crashes", source + "\nimport os\ndef conv2d(image, kernel):\n    os._exit(3)\n"
        elif rng.random() < 0.25:
            name = rng.choice(WRONG_FUNCTIONS)
            kind, source = "wrong", source + f"\ndef {name}(*args, **kwargs):\n    return 0\n"
        path = folder / f"s{i:03d}_{kind.replace(' ', '_')}.py"
        path.write_text(source)
        files.append(path)
    return files


def _tree_rss(root: int) -> int:
    """Bytes of RSS of ``root`` and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_batch(subs: Path, out: Path, jobs: int, kill_after: int | None = None) -> tuple[float, int]:
    """Seconds and peak tree RSS of one `grade batch`; with ``kill_after``, SIGKILL once that many results exist."""
    cmd = [sys.executable, "-m", "grader", "batch", str(subs), "-a", "assignments/dl-conv", "-o", str(out), "-j", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        if kill_after is not None:
            while proc.poll() is None and len(list(out.glob("s*.json"))) < kill_after:
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        stop.set()
        sampler.join()
    return time.perf_counter() - started, peak


def sequential(files: list[Path]) -> float:
    started = time.perf_counter()
    for f in files:
        subprocess.run([sys.executable, "-m", "grader", str(f), "-a", "assignments/dl-conv", "-q"], cwd=ROOT, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def own_compute(result: dict) -> float:
    """What a submission itself took: its import and every call it was asked to make."""
    calls = sum(c.get("seconds", 0.0) for p in result["problems"] for c in p.get("cases", []))
    return result.get("imported", {}).get("seconds", 0.0) + calls


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=20, help="submissions graded by sequential `grade` processes")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        files = generate(work / "subs", args.n)
        kinds: dict[str, int] = {}
        for f in files:
            kind = f.stem.split("_", 1)[1]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"{args.n} submissions of dl-conv ({', '.join(f'{v} {k}' for k, v in kinds.items())}), -j {args.jobs}, "
              f"{os.cpu_count()} cores")

        # the sequential sample is graded half before and half after the batches, so that a machine
        # whose load changes during the run weighs on both sides alike
        hang_file = next(f for f in files if "hangs" in f.name)
        others = [f for f in files if f is not hang_file]
        step = max(1, len(others) // args.sample)
        sample = others[::step][: args.sample]
        seq_sample = sequential(sample[::2])

        first, peak = run_batch(work / "subs", work / "out", args.jobs)
        results = [json.loads(p.read_text()) for p in sorted((work / "out").glob("s*.json"))]
        assert len(results) == args.n, f"only {len(results)} results"
        rerun, _ = run_batch(work / "subs", work / "out", args.jobs)

        # the same mix without the hanging one: its 60 s of time-outs bound the whole batch (one worker
        # grades it while the others run out of work), so throughput and overhead are also shown without it
        calm = work / "calm"
        calm.mkdir()
        for f in others:
            shutil.copy(f, calm / f.name)
        calm_wall, _ = run_batch(calm, work / "calm-out", args.jobs)
        calm_results = [json.loads(p.read_text()) for p in sorted((work / "calm-out").glob("s*.json"))]

        resumed_out = work / "resumed"
        killed_at, _ = run_batch(work / "subs", resumed_out, args.jobs, kill_after=args.n // 2)
        kept = len(list(resumed_out.glob("s*.json")))
        resume, _ = run_batch(work / "subs", resumed_out, args.jobs)
        same = (resumed_out / "gradebook.csv").read_text() == (work / "out" / "gradebook.csv").read_text()

        hang = next(r for r in results if "hangs" in r["submission"]["path"])
        seq_sample += sequential(sample[1::2])
        # the sequential estimate for all N: the sample's mean for every submission but the hanging one,
        # which costs what it cost in the batch (its time-outs) plus one process start
        seq = seq_sample / len(sample) * (args.n - 1) + hang["seconds"] + seq_sample / len(sample)
        seq_rate = args.n / seq
        rate = args.n / first
        graded = sum(r["seconds"] for r in results) / len(results)
        student = sum(own_compute(r) for r in results) / len(results)
        share = first * args.jobs / args.n

        calm_graded = sum(r["seconds"] for r in calm_results) / len(calm_results)
        calm_share = calm_wall * args.jobs / len(others)
        calm_rate = len(others) / calm_wall
        seq_calm_rate = len(sample) / seq_sample

        print(f"{'batch -j ' + str(args.jobs):36s} {first:8.1f} s  {rate:6.2f} submissions/s")
        print(f"{'sequential grade processes':36s} {seq:8.1f} s  {seq_rate:6.2f} submissions/s  (estimated from {len(sample)} "
              f"of the same mix graded one process each in {seq_sample:.1f} s, plus the hanging one's {hang['seconds']:.0f} s)")
        print(f"{'speed-up':36s} {rate / seq_rate:8.1f} x   (goal >= 10 x)")
        print(f"{'  bound by the hanging one':36s} {args.n / hang['seconds'] / seq_rate:8.1f} x   (no batch ends before "
              f"its {hang['seconds']:.0f} s of time-outs)")
        print(f"{'without the hanging one':36s} {calm_wall:8.1f} s  {calm_rate:6.2f} submissions/s  "
              f"{calm_rate / seq_calm_rate:.1f} x sequential ({seq_calm_rate:.2f}/s)")
        print(f"{'  wall x workers per submission':36s} {calm_share * 1000:8.0f} ms")
        print(f"{'  grading it in a warm worker':36s} {calm_graded * 1000:8.0f} ms")
        print(f"{'  batch overhead per submission':36s} {(calm_share - calm_graded) * 1000:8.0f} ms  (goal <= 50 ms; "
              "worker start-up, dispatch, writing results, gradebook and class report)")
        print(f"{'with the hanging one':36s}")
        print(f"{'wall x workers per submission':36s} {share * 1000:8.0f} ms")
        print(f"{'grading it in a warm worker':36s} {graded * 1000:8.0f} ms  (grade(): the student's import and calls "
              f"{student * 1000:.0f} ms, the rest comparing and reporting)")
        print(f"{'batch overhead per submission':36s} {(share - graded) * 1000:8.0f} ms  (goal <= 50 ms; worker start-up, "
              f"dispatch, writing results and gradebook, workers idle at the end)")
        print(f"{'peak RSS of the process tree':36s} {peak / 2**20:8.0f} MiB")
        print(f"{'rerun, nothing changed':36s} {rerun:8.2f} s  {100 * rerun / first:6.1f} % of the first run (goal <= 5 %)")
        print(f"{'resume after kill -9 at half way':36s} {resume:8.1f} s  {100 * resume / first:6.1f} % of the first run "
              f"({kept} results kept; killed after {killed_at:.1f} s; gradebook {'identical' if same else 'DIFFERENT'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
