"""What the benches share: the wall-clock time of one command, run from the repository root."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], env: Mapping[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> float:
    """Seconds ``cmd`` took (output discarded); a command that exits otherwise than ``ok`` stops the bench."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=None if env is None else dict(env))
    elapsed = time.perf_counter() - started
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return elapsed
