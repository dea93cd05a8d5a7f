"""Default tolerances that follow the precision of the answer's dtype, as ``torch.testing`` does.

A student who computes in float32 (the default of torch) cannot meet float64's default
tolerance on values that are right. When a problem sets no tolerance of its own, the numeric
comparison uses the looser of the grader's default and the dtype's (float32: rtol 1.3e-6,
atol 1e-5). A tolerance the instructor set (in the problem, a case or the assignment's
defaults) is a bound: it is used as written, whatever the dtype.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

#: (rtol, atol) by dtype name, from torch.testing.assert_close
BY_DTYPE: dict[str, tuple[float, float]] = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-12),  # torch: atol 1e-7; the grader keeps its stricter default for float64
    "complex32": (1e-3, 1e-5),
    "complex64": (1.3e-6, 1e-5),
    "complex128": (1e-7, 1e-12),
}
#: the grader's own defaults (grader.spec.options.NumericOptions): a problem "sets no tolerance"
#: when its options still hold exactly these
GRADER_DEFAULT = (1e-7, 1e-12)


def dtype_name(observed: Any) -> str | None:
    """The floating dtype the student computed in: the source dtype of a converted tensor
    (``torch.bfloat16`` -> ``bfloat16``), else the array's; None for other values."""
    source = getattr(observed, "source", None) or {}
    name = str(source.get("dtype", "")).rpartition(".")[2]
    if name in BY_DTYPE:
        return name
    if isinstance(observed, (np.ndarray, np.generic)) and observed.dtype.name in BY_DTYPE:
        return observed.dtype.name
    return None


def sets_no_tolerance(options: Mapping[str, Any]) -> bool:
    """Whether the options are the grader's defaults (no rtol, atol, sigfig or decimals set)."""
    return (
        (float(options.get("rtol", GRADER_DEFAULT[0])), float(options.get("atol", GRADER_DEFAULT[1]))) == GRADER_DEFAULT
        and not options.get("scaled_atol")
        and options.get("sigfig") is None
        and options.get("decimals") is None
    )


def default_for(options: Mapping[str, Any], dtype: str | None) -> dict[str, Any]:
    """``options`` with the dtype-aware default applied when they set no tolerance."""
    if dtype is None or dtype not in BY_DTYPE or not sets_no_tolerance(options):
        return dict(options)
    rtol, atol = BY_DTYPE[dtype]
    return {**options, "rtol": max(rtol, GRADER_DEFAULT[0]), "atol": max(atol, GRADER_DEFAULT[1])}
