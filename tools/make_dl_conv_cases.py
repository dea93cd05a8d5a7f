"""Generate the problem files of ``assignments/dl-conv/`` (the YAML is the source of truth once written).

Expected values are computed here by *independent* brute-force implementations in plain Python (loops
over lists, ``math``), never by importing ``solutions/dl_conv.py``.  ``--check`` then loads every
written problem file with ``yaml.safe_load``, calls the reference solution on every case (nested numeric
lists converted to numpy arrays, as the grader does) and compares with ``numpy.allclose`` / equality.

    python tools/make_dl_conv_cases.py            # write assignments/dl-conv/*.yaml
    python tools/make_dl_conv_cases.py --check    # verify the written YAML against the solution
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assignments" / "dl-conv"

# --------------------------------------------------------------------------- brute force (plain Python)


def bf_output_size(I, K, S=1, P=0):
    # count the window positions one by one on a padded line
    n, start = 0, 0
    while start + K <= I + 2 * P:
        n += 1
        start += S
    return n


def bf_corr(image, kernel):
    H, W = len(image), len(image[0])
    kh, kw = len(kernel), len(kernel[0])
    out = []
    for i in range(H - kh + 1):
        row = []
        for j in range(W - kw + 1):
            s = 0.0
            for a in range(kh):
                for b in range(kw):
                    s += image[i + a][j + b] * kernel[a][b]
            row.append(s)
        out.append(row)
    return out


def bf_input_grad(image, kernel, upstream):
    # dE/dimage[r][c] = sum over outputs (i, j) that used pixel (r, c) of upstream[i][j] * kernel[r-i][c-j]
    H, W = len(image), len(image[0])
    kh, kw = len(kernel), len(kernel[0])
    g = [[0.0] * W for _ in range(H)]
    for r in range(H):
        for c in range(W):
            s = 0.0
            for i in range(len(upstream)):
                for j in range(len(upstream[0])):
                    a, b = r - i, c - j
                    if 0 <= a < kh and 0 <= b < kw:
                        s += upstream[i][j] * kernel[a][b]
            g[r][c] = s
    return g


def bf_pool(x, size, stride, reduce):
    H, W = len(x), len(x[0])
    out = []
    i = 0
    while i + size <= H:
        row, j = [], 0
        while j + size <= W:
            row.append(reduce([x[i + a][j + b] for a in range(size) for b in range(size)]))
            j += stride
        out.append(row)
        i += stride
    return out


def bf_max(v):
    return float(max(v))


def bf_mean(v):
    return math.fsum(v) / len(v)


def bf_lp(p):
    return lambda v: math.fsum(t**p for t in v) ** (1.0 / p)


def bf_pad(image, mode):
    H, W = len(image), len(image[0])

    def at(r, c):
        if mode == "zero":
            return image[r][c] if 0 <= r < H and 0 <= c < W else 0.0
        # numpy 'reflect': -1 -> 1, H -> H-2 (the edge pixel is not repeated)
        r = -r if r < 0 else (2 * (H - 1) - r if r >= H else r)
        c = -c if c < 0 else (2 * (W - 1) - c if c >= W else c)
        return image[r][c]

    return at


def bf_true_conv_same(image, kernel, mode):
    # (I * h)[r][c] = sum_{a,b} I[r - a][c - b] h[a + 1][b + 1], a, b in {-1, 0, 1}: a true convolution
    at = bf_pad(image, mode)
    H, W = len(image), len(image[0])
    return [
        [
            sum(at(r - a, c - b) * kernel[a + 1][b + 1] for a in (-1, 0, 1) for b in (-1, 0, 1))
            for c in range(W)
        ]
        for r in range(H)
    ]


HX = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
HY = [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]


def bf_prewitt(image, mode):
    gx = bf_true_conv_same(image, HX, mode)
    gy = bf_true_conv_same(image, HY, mode)
    return [[math.hypot(a, b) for a, b in zip(ra, rb)] for ra, rb in zip(gx, gy)]


def sig(t):
    return 1.0 / (1.0 + math.exp(-t))


def f_chain(x, y):
    return (x * x + sig(y)) / (3 * x + y - sig(x))


def bf_chain(x, y):
    # central differences with Richardson extrapolation (a different route from the closed form)
    def d(fun, h):
        return (fun(h) - fun(-h)) / (2 * h)

    def rich(fun):
        h = 1e-3
        return (4 * d(fun, h / 2) - d(fun, h)) / 3

    return [rich(lambda h: f_chain(x + h, y)), rich(lambda h: f_chain(x, y + h))]


def bf_chain_exact(x, y):
    # quotient rule written out once more, only to pin the digits of the expected values
    a, b = x * x + sig(y), 3 * x + y - sig(x)
    da_dx, db_dx = 2 * x, 3 - sig(x) * (1 - sig(x))
    da_dy, db_dy = sig(y) * (1 - sig(y)), 1.0
    return [(da_dx * b - a * db_dx) / b**2, (da_dy * b - a * db_dy) / b**2]


def bf_softmax(c):
    m = max(c)
    e = [math.exp(t - m) for t in c]
    s = math.fsum(e)
    return [t / s for t in e]


def bf_softmax_jacobian(c):
    # finite differences of the softmax are too coarse for rtol 1e-5; use the definition per entry
    p = bf_softmax(c)
    n = len(c)
    return [[p[i] * ((1.0 if i == j else 0.0) - p[j]) for j in range(n)] for i in range(n)]


def bf_rank(F, tol=1e-9):
    # Gaussian elimination with partial pivoting, relative tolerance
    A = [list(map(float, r)) for r in F]
    m, n = len(A), len(A[0])
    scale = max(abs(v) for r in A for v in r) or 1.0
    rank, row = 0, 0
    for col in range(n):
        piv = max(range(row, m), key=lambda r: abs(A[r][col]), default=None)
        if piv is None or abs(A[piv][col]) <= tol * scale:
            continue
        A[row], A[piv] = A[piv], A[row]
        for r in range(row + 1, m):
            f = A[r][col] / A[row][col]
            for c in range(col, n):
                A[r][c] -= f * A[row][c]
        row += 1
        rank += 1
        if row == m:
            break
    return rank


def bf_support(n_layers, k):
    # grow a patch of input pixels layer by layer (a set of coordinates)
    patch = {(0, 0)}
    for _ in range(n_layers):
        patch = {(r + a, c + b) for (r, c) in patch for a in range(k) for b in range(k)}
    return len(patch)


def bf_topk(scores, labels, k):
    wrong = 0
    for row, lab in zip(scores, labels):
        order = sorted(range(len(row)), key=lambda j: -row[j])
        wrong += lab not in order[:k]
    return wrong / len(labels)


def bf_softmax_regression_grad(W, b, x, y):
    # dL/dW[i][j] by the chain rule entry by entry: sum_c dL/dz_c dz_c/dW_ij, dz_c/dW_ij = [c == i] x_j
    z = [math.fsum(W[i][j] * x[j] for j in range(len(x))) + b[i] for i in range(len(W))]
    p = bf_softmax(z)
    # dL/dz_c = -sum_k y_k (delta_kc - p_c) = p_c sum_k y_k - y_c
    sy = sum(y)
    dz = [p[c] * sy - y[c] for c in range(len(z))]
    return [[dz[i] * x[j] for j in range(len(x))] for i in range(len(W))]


def bf_cnn_table():
    layers = [  # (kind, kernel, stride, out channels)
        ("conv", 5, 1, 20),
        ("pool", 2, 2, None),
        ("conv", 5, 1, 50),
        ("pool", 2, 2, None),
        ("conv", 4, 1, 500),
        ("conv", 1, 1, 10),
        ("loss", None, None, None),
    ]
    size, ch, rf, jump = 28, 1, 1, 1
    shapes, rfs = [], []
    for kind, k, s, c in layers:
        if kind == "loss":
            shapes.append([1])
            rfs.append(rf)
            continue
        size = bf_output_size(size, k, s, 0)
        ch = c if c is not None else ch
        rf += (k - 1) * jump
        jump *= s
        shapes.append([1, size, size, ch])
        rfs.append(rf)
    return {"shapes": shapes, "receptive_fields": rfs}


# --------------------------------------------------------------------------- seeds' known wrong answers
# (transcribed from /work/shared/seeds; used as `mistakes:` with targeted feedback)

SEED001_INPUT_GRAD = [
    [4, 7, 10, 6, 3],
    [9, 17, 25, 16, 8],
    [11, 23, 34, 22, 11],
    [4, 12, 18, 12, 6],
    [2, 6, 9, 6, 3],
]


def seed003_softmax_regression_grad(W, b, x, y):
    """Seed 003, 2(a): dL/dW_ij = -y_i x_j (1 - yhat_i)."""
    z = [math.fsum(W[i][j] * x[j] for j in range(len(x))) + b[i] for i in range(len(W))]
    p = bf_softmax(z)
    return [[-y[i] * x[j] * (1 - p[i]) for j in range(len(x))] for i in range(len(W))]


# --------------------------------------------------------------------------- YAML writing


def num(v):
    """A YAML scalar for a number: ints as ints, floats by repr, always readable as float by PyYAML."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e15:
            return repr(float(int(v))) if v != 0 else "0.0"
        r = repr(v)
        if "e" in r and "." not in r.split("e")[0]:
            mant, exp = r.split("e")
            r = f"{mant}.0e{exp}"
        if "e" in r:
            mant, exp = r.split("e")
            if exp[0] not in "+-":
                exp = "+" + exp
            r = f"{mant}e{exp}"
        return r
    raise TypeError(v)


