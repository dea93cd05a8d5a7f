"""Notebook submissions: a ``.ipynb`` read as JSON (no kernel) and graded as one module.

The code cells are joined in order into one Python source, line for line, so
that every line of the module maps back to a cell and a line in it. IPython
syntax is not run: a line magic (``%timeit f()``), a shell line (``!pip install x``),
a help line (``f?``) becomes ``pass`` at the same indentation, and a cell magic
(``%%bash``) blanks its whole cell, except the cell magics whose body is Python
(``%%time``, ``%%timeit``, ``%%capture``), whose body is kept. Each is listed
once in a note. Errors and tracebacks from the joined module are relabelled
``cell N, line M`` (N counts every cell of the notebook, Markdown ones too, from 1,
as an editor shows them).

Nothing here runs the notebook: it is parsed by the standard library's JSON
reader in the grader's process, and the child imports the ``.py`` written from it.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUFFIX = ".ipynb"
MAX_BYTES = 64 * 2**20  # a notebook larger than this is refused (outputs included)
#: cell magics whose body is ordinary Python, run by IPython as such
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

_LINE_MAGIC = re.compile(r"^(?P<indent>[ \t]*)(?:%|!(?!=)|[A-Za-z_][\w.]*\s*=\s*(?:%|!(?!=)))")
_HELP = re.compile(r"^(?P<indent>[ \t]*)\??[A-Za-z_][\w.]*\?\??\s*$")
_FUTURE = re.compile(r"^from\s+__future__\s+import\s+[\w\s,]+$")
_CELL_MAGIC = re.compile(r"^%%(?P<name>\w+)")
_TB_FILE = re.compile(r'^(?P<pre>  File )"(?P<file>[^"]*)", line (?P<line>\d+)(?P<rest>.*)$')
_MSG_LINE = re.compile(r"\(line (?P<line>\d+), column (?P<col>\d+)\)")


class NotebookError(ValueError):
    """The file is not a notebook this grader can read (bad JSON, wrong structure)."""


@dataclass
class Piece:
    """The lines of one code cell inside the joined module."""

    cell: int  # 1-based position among all cells of the notebook
    start: int  # 1-based line of the module where the cell's first line is
    lines: int


@dataclass
class Notebook:
    """A notebook as one module: its source, where each cell went, what was not run."""

    path: Path
    source: str
    pieces: list[Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def locate(self, line: int) -> tuple[int, int] | None:
        """(cell, line in cell) for a 1-based line of the joined module; None outside every cell."""
        for p in self.pieces:
            if p.start <= line < p.start + p.lines:
                return p.cell, line - p.start + 1
        return None

    def where(self, line: int) -> str:
        """``cell N, line M`` for a line of the joined module."""
        found = self.locate(line)
        return f"cell {found[0]}, line {found[1]}" if found else f"line {line}"

    def relabel(self, text: str, module_name: str) -> str:
        """A traceback or message from the joined module with its lines as ``cell N, line M``.

        Only the grader's own frame lines (``  File "<module_name>", line N``, two spaces,
        as :func:`grader.sandbox.child.describe_exception` writes them) and its
        ``(line N, column C)`` suffix are rewritten; a student's source line is indented by
        four spaces and so never matches.
        """
        out = []
        for row in text.split("\n"):
            m = _TB_FILE.match(row)
            if m and m.group("file") == module_name:
                row = f'{m.group("pre")}"{self.path.name}", {self.where(int(m.group("line")))}{m.group("rest")}'
            out.append(row)
        return "\n".join(out)

    def relabel_message(self, message: str) -> str:
        """A syntax error's ``(line N, column C)`` as ``(cell N, line M, column C)``."""
        return _MSG_LINE.sub(lambda m: f"({self.where(int(m.group('line')))}, column {m.group('col')})", message)


