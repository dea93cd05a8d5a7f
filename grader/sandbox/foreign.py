"""Answers in other libraries' array types, turned into numpy arrays inside the child.

Students return ``torch.Tensor`` (with ``requires_grad`` or not, 0-d included), JAX arrays,
pandas Series and DataFrames of numbers and SymPy matrices and numbers. Each is recognised
by its *exact* type's module and qualname (never ``isinstance`` on a student class, never a
student's ``__array__``) and converted by grader code:

- torch: the type must also have torch's C base class ``torch._C.TensorBase`` (a static
  type no Python code can fake) in its MRO, and the data is read through that class's C
  methods with ``__torch_function__`` overrides disabled, so a subclass or a patched
  ``torch.Tensor.numpy`` cannot change it;
- JAX: the type must be the ``ArrayImpl`` of the loaded jax; pandas: the ``Series`` or
  ``DataFrame`` class of the loaded pandas; their own conversion code runs, with the
  pristine builtins (a submission that patches those libraries changes its own answer);
- SymPy: numbers and matrices of numbers are evaluated to numbers, and the text is kept
  for symbolic problems (:func:`sympy_numeric`).

Each conversion records the source type and dtype (``{"type": "torch.Tensor", "dtype":
"torch.float32"}``); the parent keeps it on the decoded array (``SourceArray.source``) so
the numeric comparison can choose a dtype-aware default tolerance.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import numpy as np

from grader.sandbox.pristine import pristine_builtins

_HEAPTYPE = 1 << 9
_type_getattr = type.__getattribute__
_sys_modules_get = sys.modules.get
_ModuleType = types.ModuleType
_module_dict = types.ModuleType.__dict__["__dict__"].__get__
_dict_get = dict.get
_asarray, _NDARRAY = np.asarray, np.ndarray
_float32 = np.float32

Converted = tuple[Any, dict[str, str]]


class NotConvertible(ValueError):
    """A foreign value the grader recognises but cannot turn into numbers (the reason says why)."""


def type_name(t: type) -> str:
    """``module.qualname`` of a type, read without running any of its (or its metaclass's) code."""
    name = _type_getattr(t, "__qualname__")
    try:
        module = _type_getattr(t, "__module__")
    except AttributeError:
        module = ""
    if type(module) is not str:
        module = "?"
    return name if module in ("builtins", "") else f"{module}.{name}"


def convert(obj: Any) -> Converted | None:
    """(numpy array, source) for a value of a recognised foreign type; None for any other type.

    Raises :class:`NotConvertible` for a recognised type that holds no numbers (a GPU tensor,
    a DataFrame of strings)."""
    t = type(obj)
    converter = _dict_get(CONVERTERS, type_name(t))
    if converter is None:
        return None
    return converter(obj, t)


# --------------------------------------------------------------------- torch


def _genuine_static(module: Any, name: str, module_name: str) -> Any:
    """``module.name`` if it is a C (static) type of ``module_name``; None otherwise."""
    if type(module) is not _ModuleType:
        return None
    obj = _dict_get(_module_dict(module), name)
    if obj is None or type not in _type_getattr(type(obj), "__mro__"):
        return None
    if _type_getattr(obj, "__flags__") & _HEAPTYPE:
        return None
    if _type_getattr(obj, "__module__") != module_name:
        return None
    return obj


def _torch(obj: Any, t: type) -> Converted | None:
    torch_c = _sys_modules_get("torch._C")
    base = _genuine_static(torch_c, "TensorBase", "torch._C")
    disable = _genuine_static(torch_c, "DisableTorchFunction", "torch._C")
    if base is None or disable is None or base not in _type_getattr(t, "__mro__"):
        return None
    getset = _type_getattr(base, "__dict__")
    with disable():
        data = base.detach(obj)
        dtype = getset["dtype"].__get__(data, base)
        source = {"type": type_name(t), "dtype": str(dtype)}
        if getset["is_sparse"].__get__(data, base) or str(getset["layout"].__get__(data, base)) != "torch.strided":
            raise NotConvertible("a sparse tensor: return a dense one (.to_dense())")
        if not getset["is_cpu"].__get__(data, base):
            device = getset["device"].__get__(data, base)
            raise NotConvertible(f"a tensor on {device}: return it on the CPU (.cpu())")
        if str(dtype) == "torch.bfloat16":  # numpy has no bfloat16: float32 holds every bfloat16 exactly
            data = base.float(data)
        array = base.numpy(data, force=True)
    return array, source


# --------------------------------------------------------------------- jax, pandas


def _loaded_class(module_name: str, attr: str) -> Any:
    module = _sys_modules_get(module_name)
    if type(module) is not _ModuleType:
        return None
    return _dict_get(_module_dict(module), attr)


def _jax(obj: Any, t: type) -> Converted | None:
    if t is not _loaded_class(_type_getattr(t, "__module__"), "ArrayImpl"):
        return None
    with pristine_builtins():
        array = _asarray(obj)
    if type(array) is not _NDARRAY:
        return None
    source = {"type": "jax.Array", "dtype": str(array.dtype)}
    if array.dtype.kind not in "biufc":  # bfloat16 and float8 come as ml_dtypes types
        with pristine_builtins():
            array = array.astype(_float32)
    return array, source


def _pandas(obj: Any, t: type) -> Converted | None:
    if t is not _loaded_class(_type_getattr(t, "__module__"), _type_getattr(t, "__name__")):
        return None
    with pristine_builtins():
        dtypes = [str(d) for d in ([obj.dtype] if _type_getattr(t, "__name__") == "Series" else list(obj.dtypes))]
        array = obj.to_numpy()
    if type(array) is not _NDARRAY or array.dtype.kind not in "biufc":
        raise NotConvertible(f"a pandas {_type_getattr(t, '__name__')} of {', '.join(sorted(set(dtypes)))}: "
                             "the grader needs numbers")
    return array, {"type": f"pandas.{_type_getattr(t, '__name__')}", "dtype": str(array.dtype)}


CONVERTERS = {
    "torch.Tensor": _torch,
    "torch.nn.parameter.Parameter": _torch,
    "torch.nn.parameter.Buffer": _torch,
    "jaxlib.xla_extension.ArrayImpl": _jax,
    "jaxlib._jax.ArrayImpl": _jax,
    "jax._src.array.ArrayImpl": _jax,
    "pandas.core.series.Series": _pandas,  # pandas 1-2
    "pandas.core.frame.DataFrame": _pandas,
    "pandas.Series": _pandas,  # pandas 3
    "pandas.DataFrame": _pandas,
}


# --------------------------------------------------------------------- sympy


def sympy_numeric(obj: Any, sympy: Any) -> Any:
    """A numpy value for a SymPy number or matrix of numbers (None if it has symbols).

    Called with the pristine builtins, on an object whose type is one of the loaded SymPy's."""
    try:
        if sympy.MatrixBase in _type_getattr(type(obj), "__mro__"):
            if obj.free_symbols:
                return None
            rows = obj.evalf(17).tolist()
            values = [[complex(x) for x in row] for row in rows]
            array = _asarray(values, dtype=complex).reshape(obj.shape)
        elif getattr(obj, "is_number", False) is True:
            array = _asarray(complex(obj.evalf(17)))
        else:
            return None
    except (TypeError, ValueError, AttributeError, ArithmeticError):
        return None
    if not (array.imag != 0).any():
        array = array.real.copy()
    return array
