"""Instructor checks for dl-layers (trusted side: run by the grader, never in the student's child).

``matches_own_forward`` explains a wrong ``conv1d_same_backward``: it compares the student's
(dx, dw) with central finite differences of the student's OWN ``conv1d_same``, called again
through the proxy, so the feedback can say whether the backward or the forward is at fault.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-6


def _loss_gradients(student, x, w, g):
    """Central differences of L = sum(g * conv1d_same(x, w)) w.r.t. x and w, with the student's forward."""
    def loss(xx, ww):
        return float(np.dot(g, np.asarray(student.call("conv1d_same", xx, ww), dtype=float).ravel()))

    grads = []
    for which, base in (("x", x), ("w", w)):
        fd = np.zeros_like(base)
        for i in range(base.size):
            e = np.zeros_like(base)
            e[i] = EPS
            plus = loss(base + e, w) if which == "x" else loss(x, base + e)
            minus = loss(base - e, w) if which == "x" else loss(x, base - e)
            fd[i] = (plus - minus) / (2 * EPS)
        grads.append(fd)
    return grads


def matches_own_forward(inputs, observed, student):
    """(0, message): does the student's backward agree with their own forward?"""
    x = np.asarray(inputs["x"], dtype=float)
    w = np.asarray(inputs["w"], dtype=float)
    g = np.asarray(inputs["grad_out"], dtype=float)
    if not isinstance(observed, (list, tuple)) or len(observed) != 2:
        return 0.0, "Return a pair (dx, dw); the finite-difference check of your backward needs both."
    try:
        dx, dw = (np.asarray(v, dtype=float).ravel() for v in observed)
    except (TypeError, ValueError):
        return 0.0, "Your (dx, dw) are not arrays of numbers, so they could not be compared with finite differences."
    try:
        fd_x, fd_w = _loss_gradients(student, x, w, g)
    except Exception as exc:  # the student's conv1d_same failed (the proxy raised): say so, do not guess
        return 0.0, f"Your backward could not be checked against your own conv1d_same: {exc}"
    agree = []
    for name, mine, fd in (("dx", dx, fd_x), ("dw", dw, fd_w)):
        agree.append(mine.shape == fd.shape and bool(np.allclose(mine, fd, rtol=1e-4, atol=1e-5 * max(1.0, float(np.abs(fd).max(initial=0))))))
    if all(agree):
        return 0.0, ("Your backward matches central finite differences of your own conv1d_same, so your backward is "
                     "consistent: the forward is wrong (check the padding and that the kernel is not flipped).")
    wrong = " and ".join(n for n, ok in zip(("dx", "dw"), agree) if not ok)
    return 0.0, (f"Your backward does not match your own forward: {wrong} differs from central finite differences "
                 "of your conv1d_same.")
