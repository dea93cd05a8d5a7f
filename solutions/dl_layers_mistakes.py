"""Known wrong implementations for dl-layers (beside the reference): the grader runs them on each
student's inputs, in a trusted child, and gives their feedback to an answer that matches."""

import numpy as np


def conv1d_true_convolution(x, w):
    """conv1d_same with the kernel flipped (a true convolution, not a cross-correlation)."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)[::-1]
    pad = (len(w) - 1) // 2
    xpad = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    return np.array([np.dot(w, xpad[i:i + len(w)]) for i in range(len(x))])


def relu_backward_one_at_zero(x, grad_out):
    """relu_backward with derivative 1 at x = 0."""
    return np.where(np.asarray(x) >= 0, np.asarray(grad_out, dtype=float), 0.0)


def momentum_other_convention(w, grad, velocity, lr, beta):
    """Momentum in the other convention: v_new = beta * v - lr * grad; w_new = w + v_new."""
    v_new = beta * np.asarray(velocity, dtype=float) - lr * np.asarray(grad, dtype=float)
    return np.asarray(w, dtype=float) + v_new, v_new


def tsne_grad_without_4(P, Y):
    """The t-SNE gradient without its factor 4."""
    P = np.asarray(P, dtype=float)
    Y = np.asarray(Y, dtype=float)
    diff = Y[:, None, :] - Y[None, :, :]
    kernel = 1.0 / (1.0 + (diff ** 2).sum(axis=-1))
    np.fill_diagonal(kernel, 0.0)
    Q = kernel / kernel.sum()
    return (((P - Q) * kernel)[:, :, None] * diff).sum(axis=1)
