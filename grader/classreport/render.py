"""Writing the class report: ``class.json`` (data) and ``class.html`` (one self-contained page)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from grader.classreport.summary import summarize
from grader.atomic import write_atomic

#: rows of wrong answers shown per problem on the page (class.json keeps them all)
MAX_ROWS = 10
KINDS = {"not_imported": "could not be imported", "timeout": "timed out", "crashed": "crashed", "invalid": "sent an invalid result"}
#: files in a results folder that are not one student's result
NOT_RESULTS = {"class.json"}


def load_results(folder: Path) -> dict[str, dict[str, Any]]:
    """``{student id: result}`` from ``folder/<student>.json`` (files that are not results are skipped)."""
    results: dict[str, dict[str, Any]] = {}
    for file in sorted(Path(folder).glob("*.json")):
        if file.name in NOT_RESULTS:
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "problems" in data and "schema_version" in data:
            results[file.stem] = data
    return results


def render_html(summary: Mapping[str, Any]) -> str:
    """The class report page (autoescaped: student ids and answers cannot inject markup)."""
    return _template().render(s=summary, kinds=KINDS, max_rows=MAX_ROWS)


def write(folder: Path, results: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Write ``folder/class.json`` and ``folder/class.html`` (atomically) and return the summary."""
    folder = Path(folder)
    summary = summarize(load_results(folder) if results is None else results)
    _replace(folder / "class.json", json.dumps(summary, indent=1, sort_keys=False, default=str) + "\n")
    _replace(folder / "class.html", render_html(summary))
    return summary


def _replace(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (a rerun that changed nothing rewrites nothing)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomic(path, text)


@lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2

    from grader.report.templating import num, short

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("grader.classreport", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters.update(num2=lambda x: num(round(float(x), 2)), short=short, answer_text=_answer_text)
    return env.get_template("class.html.j2")


def _answer_text(value: Any) -> str:
    if isinstance(value, dict) and value.get("summary"):
        return f"shape {value['shape']}, first values {value['first']} ({value['chars']} characters in class.json)"
    return json.dumps(value, default=str)
