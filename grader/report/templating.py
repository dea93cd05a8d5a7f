"""The Jinja environment shared by the template-based formats, and its filters."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from grader.report.escape import FILTERS, Styled, visible
from grader.report.markup import mathml_tree, md_blocks
from grader.report.values import brief

ANSI = {"green": "32", "red": "31", "yellow": "33", "cyan": "36", "bold": "1", "dim": "2", "magenta": "35"}

STATUS_LABELS = {
    "passed": ("PASS", "green"),
    "partial": ("PART", "yellow"),
    "failed": ("FAIL", "red"),
    "error": ("ERR ", "red"),
    "not_gradable": ("N/G ", "red"),
    "not_run": ("----", "dim"),
    "invalid": ("BAD ", "magenta"),
    "ungraded": ("SKIP", "yellow"),
}


COMPILED = Path(__file__).parent / "compiled"  # templates precompiled by ``python -m grader.report.compile``


@lru_cache(maxsize=None)
def environment(autoescape: bool = False, *, precompiled: bool = True) -> Any:
    """The Jinja environment (one with autoescaping for HTML/XML formats, one without).

    Templates are loaded from their precompiled modules when those match the ``.j2`` source
    and this Jinja version (saves compiling them on every run), else compiled from source.
    """
    import jinja2

    source = jinja2.PackageLoader("grader.report", "templates")
    loader: Any = source
    if precompiled:
        loader = jinja2.ChoiceLoader([_PrecompiledLoader(_variant(autoescape), source), source])
    env = jinja2.Environment(
        loader=loader,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=visible,  # every {{ ... }}: control and escape characters shown, never sent raw
    )
    env.filters.update(num=num, points=points, grid=grid, truncate_lines=truncate_lines, short=short, clip=clip)
    env.filters.update(FILTERS, brief=brief, seconds=seconds, indent=indent, md_blocks=md_blocks, mathml_tree=mathml_tree)
    env.globals.update(STATUS_LABELS=STATUS_LABELS)
    return env


def _variant(autoescape: bool) -> str:
    return "escaped" if autoescape else "plain"


def signature(env: Any) -> str:
    """What compiled template code depends on beyond the source: the environment's options
    (a compiled template calls ``finalize`` only if it was compiled with one)."""
    finalize = env.finalize
    name = f"{finalize.__module__}.{finalize.__qualname__}" if finalize else ""
    return f"autoescape={env.autoescape} trim={env.trim_blocks} lstrip={env.lstrip_blocks} finalize={name}"


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _manifest() -> dict[str, Any]:
    try:
        return json.loads((COMPILED / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class _PrecompiledLoader:
    """Serves a template from its precompiled module only if it was compiled from the current
    source by this Jinja version; otherwise says "not found" so the source loader compiles it."""

    def __init__(self, variant: str, source: Any) -> None:
        import jinja2

        self.variant = variant
        self.source = source
        self.modules = jinja2.ModuleLoader(str(COMPILED / f"{variant}.zip"))
        self.manifest = _manifest()

    def load(self, environment: Any, name: str, globals: Any = None) -> Any:
        import jinja2

        text, _, _ = self.source.get_source(environment, name)
        fresh = (
            self.manifest.get("jinja2") == jinja2.__version__
            and self.manifest.get("environment", {}).get(self.variant) == signature(environment)
            and self.manifest.get("templates", {}).get(f"{self.variant}/{name}") == source_hash(text)
        )
        if not fresh:
            raise jinja2.TemplateNotFound(name)
        return self.modules.load(environment, name, globals)


def render_template(name: str, *, autoescape: bool = False, **context: Any) -> str:
    return environment(autoescape).get_template(name).render(**context)


def style(color: bool) -> Any:
    """A ``style(text, *names)`` function for templates: ANSI colours only when ``color``."""

    def apply(text: Any, *names: str) -> str:
        shown = visible(str(text))
        if not color or not names:
            return shown
        codes = ";".join(ANSI[n] for n in names if n in ANSI)
        return Styled(f"\x1b[{codes}m{shown}\x1b[0m")

    return apply


def num(x: Any) -> str:
    """A number as a person writes it: 3, 2.5, 0.0646454, 1e-08."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.7g}"


def seconds(x: Any) -> str:
    """A duration with at most 3 decimals (JUnit's SUREFIRE_TIME)."""
    try:
        return f"{max(float(x), 0.0):.3f}"
    except (TypeError, ValueError):
        return "0.000"


def points(x: Any) -> str:
    return num(round(float(x), 2))


def short(value: Any, limit: int = 120) -> str:
    """One line of at most ``limit`` characters (newlines shown as ``⏎``)."""
    text = str(value).replace("\n", " ⏎ ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clip(text: str, limit: int = 600) -> str:
    """At most ``limit`` characters: the head and the tail, and how much is not shown."""
    text = str(text)
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n[... {len(text) - 2 * half} characters not shown here; the JSON report keeps more ...]\n{text[-half:]}"


def indent(text: Any, width: int = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's ``indent``, splitting on newlines only: ``str.splitlines`` also splits on a
    carriage return (and other controls), which would hide them instead of showing them."""
    lines = str(text).split("\n")
    pad = " " * width
    if blank:
        shown = ("\n" + pad).join(lines)
    else:
        shown = "\n".join([lines[0], *(pad + line if line else line for line in lines[1:])])
    return pad + shown if first else shown


def truncate_lines(text: str, limit: int = 20) -> str:
    lines = str(text).split("\n")
    if len(lines) <= limit:
        return "\n".join(lines)
    return "\n".join(lines[: limit // 2] + [f"... ({len(lines) - limit} more lines) ..."] + lines[-limit // 2 :])


def grid(values: Any, mask: Any = None) -> list[list[tuple[str, bool]]]:
    """Rows of (cell text padded to a common width, marked) for a 1-D or 2-D array;
    ``mask`` marks the cells that differ."""
    rows = values if values and isinstance(values[0], list) else [values]
    marks = mask if mask and isinstance(mask[0], list) else [mask] if mask else None
    cells = [[num(v) for v in row] for row in rows]
    width = max((len(c) for row in cells for c in row), default=1)
    return [
        [(c.rjust(width), bool(marks and marks[i][j])) for j, c in enumerate(row)]
        for i, row in enumerate(cells)
    ]
