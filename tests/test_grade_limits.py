"""Resource limits from assignment.yaml and the command line reach the student's process."""

from __future__ import annotations

import json

from conftest import make_assignment, run_cli, write_module

PROBLEM = {
    "alloc.yaml": """
        id: alloc
        args: [mb]
        cases:
          - inputs: {mb: 400}
            expected: 400
    """,
}
SUBMISSION = """
    import numpy as np

    def alloc(mb):
        block = np.ones(mb * 2**20 // 8)
        return int(block.nbytes // 2**20)
"""


def _grade(tmp_path, *args, header=""):
    make_assignment(tmp_path, PROBLEM, header=header)
    write_module(tmp_path / "sub.py", SUBMISSION)
    proc = run_cli("sub.py", "-f", "json", *args, cwd=tmp_path)
    return proc, json.loads(proc.stdout)


def test_the_default_memory_limit_allows_a_400_mib_array(tmp_path):
    proc, result = _grade(tmp_path)
    assert proc.returncode == 0, result["problems"][0]["cases"][0]["message"]


def test_a_memory_limit_in_assignment_yaml_stops_a_larger_allocation(tmp_path):
    proc, result = _grade(tmp_path, header="defaults:\n  limits: {memory_mb: 300}\n")
    assert proc.returncode == 1
    case = result["problems"][0]["cases"][0]
    assert case["status"] == "error"
    assert "MemoryError" in case["message"] or "memory" in case["message"].lower()


def test_the_command_line_memory_limit_overrides_assignment_yaml(tmp_path):
    proc, result = _grade(tmp_path, "--memory", "2048", header="defaults:\n  limits: {memory_mb: 300}\n")
    assert proc.returncode == 0, result["problems"][0]["cases"][0]["message"]


def test_an_unknown_limit_is_an_error_naming_the_allowed_ones(tmp_path):
    make_assignment(tmp_path, PROBLEM, header="defaults:\n  limits: {memory: 300}\n")
    write_module(tmp_path / "sub.py", SUBMISSION)
    proc = run_cli("sub.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "assignment.yaml:3" in proc.stderr and "memory_mb" in proc.stderr
