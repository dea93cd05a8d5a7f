"""Answers in every array type students use: torch, JAX, pandas, SymPy, sets.

Each is converted inside the child by grader code that checks the exact type (a look-alike
class is "unsupported", a subclass cannot change the numbers), and arrives as a numpy array
that remembers its source type and dtype.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import needs_package

from grader.compare import get
from grader.sandbox.session import OK, Call, Sandbox
from grader.sandbox.values import SourceArray, SympyText, Unsupported
from grader.spec.options import resolve


@pytest.fixture(scope="module")
def sandbox():
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def answer(sandbox: Sandbox, tmp_path: Path):
    """``answer(source)`` -> the decoded value ``answer()`` returns in a fresh child."""

    def go(source: str):
        path = tmp_path / "submission.py"
        path.write_text(textwrap.dedent(source))
        session = sandbox.session(path)
        try:
            imported = session.start(import_timeout=60)
            assert imported.ok, imported.detail
            outcome = session.call(Call("answer", "function", timeout=30))
            assert outcome.status == OK, outcome.detail
            return outcome.value
        finally:
            session.stop()

    return go


def numeric(expected, observed, **options):
    return get("numeric")(expected, observed, resolve("numeric", options))


# ------------------------------------------------------------------ torch


def test_a_torch_tensor_with_requires_grad_arrives_as_its_numbers(answer):
    needs_package("torch")
    value = answer("""
        import torch
        def answer():
            w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
            return w * 2
    """)
    assert type(value) is SourceArray and value.dtype == np.float32
    assert value.tolist() == [[2.0, 4.0], [6.0, 8.0]]
    assert value.source == {"type": "torch.Tensor", "dtype": "torch.float32"}


def test_a_zero_dimensional_tensor_is_a_number(answer):
    needs_package("torch")
    value = answer("""
        import torch
        def answer():
            return torch.tensor([1.5, 2.5], dtype=torch.float64).sum()
    """)
    assert value.shape == () and float(value) == 4.0 and value.source["dtype"] == "torch.float64"
    assert numeric(4.0, value).passed


def test_a_bfloat16_tensor_keeps_its_source_dtype(answer):
    needs_package("torch")
    value = answer("""
        import torch
        def answer():
            return torch.tensor([1.0, 0.5], dtype=torch.bfloat16)
    """)
    assert value.dtype == np.float32 and value.tolist() == [1.0, 0.5] and value.source["dtype"] == "torch.bfloat16"


def test_a_parameter_and_an_integer_tensor(answer):
    needs_package("torch")
    value = answer("""
        import torch
        def answer():
            return [torch.nn.Parameter(torch.zeros(2)), torch.arange(3)]
    """)
    assert value[0].source["type"] == "torch.nn.parameter.Parameter" and value[0].tolist() == [0.0, 0.0]
    assert value[1].dtype == np.int64 and value[1].tolist() == [0, 1, 2]


def test_a_tensor_subclass_cannot_change_its_numbers(answer):
    needs_package("torch")
    value = answer("""
        import torch
        class Tensor(torch.Tensor):
            @classmethod
            def __torch_function__(cls, func, types, args=(), kwargs=None):
                return torch.full((2,), 7.0)
            def numpy(self, *a, **k):
                import numpy
                return numpy.full(2, 7.0)
        Tensor.__module__ = "torch"
        torch.Tensor.numpy = lambda self, *a, **k: __import__("numpy").full(2, 7.0)
        def answer():
            return torch.zeros(2).as_subclass(Tensor)
    """)
    assert value.tolist() == [0.0, 0.0]


def test_a_look_alike_class_named_torch_tensor_is_unsupported(answer):
    value = answer("""
        class Tensor:
            def numpy(self):
                return [1.0]
            def __array__(self, *a, **k):
                raise RuntimeError("never called")
        Tensor.__module__ = "torch"
        def answer():
            return Tensor()
    """)
    assert isinstance(value, Unsupported) and value.type_name == "torch.Tensor"


# ------------------------------------------------------------------ jax, pandas


def test_a_jax_array(answer):
    needs_package("jax")
    value = answer("""
        import jax.numpy as jnp
        def answer():
            return jnp.arange(4.0).reshape(2, 2)
    """)
    assert type(value) is SourceArray and value.tolist() == [[0.0, 1.0], [2.0, 3.0]]
    assert value.source == {"type": "jax.Array", "dtype": "float32"}


def test_pandas_series_and_dataframes_of_numbers(answer):
    needs_package("pandas")
    value = answer("""
        import pandas as pd
        def answer():
            return [pd.Series([1.0, 2.0]), pd.DataFrame({"a": [1, 2], "b": [3, 4]})]
    """)
    assert value[0].tolist() == [1.0, 2.0] and value[0].source["type"] == "pandas.Series"
    assert value[1].tolist() == [[1, 3], [2, 4]] and value[1].source["type"] == "pandas.DataFrame"


def test_a_dataframe_of_strings_is_unsupported_with_the_reason(answer):
    needs_package("pandas")
    value = answer("""
        import pandas as pd
        def answer():
            return pd.DataFrame({"a": ["x", "y"]})
    """)
    assert isinstance(value, Unsupported) and "needs numbers" in value.reason


# ------------------------------------------------------------------ sympy, sets


def test_a_sympy_matrix_of_numbers_is_graded_numerically(answer):
    value = answer("""
        import sympy as sp
        def answer():
            return sp.Matrix([[1, sp.Rational(1, 2)], [sp.sqrt(2), 0]])
    """)
    assert isinstance(value, SympyText) and value.cls.endswith("DenseMatrix")
    assert numeric([[1, 0.5], [2 ** 0.5, 0]], value).passed


def test_a_sympy_number_is_graded_numerically(answer):
    value = answer("""
        import sympy as sp
        def answer():
            return sp.pi / 4
    """)
    assert numeric(np.pi / 4, value).passed and value.text == "pi/4"


def test_a_sympy_expression_with_symbols_is_not_a_number(answer):
    value = answer("""
        import sympy as sp
        def answer():
            return sp.Symbol("x") + 1
    """)
    assert value.numeric is None and not numeric(1.0, value).passed


def test_a_set_answer_matches_the_expected_list_in_any_order(answer):
    value = answer("""
        def answer():
            return {3, 1, 2}
    """)
    assert value == {1, 2, 3}
    exact = get("exact")
    assert exact([1, 2, 3], value, resolve("exact")).passed
    assert exact([2, 3, 1, 1], value, resolve("exact")).passed
    wrong = exact([1, 2, 4], value, resolve("exact"))
    assert not wrong.passed and "missing [4]" in wrong.message and "unexpected [3]" in wrong.message


def test_a_set_of_tuples_matches_a_list_of_pairs(answer):
    value = answer("""
        def answer():
            return frozenset({(0, 1), (1, 2)})
    """)
    assert get("exact")([[1, 2], [0, 1]], value, resolve("exact")).passed


# ------------------------------------------------------------------ the README's example


def test_the_readme_torch_example_earns_full_marks_without_a_tolerance(tmp_path):
    needs_package("torch")
    import re

    from conftest import REPO, make_assignment, run_cli

    text = (REPO / "README.md").read_text(encoding="utf-8")
    problem = re.search(r"```yaml\n(# assignments/nn/softmax\.yaml\n.*?)```", text, re.S).group(1)
    student = re.search(r"```python\n(# softmax_torch\.py.*?)```", text, re.S).group(1)
    folder = make_assignment(tmp_path, {"softmax.yaml": problem}, name="nn")
    (tmp_path / "softmax_torch.py").write_text(student)
    proc = run_cli(tmp_path / "softmax_torch.py", "--assignment", folder, "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    strict = make_assignment(tmp_path / "strict", {"softmax.yaml": problem.replace("compare: numeric", "compare: numeric\noptions: {rtol: 1e-9, atol: 0}")}, name="nn")
    proc = run_cli(tmp_path / "softmax_torch.py", "--assignment", strict, "-f", "json", cwd=tmp_path)
    assert proc.returncode == 1  # the instructor's tolerance is a bound, whatever the dtype