def flow(v):
    """A value in YAML flow style (JSON-like), numbers formatted by ``num``."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    if isinstance(v, str):
        return json.dumps(v)
    if v is None:
        return "null"
    return num(v)


def clean(v):
    """Floats that are integers become ints in expected arrays of integer problems (readability)."""
    if isinstance(v, list):
        return [clean(x) for x in v]
    if isinstance(v, float) and v == int(v) and abs(v) < 1e15:
        return int(v)
    return v


def block(text, indent):
    pad = " " * indent
    return "\n".join((pad + line) if line.strip() else "" for line in text.strip("\n").splitlines())


def write_problem(p):
    lines = []
    for c in p.get("comment", []):
        lines.append(f"# {c}")
    lines.append(f"id: {p['id']}")
    lines.append(f"title: {json.dumps(p['title'])}")
    lines.append(f"points: {p['points']}")
    lines.append("prompt: |")
    lines.append(block(p["prompt"], 2))
    if "args" in p:
        lines.append(f"args: [{', '.join(p['args'])}]")
    lines.append(f"compare: {p.get('compare', 'numeric')}")
    if p.get("options"):
        lines.append(f"options: {flow(p['options'])}")
    if "partial_credit" in p:
        lines.append(f"partial_credit: {'true' if p['partial_credit'] else 'false'}")
    if "cases" in p:
        lines.append("cases:")
        for case in p["cases"]:
            for c in case.get("comment", []):
                lines.append(f"  # {c}")
            lines.append(f"  - name: {json.dumps(case['name'])}")
            if case["inputs"]:
                lines.append("    inputs:")
                for k, v in case["inputs"].items():
                    lines.append(f"      {k}: {flow(v)}")
            else:
                lines.append("    inputs: {}")
            lines.append(f"    expected: {flow(case['expected'])}")
            if case.get("options"):
                lines.append(f"    options: {flow(case['options'])}")
    else:
        lines.append(f"expected: {flow(p['expected'])}")
    if p.get("feedback"):
        lines.append("feedback:")
        for k, v in p["feedback"].items():
            lines.append(f"  {k}: {json.dumps(v)}")
    if p.get("mistakes"):
        lines.append("mistakes:")
        for m in p["mistakes"]:
            for c in m.get("comment", []):
                lines.append(f"  # {c}")
            lines.append(f"  - observed: {flow(m['observed'])}")
            if m.get("case"):
                lines.append(f"    case: {json.dumps(m['case'])}")
            lines.append(f"    feedback: {json.dumps(m['feedback'])}")
    (OUT / f"{p['id']}.yaml").write_text("\n".join(lines) + "\n")


# --------------------------------------------------------------------------- the problems

IMG = [[4, 5, 2, 2, 1], [3, 3, 2, 2, 4], [4, 3, 4, 1, 1], [5, 1, 4, 1, 2], [5, 1, 3, 1, 4]]
KER = [[4, 3, 3], [5, 5, 5], [2, 4, 3]]
C = bf_corr(IMG, KER)
C_INT = clean(C)
PREWITT_IMG = [[3, 4, 8, 10, 22, 45, 50, 65] for _ in range(10)]

IMG2 = [[1, -2, 0, 3, 4, -1], [2, 5, -3, 1, 0, 2], [-4, 1, 2, 2, -2, 3], [0, 3, 1, -1, 5, 2]]  # 4x6
KER2 = [[1, 2, 0], [-1, 3, 1]]  # 2x3, not symmetric: flipping it changes the result
IMG3 = [[0.5, 1.25, -0.75, 2.0], [1.5, 0.0, 3.25, -1.0], [2.75, -0.5, 1.0, 0.25], [-1.5, 2.25, 0.75, 1.75],
        [0.0, 1.0, -2.0, 3.5]]  # 5x4
KER3 = [[0.2, -0.4], [1.5, 0.3], [-0.7, 0.9]]  # 3x2
IMG4 = [[2, 0, -1, 3, 1, 4, -2], [1, 5, 2, -3, 0, 2, 1], [-2, 1, 4, 1, 3, -1, 0], [3, -1, 0, 2, 5, 1, 2],
        [0, 2, -3, 1, -1, 4, 3], [4, 1, 2, 0, 2, -2, 1]]  # 6x7: a fourth case, so a hard-coded example earns 25 %
KER4 = [[1, -1], [2, 0], [0, 3]]  # 3x2, not symmetric

POOL_A = [[3, -1, 4, 1, -5], [9, 2, -6, 5, 3], [5, 8, 9, -7, 9], [3, 2, 3, 8, -4], [6, 2, 6, 4, 3]]  # 5x5
POOL_B = [[1.5, 0.25, 2.0, 3.5, -0.5, 1.0], [0.75, 4.0, -1.25, 2.5, 0.0, 2.25], [3.0, -2.0, 1.75, 0.5, 5.0, 1.5],
          [2.0, 1.0, 0.0, -3.0, 2.5, 4.5]]  # 4x6
POOL_C = [[float((7 * i + 3 * j) % 11) - 2.5 for j in range(6)] for i in range(6)]  # 6x6
LP_NONNEG = [[0.5, 1.0, 2.0, 0.25], [3.0, 0.0, 1.5, 2.5], [1.25, 2.0, 0.75, 4.0], [0.0, 3.5, 1.0, 2.0]]  # 4x4
LP_SIGNED = [[1, -2, 3, 0, 2], [-1, 4, -2, 1, 3], [2, 0, -3, 5, -1], [3, 1, 2, -2, 4]]  # 4x5

PREWITT_2 = [[10, 12, 15, 20, 18, 9], [11, 30, 35, 28, 14, 7], [9, 33, 40, 31, 12, 6], [8, 14, 18, 16, 10, 5],
             [7, 6, 5, 4, 3, 2]]  # 5x6
PREWITT_3 = [[0, 0, 0, 0, 0], [0, 0, 10, 0, 0], [0, 10, 20, 10, 0], [0, 0, 10, 0, 0], [0, 0, 0, 0, 0],
             [5, 5, 5, 5, 5]]  # 6x5

TOPK_SCORES = [
    [0.10, 0.30, 0.25, 0.20, 0.15],
    [0.05, 0.10, 0.60, 0.05, 0.20],
    [0.40, 0.05, 0.10, 0.30, 0.15],
    [0.12, 0.22, 0.18, 0.16, 0.32],
]
TOPK_LABELS = [1, 4, 3, 2]  # ranks of the label (0 = best): 0, 1, 1, 2
# six samples, four classes: the label ranks are 0, 1, 2, 3, 1, 1, so no case of this set has error 0
# (`return 0.0` must not earn the share of the cases whose answer is 0)
TOPK6_SCORES = [
    [0.40, 0.10, 0.30, 0.20],
    [0.15, 0.45, 0.05, 0.35],
    [0.22, 0.08, 0.50, 0.20],
    [0.30, 0.25, 0.10, 0.35],
    [0.05, 0.60, 0.15, 0.20],
    [0.33, 0.12, 0.27, 0.28],
]
TOPK6_LABELS = [0, 3, 3, 2, 3, 3]

SRG1 = dict(W=[[0.5, -1.0], [1.5, 0.2], [-0.3, 0.8]], b=[0.1, -0.2, 0.0], x=[1.0, 2.0], y=[0, 1, 0])
SRG2 = dict(W=[[0.2, -0.5, 1.0], [0.7, 0.1, -0.3], [-1.2, 0.4, 0.6], [0.0, 0.9, -0.8]], b=[0.0, 0.5, -0.5, 0.1],
            x=[2.0, -1.0, 0.5], y=[0, 0, 0, 1])
SRG3 = dict(W=[[1.0, 0.5, -0.5, 2.0], [-1.0, 0.25, 0.75, 0.5]], b=[0.3, -0.3], x=[0.5, 1.5, -2.0, 1.0], y=[1, 0])
SRG4 = dict(W=[[0.3, -0.2], [-0.6, 0.9], [1.1, 0.4], [0.0, -0.5], [0.25, 0.75]], b=[0.2, 0.0, -0.1, 0.4, -0.3],
            x=[-1.0, 2.5], y=[0, 0, 1, 0, 0])


def problems():
    P = []

    # ---------------------------------------------------------------- conv_output_size
    P.append(dict(
        id="conv_output_size", title="Output size of a convolution", points=1,
        prompt="""
