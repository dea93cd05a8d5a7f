"""The numeric comparator: tolerances, shapes, dtypes, NaN/inf and how a mismatch is explained.

Tolerance arithmetic in the comments is worked by hand from the rule
``|obs - exp| <= atol + scaled_atol * max|exp| + rtol * |exp|`` (sigfig/decimals: half a unit in
the last required digit, with a little slack).
"""

from __future__ import annotations

import math

import numpy as np

from grader.compare.numeric import compare
from grader.spec.options import resolve

def opts(**kw):
    """Options as the loader resolves them: the defaults of grader.spec.options with ``kw`` applied."""
    return resolve("numeric", kw)


# -- tolerances ---------------------------------------------------------------------------------

def test_rtol_accepts_a_relative_error_within_it():
    assert compare(100.0, 100.09, opts(rtol=1e-3, atol=0)).passed  # 0.09 <= 0.1


def test_rtol_rejects_a_relative_error_beyond_it():
    assert not compare(100.0, 100.2, opts(rtol=1e-3, atol=0)).passed  # 0.2 > 0.1


def test_an_expected_zero_is_reachable_through_atol():
    assert compare(0.0, 1e-9, opts(rtol=1e-3, atol=1e-8)).passed


def test_an_expected_zero_with_no_atol_needs_an_exact_zero():
    assert not compare(0.0, 1e-9, opts(rtol=1e-3, atol=0)).passed
    assert compare(0.0, 0.0, opts(rtol=1e-3, atol=0)).passed


def test_scaled_atol_is_a_fraction_of_the_largest_expected_magnitude():
    # tolerance 1e-3 * 1000 = 1 for every element, including the expected 0
    o = opts(rtol=0, atol=0, scaled_atol=1e-3)
    assert compare([1000.0, 0.0], [1000.0, 0.9], o).passed
    assert not compare([1000.0, 0.0], [1000.0, 1.1], o).passed


def test_sigfig_3_accepts_the_value_rounded_to_3_significant_figures():
    # 0.0646454 to 3 s.f. is 0.0646 (off by 4.5e-5, half a unit of the last digit is 5e-5)
    assert compare(0.0646454, 0.0646, opts(sigfig=3)).passed


def test_sigfig_3_rejects_a_wrong_third_figure():
    assert not compare(0.0646454, 0.0647, opts(sigfig=3)).passed  # off by 5.5e-5


def test_sigfig_applies_per_element_to_negative_values():
    assert compare([0.0646454, -0.181186], [0.0646, -0.181], opts(sigfig=3)).passed


def test_decimals_accepts_an_answer_rounded_to_that_many_places():
    assert compare(3.14159, 3.14, opts(decimals=2)).passed


def test_decimals_rejects_an_answer_wrong_in_the_last_place():
    assert not compare(3.14159, 3.15, opts(decimals=2)).passed


# -- shape and dtype ----------------------------------------------------------------------------

def test_shape_mismatch_names_both_shapes():
    v = compare([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4], [5, 6]], opts())
    assert not v.passed
    assert "(2, 3)" in v.message and "(3, 2)" in v.message
    assert "reshape" in v.message  # same size: a hint about reshape/transpose


def test_a_flat_answer_for_a_matrix_fails_on_shape():
    v = compare([[1, 2], [3, 4]], [1, 2, 3, 4], opts())
    assert not v.passed and "shape" in v.message


def test_dtype_requirement_rejects_floats_where_ints_are_required():
    v = compare([1, 2], np.array([1.0, 2.0]), opts(dtype="int"))
    assert not v.passed
    assert "int" in v.message and "float64" in v.message


def test_dtype_requirement_accepts_the_right_kind():
    assert compare([1, 2], np.array([1, 2], dtype=np.int32), opts(dtype="int")).passed


def test_without_dtype_requirement_an_integer_valued_float_array_is_accepted():
    assert compare([1, 2], np.array([1.0, 2.0]), opts()).passed


# -- NaN and inf --------------------------------------------------------------------------------

def test_an_expected_nan_is_met_by_a_nan():
    assert compare([1.0, math.nan], [1.0, math.nan], opts()).passed


def test_an_expected_nan_is_not_met_by_a_number():
    assert not compare([1.0, math.nan], [1.0, 0.0], opts()).passed


def test_nan_where_a_number_was_expected_fails_and_says_nan():
    v = compare([1.0, 2.0], [1.0, math.nan], opts())
    assert not v.passed
    assert "NaN" in v.message


def test_a_scalar_nan_answer_fails_and_says_nan():
    v = compare(0.5, math.nan, opts())
    assert not v.passed and "NaN" in v.message


def test_inf_matches_inf_of_the_same_sign_only():
    assert compare([math.inf], [math.inf], opts()).passed
    assert not compare([math.inf], [-math.inf], opts()).passed


def test_inf_where_a_finite_value_was_expected_fails_and_says_inf():
    v = compare([1.0, 2.0], [1.0, math.inf], opts())
    assert not v.passed and "inf" in v.message


# -- answers that are not numbers: a clear failure, never an exception ---------------------------

def test_none_fails_with_a_hint_about_return():
    v = compare([1, 2], None, opts())
    assert not v.passed
    assert "None" in v.message and "return" in v.message


def test_a_string_fails_and_says_it_got_a_string():
    v = compare(1.5, "1.5", opts())
    assert not v.passed and "string" in v.message


def test_a_ragged_list_fails_and_says_rows_differ_in_length():
    v = compare([[1, 2], [3, 4]], [[1, 2], [3]], opts())
    assert not v.passed and "different lengths" in v.message


def test_a_list_containing_none_fails_clearly():
    v = compare([1, 2], [1, None], opts())
    assert not v.passed and "None" in v.message


# -- explaining a mismatch ----------------------------------------------------------------------

def test_mismatch_message_counts_the_differing_elements_and_names_the_first_and_largest_differences():
    expected = [[1, 2, 3], [4, 5, 6]]
    observed = [[1, 2.5, 3], [4, 5, 9]]  # two cells differ, first at [0, 1]; the largest difference (3) is at [1, 2]
    v = compare(expected, observed, opts(rtol=1e-6, atol=0))
    assert not v.passed
    assert v.message.startswith("Mismatched elements: 2 / 6; first at [0, 1]: expected 2, got 2.5")
    assert "largest absolute error 3 at [1, 2]: expected 6, got 9" in v.message
    assert "largest relative error 0.5" in v.message
    assert v.details["mismatched"] == 2 and v.details["total"] == 6
    assert v.details["first_mismatch"] == [0, 1]
    assert v.details["max_abs_error"] == 3.0 and v.details["max_rel_error"] == 0.5


def test_mask_marks_exactly_the_differing_cells():
    v = compare([[1, 2], [3, 4]], [[1, 0], [3, 5]], opts())
    assert v.details["mask"] == [[False, True], [False, True]]


def test_mismatch_details_list_index_expected_and_observed_of_each_differing_cell():
    v = compare([10, 20, 30], [10, 21, 30], opts())
    assert v.details["mismatches"] == [{"index": [1], "expected": 20, "observed": 21}]


def test_scalar_mismatch_says_expected_got_and_by_how_much():
    v = compare(2.0, 2.5, opts(rtol=0, atol=0.1))
    assert not v.passed
    assert "expected 2" in v.message and "got 2.5" in v.message and "0.5" in v.message


def test_check_shape_false_broadcasts_a_scalar_answer():
    assert compare([3.0, 3.0], 3.0, opts(check_shape=False)).passed
