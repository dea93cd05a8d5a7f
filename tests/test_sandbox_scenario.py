"""The child-side scenario operation: a student's class constructed, set, called and read in its child."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import REPO, write_module

from grader.sandbox.session import OK, RAISED, Call, Sandbox

LINEAR = (REPO / "tests" / "fixtures" / "linear_layer.py").read_text()


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


def steps(W, b, x, g):
    return [
        {"do": "new", "args": [3, 2]},
        {"do": "set", "name": "W", "value": W},
        {"do": "set", "name": "b", "value": b},
        {"do": "call", "name": "forward", "args": [x], "part": "forward"},
        {"do": "call", "name": "backward", "args": [g], "part": "dx"},
        {"do": "get", "name": "dW", "part": "dW"},
        {"do": "get", "name": "db", "part": "db"},
    ]


W = np.array([[1.0, 2, 3], [4, 5, 6]])
B = np.array([0.5, -0.5])
X = np.array([[1.0, 0, -1], [2, 1, 0]])
G = np.array([[1.0, 2], [3, -1]])


def run(sandbox, tmp_path, source, scenario):
    session = sandbox.session(write_module(tmp_path / "sub.py", source))
    try:
        assert session.start().ok
        return session.call(Call("Linear", "scenario", (scenario,), timeout=5))
    finally:
        session.stop()


def test_each_recorded_step_comes_back_as_a_named_part(sandbox, tmp_path):
    out = run(sandbox, tmp_path, LINEAR, steps(W, B, X, G))
    assert out.status == OK, out.detail
    parts = out.value["parts"]
    assert out.value["failed"] is None
    np.testing.assert_allclose(parts["forward"], [[-1.5, -2.5], [4.5, 12.5]])
    np.testing.assert_allclose(parts["dx"], [[9, 12, 15], [-1, 1, 3]])
    np.testing.assert_allclose(parts["dW"], [[7, 3, -1], [0, -1, -2]])
    np.testing.assert_allclose(parts["db"], [4, 1])


def test_a_part_is_recorded_when_its_step_ran_not_after_later_steps_mutate_it(sandbox, tmp_path):
    source = LINEAR.replace("return x @ self.W.T + self.b", "self.out = x @ self.W.T + self.b\n        return self.out").replace(
        "return grad_out @ self.W", "self.out[:] = 0\n        return grad_out @ self.W")
    out = run(sandbox, tmp_path, source, steps(W, B, X, G))
    np.testing.assert_allclose(out.value["parts"]["forward"], [[-1.5, -2.5], [4.5, 12.5]])


def test_a_step_that_raises_keeps_the_earlier_parts_and_names_the_step(sandbox, tmp_path):
    source = LINEAR.replace("self.dW = grad_out.T @ self.x", "raise NotImplementedError('todo')")
    out = run(sandbox, tmp_path, source, steps(W, B, X, G))
    assert out.status == OK
    assert list(out.value["parts"]) == ["forward"]
    failed = out.value["failed"]
    assert failed["step"] == 4
    assert failed["error"]["type"] == "NotImplementedError"
    assert 'File "sub.py", line' in failed["error"]["traceback"]


def test_reading_an_attribute_that_was_never_set_is_the_students_attribute_error(sandbox, tmp_path):
    source = LINEAR.replace("self.db = grad_out.sum(axis=0)", "pass")
    out = run(sandbox, tmp_path, source, steps(W, B, X, G))
    assert out.value["failed"]["step"] == 6
    assert out.value["failed"]["error"]["type"] == "AttributeError"


def test_a_missing_class_is_reported_as_missing(sandbox, tmp_path):
    out = run(sandbox, tmp_path, "x = 1\n", steps(W, B, X, G))
    assert out.status == RAISED
    assert out.error["type"] == "MissingName"


def test_an_instance_is_never_sent_back_only_plain_data(sandbox, tmp_path):
    scenario = [{"do": "new", "args": [3, 2], "part": "self"}, {"do": "get", "name": "W", "part": "W"}]
    out = run(sandbox, tmp_path, LINEAR, scenario)
    assert "unsupported type" in str(out.value["parts"]["self"])
    assert out.value["parts"]["W"].shape == (2, 3)
