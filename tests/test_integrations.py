"""Integrations: the GitHub Actions workflow of `grade init-ci` and the Gradescope autograder zip."""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from grader.integrations import github_ci, gradescope_package
from grader.integrations.gradescope_run import find_upload

from conftest import REPO, cli_env

DL_CONV = REPO / "assignments" / "dl-conv"


# ---------------------------------------------------------------- GitHub Actions

def test_the_workflow_has_triggers_a_job_checkout_setup_python_install_and_grade():
    flow = yaml.safe_load(github_ci.workflow(assignment="assignments/dl-conv"))
    assert set(flow[True]) == {"push", "pull_request", "workflow_dispatch"}  # YAML 1.1 reads `on` as True
    steps = flow["jobs"]["grade"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses[0].startswith("actions/checkout@") and uses[1].startswith("actions/setup-python@")
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[0].startswith("python -m pip install ")
    assert runs[1].startswith("grade submission.py --assignment assignments/dl-conv")
    assert '-o markdown:"$GITHUB_STEP_SUMMARY"' in runs[1] and "-o junit:grade-report.xml" in runs[1]


def test_the_workflow_quotes_what_the_instructor_passes_for_the_shell():
    flow = yaml.safe_load(github_ci.workflow(assignment="assignments/my hw", submission="my file.py", install="grader @ git+https://example.invalid/c/grader"))
    runs = [s["run"] for s in flow["jobs"]["grade"]["steps"] if "run" in s]
    assert runs[0] == "python -m pip install 'grader @ git+https://example.invalid/c/grader'"
    assert runs[1].startswith("grade 'my file.py' --assignment 'assignments/my hw' ")


@pytest.mark.slow
def test_the_workflows_commands_run_in_order_in_a_student_repository(tmp_path):
    """Each `run:` step, in order, in a fresh student repository with its own virtual environment."""
    student = tmp_path / "repo"
    shutil.copytree(DL_CONV, student / "assignments" / "dl-conv")
    shutil.copy(REPO / "solutions" / "dl_conv.py", student / "submission.py")
    text = github_ci.workflow(assignment="assignments/dl-conv", install=str(REPO), classroom=True)
    steps = yaml.safe_load(text)["jobs"]["grade"]["steps"]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {**cli_env(), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "GITHUB_ACTIONS": "true",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_OUTPUT": str(tmp_path / "output"), "PIP_NO_DEPS": "1"}
    env.pop("PYTHONPATH", None)  # the grader must come from the install step, not this checkout
    for step in steps:
        if "run" not in step:
            continue
        proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=student, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"step {step.get('name')!r} failed:\n{proc.stdout}\n{proc.stderr}"
    assert "32/32" in (tmp_path / "summary.md").read_text()
    assert (student / "grade-report.xml").read_text().startswith("<?xml")
    (line,) = (tmp_path / "output").read_text().splitlines()
    assert line.startswith("result=")
    classroom = json.loads(base64.b64decode(line.removeprefix("result=")))
    assert classroom["max_score"] == 32 and sum(t["score"] for t in classroom["tests"]) == 32


def test_the_classroom_workflow_hands_the_result_to_classrooms_reporter():
    steps = yaml.safe_load(github_ci.workflow(assignment="assignments/dl-conv", classroom=True))["jobs"]["grade"]["steps"]
    grade = next(s for s in steps if s.get("id") == "grade")
    assert "-o classroom:classroom-result.b64" in grade["run"] and '>> "$GITHUB_OUTPUT"' in grade["run"]
    reporter = next(s for s in steps if "autograding-grading-reporter" in s.get("uses", ""))
    assert reporter["if"] == "always()" and reporter["with"]["runners"] == "grade"
    assert reporter["env"]["GRADE_RESULTS"] == "${{ steps.grade.outputs.result }}"


# ---------------------------------------------------------------- Gradescope

@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    """The dl-conv autograder zip, unpacked as Gradescope does into ROOT/source."""
    root = tmp_path_factory.mktemp("autograder")
    zip_path = root / "autograder.zip"
    gradescope_package.build(DL_CONV, zip_path)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(root / "source")
    for name in ("run_autograder", "setup.sh"):
        (root / "source" / name).chmod(0o755)
    return root


def test_the_zip_holds_setup_run_autograder_the_assignment_its_solution_and_the_grader(tmp_path):
    names = gradescope_package.build(DL_CONV, tmp_path / "a.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        listed = set(z.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
    assert listed == set(names)
    assert {"setup.sh", "run_autograder", "assignments/dl-conv/assignment.yaml", "solutions/dl_conv.py",
            "grader-src/pyproject.toml", "grader-src/grader/cli.py"} <= listed
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert not any("__pycache__" in n for n in listed)


def test_a_broken_assignment_is_not_packaged(tmp_path):
    folder = tmp_path / "assignments" / "hw"
    folder.mkdir(parents=True)
    (folder / "assignment.yaml").write_text("title: x\nproblems: [p.yaml]\n")
    (folder / "p.yaml").write_text("id: p\nexpected: [1\n")
    with pytest.raises(gradescope_package.PackageError, match="p.yaml"):
        gradescope_package.build(folder, tmp_path / "a.zip")


def test_the_upload_is_the_first_py_or_ipynb_whatever_its_name(tmp_path):
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "a.py").write_text("")
    (tmp_path / ".hidden.py").write_text("")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.py").write_text("")
    (tmp_path / "Homework 3 (final).ipynb").write_text("{}")
    assert find_upload(tmp_path) == tmp_path / "Homework 3 (final).ipynb"


def run_autograder(root: Path, upload_name: str, source: str) -> subprocess.Popen:
    sub = root / "submission"
    shutil.rmtree(sub, ignore_errors=True)
    sub.mkdir()
    (sub / upload_name).write_text(source)
    (root / "results").mkdir(exist_ok=True)
    (root / "results" / "results.json").unlink(missing_ok=True)
    env = {**cli_env(), "AUTOGRADER_ROOT": str(root)}
    return subprocess.Popen(["bash", str(root / "source" / "run_autograder")], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_an_oddly_named_upload_is_graded_and_results_json_has_the_real_points(autograder):
    proc = run_autograder(autograder, "My HW (v2).py", (REPO / "solutions" / "dl_conv.py").read_text())
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    data = json.loads((autograder / "results" / "results.json").read_text())
    assert data["score"] == 32
    assert len(data["tests"]) == 22


def test_an_upload_with_no_module_gets_a_message(autograder):
    sub = autograder / "submission"
    shutil.rmtree(sub, ignore_errors=True)
    sub.mkdir()
    (sub / "answers.pdf").write_bytes(b"%PDF")
    env = {**cli_env(), "AUTOGRADER_ROOT": str(autograder)}
    subprocess.run(["bash", str(autograder / "source" / "run_autograder")], env=env, check=True, timeout=120)
    data = json.loads((autograder / "results" / "results.json").read_text())
    assert data["score"] == 0 and "No .py or .ipynb" in data["output"]


def test_results_json_is_valid_and_lists_every_problem_when_the_grader_is_killed(autograder):
    source = (REPO / "solutions" / "dl_conv.py").read_text() + "\n\ndef is_separable(F):\n    import time\n    time.sleep(60)\n"
    proc = run_autograder(autograder, "hw.py", source)
    results = autograder / "results" / "results.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until the grader has written some real points
        try:
            if json.loads(results.read_text())["score"] > 0:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    else:
        pytest.fail("the grader wrote no points")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    data = json.loads(results.read_text())
    assert len(data["tests"]) == 22
    not_reached = [t for t in data["tests"] if "not graded" in t["output"].lower()]
    assert not_reached and all(t["score"] == 0 for t in not_reached)
    assert "did not finish" in data["output"].lower() or "stopped" in data["output"].lower()


# ---------------------------------------------------------------- the commands

def test_grade_init_ci_writes_the_workflow_and_keeps_an_existing_one(tmp_path, grade_cli):
    first = grade_cli("init-ci", "--assignment", "assignments/dl-conv", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    flow = yaml.safe_load((tmp_path / ".github" / "workflows" / "grade.yml").read_text())
    assert "grade" in flow["jobs"]
    again = grade_cli("init-ci", "--assignment", "assignments/dl-conv", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_grade_gradescope_package_writes_the_zip(tmp_path, grade_cli):
    proc = grade_cli("gradescope-package", str(DL_CONV), "-o", str(tmp_path / "autograder.zip"))
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "autograder.zip") as z:
        assert "run_autograder" in z.namelist()


def test_grade_gradescope_package_of_a_missing_folder_is_a_usage_error(tmp_path, grade_cli):
    proc = grade_cli("gradescope-package", str(tmp_path / "nope"), "-o", str(tmp_path / "a.zip"))
    assert proc.returncode == 2 and "nope" in proc.stderr
