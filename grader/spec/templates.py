"""Feedback templates (Jinja, in ``feedback:`` and ``mistakes:``): checked at load time, rendered
within bounds at grading time.

A template is instructor input like any other: it must not crash, hang or exhaust the grader,
whatever it says. It is parsed and compiled when the problem file loads (syntax errors, variables
other than the documented ones, and attributes starting with ``_`` — the way out of a Jinja
sandbox — are errors at its file:line), then rendered once on sample data under the same bounds
as at grading time, so that a template that loops or builds a huge string fails ``grade check``
instead of every student's run.

Every value a template prints becomes an inline code span (:func:`_shown_literally`), so that
student text stays text in the reports that read feedback as Markdown.

Rendering is bounded in an immutable sandboxed environment (no ``list.append`` and the like):
a time limit enforced between Python lines while it renders (a trace hook on this thread only,
so the template's loops and those of filters stop), a cap on the output (rendering stops there), a budget on the size of every value that
filters, calls and operators build, and checks *before* the operations that build a large value
in one step (``"x" * 10**9``, ``9 ** 10**9``, ``"x".ljust(10**9)``, ``"%999999999d" % 1``,
``"{:>{}}".format(...)``). The bounds are in :mod:`grader.spec.bounds` (``TEMPLATE_*``).
"""

from __future__ import annotations

import functools
import math
import re
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from grader.spec import bounds

#: The variables a feedback template may use (besides Jinja's globals such as ``range``).
VARIABLES = ("expected", "observed", "message", "case")

_SYNTAX = ("{{", "{%", "{#")


def is_template(text: str) -> bool:
    """Whether ``text`` uses Jinja syntax at all (plain text is shown as it is, without Jinja)."""
    return any(token in text for token in _SYNTAX)


class TemplateLimit(Exception):
    """A bound on rendering was reached (time, size, a value too large to build)."""


@dataclass
class _Budget:
    deadline: float
    work: int = 0  # characters / items of the values built so far


_state = threading.local()


def _budget() -> _Budget | None:
    return getattr(_state, "budget", None)


def _tick() -> None:
    b = _budget()
    if b is not None and time.perf_counter() > b.deadline:
        raise TemplateLimit(f"it ran past its {bounds.TEMPLATE_SECONDS:g} s time limit")


def _account(value: Any) -> Any:
    """Count the size of a value a template built against its budget."""
    b = _budget()
    if b is not None:
        if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
            b.work += len(value)
            if b.work > bounds.TEMPLATE_WORK:
                raise TemplateLimit(f"it built values of more than {bounds.TEMPLATE_WORK} characters or items in all")
        if time.perf_counter() > b.deadline:
            raise TemplateLimit(f"it ran past its {bounds.TEMPLATE_SECONDS:g} s time limit")
    return value


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_repeat(left: Any, right: Any) -> None:
    """``seq * n`` and ``n * n``: refuse results too large before they are built."""
    for seq, n in ((left, right), (right, left)):
        if _size(seq) is not None and isinstance(n, int) and _size(seq) * n > bounds.TEMPLATE_VALUE:  # type: ignore[operator]
            raise TemplateLimit(f"it repeats a value {n} times (more than {bounds.TEMPLATE_VALUE} characters or items)")
    if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > bounds.TEMPLATE_INT_BITS:
        raise TemplateLimit(f"it multiplies integers of more than {bounds.TEMPLATE_INT_BITS} bits")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        if exponent * math.log2(abs(base)) > bounds.TEMPLATE_INT_BITS:
            raise TemplateLimit(f"it raises {base} to the power {exponent} (more than {bounds.TEMPLATE_INT_BITS} bits)")


# A width or precision of 5+ digits, or one taken from the arguments (`*`, a nested `{}`).
_PERCENT_WIDE = re.compile(r"%[-+ #0]*(?:\*|\d{5,})|%[-+ #0]*\d*\.(?:\*|\d{5,})")
_BRACE_WIDE = re.compile(r"\{[^{}]*:[^{}]*(?:\{|\d{5,})")


