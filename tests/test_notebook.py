"""Notebook submissions: code cells joined in order, IPython syntax listed and not run, errors by cell."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, make_assignment, run_cli

from grader import notebook
from grader.batch import collect
from grader.discover import find_assignment

ADD = """
id: add
args: [a, b]
cases:
  - inputs: {a: 1, b: 2}
    expected: 3
"""
MUL = """
id: mul
args: [a, b]
cases:
  - inputs: {a: 2, b: 3}
    expected: 6
"""


def write_notebook(path: Path, *cells: str | tuple[str, str]) -> Path:
    """A notebook whose cells are code (a string) or (cell_type, source)."""
    out = []
    for cell in cells:
        kind, source = cell if isinstance(cell, tuple) else ("code", cell)
        entry = {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True)}
        if kind == "code":
            entry.update(outputs=[], execution_count=None)
        out.append(entry)
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": out}))
    return path


def test_code_cells_are_joined_in_order_and_markdown_is_left_out(tmp_path):
    nb = notebook.read(write_notebook(tmp_path / "s.ipynb", "x = 1\n", ("markdown", "# not code"), "y = x + 1\n"))
    namespace: dict = {}
    exec(compile(nb.source, "s.py", "exec"), namespace)
    assert namespace["y"] == 2
    assert "not code" not in nb.source


def test_module_lines_map_back_to_cell_and_line_counting_every_cell(tmp_path):
    nb = notebook.read(write_notebook(tmp_path / "s.ipynb", ("markdown", "intro"), "a = 1\nb = 2\n", "c = 3\n"))
    assert nb.locate(1) == (2, 1)
    assert nb.locate(2) == (2, 2)
    assert nb.where(3) == "cell 3, line 1"


def test_line_magics_and_shell_lines_are_not_run_and_each_is_noted_once(tmp_path):
    nb = notebook.read(write_notebook(
        tmp_path / "s.ipynb", "%matplotlib inline\nimport math\n", "!pip install torch\nfiles = !ls\nif True:\n    %time x = 1\n    y = 2\n"))
    namespace: dict = {}
    exec(compile(nb.source, "s.py", "exec"), namespace)  # still valid Python: each line became `pass`
    assert namespace["y"] == 2 and "x" not in namespace
    assert len(nb.notes) == 4
    assert nb.notes[0] == "cell 1, line 1: `%matplotlib inline` was not run (IPython magic)"
    assert "cell 2, line 1: `!pip install torch` was not run (shell command)" in nb.notes
    assert any("files = !ls" in n for n in nb.notes)


def test_a_cell_magic_blanks_its_cell_unless_its_body_is_python(tmp_path):
    nb = notebook.read(write_notebook(tmp_path / "s.ipynb", "%%bash\necho hi\n", "%%time\nz = 5\n"))
    namespace: dict = {}
    exec(compile(nb.source, "s.py", "exec"), namespace)
    assert namespace["z"] == 5
    assert nb.notes[0] == "cell 1: not run (IPython cell magic `%%bash`)"
    assert "`%%time` was not run" in nb.notes[1]


def test_percent_inside_a_triple_quoted_string_is_text_not_a_magic(tmp_path):
    nb = notebook.read(write_notebook(tmp_path / "s.ipynb", 'DOC = """\n%d items\n"""\n'))
    namespace: dict = {}
    exec(compile(nb.source, "s.py", "exec"), namespace)
    assert namespace["DOC"] == "\n%d items\n" and nb.notes == []


def test_invalid_json_is_a_notebook_error_naming_line_and_column(tmp_path):
    bad = tmp_path / "s.ipynb"
    bad.write_text('{"cells": [\n  {"cell_type": "code",, }]}')
    try:
        notebook.read(bad)
    except notebook.NotebookError as exc:
        assert str(exc).startswith("s.ipynb is not a valid notebook: invalid JSON at line 2, column 24")
    else:
        raise AssertionError("no error")


def test_json_that_is_not_a_notebook_says_what_was_expected(tmp_path):
    bad = tmp_path / "s.ipynb"
    bad.write_text("[1, 2]")
    try:
        notebook.read(bad)
    except notebook.NotebookError as exc:
        assert 'expected a JSON object with a list of "cells"' in str(exc)
    else:
        raise AssertionError("no error")


def test_the_assignment_marker_may_be_in_any_cell(tmp_path):
    folder = make_assignment(tmp_path, {"add.yaml": ADD}, name="hw-a")
    make_assignment(tmp_path, {"add.yaml": ADD}, name="hw-b")
    cells = ["import math\n"] * 25 + ["# assignment: hw-a\ndef add(a, b):\n    return a + b\n"]
    sub = write_notebook(tmp_path / "mine.ipynb", *cells)
    assert find_assignment(sub) == folder


def test_grade_notebook_earns_the_points_of_its_functions(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD, "mul.yaml": MUL})
    write_notebook(tmp_path / "submission.ipynb", ("markdown", "# Homework"), "%load_ext autoreload\ndef add(a, b):\n    return a + b\n",
                   "def mul(a, b):\n    return a * b\n")
    proc = run_cli("submission.ipynb", "-f", "json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout
    assert data["total"] == 2
    assert data["imported"]["notes"] == ["cell 2, line 1: `%load_ext autoreload` was not run (IPython magic)"]


def test_text_report_lists_the_magics_that_were_not_run(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_notebook(tmp_path / "submission.ipynb", "!pip install numpy\ndef add(a, b):\n    return a + b\n")
    proc = run_cli("submission.ipynb", cwd=tmp_path)
    assert "note: cell 1, line 1: `!pip install numpy` was not run (shell command)" in proc.stdout


def test_a_traceback_names_the_cell_and_the_line_in_it(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_notebook(tmp_path / "submission.ipynb", "import math\n", ("markdown", "text"), "def add(a, b):\n    x = 1\n    raise ValueError('nope')\n")
    proc = run_cli("submission.ipynb", "-f", "json", cwd=tmp_path)
    case = json.loads(proc.stdout)["problems"][0]["cases"][0]
    assert case["error"]["type"] == "ValueError"
    assert 'File "submission.ipynb", cell 3, line 3, in add' in case["error"]["traceback"]


def test_a_syntax_error_names_the_cell_and_the_line_in_it(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_notebook(tmp_path / "submission.ipynb", "x = 1\n", "def add(a, b)\n    return a + b\n")
    proc = run_cli("submission.ipynb", "-f", "json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert "(cell 2, line 1, column" in data["imported"]["error"]["message"]
    assert 'File "submission.ipynb", cell 2, line 1' in data["imported"]["error"]["traceback"]


def test_a_notebook_that_is_not_json_gets_a_full_report_with_the_reason(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD, "mul.yaml": MUL})
    (tmp_path / "submission.ipynb").write_text('{"cells": [')
    proc = run_cli("submission.ipynb", "-f", "json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert [p["status"] for p in data["problems"]] == ["not_gradable", "not_gradable"]
    assert data["imported"]["detail"].startswith("submission.ipynb is not a valid notebook: invalid JSON at line 1")


def test_batch_grades_notebooks_beside_modules_and_survives_a_broken_one(tmp_path):
    folder = make_assignment(tmp_path, {"add.yaml": ADD})
    subs = tmp_path / "subs"
    for name in ("ann", "bob", "cy"):
        (subs / name).mkdir(parents=True)
    write_notebook(subs / "ann" / "submission.ipynb", "def add(a, b):\n    return a + b\n")
    (subs / "bob" / "submission.ipynb").write_text("not json")
    (subs / "cy" / "submission.py").write_text("def add(a, b):\n    return a + b\n")
    assert [sid for sid, _ in collect([subs])] == ["ann", "bob", "cy"]
    proc = run_cli("batch", subs, "--assignment", folder, "-o", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    book = (tmp_path / "out" / "gradebook.csv").read_text().splitlines()
    assert [row.split(",")[:2] for row in book[1:]] == [["ann", "1"], ["bob", "0"], ["cy", "1"]]


def test_the_reference_solution_as_a_notebook_earns_full_marks(tmp_path):
    source = (REPO / "solutions" / "dl_conv.py").read_text()
    write_notebook(tmp_path / "dl_conv.ipynb", "%matplotlib inline\n", source)
    proc = run_cli(tmp_path / "dl_conv.ipynb", "--assignment", REPO / "assignments" / "dl-conv", "-q")
    assert proc.returncode == 0, proc.stderr


def test_a_future_import_may_open_any_cell_as_in_jupyter(tmp_path):
    nb = notebook.read(write_notebook(tmp_path / "s.ipynb", "x = 1\n", "from __future__ import annotations\ndef f(a: Undefined) -> int:\n    return 1\n"))
    namespace: dict = {}
    exec(compile(nb.source, "s.py", "exec"), namespace)
    assert namespace["f"].__annotations__["a"] == "Undefined"
    assert nb.where(4) == "cell 2, line 2"  # line 1 is the moved future import


def test_the_json_result_says_in_which_cell_each_function_is_defined(tmp_path):
    make_assignment(tmp_path, {"add.yaml": ADD})
    write_notebook(tmp_path / "submission.ipynb", ("markdown", "intro"), "import math\n\ndef add(a, b):\n    return a - b\n")
    data = json.loads(run_cli("submission.ipynb", "-f", "json", cwd=tmp_path).stdout)
    site = data["problems"][0]["defined_at"]
    assert (site["cell"], site["line"], site["where"]) == (2, 3, "cell 2, line 3")


def test_a_line_continuing_an_open_bracket_is_python_even_if_it_starts_with_percent(tmp_path):
    nb = notebook.read(write_notebook(tmp_path / "s.ipynb", "x = (7\n     % 4)\ny = (1\n     != 2)\n"))
    namespace: dict = {}
    exec(compile(nb.source, "s.py", "exec"), namespace)
    assert namespace["x"] == 3 and namespace["y"] is True and nb.notes == []
