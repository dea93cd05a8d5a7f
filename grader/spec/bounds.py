"""Every bound on instructor input, in one place (the README's "Limits" table lists them).

Two kinds: number types for YAML keys (a point value, a weight, a timeout must be a finite
number in a sensible range: ``.inf``, ``.nan`` and ``1e400`` are rejected where they are read),
and the bounds that keep loading a file cheap whatever it holds (size, nesting, aliases).
Use these types for every new numeric key, so that a non-finite number never reaches the
scoring, the sandbox or the JSON result.
"""

from __future__ import annotations

import sys
from typing import Annotated

from msgspec import Meta

MAX_FLOAT = sys.float_info.max

#: Largest point value of a problem and largest case weight: sums of them stay exact and finite.
MAX_POINTS = 1e6
#: Largest time limit of any kind, in seconds (one day).
MAX_SECONDS = 86400.0

Finite = Annotated[float, Meta(ge=-MAX_FLOAT, le=MAX_FLOAT)]
"""Any finite number: ``.nan``, ``.inf`` and ``1e400`` (which YAML reads as infinity) are rejected."""
NonNegative = Annotated[float, Meta(ge=0, le=MAX_FLOAT)]
"""A finite number ≥ 0 (tolerances)."""
Positive = Annotated[float, Meta(gt=0, le=MAX_FLOAT)]
"""A finite number > 0."""
Points = Annotated[float, Meta(ge=0, le=MAX_POINTS)]
"""A problem's points: 0 … 1e6."""
Weight = Annotated[float, Meta(gt=0, le=MAX_POINTS)]
"""A case's share of its problem's points, relative to the other cases: > 0 … 1e6."""
Seconds = Annotated[float, Meta(gt=0, le=MAX_SECONDS)]
"""A time limit in seconds: > 0 … 86400."""


# Loading: what a YAML file may contain before any Python object is built from it.

#: Largest YAML file (problem file or assignment.yaml), in bytes.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 64
#: Most aliases (``*name``) in one file.
MAX_ALIASES = 1000
#: Most values (scalars, lists and mappings) in one file once every alias is expanded.
MAX_NODES = 500_000

# Feedback templates (grader/spec/templates.py).

#: Longest template, in characters.
TEMPLATE_CHARS = 10_000
#: Wall-clock seconds one rendering may take.
TEMPLATE_SECONDS = 0.5
#: Characters of output kept (rendering stops there; the text ends with "…").
TEMPLATE_OUTPUT = 2000
#: characters of one value a feedback template prints (more are cut, with …), so that several fit whole
TEMPLATE_PRINTED = 600
#: Largest value (characters or items) one operation of a template may build.
TEMPLATE_VALUE = 100_000
#: Characters or items of all the values one rendering's filters, calls and operators build.
TEMPLATE_WORK = 2_000_000
#: Largest width or precision a template may pad or format to.
TEMPLATE_WIDTH = 10_000
#: Largest integer (in bits) a template may build by ``*`` or ``**``.
TEMPLATE_INT_BITS = 100_000