def _approx(value: Any) -> int:
    """About how many characters ``str(value)`` has, without building it."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return 2 + 20 * len(value)
    return 30


def _at_most(size: int, what: str) -> None:
    if size > bounds.TEMPLATE_VALUE:
        raise TemplateLimit(f"{what} would build a value of about {size} characters (at most {bounds.TEMPLATE_VALUE})")


def _check_format(spec: Any, args: tuple[Any, ...] = (), kwargs: dict[str, Any] | None = None) -> None:
    """``"%…" % x``, ``"{…}".format(x)``, ``|format``: no huge widths, no output too large."""
    if not isinstance(spec, str):
        return
    if _PERCENT_WIDE.search(spec) or _BRACE_WIDE.search(spec):
        raise TemplateLimit("it formats with a width or precision of 10000 or more, or one taken from a value")
    values = [*args, *(kwargs or {}).values()]
    if len(values) == 1 and isinstance(values[0], (tuple, dict)):
        values = list(values[0].values() if isinstance(values[0], dict) else values[0])
    fields = spec.count("{") + spec.count("%")
    _at_most(len(spec) + fields * sum(_approx(v) for v in values), "formatting")


def _check_join(sep: Any, items: Any) -> list[Any]:
    items = _account(list(items))
    _at_most(_approx(sep) * max(len(items) - 1, 0) + sum(_approx(i) for i in items), "joining")
    return items


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        count = text.count(old) if old else len(text) + 1
        _at_most(len(text) + count * (len(new) - len(old)), "replacing")


def _check_width(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > bounds.TEMPLATE_WIDTH:
            raise TemplateLimit(f"it asks {name} for a width of {value} (at most {bounds.TEMPLATE_WIDTH})")


def _check_per_line(text: Any, sep: str, width: Any, what: str) -> None:
    if isinstance(text, str) and isinstance(width, int):
        _at_most(len(text) + (text.count(sep) + 1) * width, what)


def _check_method(owner: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Pre-checks of the ``str`` methods that can build a large string in one step."""
    if name in ("ljust", "rjust", "center", "zfill", "expandtabs"):
        _check_width(f"str.{name}", args, kwargs)
        if name == "expandtabs" and args:
            _check_per_line(owner, "\t", args[0], "expanding tabs")
    elif name in ("format", "format_map"):
        _check_format(owner, args, kwargs)
    elif name == "join" and args:
        args = (_check_join(owner, args[0]), *args[1:])
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _at_most(len(owner) * longest, "translating")
    return args


def _check_filter(name: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Pre-checks of the filters that can build a large value in one step (``args[0]`` is the value)."""
    if name in ("center", "indent", "wordwrap", "truncate"):
        _check_width(f"the {name} filter", tuple(args[1:]), kwargs)
    if name == "indent":
        _check_per_line(args[0], "\n", args[1] if len(args) > 1 else kwargs.get("width", 4), "indenting")
    elif name == "format":
        _check_format(args[0], tuple(args[1:]), kwargs)
    elif name == "join":
        args[0] = _check_join(args[1] if len(args) > 1 else kwargs.get("d", ""), args[0])
    elif name == "replace" and len(args) >= 3:
        _check_replace(args[0], args[1], args[2])
    elif name == "sum":
        start = args[2] if len(args) > 2 else kwargs.get("start", 0)
        if not isinstance(start, (int, float)):
            raise TemplateLimit("the sum filter adds numbers only (a sum of lists or strings takes quadratic time)")


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks its arguments first and counts what it returns."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the context/environment comes first

    @functools.wraps(func)  # keeps jinja_pass_arg
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        values = list(args[skip:])
        if values:
            _check_filter(name, values, kwargs)
        return _account(func(*args[:skip], *values, **kwargs))

    return guarded


def _shown_literally(context: Any, value: Any) -> str:
    """What a ``{{ ... }}`` prints: a value as an inline code span. Feedback is instructor Markdown,
    and the values it prints are often the student's (``observed``, ``message``, and whatever is
    made of them): in a span they stay literal text in every report (a returned
    ``"![x](https://…)"`` is no image in a Markdown step summary, and no ``**`` of theirs turns bold
    in HTML), and they read as values. The instructor's own names (``case``, ``part``) print as
    they are."""
    from grader.report.escape import code_span

    if isinstance(value, str) and any(value is context.get(name) for name in ("case", "part")):
        return value
    text = str(value)
    if len(text) > bounds.TEMPLATE_PRINTED:
        text = text[: bounds.TEMPLATE_PRINTED - 1] + "…"
    return code_span(text)


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The bounded, immutable sandboxed Jinja environment shared by checking and rendering."""
    from jinja2 import pass_context
    from jinja2.compiler import CodeGenerator
    from jinja2.runtime import Namespace
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedNamespace(Namespace):  # type: ignore[misc]
        """``namespace()``, the only mutable state a template has: values stored are bounded."""

        def __setitem__(self, name: str, value: Any) -> None:
            _account(value)
            super().__setitem__(name, value)

    class BoundedCodeGenerator(CodeGenerator):  # type: ignore[misc]
        """Compiles ``~`` to a bounded concatenation (Jinja's own ``str_join`` cannot be checked)."""

        def visit_Concat(self, node: Any, frame: Any) -> None:  # noqa: N802 - Jinja's visitor name
            self.write("environment.concat_bounded((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class BoundedEnvironment(ImmutableSandboxedEnvironment):  # type: ignore[misc]
        code_generator_class = BoundedCodeGenerator
        intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _tick()
            if operator == "*":
                _check_repeat(left, right)
            elif operator == "**":
                _check_power(left, right)
            elif operator == "%":
                _check_format(left, (right,))
            return _account(super().call_binop(context, operator, left, right))

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _tick()
            target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
            owner = getattr(target, "__self__", None)
            if isinstance(owner, str):
                args = _check_method(owner, getattr(target, "__name__", ""), args, kwargs)
            return _account(super().call(__context, __obj, *args, **kwargs))

        def concat_bounded(self, parts: Any) -> str:
            """``a ~ b ~ …``: the joined length is known before the string is built."""
            _tick()
            texts = [str(p) for p in parts]
            _at_most(sum(map(len, texts)), "concatenating with ~")
            return _account("".join(texts))

        def getattr(self, obj: Any, attribute: str) -> Any:
            _tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            _tick()
            return super().getitem(obj, argument)

    env = BoundedEnvironment(autoescape=False, trim_blocks=True, lstrip_blocks=True, finalize=pass_context(_shown_literally))
    env.filters = {name: _guard_filter(name, f) for name, f in env.filters.items()}
    env.globals.pop("lipsum", None)  # generates text in a Python loop the time limit cannot see
    env.globals["namespace"] = BoundedNamespace
    return env


@functools.lru_cache(maxsize=256)
def compile_template(text: str) -> Any:
    """The compiled template (cached: the same feedback is rendered for many cases and students)."""
    if len(text) > bounds.TEMPLATE_CHARS:
        raise TemplateLimit(f"the template is {len(text)} characters long (at most {bounds.TEMPLATE_CHARS})")
    try:
        return environment().from_string(text)
    except RecursionError:
        raise TemplateLimit("its expressions are nested too deep") from None
    except MemoryError:
        raise TemplateLimit("it is too large to compile") from None


def problems(text: str) -> list[str]:
    """What is wrong with a template, found without rendering it (empty when nothing is)."""
    if len(text) > bounds.TEMPLATE_CHARS:
        return [f"the feedback is {len(text)} characters long (at most {bounds.TEMPLATE_CHARS})"]
    if not is_template(text):
        return []
    from jinja2 import TemplateSyntaxError, meta, nodes

    env = environment()
    try:
        ast = env.parse(text)
    except TemplateSyntaxError as exc:
        where = f" (line {exc.lineno} of the template)" if "\n" in text.strip() else ""
        return [f"invalid Jinja syntax{where}: {exc.message}"]
    except RecursionError:
        return ["invalid Jinja: its expressions are nested too deep"]
    found = []
    allowed = set(VARIABLES) | set(env.globals)
    for name in sorted(meta.find_undeclared_variables(ast) - allowed):
        found.append(f"the template uses `{name}`, which is not defined; its variables are {', '.join(VARIABLES)}")
    private = []
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attr, str) and attr.startswith("_") and attr not in private:
            private.append(attr)
    if private:
        names = ", ".join(f"`{a}`" for a in reversed(private))  # in the order they are written
        found.append(f"the template reads {names}: attributes starting with `_` are blocked (they lead out of the sandbox)")
    if not found:
        try:
            compile_template(text)
        except TemplateLimit as exc:
            found.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - e.g. a SyntaxError of the generated Python code
            found.append(f"the template cannot be compiled: {type(exc).__name__}: {exc}")
    return found


