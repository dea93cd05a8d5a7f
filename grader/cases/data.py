"""Inputs read from data files in the assignment folder (.npy, .npz, .csv), by the grader only.

The student's process never opens these files: the grader reads them and sends only the
declared parts (e.g. the training split) as call arguments, so a test split stays on the
trusted side.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from grader.spec.paths import OutsideFolder, inside


class DataError(ValueError):
    """A data file that cannot be read, or a key it does not hold (the instructor's error)."""


def load(root: Path, rel: str, key: str | None = None, columns: list[str] | None = None) -> np.ndarray:
    """The array ``key`` (or ``columns``) of data file ``rel`` under ``root``; a fresh copy each time."""
    try:
        path = inside(root, rel)  # never a file outside the assignment folder
    except OutsideFolder as exc:
        raise DataError(f"data file {exc}") from None
    return np.array(_load(str(path), key, tuple(columns) if columns else None), copy=True)


@lru_cache(maxsize=64)
def _load(path: str, key: str | None, columns: tuple[str, ...] | None) -> np.ndarray:
    file = Path(path)
    try:
        if file.suffix == ".npy":
            return np.load(file, allow_pickle=False)
        if file.suffix == ".npz":
            with np.load(file, allow_pickle=False) as z:
                if key is None:
                    raise DataError(f"{file.name}: name the array with `key:`; it holds {', '.join(z.files)}")
                if key not in z.files:
                    raise DataError(f"{file.name} has no array {key!r}; it holds {', '.join(z.files)}")
                return z[key]
        if file.suffix == ".csv":
            return _csv(file, key, columns)
    except (OSError, ValueError) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(f"cannot read {file.name}: {exc}") from None
    raise DataError(f"{file.name}: expected a .npy, .npz or .csv file")


def _csv(file: Path, key: str | None, columns: tuple[str, ...] | None) -> np.ndarray:
    with file.open(encoding="utf-8") as f:
        first = f.readline()
    header = [h.strip() for h in first.split(",")]
    has_header = any(_not_number(h) for h in header)
    if not has_header:
        if key is not None or columns:
            raise DataError(f"{file.name} has no header row, so `key`/`columns` cannot name its columns")
        return np.loadtxt(file, delimiter=",", ndmin=1)
    table = np.loadtxt(file, delimiter=",", skiprows=1, ndmin=2)
    wanted = [key] if key is not None else list(columns or header)
    missing = [c for c in wanted if c not in header]
    if missing:
        raise DataError(f"{file.name} has no column {', '.join(map(repr, missing))}; columns: {', '.join(header)}")
    picked = table[:, [header.index(c) for c in wanted]]
    return picked[:, 0] if key is not None else picked


def _not_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return True
    return False
