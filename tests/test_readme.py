"""The README's YAML examples are real: they load, and the reference solution passes them."""

from __future__ import annotations

import re
import shutil

from conftest import REPO, run_cli


def _yaml_blocks() -> dict[str, str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return {b.splitlines()[0]: b for b in blocks}


def test_readme_assignment_and_problem_examples_pass_grade_check(tmp_path):
    blocks = _yaml_blocks()
    head = blocks["# assignments/dl-conv/assignment.yaml"]
    problem = blocks["# assignments/dl-conv/conv2d_input_grad.yaml"]
    value = blocks["id: SOFTMAX_DIAG"]
    derivative = blocks["# assignments/dl-conv/DF_DX.yaml"]
    complexity = blocks["# assignments/dl-conv/COMPLEXITY_SEPARABLE.yaml"]
    folder = tmp_path / "assignments" / "example"
    folder.mkdir(parents=True)
    head = head.replace("  - conv2d.yaml\n  - DF_DX.yaml\n", "  - grad.yaml\n  - diag.yaml\n  - df.yaml\n  - big_o.yaml\n")
    (folder / "assignment.yaml").write_text(head.replace("../../solutions/dl_conv.py", "solution.py"))
    (folder / "grad.yaml").write_text(problem)
    (folder / "diag.yaml").write_text(value)
    (folder / "df.yaml").write_text(derivative)
    (folder / "big_o.yaml").write_text(complexity)
    shutil.copy(REPO / "solutions" / "dl_conv.py", folder / "solution.py")
    proc = run_cli("check", folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "earns full marks" in proc.stdout
