"""`grade class-report` and the class report that `grade batch` writes."""

from __future__ import annotations

import json

from conftest import make_assignment, run_cli, write_module

PROBLEM = """
id: double
args: [x]
cases:
  - name: one
    inputs: {x: 1.5}
    expected: 3.0
  - name: two
    inputs: {x: -2.0}
    expected: -4.0
"""


def test_a_batch_folder_gets_a_class_report_that_groups_a_shared_wrong_answer(tmp_path):
    folder = make_assignment(tmp_path, {"double.yaml": PROBLEM})
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(10):  # ten students square instead of doubling
        write_module(subs / f"sq{i}.py", "def double(x):\n    return x * x\n")
    for i in range(2):
        write_module(subs / f"ok{i}.py", "def double(x):\n    return 2 * x\n")
    out = tmp_path / "out"
    batch = run_cli("batch", str(subs), "-a", str(folder), "-o", str(out), cwd=tmp_path)
    assert batch.returncode == 0, batch.stderr
    assert json.loads((out / "class.json").read_text())["students"] == 12  # batch writes it
    (out / "class.json").unlink()
    proc = run_cli("class-report", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((out / "class.json").read_text())
    groups = data["problems"]["double"]["wrong_answers"]
    by_case = {g["case"]: g for g in groups}
    assert by_case["one"]["count"] == 10 and by_case["one"]["answer"] == 2.25
    assert sorted(by_case["one"]["students"]) == [f"sq{i}" for i in range(10)]
    assert data["problems"]["double"]["full_marks"] == 2
    assert "<svg" in (out / "class.html").read_text()


def test_class_report_of_a_folder_without_results_is_a_usage_error(tmp_path):
    proc = run_cli("class-report", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2 and "no results" in proc.stderr


MISTAKEN = PROBLEM + """
mistakes:
  - observed: 2.25
    case: one
    feedback: "You squared x."
"""


def test_the_class_report_counts_declared_mistakes_from_the_results(tmp_path):
    folder = make_assignment(tmp_path, {"double.yaml": MISTAKEN})
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(3):
        write_module(subs / f"sq{i}.py", "def double(x):\n    return x * x\n")
    out = tmp_path / "out"
    assert run_cli("batch", str(subs), "-a", str(folder), "-o", str(out), cwd=tmp_path).returncode == 0
    assert run_cli("class-report", str(out), cwd=tmp_path).returncode == 0
    data = json.loads((out / "class.json").read_text())
    assert data["problems"]["double"]["mistakes"] == [{"tag": "", "feedback": "You squared x.", "count": 3}]
    assert data["suggestions"] == [] or all(s["case"] != "one" for s in data["suggestions"])


def test_a_student_named_class_does_not_overwrite_the_class_report(tmp_path):
    folder = make_assignment(tmp_path, {"double.yaml": PROBLEM})
    subs = tmp_path / "subs"
    subs.mkdir()
    write_module(subs / "class.py", "def double(x):\n    return 2 * x\n")
    out = tmp_path / "out"
    assert run_cli("batch", str(subs), "-a", str(folder), "-o", str(out), cwd=tmp_path).returncode == 0
    assert json.loads((out / "class-2.json").read_text())["total"] == 1
    assert json.loads((out / "class.json").read_text())["students"] == 1


def test_batch_lines_show_a_hostile_file_name_without_running_it_as_a_command(tmp_path):
    folder = make_assignment(tmp_path, {"double.yaml": PROBLEM})
    subs = tmp_path / "subs"
    subs.mkdir()
    write_module(subs / "::add-mask::secret.py", "def double(x):\n    return 2 * x\n")
    write_module(subs / "\x1b[2Jwipe.py", "def double(x):\n    return 2 * x\n")
    proc = run_cli("batch", str(subs), "-a", str(folder), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout and "\\x1b[2Jwipe" in proc.stdout
    assert not any(line.lstrip().startswith("::") for line in proc.stdout.splitlines())
    assert "add-mask::secret" in proc.stdout
