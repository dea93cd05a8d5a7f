"""Write assignments/dl-layers/data/logreg.npz: two Gaussian classes in 5 dimensions.

Run once (the file is committed); the fixed seed makes it reproducible:

    python tools/make_logreg_data.py

400 training rows (X_train, y_train) and 200 test rows (X_test, y_test), each split balanced
between the classes, so that answering w = 0, b = 0 scores exactly 0.5 on the test split. The
class means are 3.6 noise standard deviations apart along a random direction, off the origin
(so b matters): the best possible accuracy is Phi(1.8) = 0.96, and the reference logistic
regression reaches 0.95 on the test split, above the 0.90 threshold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SEED = 20261201
OUT = Path(__file__).resolve().parent.parent / "assignments" / "dl-layers" / "data" / "logreg.npz"
SEPARATION = 3.6  # distance between the class means, in noise standard deviations


def make(seed: int = SEED) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    direction = rng.normal(size=5)
    direction /= np.linalg.norm(direction)
    offset = rng.normal(scale=0.5, size=5)  # the classes are not centred on the origin: b matters

    def split(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.repeat([0.0, 1.0], n // 2)
        X = rng.normal(size=(n, 5)) + offset + np.outer(y - 0.5, direction) * SEPARATION
        order = rng.permutation(n)
        return X[order], y[order]

    X_train, y_train = split(400)
    X_test, y_test = split(200)
    return {"X_train": X_train, "y_train": y_train, "X_test": X_test, "y_test": y_test}


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez(OUT, **make())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
