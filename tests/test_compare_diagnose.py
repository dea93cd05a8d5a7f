"""Automatic diagnoses: a wrong numeric answer is named by the mistake that explains it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import REPO, run_cli
from grader.compare.diagnose import Context
from grader.compare.numeric import compare
from grader.compare.transforms import TRANSFORMS, VOCABULARY
from grader.spec.options import resolve

DL_CONV = {"rtol": 1e-5, "atol": 1e-8, "scaled_atol": 1e-5}  # the dl-conv defaults
IMAGE = np.array([[4, 5, 2, 2, 1], [3, 3, 2, 2, 4], [4, 3, 4, 1, 1], [5, 1, 4, 1, 2], [5, 1, 3, 1, 4]], float)
KERNEL = np.array([[4, 3, 3], [5, 5, 5], [2, 4, 3]], float)
CONV = np.array([[109, 92, 72], [108, 85, 74], [110, 74, 79]], float)
RECT = np.arange(1.0, 13.0).reshape(3, 4)


def opts(**kw):
    return resolve("numeric", {**DL_CONV, **kw})


def diagnosis(expected, observed, context=None, **kw):
    v = compare(expected, observed, opts(**kw), context)
    assert not v.passed
    return v.details.get("diagnosis"), v.message


def _softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def test_a_transposed_square_answer_is_diagnosed_transposed():
    names, message = diagnosis(CONV, CONV.T)
    assert names == ["transposed"]
    assert message.startswith("your answer is the expected array transposed; Mismatched elements: 4 / 9")  # [1, 2] and [2, 1] are both 74


def test_a_transposed_rectangular_answer_is_diagnosed_despite_the_wrong_shape():
    names, message = diagnosis(RECT, RECT.T)
    assert names == ["transposed"]
    assert "expected shape (3, 4), got shape (4, 3)" in message and "transposed" in message


def test_rows_in_reverse_order_are_diagnosed_flipped():
    assert diagnosis(RECT, RECT[::-1])[0] == ["flipped"]


def test_a_reversed_vector_is_diagnosed_flipped():
    assert diagnosis([1.0, 2.0, 4.0], [4.0, 2.0, 1.0])[0] == ["flipped"]


def test_an_answer_rotated_by_180_degrees_is_diagnosed_rotated():
    assert diagnosis(RECT, RECT[::-1, ::-1])[0] == ["rotated"]


def test_a_convolution_instead_of_a_cross_correlation_is_diagnosed_from_the_inputs():
    flipped_kernel = KERNEL[::-1, ::-1]
    observed = np.array([[np.sum(IMAGE[i:i + 3, j:j + 3] * flipped_kernel) for j in range(3)] for i in range(3)])
    names, message = diagnosis(CONV, observed, Context({"image": IMAGE.tolist(), "kernel": KERNEL.tolist()}))
    assert names == ["rotated"]
    assert "a convolution instead of a cross-correlation" in message and "`kernel` rotated by 180°" in message


def test_a_flipped_kernel_is_not_claimed_without_the_inputs():
    flipped_kernel = KERNEL[::-1, ::-1]
    observed = np.array([[np.sum(IMAGE[i:i + 3, j:j + 3] * flipped_kernel) for j in range(3)] for i in range(3)])
    assert diagnosis(CONV, observed)[0] is None


def test_a_negated_gradient_is_diagnosed_negated():
    gradient = np.array([[0.5, -1.25, 2.0], [3.0, 0.25, -0.75]])
    names, message = diagnosis(gradient, -gradient)
    assert names == ["negated"] and "sign of every element" in message


def test_a_gradient_scaled_by_2_is_diagnosed_scaled_with_the_factor():
    names, message = diagnosis(RECT * 0.1, RECT * 0.2)
    assert names == ["scaled"] and "times 2" in message
    v = compare(RECT * 0.1, RECT * 0.2, opts())
    assert v.details["diagnoses"][0]["factor"] == 2.0


def test_a_factor_of_one_third_is_reported_as_a_fraction():
    assert "times 1/3" in diagnosis(RECT, RECT / 3)[1]


def test_an_answer_off_by_a_constant_is_diagnosed_offset():
    names, message = diagnosis(RECT, RECT + 0.5)
    assert names == ["offset"] and "plus 0.5" in message


def test_a_pooling_output_missing_its_last_window_is_diagnosed_cropped():
    names, message = diagnosis(RECT, RECT[:2, :3])
    assert names == ["cropped"] and "one window too few" in message


def test_a_pooling_output_with_one_window_too_many_is_diagnosed_cropped():
    observed = np.zeros((4, 5))
    observed[:3, :4] = RECT
    names, message = diagnosis(RECT, observed)
    assert names == ["cropped"] and "one window too many" in message


def test_a_sequence_shifted_by_one_is_diagnosed_shifted():
    expected = np.array([3.0, 1.0, 4.0, 1.5, 5.0, 9.0])
    observed = np.array([0.0, 3.0, 1.0, 4.0, 1.5, 5.0])
    assert diagnosis(expected, observed)[0] == ["shifted"]


def test_the_right_values_in_another_order_are_diagnosed_permuted():
    expected = np.array([[1.0, 7.0, 3.0], [9.0, 2.0, 8.0]])
    observed = np.array([[7.0, 1.0, 3.0], [2.0, 9.0, 8.0]])
    assert diagnosis(expected, observed)[0] == ["permuted"]


def test_an_answer_rounded_to_integers_is_diagnosed_rounded():
    names, message = diagnosis(RECT + 0.3, RECT)
    assert names == ["rounded"] and "rounded to integers" in message


def test_a_softmax_over_the_wrong_axis_is_diagnosed_without_the_inputs():
    z = np.random.default_rng(0).normal(size=(4, 3))
    names, message = diagnosis(_softmax(z, 1), _softmax(z, 0))
    assert names == ["wrong_axis"] and "normalised along axis 0" in message


def test_a_reduction_over_the_wrong_axis_is_diagnosed_from_the_inputs():
    x = np.random.default_rng(1).normal(size=(4, 3))
    names, message = diagnosis(x.mean(axis=1), x.mean(axis=0), Context({"x": x.tolist()}))
    assert names == ["wrong_axis"] and "mean of `x` along axis 0" in message


def test_the_input_returned_unchanged_is_diagnosed():
    x = [[1.0, 2.0], [3.0, 5.0]]
    assert diagnosis([[2.0, 3.0], [4.0, 7.0]], x, Context({"x": x}))[0] == ["returned_input"]


def test_the_shape_of_another_problems_answer_is_diagnosed():
    names, message = diagnosis(RECT, np.ones((2, 2)), Context({}, {"max_pool2d": [(2, 2)], "this": [(3, 4)]}, "this"))
    assert names == ["other_problem_shape"] and "`max_pool2d`" in message


def test_a_different_shape_with_other_numbers_does_not_say_same_numbers():
    names, message = diagnosis(RECT, np.random.default_rng(2).normal(size=(4, 3)))
    assert names is None
    assert "same numbers" not in message.lower() and "right numbers" not in message


def test_the_same_numbers_in_another_shape_are_diagnosed_reshaped():
    names, message = diagnosis(RECT, RECT.reshape(2, 6))
    assert names == ["reshaped"] and "right numbers in the right order" in message


def test_a_random_wrong_answer_gets_no_diagnosis():
    assert diagnosis(RECT, np.random.default_rng(3).normal(size=(3, 4)))[0] is None


def test_a_wrong_scalar_sign_is_diagnosed_sign():
    assert diagnosis(-0.1811864, 0.1811864)[0] == ["sign"]


def test_a_scalar_off_by_a_power_of_ten_is_diagnosed_power_of_ten():
    names, message = diagnosis(0.0646454, 0.646454)
    assert names == ["power_of_ten"] and "times 10" in message


def test_a_negative_scalar_off_by_a_power_of_ten_is_diagnosed_with_both_names():
    assert diagnosis(0.25, -0.025)[0] == ["power_of_ten", "sign"]


def test_a_scalar_off_by_a_factor_of_2_is_diagnosed_constant_factor():
    assert diagnosis(0.75, 1.5)[0] == ["constant_factor"]


def test_a_scalar_rounded_to_fewer_digits_than_asked_is_diagnosed_rounded():
    names, message = diagnosis(0.0646454, 0.0646)
    assert names == ["rounded"] and "3 significant figures" in message


def test_an_integer_answer_off_by_one_is_diagnosed_offset():
    names, message = diagnosis(3, 4)
    assert names == ["offset"] and "off by +1" in message


def test_diagnoses_can_be_turned_off_per_problem():
    v = compare(CONV, CONV.T, opts(diagnose=False))
    assert not v.passed and "diagnosis" not in v.details and "transposed" not in v.message


def test_every_transform_has_a_vocabulary_name():
    assert {t.name for t in TRANSFORMS} <= set(VOCABULARY)


def test_a_large_wrong_answer_is_diagnosed_by_the_cheap_transformations_only():
    big = np.random.default_rng(4).normal(size=(200, 300))
    assert diagnosis(big, -big)[0] == ["negated"]
    assert diagnosis(big, np.sort(big, axis=None).reshape(big.shape))[0] is None  # permutations are not searched


def test_the_vocabulary_is_documented_in_the_readme_and_the_result_schema():
    readme = (REPO / "README.md").read_text()
    schema = json.loads((REPO / "grader" / "report" / "result.schema.json").read_text())
    text = json.dumps(schema)
    for name in VOCABULARY:
        assert f"`{name}`" in readme, name
        assert f'"{name}"' in text, name


# -- end to end: the classic mistakes in a real submission --------------------------------------

@pytest.fixture(scope="module")
def classic_mistakes_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("diag") / "result.json"
    proc = run_cli(REPO / "tests" / "fixtures" / "mistakes" / "classic_mistakes.py", "--assignment", "assignments/dl-conv",
                   "-p", "conv2d", "-p", "conv2d_input_grad", "-p", "max_pool2d", "-p", "avg_pool2d",
                   "-p", "softmax_regression_grad", "-o", str(out))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return proc.stdout, {p["id"]: p for p in json.loads(out.read_text())["problems"]}


@pytest.mark.parametrize("problem, name", [
    ("conv2d", "rotated"),
    ("conv2d_input_grad", "negated"),
    ("max_pool2d", "cropped"),
    ("avg_pool2d", "transposed"),
    ("softmax_regression_grad", "scaled"),
])
def test_the_json_carries_the_classic_mistake_in_details_diagnosis(classic_mistakes_result, problem, name):
    _, problems = classic_mistakes_result
    first = problems[problem]["cases"][0]
    assert first["status"] == "failed"
    assert name in first["details"]["diagnosis"], first["details"]


def test_the_report_names_the_classic_mistake(classic_mistakes_result):
    text, _ = classic_mistakes_result
    assert "a convolution instead of a cross-correlation" in text
    assert "the expected array transposed" in text
    assert "times 2" in text


def test_a_declared_mistake_has_priority_over_the_automatic_diagnosis(tmp_path):
    from conftest import make_assignment, write_module

    folder = make_assignment(tmp_path, {"swap.yaml": """
        id: swap
        args: [x]
        cases:
          - inputs: {x: [[1, 2, 3], [4, 5, 6]]}
            expected: [[1, 2, 3], [4, 5, 6]]
        mistakes:
          - observed: [[1, 4], [2, 5], [3, 6]]
            feedback: "You returned x.T: the layout is (rows, columns)."
    """})
    sub = write_module(tmp_path / "sub.py", "def swap(x):\n    return x.T\n")
    out = tmp_path / "r.json"
    proc = run_cli(sub, "--assignment", folder, "-o", out)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    case = json.loads(out.read_text())["problems"][0]["cases"][0]
    assert case["feedback"][0] == "You returned x.T: the layout is (rows, columns)."
    assert "transposed" not in case["message"]
    assert case["details"]["diagnosis"] == ["transposed"]


def test_a_flipped_1d_kernel_is_diagnosed_from_the_inputs():
    x, w = np.array([1.0, 2.0, 3.0, 4.0, 5.0, -1.0]), np.array([1.0, 0.5, -1.0])
    names, message = diagnosis(np.correlate(x, w, "same"), np.correlate(x, w[::-1], "same"), Context({"x": x, "w": w}))
    assert names == ["flipped"] and "`w` reversed" in message


def test_a_softmax_over_the_wrong_axis_is_named_in_the_json_of_a_real_submission(tmp_path):
    from conftest import make_assignment, write_module

    z = [[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [2.0, 2.5, -0.5], [0.25, -2.0, 1.0]]
    folder = make_assignment(tmp_path, {"softmax.yaml": f"""
        id: softmax
        args: [z]
        cases:
          - inputs: {{z: {z}}}
            expected: {_softmax(np.array(z), 1).tolist()}
    """})
    sub = write_module(tmp_path / "sub.py", """
        import numpy as np

        def softmax(z):
            e = np.exp(z - z.max())
            return e / e.sum(axis=0)   # over the batch instead of over the classes
    """)
    out = tmp_path / "r.json"
    proc = run_cli(sub, "--assignment", folder, "-o", out)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    case = json.loads(out.read_text())["problems"][0]["cases"][0]
    assert case["details"]["diagnosis"] == ["wrong_axis"]
    assert "along axis 0" in case["message"] and "along axis 0" in proc.stdout


def test_a_fraction_of_1_answered_0_is_not_called_an_off_by_one():
    names, message = diagnosis(1.0, 0.0)
    assert names is None and "off-by-one" not in message


def test_a_transposed_part_of_a_multi_part_answer_is_diagnosed_at_the_case(tmp_path):
    """dl-layers' `Linear.backward` with dW transposed: the case's details.diagnosis names it."""
    source = (REPO / "solutions" / "dl_layers.py").read_text()
    assert "self.dW = g.T @ self._x" in source
    sub = tmp_path / "linear_dw_transposed.py"
    sub.write_text(source.replace("self.dW = g.T @ self._x", "self.dW = (g.T @ self._x).T"))
    proc = run_cli(sub, "--assignment", "assignments/dl-layers", "-p", "Linear", "-f", "json")
    case = json.loads(proc.stdout)["problems"][0]["cases"][0]
    assert case["details"]["diagnosis"] == ["transposed"]
    assert "dW is wrong" in case["message"] and "transposed" in case["message"]


def test_a_flipped_antisymmetric_kernel_is_named_as_a_flip_not_only_as_a_negation():
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])  # dl-layers' example: flipping w negates y
    names, message = diagnosis(np.correlate(x, w, "same"), np.correlate(x, w[::-1], "same"), Context({"x": x, "w": w}))
    assert names == ["flipped"] and "a convolution instead of a cross-correlation" in message
