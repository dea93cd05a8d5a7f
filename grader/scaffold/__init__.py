"""``grade init``: a new assignment that already proves itself (``grade check`` passes on it).

It writes ``assignments/NAME/`` (``assignment.yaml``, one function problem whose answers come
from the reference on generated per-student inputs with a literal example and hidden cases,
one symbolic problem) and ``solutions/NAME.py``, from templates: a starting point that shows
the features an instructor meets first, to edit rather than to read about.
"""

from __future__ import annotations

import re
from pathlib import Path

#: the files written, relative to the course folder; {name} and {module} are filled in
FILES = {
    "assignments/{name}/assignment.yaml": "assignment.yaml.j2",
    "assignments/{name}/standardize.yaml": "standardize.yaml.j2",
    "assignments/{name}/DERIVATIVE.yaml": "DERIVATIVE.yaml.j2",
    "solutions/{module}.py": "solution.py.j2",
}
NAME = re.compile(r"^[a-z][a-z0-9-]*$")


class ScaffoldError(Exception):
    """The assignment cannot be created (a message for the instructor)."""


def create(course: Path, name: str, title: str | None = None) -> list[Path]:
    """Write the new assignment ``name`` under ``course``; never overwrites a file."""
    import jinja2

    if not NAME.match(name):
        raise ScaffoldError(f"{name!r}: an assignment name is lower-case letters, digits and dashes, starting with a letter (e.g. hw-3)")
    module = name.replace("-", "_")
    targets = {course / rel.format(name=name, module=module): tpl for rel, tpl in FILES.items()}
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise ScaffoldError(f"{', '.join(existing)} already exist(s); choose another name or remove them")
    env = jinja2.Environment(loader=jinja2.PackageLoader("grader.scaffold", "templates"), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    context = {"name": name, "module": module, "title": title or name.replace("-", " ").capitalize()}
    for path, tpl in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(tpl).render(**context), encoding="utf-8")
    return list(targets)
