"""Declarative properties: each one named, each failure saying what was found."""

from __future__ import annotations

import numpy as np
import pytest

from grader.compare.properties import check, check_all, describe
from grader.expressions import ExpressionError, evaluate, names

ENV = {"fan_in": 64, "fan_out": 32, "a": float(np.sqrt(6 / 96))}


def glorot(fan_in, fan_out, seed):
    a = np.sqrt(6 / (fan_in + fan_out))
    return np.random.default_rng(seed).uniform(-a, a, (fan_out, fan_in))


def test_shape_from_input_expressions_passes_and_names_the_transpose_when_it_fails():
    assert check({"shape": ["fan_out", "fan_in"]}, np.zeros((32, 64)), ENV).passed
    out = check({"shape": ["fan_out", "fan_in"]}, np.zeros((64, 32)), ENV)
    assert not out.passed and out.message == "got shape (64, 32) (the transpose), expected (32, 64)"
    assert out.name == "shape (32, 64)"


def test_range_allows_a_relative_slack_for_float32():
    w = np.float32(glorot(64, 32, 0) * (1 + 1e-7))
    assert check({"range": ["-a", "a"], "rtol": 1e-6}, w, ENV).passed
    out = check({"range": ["-a", "a"], "rtol": 1e-6}, np.random.default_rng(0).normal(0, 1, (32, 64)), ENV)
    assert not out.passed and "entries are outside" in out.message


def test_variance_of_a_normal_draw_is_not_that_of_glorot_uniform():
    prop = {"variance": "a**2 / 3", "rtol": 0.1}
    assert check(prop, glorot(64, 32, 1), ENV).passed
    normal = np.random.default_rng(1).normal(0, ENV["a"], (32, 64))
    out = check(prop, normal, ENV)
    assert not out.passed and out.message.startswith("the sample variance is")


def test_a_property_whose_when_is_false_is_skipped_and_does_not_count():
    prop = {"mean": 0, "atol": "0.05*a", "when": "fan_in * fan_out >= 2000"}
    out = check(prop, np.ones((2, 3)), {"fan_in": 3, "fan_out": 2, "a": 1.0})
    assert out.skipped
    verdict = check_all([prop, {"finite": True}], np.ones((2, 3)), {"fan_in": 3, "fan_out": 2, "a": 1.0})
    assert verdict.passed


def test_rows_sum_to_one_names_the_row_that_does_not():
    assert check({"sums_to": 1}, np.full((3, 4), 0.25), {}).passed
    bad = np.full((3, 4), 0.25)
    bad[2, 0] = 0.62
    out = check({"sums_to": 1}, bad, {})
    assert out.name == "rows sum to 1" and out.message.startswith("row 2 sums to 1.37")


def test_finite_counts_nan_and_inf():
    out = check({"finite": True}, np.array([1.0, np.nan, np.inf]), {})
    assert not out.passed and out.message == "2 of 3 entries are not finite (1 NaN, 1 inf)"


def test_symmetric_names_an_asymmetric_pair():
    assert check({"symmetric": True}, np.array([[1, 2], [2, 1.0]]), {}).passed
    assert "entry [0, 1] is 2 but [1, 0] is 3" in check({"symmetric": True}, np.array([[1, 2], [3, 1.0]]), {}).message


def test_dtype_property():
    assert not check({"dtype": "float"}, np.array([1, 2]), {}).passed


def test_unchanged_under_a_shift_calls_again_with_the_transformed_input():
    z = np.array([[1.0, 2, 3]])
    seen = []

    def again(changed):
        seen.append(changed)
        zz = changed.get("z", z)
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(zz)  # no max subtracted: overflows for a big shift
            return e / e.sum(axis=-1, keepdims=True)

    out = check({"unchanged_under": {"z": "z + 1000"}}, again({}), {"z": z}, again)
    assert not out.passed and out.name == "unchanged when z becomes z + 1000"
    np.testing.assert_allclose(seen[-1]["z"], z + 1000)


def test_reproducible_and_differs_under_catch_a_function_that_ignores_its_seed():
    env = {"fan_in": 3, "fan_out": 2, "seed": 7}
    rng = np.random.default_rng()
    ignores = lambda changed: rng.uniform(-1, 1, (2, 3))  # noqa: E731
    first = ignores({})
    assert not check({"reproducible": True}, first, env, ignores).passed
    honest = lambda changed: glorot(3, 2, changed.get("seed", 7))  # noqa: E731
    assert check({"reproducible": True}, honest({}), env, honest).passed
    assert check({"differs_under": {"seed": "seed + 1"}}, honest({}), env, honest).passed
    fixed = lambda changed: glorot(3, 2, 0)  # noqa: E731
    out = check({"differs_under": {"seed": "seed + 1"}}, fixed({}), env, fixed)
    assert not out.passed and "seed = 8 gave an identical answer" in out.message


def test_check_all_scores_the_weighted_share_and_names_each_failing_property():
    v = check_all([{"finite": True}, {"range": [0, 1]}, {"sums_to": 1}], np.array([[0.5, 0.7]]), {})
    assert v.score == pytest.approx(2 / 3)
    assert v.message == "1 of 3 properties fail: rows sum to 1: row 0 sums to 1.2"


def test_describe_without_values_shows_the_expressions():
    assert describe({"range": ["-a", "a"]}) == "entries in [-a, a]"


def test_expressions_are_whitelisted_never_evaluated_as_python():
    assert evaluate("sqrt(6 / (fan_in + fan_out))", ENV) == pytest.approx(ENV["a"])
    assert names("sqrt(x) + y.T") == {"x", "y"}
    for bad in ("__import__('os')", "x.__class__", "lambda: 1", "'text'", "[i for i in x]", "2 ** 10000"):
        with pytest.raises(ExpressionError):
            evaluate(bad, {"x": 1})


def test_an_unknown_name_is_an_error_listing_the_known_ones():
    with pytest.raises(ExpressionError, match="uses 'fan_inn'.*known: a, fan_in, fan_out"):
        evaluate("fan_inn + 1", ENV)
