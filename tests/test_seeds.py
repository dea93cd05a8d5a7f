"""The five seed submissions graded against `dl-conv`: every (seed, problem) verdict of the ground-truth
table in tests/fixtures/seeds/README.md, one test each.

Each seed is graded once (the CLI with ``-f json``) and cached for the module.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pytest

from conftest import REPO, run_cli

SEEDS = REPO / "tests" / "fixtures" / "seeds"

POINTS = {
    "conv_output_size": 1, "conv2d": 2, "conv2d_input_grad": 2, "max_pool2d": 1, "avg_pool2d": 1,
    "lp_pool2d": 2, "prewitt_magnitude": 2, "chain_rule_grad": 2, "softmax": 1, "softmax_jacobian": 2,
    "cnn_table": 2, "is_separable": 2, "support_size": 1, "top_k_error": 2, "softmax_regression_grad": 2,
    "DF_DX": 1, "DF_DY": 1, "SOFTMAX_DIAG": 1, "SOFTMAX_OFFDIAG": 1, "DENOISED_VARIANCE": 1,
    "COMPLEXITY_SEPARABLE": 1, "COMPLEXITY_FULL": 1,
}

PASS = "pass"
MISSING = "missing"

# seed -> problem -> PASS, or ("fail", score, names of the cases that pass); every other problem is MISSING.
# Transcribed from the README table (scores = points x passed cases / cases, all weights 1).
TABLE: dict[str, dict[str, object]] = {
    "seed_000_ajr": {
        "conv_output_size": ("fail", 0.375, ["example: I=5, K=3 (stride 1, no padding)", "LeNet conv1: I=28, K=5",
                                             "kernel as wide as the input: I=6, K=6"]),
        "conv2d": PASS, "conv2d_input_grad": PASS, "max_pool2d": PASS, "avg_pool2d": PASS,
        "lp_pool2d": PASS, "top_k_error": PASS,
    },
    "seed_001_xj655": {
        "conv_output_size": PASS, "conv2d": PASS,
        "conv2d_input_grad": ("fail", 0.0, []),
        "max_pool2d": PASS, "avg_pool2d": PASS, "lp_pool2d": PASS,
    },
    "seed_002_dvladici": {
        "conv_output_size": ("fail", 0.5, ["example: I=5, K=3 (stride 1, no padding)", "'same' padding: I=32, K=5, S=1, P=2",
                                           "LeNet conv1: I=28, K=5", "kernel as wide as the input: I=6, K=6"]),
        "max_pool2d": PASS,
    },
    "seed_003_anon": {
        "conv2d": PASS, "conv2d_input_grad": PASS, "chain_rule_grad": PASS, "DF_DX": PASS, "DF_DY": PASS,
        "top_k_error": ("fail", 0.5, ["example: k=2", "4 samples, 5 classes, k=3"]),
        "softmax_regression_grad": ("fail", 0.0, []),
    },
    "seed_004_sheet3": {
        "prewitt_magnitude": ("fail", 0.8, ["example: 10x8 image, zero padding", "5x6 image, zero padding"]),
        "softmax_jacobian": PASS, "cnn_table": PASS, "is_separable": PASS, "support_size": PASS,
        "SOFTMAX_DIAG": PASS, "SOFTMAX_OFFDIAG": PASS, "DENOISED_VARIANCE": PASS,
        "COMPLEXITY_SEPARABLE": PASS, "COMPLEXITY_FULL": PASS,
    },
}
TOTALS = {"seed_000_ajr": 10.375, "seed_001_xj655": 7.0, "seed_002_dvladici": 1.5, "seed_003_anon": 8.5, "seed_004_sheet3": 12.8}


@lru_cache(maxsize=None)
def graded(seed: str) -> dict:
    proc = run_cli(SEEDS / f"{seed}.py", "--assignment", "assignments/dl-conv", "-f", "json")
    assert proc.returncode == 1, proc.stderr  # every seed loses points
    return json.loads(proc.stdout)


def problem(seed: str, pid: str) -> dict:
    return next(p for p in graded(seed)["problems"] if p["id"] == pid)


def verdicts():
    for seed, rows in TABLE.items():
        for pid in POINTS:
            yield pytest.param(seed, pid, rows.get(pid, MISSING), id=f"{seed[:8]}-{pid}")


@pytest.mark.parametrize("seed, pid, verdict", list(verdicts()))
def test_seed_verdict_matches_the_ground_truth_table(seed, pid, verdict):
    p = problem(seed, pid)
    assert p["max_score"] == POINTS[pid]
    if verdict == PASS:
        assert p["status"] == "passed", p["messages"]
        assert p["score"] == POINTS[pid]
        assert all(c["status"] == "passed" for c in p["cases"])
    elif verdict == MISSING:
        assert p["status"] == "failed" and p["score"] == 0
        assert f"does not define `{pid}`" in p["messages"][0]
    else:
        _, score, passing = verdict
        assert p["score"] == pytest.approx(score)
        assert p["status"] == ("partial" if score else "failed")
        assert [c["name"] for c in p["cases"] if c["status"] == "passed"] == passing


@pytest.mark.parametrize("seed", list(TOTALS))
def test_seed_total_matches_the_table(seed):
    data = graded(seed)
    assert data["max_total"] == 32
    assert data["total"] == pytest.approx(TOTALS[seed])


def feedback_of(seed: str, pid: str, case_prefix: str) -> list[str]:
    case = next(c for c in problem(seed, pid)["cases"] if c["name"].startswith(case_prefix))
    return case["feedback"]


def test_seed_001_wrong_input_gradient_gets_the_rows_3_to_5_feedback():
    assert any(f.startswith("Rows 2-4 are off") for f in feedback_of("seed_001_xj655", "conv2d_input_grad", "example"))


def test_seed_001_input_gradient_on_other_inputs_shows_not_implemented_error():
    cases = problem("seed_001_xj655", "conv2d_input_grad")["cases"]
    assert [c["status"] for c in cases[1:]] == ["error", "error", "error"]
    assert all(c["error"]["type"] == "NotImplementedError" for c in cases[1:])


def test_seed_001_input_gradient_mask_marks_only_rows_3_to_5():
    (case,) = [c for c in problem("seed_001_xj655", "conv2d_input_grad")["cases"] if c["name"].startswith("example")]
    mask = case["details"]["mask"]
    # by hand: row 3 (index 2) differs in column 4 (22 vs 23), rows 4 and 5 differ in 5 and 1 cells
    assert not any(mask[0]) and not any(mask[1])
    assert mask[2] == [False, False, False, True, False]
    assert mask[3] == [True, True, True, True, True]
    assert mask[4] == [False, False, False, True, False]


def test_seed_004_reflect_padding_magnitude_gets_the_zero_padding_feedback():
    fb = feedback_of("seed_004_sheet3", "prewitt_magnitude", "example: 10x8 image, reflect")
    assert any(f.startswith("This is the zero-padding result") for f in fb)


def test_seed_003_softmax_regression_gradient_gets_the_true_class_row_feedback():
    fb = feedback_of("seed_003_anon", "softmax_regression_grad", "3 classes")
    assert any(f.startswith("Only the row of the true class is non-zero") for f in fb)


def test_seed_003_chain_rule_values_to_3_significant_figures_are_accepted():
    (case, *_) = problem("seed_003_anon", "chain_rule_grad")["cases"]
    assert case["observed"] == [0.0646, -0.181]
    assert case["status"] == "passed"


def test_seed_003_top_k_off_by_one_gets_the_exactly_one_higher_score_feedback():
    fb = feedback_of("seed_003_anon", "top_k_error", "example: k=1")
    assert any(f.startswith("Both true labels have exactly one higher score") for f in fb)


def test_seeds_000_and_002_stride_ignored_gets_the_stride_feedback():
    for seed in ("seed_000_ajr", "seed_002_dvladici"):
        fb = feedback_of(seed, "conv_output_size", "stride that does not divide")
        assert any(f.startswith("I - K + 1 ignores the stride") for f in fb), seed
