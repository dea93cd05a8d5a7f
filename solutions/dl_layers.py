"""Reference solution of the dl-layers assignment (layers, gradients and optimisation).

The grader runs it in a sandboxed child of its own, on every student's generated inputs, to
obtain the expected answers; keep it deterministic and free of prints.
"""

# assignment: dl-layers

import numpy as np


def conv1d_same(x, w):
    """Cross-correlation with (K-1)/2 zeros on each side: y[i] = sum_k w[k] * xpad[i + k]."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    pad = (len(w) - 1) // 2
    xpad = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    return np.array([np.dot(w, xpad[i:i + len(w)]) for i in range(len(x))])


def conv1d_same_backward(x, w, grad_out):
    """Gradients of L = sum(grad_out * conv1d_same(x, w)) with respect to x and w."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    g = np.asarray(grad_out, dtype=float)
    K, N = len(w), len(x)
    pad = (K - 1) // 2
    xpad = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    dxpad = np.zeros_like(xpad)
    dw = np.zeros(K)
    for i in range(N):
        dxpad[i:i + K] += g[i] * w
        dw += g[i] * xpad[i:i + K]
    return dxpad[pad:pad + N], dw


class Linear:
    """A fully connected layer: y = x @ W.T + b."""

    def __init__(self, in_features, out_features):
        self.W = init_weights(in_features, out_features, 0)
        self.b = np.zeros(out_features)
        self._x = None

    def forward(self, x):
        self._x = np.asarray(x, dtype=float)
        return self._x @ np.asarray(self.W).T + self.b

    def backward(self, grad_out):
        g = np.asarray(grad_out, dtype=float)
        self.dW = g.T @ self._x
        self.db = g.sum(axis=0)
        return g @ np.asarray(self.W)


def relu_backward(x, grad_out):
    """grad_out where x > 0, else 0 (the derivative at exactly 0 is 0)."""
    x = np.asarray(x)
    return np.where(x > 0, np.asarray(grad_out, dtype=float), 0.0)


def softmax(z):
    """Softmax over the last axis, stable for large inputs."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def init_weights(fan_in, fan_out, seed):
    """Glorot/Xavier uniform weights (fan_out, fan_in) in [-a, a], a = sqrt(6 / (fan_in + fan_out))."""
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.default_rng(seed).uniform(-a, a, size=(fan_out, fan_in))


def momentum_step(w, grad, velocity, lr, beta):
    """One SGD-with-momentum step in PyTorch's convention."""
    v_new = beta * np.asarray(velocity, dtype=float) + np.asarray(grad, dtype=float)
    return np.asarray(w, dtype=float) - lr * v_new, v_new


def tsne_grad(P, Y):
    """Gradient of KL(P || Q) with respect to Y for t-SNE (Student-t kernel)."""
    P = np.asarray(P, dtype=float)
    Y = np.asarray(Y, dtype=float)
    diff = Y[:, None, :] - Y[None, :, :]
    kernel = 1.0 / (1.0 + (diff ** 2).sum(axis=-1))
    np.fill_diagonal(kernel, 0.0)
    Q = kernel / kernel.sum()
    return 4.0 * (((P - Q) * kernel)[:, :, None] * diff).sum(axis=1)


def train_logreg(X, y, steps=2000, lr=0.5):
    """Logistic regression by gradient descent on the mean log-loss; returns (w, b)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        w -= lr * X.T @ (p - y) / len(y)
        b -= lr * float(np.mean(p - y))
    return w, b


# v1 = g, v2 = beta*g + g, v3 = beta*v2 + g (a string in symbolic syntax: the grader parses it safely)
V3_CONSTANT_GRAD = "g*(1 + beta + beta**2)"