Implement `conv_output_size(I, K, S=1, P=0)`: the output width `O` of a convolution over an input of
width `I` with a kernel of width `K`, stride `S` and `P` pixels of padding at **both** ends.

Return an `int`. When the stride does not divide `I - K + 2P`, the last incomplete step is dropped
(floor division): for example `conv_output_size(8, 3, 2)` is `3`.
""",
        args=["I", "K", "S", "P"], compare="exact",
        cases=[
            dict(name="example: I=5, K=3 (stride 1, no padding)", inputs=dict(I=5, K=3), expected=bf_output_size(5, 3)),
            dict(name="stride that does not divide: I=8, K=3, S=2", inputs=dict(I=8, K=3, S=2),
                 expected=bf_output_size(8, 3, 2)),
            dict(name="'same' padding: I=32, K=5, S=1, P=2", inputs=dict(I=32, K=5, S=1, P=2),
                 expected=bf_output_size(32, 5, 1, 2)),
            dict(name="stride and padding: I=7, K=3, S=2, P=1", inputs=dict(I=7, K=3, S=2, P=1),
                 expected=bf_output_size(7, 3, 2, 1)),
            dict(name="AlexNet conv1: I=224, K=11, S=4, P=2", inputs=dict(I=224, K=11, S=4, P=2),
                 expected=bf_output_size(224, 11, 4, 2)),
            dict(name="LeNet conv1: I=28, K=5", inputs=dict(I=28, K=5), expected=bf_output_size(28, 5)),
            dict(name="kernel as wide as the input: I=6, K=6", inputs=dict(I=6, K=6), expected=bf_output_size(6, 6)),
            dict(name="stride equal to the kernel: I=15, K=3, S=3", inputs=dict(I=15, K=3, S=3),
                 expected=bf_output_size(15, 3, 3)),
        ],
        mistakes=[
            dict(observed=3.5, case="stride that does not divide: I=8, K=3, S=2",
                 feedback="(I - K + 2P)/S + 1 is 3.5 here: the window cannot take half a step, so use floor "
                          "division, (I - K + 2P) // S + 1."),
            dict(observed=6, case="stride that does not divide: I=8, K=3, S=2",
                 feedback="I - K + 1 ignores the stride: with stride S only every S-th position is used, "
                          "O = (I - K + 2P) // S + 1."),
        ],
    ))

    # ---------------------------------------------------------------- conv2d
    flipped = bf_corr(IMG, [row[::-1] for row in KER[::-1]])
    P.append(dict(
        id="conv2d", title="2-D convolution (cross-correlation)", points=2,
        prompt="""
Implement `conv2d(image, kernel)`: the 2-D "convolution" of deep-learning frameworks, that is a
**cross-correlation** (the kernel is *not* flipped), with stride 1 and no padding ('valid'):

$$C_{ij} = \\sum_{a,b} \\text{image}_{i+a,\\,j+b}\\; \\text{kernel}_{a,b}$$

