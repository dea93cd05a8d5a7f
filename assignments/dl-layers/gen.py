"""Input generators for dl-layers (instructor code: run by the grader in a trusted child, never
in the student's process). Each is called as ``function(seed, **params)``."""

import numpy as np


def affinities(seed, n):
    """A t-SNE affinity matrix P (n x n): symmetric, zero diagonal, positive elsewhere, summing to 1."""
    rng = np.random.default_rng(seed)
    A = rng.uniform(0.05, 1.0, size=(n, n))
    P = A + A.T
    np.fill_diagonal(P, 0.0)
    return P / P.sum()
