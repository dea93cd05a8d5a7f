"""Numbers and arrays: shape, dtype kind, tolerances, NaN and inf handled explicitly.

An element is close when ``|observed - expected| <= atol + scaled_atol * max|expected| + rtol * |expected|``,
so an expected 0 is met within ``atol``. ``sigfig`` and ``decimals`` replace that rule with
half a unit in the last required digit (as PrairieLearn does). A mismatch is explained:
how many elements differ, where the largest difference is, and which cells, like ``pytest.approx``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.compare import dtype_tolerance
from grader.compare.coerce import NotComparable, as_array, describe
from grader.compare.verdict import Verdict, failed, passed

if TYPE_CHECKING:
    from grader.compare.context import Context
    from grader.compare.diagnose import Diagnosis

DTYPE_KINDS = {"bool": "b", "int": "iu", "float": "f", "complex": "c"}
MAX_LISTED = 10  # mismatching cells listed in details
MAX_SHOWN = 400  # arrays up to this size are shown whole in details


def compare(expected: Any, observed: Any, options: Mapping[str, Any], context: "Context | None" = None) -> Verdict:
    """Compare ``observed`` with ``expected`` under ``options`` (see :class:`NumericOptions`).

    A wrong answer is diagnosed (:mod:`grader.compare.diagnose`): ``details["diagnosis"]`` lists
    the known mistakes that explain it; ``context`` (the case's inputs, other problems' shapes)
    lets more of them be recognised."""
    exp = np.asarray(expected)
    try:
        obs = as_array(observed)
    except NotComparable as exc:
        return failed(str(exc))
    options = dtype_tolerance.default_for(options, dtype_tolerance.dtype_name(observed))
    want_kind = options.get("dtype")
    if want_kind and obs.dtype.kind not in DTYPE_KINDS[want_kind]:
        return failed(f"expected {want_kind} values, got dtype {obs.dtype}", observed_dtype=str(obs.dtype))
    if obs.shape != exp.shape:
        if options.get("check_shape", True):
            found = _diagnose(exp, obs, options, context)
            message = f"expected shape {_shape(exp.shape)}, got shape {_shape(obs.shape)}"
            return failed(
                "; ".join([message] + [d.message for d in found]),
                expected_shape=list(exp.shape),
                observed_shape=list(obs.shape),
                **_diagnosis_details(found),
            )
        try:
            obs, exp = np.broadcast_arrays(obs, exp)
        except ValueError:
            return failed(f"shape {_shape(obs.shape)} cannot be compared with {_shape(exp.shape)}")
    tol = tolerance(exp, options)
    close, reasons = _close(exp, obs, tol, bool(options.get("equal_nan", True)))
    if close.all():
        return passed()
    verdict = _explain(exp, obs, close, reasons, options)
    found = _diagnose(exp, obs, options, context)
    if not found:
        return verdict
    message = "; ".join([d.message for d in found] + [verdict.message])
    return failed(message, **verdict.details, **_diagnosis_details(found))


def accepts(expected: Any, observed: Any, options: Mapping[str, Any]) -> bool:
    """Whether ``observed`` would be accepted for ``expected`` (same rule as :func:`compare`,
    without explaining or diagnosing): what diagnoses and mutation checks ask many times."""
    exp, obs = np.asarray(expected), np.asarray(observed)
    if obs.shape != exp.shape or obs.dtype.kind not in "biufc" or exp.dtype.kind not in "biufc":
        return False
    want_kind = options.get("dtype")
    if want_kind and obs.dtype.kind not in DTYPE_KINDS[want_kind]:
        return False
    return bool(_close(exp, obs, tolerance(exp, options), bool(options.get("equal_nan", True)))[0].all())


def _diagnose(exp: np.ndarray, obs: np.ndarray, options: Mapping[str, Any], context: "Context | None") -> list["Diagnosis"]:
    from grader.compare.diagnose import diagnose

    if not options.get("diagnose", True):
        return []
    try:
        return diagnose(exp, obs, lambda a, b: accepts(a, b, options), context)
    except Exception:  # noqa: BLE001 - a diagnosis is a bonus: it never costs the verdict
        return []


def _diagnosis_details(found: list["Diagnosis"]) -> dict[str, Any]:
    from grader.compare.diagnose import names

    if not found:
        return {}
    return {"diagnosis": names(found), "diagnoses": [d.to_dict() for d in found]}


def tolerance(exp: np.ndarray, options: Mapping[str, Any]) -> np.ndarray:
    """The allowed absolute difference for each expected element."""
    mag = np.abs(exp.astype(complex if exp.dtype.kind == "c" else float))
    finite = mag[np.isfinite(mag)]
    if options.get("sigfig"):
        digits = int(options["sigfig"])
        with np.errstate(divide="ignore"):
            exponent = np.floor(np.log10(np.where(mag > 0, mag, 1.0)))
        return np.where(mag > 0, 0.51 * 10.0 ** (exponent - (digits - 1)), options.get("atol", 0.0))
    if options.get("decimals") is not None:
        return np.full(exp.shape, 0.51 * 10.0 ** (-int(options["decimals"])))
    scale = float(finite.max()) if finite.size else 0.0
    atol = float(options.get("atol", 0.0)) + float(options.get("scaled_atol", 0.0)) * scale
    return atol + float(options.get("rtol", 0.0)) * np.where(np.isfinite(mag), mag, 0.0)


def _close(exp: np.ndarray, obs: np.ndarray, tol: np.ndarray, equal_nan: bool) -> tuple[np.ndarray, dict[str, int]]:
    e = exp.astype(np.complex128 if "c" in (exp.dtype.kind, obs.dtype.kind) else np.float64)
    o = obs.astype(e.dtype)
    e_nan, o_nan = np.isnan(e), np.isnan(o)
    e_inf, o_inf = np.isinf(e), np.isinf(o)
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.abs(o - e) <= tol
    close &= ~(e_nan | o_nan | e_inf | o_inf)
    close |= e_inf & o_inf & (e == o)
    if equal_nan:
        close |= e_nan & o_nan
    reasons = {
        "nan": int((o_nan & ~e_nan).sum()),
        "inf": int((o_inf & ~e_inf).sum()),
        "expected_nan": int((e_nan & ~o_nan).sum()),
    }
    return close, reasons


def _explain(exp: np.ndarray, obs: np.ndarray, close: np.ndarray, reasons: dict[str, int], options: Mapping[str, Any]) -> Verdict:
    """Which cells differ and by how much: "Mismatched elements: k / n", the first differing index,
    the largest absolute and relative errors (like numpy's ``assert_allclose``)."""
    bad = ~close
    n_bad, n = int(bad.sum()), int(bad.size)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        diff = np.abs(obs.astype(np.complex128) - exp.astype(np.complex128)).real
        rel = diff / np.abs(exp.astype(np.complex128)).real
    finite_diff = np.where(np.isfinite(diff) & bad, diff, -1.0)
    finite_rel = np.where(np.isfinite(rel) & bad, rel, -1.0)
    rule = _rule(options, exp)
    details: dict[str, Any] = {
        "mismatched": n_bad,
        "total": n,
        "tolerance": rule,
        "mismatches": [
            {"index": [int(i) for i in idx], "expected": _num(exp[idx]), "observed": _num(obs[idx])}
            for idx in list(zip(*np.nonzero(bad)))[:MAX_LISTED]
        ]
        if exp.ndim
        else [],
    }
    if finite_diff.max() >= 0:
        details["max_abs_error"] = float(finite_diff.max())
    if finite_rel.max() >= 0:
        details["max_rel_error"] = float(finite_rel.max())
    if 0 < exp.ndim <= 2 and n <= MAX_SHOWN:
        details["mask"] = bad.tolist()
    special = [what for what, key in (("NaN", "nan"), ("inf", "inf")) if reasons[key]]
    special_note = f"; got {' and '.join(special)} where a finite value was expected" if special else ""
    if reasons["expected_nan"]:
        special_note += f"; {reasons['expected_nan']} expected NaN not matched"
    if exp.ndim == 0:
        d = float(diff) if np.isfinite(diff) else None
        msg = f"expected {_fmt(exp[()])}, got {_fmt(obs[()])}"
        if d is not None:
            msg += f" (off by {_fmt(d)}; {rule})"
        return failed(msg + special_note, **details)
    first = details["mismatches"][0]
    details["first_mismatch"] = first["index"]
    parts = [f"Mismatched elements: {n_bad} / {n}",
             f"first at {first['index']}: expected {_fmt(first['expected'])}, got {_fmt(first['observed'])}"]
    if finite_diff.max() >= 0:
        worst = np.unravel_index(int(np.argmax(finite_diff)), exp.shape)
        parts.append(f"largest absolute error {_fmt(finite_diff.max())} at {list(map(int, worst))}: "
                     f"expected {_fmt(exp[worst])}, got {_fmt(obs[worst])}")
    if finite_rel.max() >= 0:
        parts.append(f"largest relative error {_fmt(finite_rel.max())}")
    return failed("; ".join(parts) + f" ({rule}){special_note}", **details)


def tolerance_rule(options: Mapping[str, Any], expected: Any) -> str:
    """The tolerance in words ("tolerance rtol 1e-05, atol 0.0011", "3 significant figures")."""
    return _rule(options, np.asarray(expected))


def _rule(options: Mapping[str, Any], exp: np.ndarray) -> str:
    """The tolerance in words, with the absolute part as actually applied."""
    if options.get("sigfig"):
        return f"{options['sigfig']} significant figures"
    if options.get("decimals") is not None:
        return f"{options['decimals']} decimal places"
    mag = np.abs(exp.astype(complex if exp.dtype.kind == "c" else float))
    finite = mag[np.isfinite(mag)]
    atol = float(options.get("atol", 0.0)) + float(options.get("scaled_atol", 0.0)) * (float(finite.max()) if finite.size else 0.0)
    rtol = float(options.get("rtol", 0.0))
    return f"tolerance rtol {rtol:g}, atol {atol:.3g}" if rtol or atol else "exact"


def _num(x: Any) -> Any:
    x = x.item() if hasattr(x, "item") else x
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    if isinstance(x, complex):
        return str(x)
    return x


def _fmt(x: Any) -> str:
    x = x.item() if hasattr(x, "item") else x
    if isinstance(x, bool) or isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:.7g}"
    return str(x)


def _shape(shape: tuple[int, ...]) -> str:
    return "()" if not shape else "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


__all__ = ["accepts", "compare", "describe", "tolerance", "tolerance_rule"]
