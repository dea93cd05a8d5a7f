"""Where a problem sets no tolerance, the default follows the precision the student computed in."""

from __future__ import annotations

import numpy as np

from grader.compare import get
from grader.compare.dtype_tolerance import default_for, dtype_name, sets_no_tolerance
from grader.sandbox.values import SourceArray
from grader.spec.options import resolve

EXPECTED = np.array([1.0, 2.0, 3.0]) / 7
FLOAT32 = (EXPECTED * (1 + 5e-7)).astype(np.float32)  # right, as far as a float32 computation goes


def numeric(expected, observed, **options):
    return get("numeric")(expected, observed, resolve("numeric", options))


def tensor_like(values: np.ndarray, dtype: str) -> SourceArray:
    arr = values.view(SourceArray)
    arr.source = {"type": "torch.Tensor", "dtype": dtype}
    return arr


def test_a_float32_answer_meets_the_default_tolerance_for_float32():
    assert not numeric(EXPECTED, FLOAT32.astype(np.float64)).passed  # the same numbers in float64: too far off
    assert numeric(EXPECTED, FLOAT32).passed


def test_a_float32_tensor_answer_meets_the_default_tolerance_for_float32():
    assert numeric(EXPECTED, tensor_like(FLOAT32, "torch.float32")).passed


def test_a_bfloat16_tensor_is_judged_by_its_source_dtype_not_its_float32_copy():
    rough = tensor_like((EXPECTED * (1 + 5e-3)).astype(np.float32), "torch.bfloat16")
    assert dtype_name(rough) == "bfloat16"
    assert numeric(EXPECTED, rough).passed
    assert not numeric(EXPECTED, tensor_like((EXPECTED * 1.05).astype(np.float32), "torch.bfloat16")).passed


def test_a_tolerance_the_problem_sets_is_a_bound_whatever_the_dtype():
    assert not numeric(EXPECTED, FLOAT32, rtol=1e-9, atol=0).passed
    assert not sets_no_tolerance(resolve("numeric", {"rtol": 1e-5}))
    assert not sets_no_tolerance(resolve("numeric", {"sigfig": 3}))


def test_a_wrong_float32_answer_is_still_wrong():
    assert not numeric(EXPECTED, (EXPECTED * 1.001).astype(np.float32)).passed


def test_float64_keeps_the_graders_default():
    options = resolve("numeric")
    assert default_for(options, "float64") == options
    assert default_for(options, None) == options


def test_the_float32_default_is_torch_testings():
    options = default_for(resolve("numeric"), "float32")
    assert (options["rtol"], options["atol"]) == (1.3e-6, 1e-5)