`image` (H x W) and `kernel` (k_h x k_w) are numpy arrays, not necessarily square. Return a
2-D array of shape (H - k_h + 1) x (W - k_w + 1).
""",
        args=["image", "kernel"],
        cases=[
            dict(name="example from the problem sheet (5x5 image, 3x3 kernel)", inputs=dict(image=IMG, kernel=KER),
                 expected=C_INT),
            dict(name="4x6 image with negative values, 2x3 kernel", inputs=dict(image=IMG2, kernel=KER2),
                 expected=clean(bf_corr(IMG2, KER2))),
            dict(name="5x4 float image, 3x2 float kernel", inputs=dict(image=IMG3, kernel=KER3),
                 expected=bf_corr(IMG3, KER3)),
            dict(name="6x7 image, 3x2 kernel", inputs=dict(image=IMG4, kernel=KER4),
                 expected=clean(bf_corr(IMG4, KER4))),
        ],
        mistakes=[
            dict(observed=clean(flipped), case="example from the problem sheet (5x5 image, 3x3 kernel)",
                 feedback="This is the true convolution (kernel flipped). Deep-learning 'convolution' does not "
                          "flip the kernel: it is a cross-correlation."),
        ],
    ))

    # ---------------------------------------------------------------- conv2d_input_grad
    ones = [[1, 1, 1]] * 3
    up2 = [[1, -2, 0, 3], [2, 1, -1, 0], [0, 4, 2, -3]]  # 3x4 for IMG2 (4x6) with a 2x3 kernel
    up3 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-2.0, 1.0, 0.5]]  # 3x3 for IMG3 (5x4) with a 3x2 kernel
    up4 = [[1, 0, -1, 2, 1, 0], [0, 2, 1, -1, 0, 3], [-2, 1, 0, 1, 2, -1], [1, -1, 3, 0, -2, 1]]  # 4x6 for IMG4, KER4
    assert len(bf_corr(IMG2, KER2)) == 3 and len(bf_corr(IMG2, KER2)[0]) == 4
    assert len(bf_corr(IMG3, KER3)) == 3 and len(bf_corr(IMG3, KER3)[0]) == 3
    grad_ex = clean(bf_input_grad(IMG, KER, ones))
    rot = [row[::-1] for row in grad_ex[::-1]]
    P.append(dict(
        id="conv2d_input_grad", title="Backpropagating through a convolution", points=2,
        prompt="""
Implement `conv2d_input_grad(image, kernel, upstream)`: the gradient $\\partial E/\\partial\\,\\text{image}$
of a loss $E$ through `C = conv2d(image, kernel)` (the cross-correlation above, stride 1, 'valid'),
given `upstream` $= \\partial E/\\partial C$ (same shape as `C`).

Each output pixel $C_{ij}$ depends on the image patch starting at $(i, j)$, with weights from the
kernel. Return an array with the shape of `image`.
""",
        args=["image", "kernel", "upstream"],
        cases=[
            dict(name="example: upstream gradient of all ones", inputs=dict(image=IMG, kernel=KER, upstream=ones),
                 expected=grad_ex),
            dict(name="4x6 image, 2x3 kernel, signed upstream", inputs=dict(image=IMG2, kernel=KER2, upstream=up2),
                 expected=clean(bf_input_grad(IMG2, KER2, up2))),
            dict(name="5x4 image, 3x2 kernel, float upstream", inputs=dict(image=IMG3, kernel=KER3, upstream=up3),
                 expected=bf_input_grad(IMG3, KER3, up3)),
            dict(name="6x7 image, 3x2 kernel, signed upstream", inputs=dict(image=IMG4, kernel=KER4, upstream=up4),
                 expected=clean(bf_input_grad(IMG4, KER4, up4))),
        ],
        mistakes=[
            dict(comment=["seed 001 (2(d)): 22 in row 3 and rows 4-5 [4,12,18,12,6], [2,6,9,6,3]"],
                 observed=SEED001_INPUT_GRAD, case="example: upstream gradient of all ones",
                 feedback="Rows 3-5 are off: pixel (r, c) receives kernel[r-i][c-j] from every output (i, j) "
                          "whose window covers it. E.g. the pixel in row 4, column 1 is covered by the windows "
                          "of outputs (2,1) and (3,1) (1-based), giving kernel[2][1] + kernel[1][1] = 5 + 2 = 7, "
                          "not 4. Sum the kernel entries that touch each pixel, or compute the 'full' "
                          "convolution of the upstream gradient with the kernel."),
            dict(observed=rot, case="example: upstream gradient of all ones",
                 feedback="Your gradient is rotated by 180 degrees: you flipped the kernel. The forward pass is a "
                          "cross-correlation, so the gradient w.r.t. the input is the 'full' *convolution* of the "
                          "upstream gradient with the (unflipped) kernel."),
        ],
    ))

    # ---------------------------------------------------------------- pooling
    pool_prompt = """
Implement `{name}({sig})`: {what} over `size x size` windows moved by `stride` in both directions.
No padding: windows that do not fit entirely inside `x` are dropped, so the output has
`(H - size) // stride + 1` rows and `(W - size) // stride + 1` columns. `x` is a 2-D numpy array.
"""
    P.append(dict(
        id="max_pool2d", title="Max pooling", points=1,
        prompt=pool_prompt.format(name="max_pool2d", sig="x, size, stride", what="max pooling"),
        args=["x", "size", "stride"],
        cases=[
            dict(name="example: the conv2d output, size 2, stride 1", inputs=dict(x=C_INT, size=2, stride=1),
                 expected=clean(bf_pool(C, 2, 1, bf_max))),
            dict(name="5x5 with negative values, size 2, stride 2 (last row/column dropped)",
                 inputs=dict(x=POOL_A, size=2, stride=2), expected=clean(bf_pool(POOL_A, 2, 2, bf_max))),
            dict(name="4x6 floats, size 3, stride 1", inputs=dict(x=POOL_B, size=3, stride=1),
                 expected=bf_pool(POOL_B, 3, 1, bf_max)),
            dict(name="6x6, size 3, stride 3", inputs=dict(x=POOL_C, size=3, stride=3),
                 expected=bf_pool(POOL_C, 3, 3, bf_max)),
        ],
    ))
    P.append(dict(
        id="avg_pool2d", title="Average pooling", points=1,
        prompt=pool_prompt.format(name="avg_pool2d", sig="x, size, stride", what="average (mean) pooling"),
        args=["x", "size", "stride"],
        cases=[
            dict(name="example: the conv2d output, size 2, stride 1", inputs=dict(x=C_INT, size=2, stride=1),
                 expected=bf_pool(C, 2, 1, bf_mean)),
            dict(name="5x5 with negative values, size 2, stride 2 (last row/column dropped)",
                 inputs=dict(x=POOL_A, size=2, stride=2), expected=bf_pool(POOL_A, 2, 2, bf_mean)),
            dict(name="4x6 floats, size 3, stride 1", inputs=dict(x=POOL_B, size=3, stride=1),
                 expected=bf_pool(POOL_B, 3, 1, bf_mean)),
            dict(name="6x6, size 2, stride 3 (gaps between windows)", inputs=dict(x=POOL_C, size=2, stride=3),
                 expected=bf_pool(POOL_C, 2, 3, bf_mean)),
        ],
    ))
    P.append(dict(
        id="lp_pool2d", title="Lp pooling", points=2,
        prompt="""
Implement `lp_pool2d(x, p, size, stride)`: Lp pooling over `size x size` windows moved by `stride`,

