"""Reference solution for the `dl-conv` assignment (convolution, pooling and gradients).

Every public name below is one problem of ``assignments/dl-conv/`` (the problem id is the name).
Conventions (see ``/work/shared/spec/reference-assignment.md``):

* ``conv2d`` is the deep-learning "convolution": a 'valid' cross-correlation, stride 1, no kernel flip.
* ``conv_output_size`` uses floor division when the stride does not divide ``I - K + 2P``.
* Pooling uses no padding; windows that do not fit are dropped.  ``lp_pool2d`` is ``(sum x^p)^(1/p)``.
* ``prewitt_magnitude`` is a true convolution (kernels flipped) with "zero" or "reflect" padding
  (numpy's ``'reflect'``: the edge pixel is not repeated); the output has the image's shape.
* Symbolic answers are strings in SymPy syntax, in the symbols named in the spec.

Only numpy is used; the symbolic answers are checked by the grader through SymPy.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "conv_output_size",
    "conv2d",
    "conv2d_input_grad",
    "max_pool2d",
    "avg_pool2d",
    "lp_pool2d",
    "prewitt_magnitude",
    "chain_rule_grad",
    "softmax",
    "softmax_jacobian",
    "cnn_table",
    "is_separable",
    "support_size",
    "top_k_error",
    "softmax_regression_grad",
    "DF_DX",
    "DF_DY",
    "SOFTMAX_DIAG",
    "SOFTMAX_OFFDIAG",
    "DENOISED_VARIANCE",
    "COMPLEXITY_SEPARABLE",
    "COMPLEXITY_FULL",
]


# --------------------------------------------------------------------------- convolution


def conv_output_size(I, K, S=1, P=0):
    """Output width of a convolution: ``floor((I - K + 2P) / S) + 1``.

    ``I`` input width, ``K`` kernel width, ``S`` stride, ``P`` padding on each side.
    """
    return (int(I) - int(K) + 2 * int(P)) // int(S) + 1


def _windows(x, size_h, size_w, stride=1):
    """All ``size_h x size_w`` windows of ``x`` at the given stride, shape (oh, ow, size_h, size_w).

    Windows that do not fit entirely inside ``x`` are dropped.
    """
    x = np.asarray(x, dtype=float)
    view = np.lib.stride_tricks.sliding_window_view(x, (size_h, size_w))
    return view[::stride, ::stride]


def conv2d(image, kernel):
    """'Valid' 2-D cross-correlation with stride 1 (what deep-learning frameworks call convolution).

    ``out[i, j] = sum_{a, b} image[i + a, j + b] * kernel[a, b]``; the kernel is not flipped.
    """
    kernel = np.asarray(kernel, dtype=float)
    kh, kw = kernel.shape
    return np.einsum("ijab,ab->ij", _windows(image, kh, kw), kernel)


def conv2d_input_grad(image, kernel, upstream):
    """Gradient of the loss w.r.t. the image of ``conv2d(image, kernel)``.

    ``upstream`` is dE/d(output) (shape of the conv2d output).  Each output pixel ``(i, j)`` sends
    ``upstream[i, j] * kernel`` back onto the image patch it was computed from; this is the 'full'
    convolution of ``upstream`` with ``kernel``.
    """
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    upstream = np.asarray(upstream, dtype=float)
    kh, kw = kernel.shape
    grad = np.zeros_like(image)
    for i in range(upstream.shape[0]):
        for j in range(upstream.shape[1]):
            grad[i : i + kh, j : j + kw] += upstream[i, j] * kernel
    return grad


# --------------------------------------------------------------------------- pooling


def max_pool2d(x, size, stride):
    """Max pooling with a ``size x size`` window and the given stride, no padding."""
    return _windows(x, size, size, stride).max(axis=(2, 3))


def avg_pool2d(x, size, stride):
    """Average pooling with a ``size x size`` window and the given stride, no padding."""
    return _windows(x, size, size, stride).mean(axis=(2, 3))


def lp_pool2d(x, p, size, stride):
    """Lp pooling: ``(sum over the window of x^p)^(1/p)`` (a sum, not a mean), no padding."""
    return (_windows(x, size, size, stride) ** p).sum(axis=(2, 3)) ** (1.0 / p)


# --------------------------------------------------------------------------- Prewitt filter

PREWITT_X = np.array([[1.0, 0.0, -1.0]] * 3)
PREWITT_Y = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -1.0, -1.0]])


def _convolve_same(image, kernel, padding):
    """True 2-D convolution (kernel flipped) of a 3x3 kernel, output the same shape as ``image``."""
    modes = {"zero": "constant", "reflect": "reflect"}
    if padding not in modes:
        raise ValueError(f"padding must be 'zero' or 'reflect', not {padding!r}")
    padded = np.pad(np.asarray(image, dtype=float), 1, mode=modes[padding])
    return conv2d(padded, np.asarray(kernel, dtype=float)[::-1, ::-1])


def prewitt_magnitude(image, padding="zero"):
    """Prewitt gradient magnitude ``sqrt(g_x^2 + g_y^2)`` of the whole image.

    ``g_x = image * h_x`` and ``g_y = image * h_y`` are true convolutions (kernels flipped) with
    ``h_x = [[1, 0, -1]] * 3`` and ``h_y = [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]``; ``padding`` is
    ``"zero"`` or ``"reflect"`` (numpy's 'reflect', the edge pixel is not repeated).
    """
    gx = _convolve_same(image, PREWITT_X, padding)
    gy = _convolve_same(image, PREWITT_Y, padding)
    return np.sqrt(gx**2 + gy**2)


# --------------------------------------------------------------------------- chain rule


def _sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t))


def chain_rule_grad(x, y):
    """``(df/dx, df/dy)`` for ``f = (x^2 + sigmoid(y)) / (3x + y - sigmoid(x))``, as floats."""
    x, y = float(x), float(y)
    a = x**2 + _sigmoid(y)  # numerator
    b = 3 * x + y - _sigmoid(x)  # denominator
    ds_x = _sigmoid(x) * (1 - _sigmoid(x))
    ds_y = _sigmoid(y) * (1 - _sigmoid(y))
    df_dx = (2 * x * b - (3 - ds_x) * a) / b**2
    df_dy = (ds_y * b - a) / b**2
    return float(df_dx), float(df_dy)


# --------------------------------------------------------------------------- softmax


def softmax(c):
    """Softmax of a 1-D vector (shifted by its max for numerical stability)."""
    c = np.asarray(c, dtype=float)
    e = np.exp(c - c.max())
    return e / e.sum()


def softmax_jacobian(c):
    """Jacobian of the softmax: ``J[i, j] = dp_i/dc_j = p_i (delta_ij - p_j)``."""
    p = softmax(c)
    return np.diag(p) - np.outer(p, p)


def softmax_regression_grad(W, b, x, y):
    """dL/dW for ``L = -sum_i y_i log softmax(W x + b)_i`` with one-hot ``y``: ``outer(p - y, x)``."""
    W = np.asarray(W, dtype=float)
    x = np.asarray(x, dtype=float)
    p = softmax(W @ x + np.asarray(b, dtype=float))
    return np.outer(p - np.asarray(y, dtype=float), x)


# --------------------------------------------------------------------------- CNN architecture


def cnn_table():
    """Data shapes and receptive fields of the 7-layer CNN of problem sheet 3, 1(c).

    Input 1x28x28x1; layers conv 5x5x20 s1, pool 2x2 s2, conv 5x5x50 s1, pool 2x2 s2,
    conv 4x4x500 s1, conv 1x1x10 s1, loss.
    """
    return {
        "shapes": [
            [1, 24, 24, 20],
            [1, 12, 12, 20],
            [1, 8, 8, 50],
            [1, 4, 4, 50],
            [1, 1, 1, 500],
            [1, 1, 1, 10],
            [1],
        ],
        "receptive_fields": [5, 6, 14, 16, 28, 28, 28],
    }


def is_separable(F):
    """True when the 2-D filter ``F`` (any shape) is the outer product of two 1-D filters.

    That is the case exactly when ``F`` has rank 1 (rank up to floating-point rounding; the zero
    filter, rank 0, is trivially separable too).
    """
    F = np.asarray(F, dtype=float)
    return bool(np.linalg.matrix_rank(F) <= 1)


def support_size(n_layers, k):
    """Pixels in the support of a neuron after ``n_layers`` stacked ``k x k`` convolutions, stride 1.

    Each layer widens the support by ``k - 1``: the side is ``1 + n (k - 1)``, the count its square.
    """
    side = 1 + int(n_layers) * (int(k) - 1)
    return side * side


def top_k_error(scores, labels, k):
    """Fraction of rows whose label is not among the ``k`` highest scores of that row."""
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels).astype(int)
    true_scores = scores[np.arange(len(labels)), labels]
    # rank 0 = best; the label is in the top k when fewer than k scores beat it
    n_better = (scores > true_scores[:, None]).sum(axis=1)
    return float(np.mean(n_better >= k))


# --------------------------------------------------------------------------- symbolic answers

# Written as strings in SymPy syntax (the grader parses them with a whitelist, never eval), so that
# importing this module stays as fast as importing numpy; a module-level SymPy expression works too.
# f = (x**2 + sigma(y)) / (3*x + y - sigma(x)), sigma the logistic sigmoid with sigma' = sigma*(1 - sigma):
# quotient rule, numerator u = x**2 + sigma(y), denominator v = 3*x + y - sigma(x).

DF_DX = "(2*x*(3*x + y - sigma(x)) - (x**2 + sigma(y))*(3 - sigma(x)*(1 - sigma(x)))) / (3*x + y - sigma(x))**2"
DF_DY = "(sigma(y)*(1 - sigma(y))*(3*x + y - sigma(x)) - (x**2 + sigma(y))) / (3*x + y - sigma(x))**2"

SOFTMAX_DIAG = "p_i*(1 - p_i)"
SOFTMAX_OFFDIAG = "-p_i*p_j"

DENOISED_VARIANCE = "sigma**2/N"

COMPLEXITY_SEPARABLE = "N**2*K"
COMPLEXITY_FULL = "N**2*K**2"
