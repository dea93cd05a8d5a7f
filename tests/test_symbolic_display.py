"""The parsed answer's display (pretty, LaTeX, MathML) is the same as SymPy's, and printing
it does not import ``sympy.physics.units`` (0.2 s that SymPy's pretty printer spends on its
first product only to sort physical quantities, which no parsed answer holds)."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CODE = """
import sys, json
from grader.compare.symbolic import compare
answers = ["2*x*y/(3*z)", "-x**2*sin(y)/2", "(x, 2*y*z)", "Matrix([[x, 2*y], [3*z, x*y]])"]
shown = [compare("x", a, {"symbols": {"x": {}, "y": {}, "z": {}}}).details.get("pretty") for a in answers]
loaded = "sympy.physics.units" in sys.modules
import sympy
from grader.symbolic.api import namespace_for, parse_answer
ns = namespace_for("x", {"x": {}, "y": {}, "z": {}}, None)
real = []
for a in answers:
    v = parse_answer(a, ns).value
    real.append(sympy.pretty(sympy.Tuple(*v) if isinstance(v, tuple) else v, use_unicode=True))
print(json.dumps({"shown": shown, "real": real, "loaded": loaded}))
"""


def test_pretty_display_matches_sympy_without_importing_physics_units():
    import json

    proc = subprocess.run([sys.executable, "-c", CODE], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["loaded"] is False
    assert data["shown"] == data["real"] and all(data["shown"])