$$y = \\Big(\\sum_{\\text{window}} x^p\\Big)^{1/p}$$

(a **sum**, not a mean: with `p = 1` it is sum pooling). No padding: windows that do not fit are
dropped. `x` is a 2-D numpy array; `p` is a positive number.
""",
        args=["x", "p", "size", "stride"],
        cases=[
            dict(name="example: the conv2d output, p=1, size 2, stride 1", inputs=dict(x=C_INT, p=1, size=2, stride=1),
                 expected=clean(bf_pool(C, 2, 1, bf_lp(1)))),
            dict(name="p=2 on a 4x5 array with negative values, size 2, stride 2",
                 inputs=dict(x=LP_SIGNED, p=2, size=2, stride=2), expected=bf_pool(LP_SIGNED, 2, 2, bf_lp(2))),
            dict(name="p=3 on a 4x4 non-negative array, size 3, stride 1",
                 inputs=dict(x=LP_NONNEG, p=3, size=3, stride=1), expected=bf_pool(LP_NONNEG, 3, 1, bf_lp(3))),
            dict(name="p=2 on the conv2d output, size 3, stride 1 (one window)",
                 inputs=dict(x=C_INT, p=2, size=3, stride=1), expected=bf_pool(C, 3, 1, bf_lp(2))),
        ],
        mistakes=[
            dict(observed=bf_pool(C, 2, 1, bf_mean), case="example: the conv2d output, p=1, size 2, stride 1",
                 feedback="These are window means. Lp pooling is (sum x^p)^(1/p), a sum: with p = 1 it is the "
                          "window sum, 4 times the mean for 2x2 windows."),
        ],
    ))

    # ---------------------------------------------------------------- prewitt
    pz = bf_prewitt(PREWITT_IMG, "zero")
    pr = bf_prewitt(PREWITT_IMG, "reflect")
    assert clean(pz[1]) == [12, 15, 18, 42, 105, 84, 60, 150]
    assert clean(pr[1]) == [0, 15, 18, 42, 105, 84, 60, 0]

    def symmetric_pad_prewitt(image):
        # the "edge pixel repeated" variant (numpy 'symmetric'), a common confusion with 'reflect'
        H, W = len(image), len(image[0])
        ext = [[image[min(max(r, 0), H - 1)][min(max(c, 0), W - 1)] for c in range(-1, W + 1)] for r in range(-1, H + 1)]
        gx = [[sum(ext[r + 1 - a][c + 1 - b] * HX[a + 1][b + 1] for a in (-1, 0, 1) for b in (-1, 0, 1))
               for c in range(W)] for r in range(H)]
        gy = [[sum(ext[r + 1 - a][c + 1 - b] * HY[a + 1][b + 1] for a in (-1, 0, 1) for b in (-1, 0, 1))
               for c in range(W)] for r in range(H)]
        return [[math.hypot(a, b) for a, b in zip(ra, rb)] for ra, rb in zip(gx, gy)]

    P.append(dict(
        id="prewitt_magnitude", title="Prewitt gradient magnitude", points=2,
        prompt="""
Implement `prewitt_magnitude(image, padding)`: the Prewitt gradient magnitude
$g = \\sqrt{g_x^2 + g_y^2}$ of the **whole** image, where $g_x = I * h_x$ and $g_y = I * h_y$ are
true convolutions (the kernels are flipped) with

$$h_x = \\begin{pmatrix} 1 & 0 & -1 \\\\ 1 & 0 & -1 \\\\ 1 & 0 & -1 \\end{pmatrix}, \\qquad
  h_y = \\begin{pmatrix} 1 & 1 & 1 \\\\ 0 & 0 & 0 \\\\ -1 & -1 & -1 \\end{pmatrix}.$$

