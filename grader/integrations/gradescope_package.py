"""``grade gradescope-package``: the autograder zip Gradescope asks for (``setup.sh``, ``run_autograder``).

The zip holds the assignment folder, its reference solution (at the same relative place, so
``solution:`` still resolves), and this grader's own source, installed by ``setup.sh``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import grader
from grader.integrations.templating import render

#: file names never copied into the zip
SKIP_PARTS = {"__pycache__", ".git", ".pytest_cache", ".mypy_cache"}
#: files of the grader's source tree beside the package
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE")


class PackageError(Exception):
    """The assignment cannot be packaged (a message for the instructor)."""


def build(assignment_dir: Path, out: Path) -> list[str]:
    """Write the autograder zip for ``assignment_dir`` to ``out``; returns the names it holds."""
    from grader.spec import SpecError, load_assignment

    try:
        assignment = load_assignment(assignment_dir)
    except SpecError as exc:
        raise PackageError(str(exc)) from None
    if assignment.broken:
        raise PackageError("; ".join(str(b.error) for b in assignment.broken) + " (run grade check first)")
    folder = assignment.root.resolve()
    base = folder.parent.parent  # the course repository: assignments/<name>/ lives in it
    files: dict[str, Path] = {}
    for path in _tree(folder):
        files[f"assignments/{folder.name}/{path.relative_to(folder).as_posix()}"] = path
    if assignment.solution is not None:
        try:
            rel = assignment.solution.relative_to(base)
        except ValueError:
            raise PackageError(f"{assignment.solution}: the reference solution must live in the course repository ({base})") from None
        for path in _tree(assignment.solution.parent):  # the reference and what it ships beside it (mistakes, checks)
            files[(rel.parent / path.relative_to(assignment.solution.parent)).as_posix()] = path
    files.update(_grader_source())
    out.parent.mkdir(parents=True, exist_ok=True)
    names = ["setup.sh", "run_autograder", *sorted(files)]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        _add_text(z, "setup.sh", render("setup.sh.j2", pip_flags=""), executable=True)
        _add_text(z, "run_autograder", render("run_autograder.j2", assignment=f"assignments/{folder.name}"), executable=True)
        for name in sorted(files):
            z.write(files[name], name)
    return names


def _tree(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not SKIP_PARTS & set(p.parts) and not p.name.startswith(".#"))


def _grader_source() -> dict[str, Path]:
    """The grader package and its project files, as ``grader-src/...`` (what ``setup.sh`` installs)."""
    package = Path(grader.__file__).resolve().parent
    project = package.parent
    if not (project / "pyproject.toml").is_file():
        raise PackageError(f"cannot find the grader's source tree beside {package} (install it from a checkout: pip install -e .)")
    files = {f"grader-src/grader/{p.relative_to(package).as_posix()}": p for p in _tree(package)}
    files.update({f"grader-src/{name}": project / name for name in PROJECT_FILES if (project / name).is_file()})
    return files


def _add_text(z: zipfile.ZipFile, name: str, text: str, *, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, text)