def render(text: str, context: dict[str, Any]) -> str:
    """Render ``text`` within every bound; the output stops at ``TEMPLATE_OUTPUT`` characters ("…").

    Raises :class:`TemplateLimit` when a bound is reached, and whatever Jinja or the template's
    own expressions raise otherwise (the caller reports it as the instructor's error)."""
    if not is_template(text):
        return text
    template = compile_template(text)
    budget = _Budget(time.perf_counter() + bounds.TEMPLATE_SECONDS)
    previous_budget, previous_trace = _budget(), sys.gettrace()
    _state.budget = budget

    def line_check(frame: Any, event: str, arg: Any) -> Any:
        if event == "line" and time.perf_counter() > budget.deadline:
            raise TemplateLimit(f"it ran past its {bounds.TEMPLATE_SECONDS:g} s time limit")
        return line_check

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        return line_check  # every Python frame: the template's and the filters' loops

    pieces: list[str] = []
    length = 0
    sys.settrace(on_call)
    stream = template.generate(**context)
    try:
        for piece in stream:
            pieces.append(piece)
            length += len(piece)
            if length > bounds.TEMPLATE_OUTPUT:
                break
        stream.close()
    finally:
        sys.settrace(previous_trace)
        _state.budget = previous_budget
    text_out = "".join(pieces)
    if len(text_out) > bounds.TEMPLATE_OUTPUT:
        text_out = text_out[: bounds.TEMPLATE_OUTPUT - 1] + "…"
    return text_out


def trial(text: str, context: dict[str, Any]) -> str | None:
    """Render ``text`` once on sample data: the bound it reaches or the sandbox rule it breaks
    (None when it renders, or fails only in a way that depends on the data, e.g. a TypeError)."""
    from jinja2.exceptions import SecurityError

    try:
        render(text, context)
    except TemplateLimit as exc:
        return str(exc)
    except SecurityError as exc:
        return f"the sandbox refused it: {exc}"
    except RecursionError:
        return "it recurses without end"
    except Exception:  # noqa: BLE001 - depends on the student's answer: reported when it happens
        return None
    return None


def failure(exc: BaseException) -> str:
    """Why a rendering failed, in words safe to show a student (no values from the template's data)."""
    if isinstance(exc, TemplateLimit):
        return str(exc)
    if isinstance(exc, RecursionError):
        return "it recurses without end"
    return f"it raised {type(exc).__name__}"