The image is padded by one pixel on each side so that the result has the shape of the image;
`padding` is `"zero"` (zeros outside the image) or `"reflect"` (mirrored **without** repeating the
edge pixel, as numpy's `np.pad(..., mode="reflect")`: the row `a b c ...` is extended to `b a b c ...`).
""",
        args=["image", "padding"],
        cases=[
            dict(name="example: 10x8 image, zero padding", inputs=dict(image=PREWITT_IMG, padding="zero"),
                 expected=pz),
            dict(name="example: 10x8 image, reflect padding", inputs=dict(image=PREWITT_IMG, padding="reflect"),
                 expected=pr),
            dict(name="5x6 image, zero padding", inputs=dict(image=PREWITT_2, padding="zero"),
                 expected=bf_prewitt(PREWITT_2, "zero")),
            dict(name="5x6 image, reflect padding", inputs=dict(image=PREWITT_2, padding="reflect"),
                 expected=bf_prewitt(PREWITT_2, "reflect")),
            dict(name="6x5 image with a blob, reflect padding", inputs=dict(image=PREWITT_3, padding="reflect"),
                 expected=bf_prewitt(PREWITT_3, "reflect")),
        ],
        mistakes=[
            dict(comment=["seed 004 (2(e)): the reflect-padding magnitude copied from the zero-padding answer"],
                 observed=pz, case="example: 10x8 image, reflect padding",
                 feedback="This is the zero-padding result. With reflect padding the pixel outside the first "
                          "column mirrors the second column, so g_x = 3*(4 - 4) = 0 in the first column (and "
                          "0 in the last one): the border values change."),
            dict(observed=symmetric_pad_prewitt(PREWITT_IMG), case="example: 10x8 image, reflect padding",
                 feedback="You repeated the edge pixel (numpy 'symmetric' / 'edge' style). 'reflect' mirrors "
                          "without repeating the edge: the row a b c ... is extended to b a b c ..."),
        ],
    ))

    # ---------------------------------------------------------------- chain rule
    chain_pts = [(1.0, 0.0), (2.0, 1.0), (0.5, -0.5), (-2.0, 3.0)]
    chain_cases = []
    for i, (xv, yv) in enumerate(chain_pts):
        exact = bf_chain_exact(xv, yv)
        fd = bf_chain(xv, yv)
        assert all(abs(a - b) <= 1e-8 * max(1.0, abs(a)) for a, b in zip(exact, fd)), (exact, fd)
        name = "example: x=1, y=0" if i == 0 else f"x={xv:g}, y={yv:g}"
        chain_cases.append(dict(name=name, inputs=dict(x=xv if xv != int(xv) else int(xv),
                                                          y=yv if yv != int(yv) else int(yv)), expected=exact))
    P.append(dict(
        id="chain_rule_grad", title="Chain rule: a numerical gradient", points=2,
        comment=["rtol 2e-3 (per the spec) so that answers to 3 significant figures, like 0.0646 and -0.181,",
                 "pass; the extra points were chosen so that their 3-significant-figure roundings also pass."],
        prompt="""
Let $\\sigma(t) = 1/(1 + e^{-t})$ be the logistic sigmoid and

$$f(x, y) = \\frac{x^2 + \\sigma(y)}{3x + y - \\sigma(x)}.$$

Implement `chain_rule_grad(x, y)` returning the tuple $(\\partial f/\\partial x,\\ \\partial f/\\partial y)$ as
floats. Answers within a relative tolerance of 2e-3 are accepted (3 significant figures).
""",
        args=["x", "y"], options={"rtol": 2.0e-3},
        cases=chain_cases,
    ))

    # ---------------------------------------------------------------- softmax
    sm_cases = [[1, 2, 3], [-1.5, 0.0, 2.25, 0.5, -3.0], [10, 10.5, 9, 12], [0.25, -0.75]]
    P.append(dict(
        id="softmax", title="Softmax", points=1,
        prompt="""
Implement `softmax(c)` for a 1-D numpy array `c`: $p_i = e^{c_i} / \\sum_k e^{c_k}$.
Return a 1-D array of the same length. (Subtracting `max(c)` first keeps it numerically stable
without changing the result.)
""",
        args=["c"],
        cases=[dict(name="example: c = [1, 2, 3]" if i == 0 else f"c = {c}", inputs=dict(c=c), expected=bf_softmax(c))
               for i, c in enumerate(sm_cases)],
    ))
    jac_cases = [[1, 2, 3], [0.5, -1.0, 2.0, 0.0], [0, 0], [-2.0, 1.5, 0.25]]
    P.append(dict(
        id="softmax_jacobian", title="Jacobian of the softmax", points=2,
        prompt="""
Implement `softmax_jacobian(c)`: the matrix $J$ with $J_{ij} = \\partial p_i / \\partial c_j$, where
$p = \\text{softmax}(c)$ and `c` is a 1-D numpy array of length n. Return an n x n array.
""",
        args=["c"],
        cases=[dict(name="example: c = [1, 2, 3]" if i == 0 else f"c = {c}", inputs=dict(c=c),
                    expected=bf_softmax_jacobian(c)) for i, c in enumerate(jac_cases)],
        mistakes=[
            dict(observed=[[p * (1 - p) if i == j else 0.0 for j, _ in enumerate(bf_softmax([1, 2, 3]))]
                           for i, p in enumerate(bf_softmax([1, 2, 3]))], case="example: c = [1, 2, 3]",
                 feedback="Only the diagonal is filled in: for i != j, dp_i/dc_j = -p_i p_j is not zero, "
                          "because every c_j appears in the denominator of p_i."),
        ],
    ))

    # ---------------------------------------------------------------- cnn_table
    table = bf_cnn_table()
    assert table == {"shapes": [[1, 24, 24, 20], [1, 12, 12, 20], [1, 8, 8, 50], [1, 4, 4, 50], [1, 1, 1, 500],
                                [1, 1, 1, 10], [1]], "receptive_fields": [5, 6, 14, 16, 28, 28, 28]}
    P.append(dict(
        id="cnn_table", title="Data shapes and receptive fields of a CNN", points=2,
        comment=["A function without arguments: its single case (inputs: {}) is the whole answer. This is the",
                 "one function problem without two extra cases: there are no other inputs to try."],
        prompt="""
A CNN takes a `1x28x28x1` input (batch x width x height x channels) and has these layers (no padding):

| layer | 1 | 2 | 3 | 4 | 5 | 6 | 7 |
|---|---|---|---|---|---|---|---|
| type | conv | max pool | conv | max pool | conv | conv | loss |
| filters | 5x5x1 (20 of them) | 2x2 | 5x5x20 (50) | 2x2 | 4x4x50 (500) | 1x1x500 (10) | - |
| stride | 1 | 2 | 1 | 2 | 1 | 1 | - |

Implement `cnn_table()` (no arguments) returning a dict with two lists of 7 entries, one per layer:
`"shapes"`, the output data shape of each layer as a list of ints (e.g. `[1, 24, 24, 20]`; the loss
is a single number, `[1]`), and `"receptive_fields"`, the receptive field (side, in input pixels)
of a unit of each layer as an int (the input layer's is 1).
""",
        args=[], compare="exact",
        cases=[dict(name="the 7-layer CNN", inputs={}, expected=table)],
    ))

    # ---------------------------------------------------------------- is_separable
    sep_cases = [
        ("example: [[2,3],[1,1]] (rank 2)", [[2, 3], [1, 1]]),
        ("[[1,2],[2,4]] (rank 1)", [[1, 2], [2, 4]]),
        ("Prewitt h_x, 3x3", HX),
        ("non-square 2x3 outer product of floats (rank 1 up to rounding)",
         [[a * b for b in (0.7, 0.2, 0.9)] for a in (0.1, 0.3)]),
        ("3x3 with determinant 0 but rank 2", [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
        ("non-square 3x2 of rank 2", [[1, 0], [0, 1], [1, 1]]),
        ("3x3 binomial (Gaussian) filter", [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]]),
    ]
    P.append(dict(
        id="is_separable", title="Separable filters", points=2,
        prompt="""
A 2-D filter $F$ (an m x n numpy array, not necessarily square) is *separable* when it is the
outer product of two 1-D filters, $F = u\\,v^\\top$ (so that filtering with $F$ is filtering with
$u$ along the columns and $v$ along the rows).

Implement `is_separable(F)` returning `True` or `False`. Treat rank 1 up to floating-point rounding
as separable.
""",
        args=["F"], compare="exact",
        # a yes/no answer: `return True` would earn the share of the separable cases, so all or nothing
        partial_credit=False,
        cases=[dict(name=n, inputs=dict(F=F), expected=bf_rank(F) == 1) for n, F in sep_cases],
        mistakes=[
            dict(observed=True, case="3x3 with determinant 0 but rank 2",
                 feedback="A zero determinant is not enough for a 3x3 filter: this one has rank 2. Separable "
                          "means rank exactly 1 (one non-zero singular value)."),
        ],
    ))

    # ---------------------------------------------------------------- support_size
    sup = [(4, 3), (1, 5), (3, 5), (5, 2)]
    P.append(dict(
        id="support_size", title="Support of a neuron", points=1,
        prompt="""
A CNN has `n_layers` consecutive `k x k` convolutional layers with stride 1 and no pooling.
Implement `support_size(n_layers, k)`: the number of input **pixels** in the support (receptive
field) of one neuron of the last layer. For four 3x3 layers the support is a 9x9 patch, so the
answer is 81 (not 9).
""",
        args=["n_layers", "k"], compare="exact",
        cases=[dict(name=("example: " if i == 0 else "") + f"{n} layers of {k}x{k}", inputs=dict(n_layers=n, k=k),
                    expected=bf_support(n, k)) for i, (n, k) in enumerate(sup)],
        mistakes=[dict(observed=9, case="example: 4 layers of 3x3",
                       feedback="9 is the side of the 9x9 patch; the support is its number of pixels, 81.")],
    ))

    # ---------------------------------------------------------------- top_k_error
    ex_scores = [[0.1, 0.5, 0.4], [0.8, 0.15, 0.05]]
    P.append(dict(
        id="top_k_error", title="Top-k error", points=2,
        prompt="""
Implement `top_k_error(scores, labels, k)`: `scores` is an n x C numpy array (one row of class
scores per sample), `labels` a length-n integer array of true classes. Return the **fraction** (a
float in [0, 1], not a count) of samples whose true label is not among the `k` classes with the
highest scores. The tests have no ties.
""",
        args=["scores", "labels", "k"],
        cases=[
            dict(name="example: k=1", inputs=dict(scores=ex_scores, labels=[2, 1], k=1),
                 expected=bf_topk(ex_scores, [2, 1], 1)),
            dict(name="example: k=2", inputs=dict(scores=ex_scores, labels=[2, 1], k=2),
                 expected=bf_topk(ex_scores, [2, 1], 2)),
            dict(name="4 samples, 5 classes, k=1", inputs=dict(scores=TOPK_SCORES, labels=TOPK_LABELS, k=1),
                 expected=bf_topk(TOPK_SCORES, TOPK_LABELS, 1)),
            dict(name="4 samples, 5 classes, k=2", inputs=dict(scores=TOPK_SCORES, labels=TOPK_LABELS, k=2),
                 expected=bf_topk(TOPK_SCORES, TOPK_LABELS, 2)),
            dict(name="4 samples, 5 classes, k=3", inputs=dict(scores=TOPK_SCORES, labels=TOPK_LABELS, k=3),
                 expected=bf_topk(TOPK_SCORES, TOPK_LABELS, 3)),
        ] + [
            dict(name=f"6 samples, 4 classes, k={k}", inputs=dict(scores=TOPK6_SCORES, labels=TOPK6_LABELS, k=k),
                 expected=bf_topk(TOPK6_SCORES, TOPK6_LABELS, k))
            for k in (1, 2, 3)
        ],
        mistakes=[
            dict(observed=2, case="example: k=1",
                 feedback="2 is the number of misses; the top-k error is the fraction of samples, 2/2 = 1.0."),
            dict(observed=0.0, case="example: k=1",
                 feedback="Both true labels have exactly one higher score, so neither is the top-1 prediction. "
                          "Check your condition: the label is missed when k or more classes score higher "
                          "(not more than k)."),
        ],
    ))

    # ---------------------------------------------------------------- softmax_regression_grad
    srg_cases = []
    for i, (nm, d) in enumerate([("3 classes, 2 features (true class 1)", SRG1), ("4 classes, 3 features (true class 3)", SRG2),
                                 ("2 classes, 4 features (true class 0)", SRG3),
                                 ("5 classes, 2 features (true class 2)", SRG4)]):
        srg_cases.append(dict(name=nm, inputs=dict(d), expected=bf_softmax_regression_grad(**d)))
    P.append(dict(
        id="softmax_regression_grad", title="Softmax regression gradient", points=2,
        prompt="""
Softmax regression predicts $\\hat y = \\text{softmax}(Wx + b)$ and is trained with the cross-entropy
loss $L = -\\sum_i y_i \\log \\hat y_i$, where $y$ is the **one-hot** vector of the true class.

Implement `softmax_regression_grad(W, b, x, y)` returning $\\partial L / \\partial W$ (same shape as `W`,
C x d), for numpy arrays `W` (C x d), `b` (C), `x` (d) and one-hot `y` (C).
""",
        args=["W", "b", "x", "y"],
        cases=srg_cases,
        mistakes=[
            dict(comment=["seed 003 (2(a)): dL/dW_ij = -y_i x_j (1 - yhat_i)"],
                 observed=seed003_softmax_regression_grad(**SRG1), case=srg_cases[0]["name"],
                 feedback="Only the row of the true class is non-zero: you kept only dyhat_i/dW_ij, but W_ij "
                          "also changes every other yhat_k through the softmax denominator. The full chain rule "
                          "gives dL/dz_i = yhat_i - y_i, so dL/dW_ij = (yhat_i - y_i) x_j."),
        ],
    ))

    # ---------------------------------------------------------------- symbolic
    chain_opts = {"symbols": {"x": {"real": True}, "y": {"real": True}}, "functions": {"sigma": "1/(1 + exp(-t))"}}
    f_txt = "f(x, y) = \\frac{x^2 + \\sigma(y)}{3x + y - \\sigma(x)}"
    P.append(dict(
        id="DF_DX", title="Chain rule: df/dx symbolically", points=1,
        prompt=f"""
Set the module-level name `DF_DX` to $\\partial f/\\partial x$ for

$${f_txt}$$

as a SymPy expression (or a string in SymPy syntax) in the symbols `x`, `y`. Write the logistic sigmoid
as `sigma(.)` (for example `sigma = sympy.Function("sigma")`) or spell it out as `1/(1 + exp(-x))`;
$\\sigma'(t) = \\sigma(t)(1 - \\sigma(t))$.
""",
        compare="symbolic", options=chain_opts,
        expected="(2*x*(3*x + y - sigma(x)) - (3 - sigma(x)*(1 - sigma(x)))*(x**2 + sigma(y)))/(3*x + y - sigma(x))**2",
        mistakes=[dict(observed="(2*x*(3*x + y - sigma(x)) - 3*(x**2 + sigma(y)))/(3*x + y - sigma(x))**2",
                       feedback="The denominator 3x + y - sigma(x) depends on x through sigma(x) too: its "
                                "derivative is 3 - sigma(x)(1 - sigma(x)), not 3.")],
    ))
    P.append(dict(
        id="DF_DY", title="Chain rule: df/dy symbolically", points=1,
        prompt=f"""
Set the module-level name `DF_DY` to $\\partial f/\\partial y$ for the same

$${f_txt}$$

(SymPy expression or string in `x`, `y`, with `sigma(.)` the logistic sigmoid).
""",
        compare="symbolic", options=chain_opts,
        expected="(sigma(y)*(1 - sigma(y))*(3*x + y - sigma(x)) - (x**2 + sigma(y)))/(3*x + y - sigma(x))**2",
    ))
    p_opts = {"symbols": {"p_i": {"positive": True}, "p_j": {"positive": True}}}
    P.append(dict(
        id="SOFTMAX_DIAG", title="Softmax derivative, i = j", points=1,
        prompt="""
For $p = \\text{softmax}(c)$, set `SOFTMAX_DIAG` to $\\partial p_i / \\partial c_i$ (the case $i = j$),
as an expression in the symbol `p_i` only.
""",
        compare="symbolic", options=p_opts, expected="p_i*(1 - p_i)",
        mistakes=[dict(observed="p_i*(1 - p_j)",
                       feedback="On the diagonal j = i, so p_j is p_i: write the answer in p_i only, "
                                "p_i*(1 - p_i).")],
    ))
    P.append(dict(
        id="SOFTMAX_OFFDIAG", title="Softmax derivative, i != j", points=1,
        prompt="""
For $p = \\text{softmax}(c)$, set `SOFTMAX_OFFDIAG` to $\\partial p_i / \\partial c_j$ for $i \\neq j$,
as an expression in the symbols `p_i`, `p_j`.
""",
        compare="symbolic", options=p_opts, expected="-p_i*p_j",
        mistakes=[dict(observed="p_i*p_j",
                       feedback="Check the sign: raising c_j increases the denominator of p_i, so p_i decreases.")],
    ))
    P.append(dict(
        id="DENOISED_VARIANCE", title="Variance of an averaged image", points=1,
        prompt="""
An image $I$ is observed $N$ times with independent white noise, $Y_k = I + n_k$,
$n_k \\sim \\mathcal N(0, \\sigma^2)$, and denoised by averaging: $Y_d = \\frac1N \\sum_k Y_k$.
Set `DENOISED_VARIANCE` to the variance of $Y_d$ (per pixel), in the symbols `sigma` and `N`.
""",
        compare="symbolic", options={"symbols": {"sigma": {"positive": True}, "N": {"positive": True}}},
        expected="sigma**2/N",
        mistakes=[
            dict(observed="sigma**2", feedback="Averaging N independent noisy images reduces the variance: "
                                                 "Var(mean) = sigma^2 / N."),
            dict(observed="sigma/N", feedback="sigma/N is the standard deviation divided by N; the variance of "
                                                "the mean is sigma^2 / N (its standard deviation sigma/sqrt(N))."),
            dict(observed="sigma**2/N**2", feedback="Var(sum of N independent terms) = N sigma^2, so "
                                                      "Var(sum / N) = N sigma^2 / N^2 = sigma^2 / N."),
        ],
    ))
    asym = {"symbols": {"N": {"positive": True}, "K": {"positive": True}}, "mode": "asymptotic", "variables": ["N", "K"]}
    P.append(dict(
        id="COMPLEXITY_SEPARABLE", title="Cost of a separable filter", points=1,
        prompt="""
Set `COMPLEXITY_SEPARABLE` to the big-O cost (as an expression in `N` and `K`, e.g. `N**3`; an
`O(...)` wrapper and constant factors are accepted) of filtering an N x N image with a **separable**
K x K filter.
""",
        compare="symbolic", options=asym, expected="N**2*K",
        mistakes=[dict(observed="N**2*K**2",
                       feedback="That is the cost of the full 2-D filter. A separable filter is two 1-D passes of "
                                "K multiplications per pixel each: O(N^2 K).")],
    ))
    P.append(dict(
        id="COMPLEXITY_FULL", title="Cost of a non-separable filter", points=1,
        prompt="""
Set `COMPLEXITY_FULL` to the big-O cost (in `N` and `K`) of filtering an N x N image with a general
(non-separable) K x K filter.
""",
        compare="symbolic", options=asym, expected="N**2*K**2",
        mistakes=[dict(observed="N**2*K",
                       feedback="A non-separable K x K filter needs K^2 multiplications per output pixel: "
                                "O(N^2 K^2).")],
    ))
    return P


ASSIGNMENT = """\
# The reference assignment: convolution, pooling and gradients (problem sheets on CNNs).
# Problem files are generated by tools/make_dl_conv_cases.py (expected values by brute force).
title: "Convolution, pooling and gradients"
description: |
  Convolution as used in deep learning, its backward pass, pooling, edge filters, the chain rule
  and the softmax. Submit one module (`submission.py`) that defines every name below; each name is
  one problem. Functions receive matrices and vectors as numpy arrays and may return numpy arrays,
  lists or tuples. Symbolic answers are SymPy expressions (or strings in SymPy syntax) in exactly
  the symbol names given.
solution: ../../solutions/dl_conv.py
defaults:
  timeout: 5
  options:
    numeric: {rtol: 1.0e-5, atol: 1.0e-8, scaled_atol: 1.0e-5}
problems:
"""


def write_all():
    OUT.mkdir(parents=True, exist_ok=True)
    ps = problems()
    for p in ps:
        write_problem(p)
    (OUT / "assignment.yaml").write_text(ASSIGNMENT + "".join(f"  - {p['id']}.yaml\n" for p in ps))
    print(f"wrote {len(ps)} problems, {sum(p['points'] for p in ps)} points, to {OUT}")


# --------------------------------------------------------------------------- check against the solution


def to_arg(v):
    import numpy as np

    def numeric_list(x):
        if isinstance(x, list):
            return all(numeric_list(t) for t in x)
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    return np.array(v) if isinstance(v, list) and numeric_list(v) else v


def check():
    import importlib.util

    import numpy as np
    import sympy
    import yaml

    spec = importlib.util.spec_from_file_location("dl_conv_solution", ROOT / "solutions" / "dl_conv.py")
    sol = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sol)
    a = yaml.safe_load((OUT / "assignment.yaml").read_text())
    defaults = a["defaults"]["options"]["numeric"]
    bad = 0
    for fname in a["problems"]:
        p = yaml.safe_load((OUT / fname).read_text())
        target = getattr(sol, p.get("target", p["id"]))
        kind = p.get("compare", "numeric")
        if "cases" in p:
            for case in p["cases"]:
                args = [to_arg(case["inputs"][n]) for n in p["args"] if n in case["inputs"]]
                got = target(*args)
                exp = case["expected"]
                if kind == "numeric":
                    o = {**defaults, **p.get("options", {}), **case.get("options", {})}
                    e = np.asarray(exp, dtype=float)
                    g = np.asarray(got, dtype=float)
                    atol = o["atol"] + o["scaled_atol"] * (np.abs(e).max() if e.size else 0)
                    ok = g.shape == e.shape and np.allclose(g, e, rtol=o["rtol"], atol=atol)
                else:
                    ok = got == exp and type(got) is type(exp) if isinstance(exp, bool) else got == exp
                print(("ok  " if ok else "FAIL"), p["id"], "|", case["name"])
                bad += not ok
        else:
            # symbolic: substitute the sigmoid, check equivalence with simplify and at random points
            loc = {s: sympy.Symbol(s, **ass) for s, ass in p.get("options", {}).get("symbols", {}).items()}
            funcs = p.get("options", {}).get("functions", {})
            tt = sympy.Symbol("t")
            for fn, definition in funcs.items():
                loc[fn] = sympy.Lambda(tt, sympy.sympify(definition, locals={"t": tt}))
            exp = sympy.sympify(p["expected"], locals=loc)
            got = target
            if isinstance(got, str):
                got = sympy.sympify(got, locals=loc)
            # rebuild the solution's expression on the YAML's symbols
            got = got.subs({s: loc[s.name] for s in got.free_symbols if s.name in loc})
            for fn in funcs:
                got = got.replace(sympy.Function(fn), loc[fn])
            if p.get("options", {}).get("mode") == "asymptotic":
                ok = sympy.simplify(got / exp).is_number
            else:
                ok = sympy.simplify(got - exp) == 0
            print(("ok  " if ok else "FAIL"), p["id"], "| value")
            bad += not ok
        for m in p.get("mistakes", []):
            # a known mistake must not be the right answer
            if "cases" in p:
                case = next(c for c in p["cases"] if c["name"] == m["case"])
                if kind == "numeric":
                    e, g = np.asarray(case["expected"], float), np.asarray(m["observed"], float)
                    same = e.shape == g.shape and np.allclose(g, e, rtol=1e-5, atol=1e-5 * np.abs(e).max())
                else:
                    same = m["observed"] == case["expected"]
                if same:
                    print("FAIL mistake equals the expected answer:", p["id"], m["observed"])
                    bad += 1
    print("all cases pass" if not bad else f"{bad} FAILURES")
    return bad


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(1 if check() else 0)
    write_all()