def is_notebook(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


def read(path: Path) -> Notebook:
    """Parse ``path`` and join its code cells; raises :class:`NotebookError` with what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise NotebookError(f"{path.name} is {size / 2**20:.0f} MiB; notebooks larger than {MAX_BYTES // 2**20} MiB are not read")
        raw = path.read_bytes()
    except OSError as exc:
        raise NotebookError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NotebookError(f"{path.name} is not a valid notebook: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise NotebookError(f"{path.name} is not a valid notebook: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise NotebookError(f"{path.name} is not a valid notebook: JSON nested too deeply") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        if isinstance(data, dict) and isinstance(data.get("worksheets"), list):
            raise NotebookError(f"{path.name} is an nbformat 3 notebook; save it again with Jupyter (nbformat 4)")
        raise NotebookError(f"{path.name} is not a valid notebook: expected a JSON object with a list of \"cells\"")
    return join(path, cells)


def join(path: Path, cells: list[Any]) -> Notebook:
    """The module made of the code cells of ``cells`` (notebook JSON), in order."""
    nb = Notebook(path, "")
    out: list[str] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise NotebookError(f"{path.name} is not a valid notebook: cell {number} is not a JSON object")
        if cell.get("cell_type") != "code":
            continue
        lines = _source_lines(cell.get("source", ""), path, number)
        lines = _strip_ipython(lines, number, nb.notes)
        if not lines:
            continue
        nb.pieces.append(Piece(number, len(out) + 1, len(lines)))
        out += lines
    # in Jupyter each cell is compiled alone, so `from __future__` may open any cell; in one
    # module it must come first: such lines move to a header (blanked where they were)
    futures = [line.strip() for line in out if _FUTURE.match(line)]
    if futures:
        out = ["" if _FUTURE.match(line) else line for line in out]
        for p in nb.pieces:
            p.start += len(futures)
        out = futures + out
    nb.source = "".join(line + "\n" for line in out)
    return nb


def _source_lines(source: Any, path: Path, number: int) -> list[str]:
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        text = "".join(source)
    elif isinstance(source, str):
        text = source
    else:
        raise NotebookError(f"{path.name} is not a valid notebook: the source of cell {number} is not text")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines  # "a\nb\n" is two lines


def _strip_ipython(lines: list[str], number: int, notes: list[str]) -> list[str]:
    """``lines`` with IPython-only syntax replaced (line count kept), noting each replacement."""
    first = next((i for i, s in enumerate(lines) if s.strip()), None)
    if first is not None:
        m = _CELL_MAGIC.match(lines[first].strip())
        if m:
            shown = _shown(lines[first])
            if m.group("name") not in PYTHON_CELL_MAGICS:
                notes.append(f"cell {number}: not run (IPython cell magic `{shown}`)")
                return ["" for _ in lines]
            notes.append(f"cell {number}, line {first + 1}: `{shown}` was not run (IPython magic); the cell's code was")
            lines = list(lines)
            lines[first] = ""
    out = []
    for i, line in enumerate(lines):
        m = _LINE_MAGIC.match(line) or _HELP.match(line)
        if m and not _continues(out):
            kind = "shell command" if line.strip().startswith("!") or re.search(r"=\s*!", line) else "IPython syntax" if line.rstrip().endswith("?") else "IPython magic"
            notes.append(f"cell {number}, line {i + 1}: `{_shown(line)}` was not run ({kind})")
            out.append(f"{m.group('indent')}pass")
        else:
            out.append(line)
    return out


def _continues(previous: list[str]) -> bool:
    """Whether the cell's lines so far leave a bracket or a string open: the next line is then
    Python text (``% b)`` continuing ``(a``), not IPython syntax."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(previous) + "\n").readline):
            pass
    except tokenize.TokenError:  # EOF in a multi-line statement or string
        return True
    except (SyntaxError, ValueError):
        return False
    return False


def _shown(line: str) -> str:
    s = line.strip()
    return s if len(s) <= 60 else s[:57] + "..."


def named_assignment(path: Path) -> str | None:
    """The ``# assignment: NAME`` marker (or ``__assignment__ = "NAME"``) in any code cell, read without running it."""
    try:
        nb = read(path)
    except NotebookError:
        return None
    from grader.discover import named_in_text

    return named_in_text(nb.source, max_lines=None)


class Staged:
    """A notebook written out as the ``.py`` module the child imports, and how to relabel its errors."""

    def __init__(self, notebook: Notebook, directory: tempfile.TemporaryDirectory[str]) -> None:
        self.notebook = notebook
        self._dir = directory
        self.module = Path(directory.name) / (notebook.path.stem + ".py")
        self.module.write_text(notebook.source, encoding="utf-8")

    def relabel_error(self, error: dict[str, str] | None) -> dict[str, str] | None:
        if not error:
            return error
        out = dict(error)
        out["traceback"] = self.notebook.relabel(error.get("traceback", ""), self.module.name)
        if error.get("type") == "SyntaxError" or "(line " in error.get("message", ""):
            out["message"] = self.notebook.relabel_message(error.get("message", ""))
        return out

    def close(self) -> None:
        self._dir.cleanup()


def stage(path: Path) -> Staged:
    """Read ``path`` and write its joined module into a private temporary folder."""
    nb = read(path)
    return Staged(nb, tempfile.TemporaryDirectory(prefix="grader-nb-"))
