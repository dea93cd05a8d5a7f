"""Safe parsing of answers in Python/SymPy syntax.

Student text is never given to ``eval``, ``sympify`` or ``parse_expr``: it is parsed
with :func:`ast.parse` and walked with a whitelist (numbers, declared symbols and
functions, arithmetic, SymPy's standard functions and constants). Everything else is
rejected with a :class:`ParseError` carrying the offending position. Sizes are bounded
(:class:`Limits`) so that no input can hang or exhaust the grader while it is built.

``^`` means power (``x^2``). Decimal literals are exact decimals (``0.5`` is ``1/2``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import sympy

from grader.symbolic.names import CONSTANTS, HINTS, STANDARD_FUNCTIONS, Namespace


@dataclass(frozen=True)
class Limits:
    """Bounds on what may be parsed."""

    max_length: int = 5000  # characters
    max_depth: int = 60  # nesting of the syntax tree
    max_nodes: int = 2000  # syntax tree nodes
    max_int_digits: int = 400  # digits in one literal
    max_exponent: int = 10_000  # |n| in x**n for a numeric n
    max_number_bits: int = 40_000  # size of any exact number built along the way
    max_special_arg: int = 1000  # |n| in factorial(n), binomial(n, k), gamma(n)...


DEFAULT_LIMITS = Limits()


class ParseError(ValueError):
    """Text that is not an acceptable answer. ``offset`` is the 0-based character offset
    in the text, ``line``/``col`` the 1-based line and 0-based column (like ``ast``)."""

    def __init__(self, message: str, text: str = "", offset: int | None = None) -> None:
        self.reason = message
        self.text = text
        self.offset = offset
        if offset is not None:
            before = text[:offset]
            self.line: int | None = before.count("\n") + 1
            self.col: int | None = offset - (before.rfind("\n") + 1)
        else:
            self.line = self.col = None
        super().__init__(self._describe())

    def _describe(self) -> str:
        if self.offset is None:
            return self.reason
        where = f"column {self.col + 1}" if self.line == 1 else f"line {self.line}, column {self.col + 1}"
        return f"{self.reason} (at {where})"

    def pointer(self) -> str:
        """The offending line with a caret under the error position (for feedback)."""
        if self.offset is None or self.line is None or self.col is None:
            return ""
        line = self.text.split("\n")[self.line - 1]
        return f"{line}\n{' ' * self.col}^"


class UnknownNameError(ParseError):
    """A name that is neither a declared symbol/function nor a standard SymPy name."""

    def __init__(self, message: str, text: str, offset: int | None, name: str) -> None:
        self.name = name
        super().__init__(message, text, offset)


@dataclass(frozen=True)
class Parsed:
    """A parsed answer: a SymPy object, or a tuple/list of them; ``decimals`` tells whether
    the text had decimal literals (compared with ``rtol`` when a problem sets one)."""

    value: Any
    decimals: bool = False
    order: bool = False  # the answer was wrapped in O(...)


_DIGIT_RUN = re.compile(r"\d{%d,}")
_OPEN, _CLOSE = "([{", ")]}"


def parse(
    text: str,
    ns: Namespace,
    limits: Limits = DEFAULT_LIMITS,
    *,
    allow_order: bool = False,
) -> Parsed:
    """Parse ``text`` over the declared names of ``ns``; raises :class:`ParseError`."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    if len(text) > limits.max_length:
        raise ParseError(f"answer is too long ({len(text)} characters, at most {limits.max_length})")
    if not text.strip():
        raise ParseError("answer is empty")
    _precheck(text, limits)
    source = text.replace("^", "**")
    shifts = [i for i, ch in enumerate(text) if ch == "^"]
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ParseError(_syntax_message(exc), text, _syntax_offset(exc, source, shifts, text)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("answer is nested too deeply", text) from None
    builder = _Builder(text, source, shifts, ns, limits, allow_order)
    body = tree.body
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name) and body.func.id == "O":
        if not allow_order:
            raise ParseError("O(...) is only accepted for growth-rate (big-O) questions", text, builder.offset(body))
        if not body.args or body.keywords:
            raise ParseError("O(...) needs an expression", text, builder.offset(body))
        builder.order = True
        body = body.args[0]
    value = builder.top(body)
    return Parsed(value, builder.decimals, builder.order)


def parse_trusted(text: str, ns: Namespace) -> Any:
    """Parse instructor-written text (same whitelist, generous limits); returns the value."""
    return parse(text, ns, Limits(max_length=100_000, max_nodes=50_000, max_depth=200)).value


def free_names(text: str) -> tuple[set[str], set[str]]:
    """Names used as values and names called as functions in ``text`` that are not
    standard SymPy names (used to infer the symbols when a problem declares none)."""
    try:
        tree = ast.parse(text.replace("^", "**").strip(), mode="eval")
    except SyntaxError as exc:
        raise ParseError(_syntax_message(exc), text) from None
    called: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add(node.func.id)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - called
    known = set(STANDARD_FUNCTIONS) | set(CONSTANTS) | {"O"}
    return names - known, called - known


# --------------------------------------------------------------------------- helpers


def _precheck(text: str, limits: Limits) -> None:
    m = _DIGIT_RUN.pattern % (limits.max_int_digits + 1)
    found = re.search(m, text)
    if found:
        raise ParseError(f"number has more than {limits.max_int_digits} digits", text, found.start())
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
            if depth > limits.max_depth:
                raise ParseError(f"answer is nested more than {limits.max_depth} levels deep", text, i)
        elif ch in _CLOSE:
            depth -= 1
            if depth < 0:
                raise ParseError(f"unmatched '{ch}'", text, i)
    run = re.search(r"[-+~]{%d,}" % limits.max_depth, text.replace(" ", ""))
    if run:
        raise ParseError("too many signs in a row", text)


def _syntax_message(exc: SyntaxError) -> str:
    msg = exc.msg or "invalid syntax"
    if msg.startswith("invalid syntax. Perhaps you forgot a comma"):
        msg = "invalid syntax (a missing operator such as * between two terms?)"
    return f"syntax error: {msg}"


def _syntax_offset(exc: SyntaxError, source: str, shifts: list[int], text: str) -> int | None:
    if exc.lineno is None or exc.offset is None:
        return None
    lines = source.split("\n")
    if exc.lineno > len(lines):
        return len(text)
    # character offset in the source, then undo the ^ -> ** shifts
    pos = sum(len(line) + 1 for line in lines[: exc.lineno - 1]) + max(exc.offset - 1, 0)
    return _unshift(min(max(pos, 0), len(source)), shifts, text)


def _unshift(pos: int, shifts: list[int], text: str) -> int:
    """Map an offset in the ``^``->``**`` rewritten source back to the original text."""
    original = pos
    for k, i in enumerate(shifts):
        if i + k < pos:  # each earlier ^ became two characters
            original -= 1
    return min(max(original, 0), len(text))


def _number_too_big(x: Any, limits: Limits) -> bool:
    if isinstance(x, sympy.Rational):
        return max(abs(int(x.p)).bit_length(), int(x.q).bit_length()) > limits.max_number_bits
    return False


_BINDERS = {"Sum": "integer", "Product": "integer", "Integral": "real"}
_SPECIAL = {"factorial", "factorial2", "binomial", "gamma", "loggamma", "beta"}
_NODE_NAMES = {
    ast.Attribute: "attribute access (.)",
    ast.Subscript: "indexing ([...])",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator expression",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.NamedExpr: "assignment (:=)",
    ast.JoinedStr: "a string",
    ast.IfExp: "if/else (use Piecewise)",
    ast.Starred: "* unpacking",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.Slice: "a slice",
}


class _Builder:
    """Walks the syntax tree and builds SymPy objects, checking every node."""

    def __init__(
        self, text: str, source: str, shifts: list[int], ns: Namespace, limits: Limits, allow_order: bool
    ) -> None:
        self.text = text
        self.lines = source.split("\n")
        self.line_starts = [0]
        for line in self.lines[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.shifts = shifts
        self.ns = ns
        self.limits = limits
        self.nodes = 0
        self.decimals = False
        self.order = False
        self.allow_order = allow_order
        self.scope: dict[str, sympy.Symbol] = {}

    # -- positions
    def offset(self, node: ast.AST) -> int | None:
        lineno = getattr(node, "lineno", None)
        col = getattr(node, "col_offset", None)
        if lineno is None or col is None:
            return None
        line = self.lines[lineno - 1]
        chars = len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        pos = self.line_starts[lineno - 1] + chars
        return _unshift(max(pos, 0), self.shifts, self.text)

    def fail(self, message: str, node: ast.AST) -> ParseError:
        return ParseError(message, self.text, self.offset(node))

    # -- entry
    def top(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Tuple):
            return tuple(self.expr(e, 1) for e in node.elts)
        if isinstance(node, ast.List):
            return [self.expr(e, 1) for e in node.elts]
        return self.expr(node, 0)

    def expr(self, node: ast.AST, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail(f"answer is too large (more than {self.limits.max_nodes} parts)", node)
        if depth > self.limits.max_depth:
            raise self.fail(f"answer is nested more than {self.limits.max_depth} levels deep", node)
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = _NODE_NAMES.get(type(node), type(node).__name__)
            raise self.fail(f"{what} is not allowed in an answer", node)
        try:
            result = method(node, depth + 1)
        except ParseError:
            raise
        except (RecursionError, MemoryError):
            raise self.fail("answer is too complex", node) from None
        except Exception as exc:  # SymPy refusing a construction (bad arguments...)
            raise self.fail(f"cannot build this expression: {_short(exc)}", node) from None
        if _number_too_big(result, self.limits):
            raise self.fail("a number in the answer is too large", node)
        return result

    # -- leaves
    def _Constant(self, node: ast.Constant, depth: int) -> Any:
        v = node.value
        if isinstance(v, bool):
            return sympy.true if v else sympy.false
        if isinstance(v, int):
            return sympy.Integer(v)
        if isinstance(v, (float, complex)):
            segment = self._segment(node)
            imag = isinstance(v, complex)
            literal = segment.rstrip("jJ") if imag else segment
            value = self._decimal(literal, node)
            self.decimals = self.decimals or not re.fullmatch(r"\d+", literal)
            return value * sympy.I if imag else value
        if isinstance(v, str):
            raise self.fail("strings are not allowed inside an answer", node)
        raise self.fail(f"{type(v).__name__} is not allowed in an answer", node)

    def _segment(self, node: ast.AST) -> str:
        source = "\n".join(self.lines)
        seg = ast.get_source_segment(source, node)
        return (seg or "").replace("_", "")

    def _decimal(self, literal: str, node: ast.AST) -> sympy.Rational:
        try:
            d = Decimal(literal)
        except InvalidOperation:
            raise self.fail(f"bad number {literal!r}", node) from None
        if not d.is_finite() or abs(d.adjusted()) > 300:
            raise self.fail("number exponent is too large (at most 300)", node)
        f = Fraction(d)
        return sympy.Rational(f.numerator, f.denominator)

    def _Name(self, node: ast.Name, depth: int) -> Any:
        name = node.id
        if name in self.scope:
            return self.scope[name]
        if name in self.ns.symbols:
            return self.ns.symbols[name]
        if name in self.ns.functions or name in STANDARD_FUNCTIONS:
            raise self.fail(f"`{name}` is a function; call it, e.g. {name}(x)", node)
        if name in CONSTANTS:
            return CONSTANTS[name]
        raise self._unknown(name, node)

    def _unknown(self, name: str, node: ast.AST, called: bool = False) -> UnknownNameError:
        declared = ", ".join(f"`{s}`" for s in self.ns.symbol_names) or "none"
        if called:
            funcs = ", ".join(f"`{f}`" for f in sorted(self.ns.functions))
            msg = f"your answer calls `{name}`, which is not a known function" + (
                f" (the problem's functions are {funcs})" if funcs else ""
            )
        else:
            msg = f"your answer uses `{name}` but the problem's symbols are {declared}"
        hint = HINTS.get(name) or next(
            (f"did you mean `{s}`?" for s in self.ns.symbols if s.lower() == name.lower()), ""
        )
        if hint:
            msg += f"; {hint}"
        return UnknownNameError(msg, self.text, self.offset(node), name)

    # -- operators
    def _BinOp(self, node: ast.BinOp, depth: int) -> Any:
        if isinstance(node.op, (ast.Add, ast.Sub)):
            terms = self._chain(node, (ast.Add, ast.Sub), depth)
            return sympy.Add(*terms)
        if isinstance(node.op, ast.Mult):
            left, right = self.expr(node.left, depth), self.expr(node.right, depth)
            return _mul(left, right)
        if isinstance(node.op, ast.Div):
            left, right = self.expr(node.left, depth), self.expr(node.right, depth)
            if isinstance(left, sympy.MatrixBase):
                return left / right
            return _mul(left, sympy.Pow(right, -1))
        if isinstance(node.op, ast.Pow):
            base, exp = self.expr(node.left, depth), self.expr(node.right, depth)
            self._check_power(base, exp, node)
            return base**exp
        if isinstance(node.op, ast.Mod):
            return sympy.Mod(self.expr(node.left, depth), self.expr(node.right, depth))
        if isinstance(node.op, ast.BitAnd):
            return sympy.And(self.expr(node.left, depth), self.expr(node.right, depth))
        if isinstance(node.op, ast.BitOr):
            return sympy.Or(self.expr(node.left, depth), self.expr(node.right, depth))
        op = {ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>"}.get(type(node.op), "this")
        raise self.fail(f"the {op} operator is not allowed in an answer", node)

    def _chain(self, node: ast.AST, ops: tuple[type, ...], depth: int) -> list[Any]:
        """Operands of a left-leaning chain ``a + b - c + ...`` (built in one go: fast)."""
        terms: list[tuple[ast.AST, bool]] = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ops):
            terms.append((node.right, isinstance(node.op, ast.Sub)))
            node = node.left
            self.nodes += 1
        terms.append((node, False))
        out = []
        for sub, negate in reversed(terms):
            v = self.expr(sub, depth)
            out.append(-v if negate else v)
        if any(isinstance(v, sympy.MatrixBase) for v in out):
            total = out[0]
            for v in out[1:]:
                total = total + v
            return [total]
        return out

    def _check_power(self, base: Any, exp: Any, node: ast.AST) -> None:
        if not isinstance(exp, sympy.Expr) or not exp.is_number or exp.is_infinite:
            return  # 2**oo is oo at once: nothing to compute
        if isinstance(exp, sympy.Rational):
            size = abs(exp)
        else:
            try:
                size = abs(complex(exp))
            except (TypeError, ValueError):
                return
        if size > self.limits.max_exponent:
            raise self.fail(f"exponent is too large (at most {self.limits.max_exponent})", node)
        if isinstance(base, sympy.Rational) and base not in (0, 1, -1):
            bits = max(abs(int(base.p)).bit_length(), int(base.q).bit_length())
            if bits * float(size) > self.limits.max_number_bits:
                raise self.fail("this power is too large to compute", node)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Any:
        v = self.expr(node.operand, depth)
        if isinstance(node.op, ast.USub):
            return -v
        if isinstance(node.op, ast.UAdd):
            return v
        if isinstance(node.op, (ast.Not, ast.Invert)):
            return sympy.Not(v)
        raise self.fail("this operator is not allowed", node)

    def _Compare(self, node: ast.Compare, depth: int) -> Any:
        rels = {ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge, ast.Eq: sympy.Eq, ast.NotEq: sympy.Ne}
        values = [self.expr(node.left, depth)] + [self.expr(c, depth) for c in node.comparators]
        parts = []
        for op, a, b in zip(node.ops, values, values[1:]):
            rel = rels.get(type(op))
            if rel is None:
                raise self.fail("only <, <=, >, >=, ==, != comparisons are allowed", node)
            parts.append(rel(a, b))
        return parts[0] if len(parts) == 1 else sympy.And(*parts)

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Any:
        values = [self.expr(v, depth) for v in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)

    def _Tuple(self, node: ast.Tuple, depth: int) -> Any:
        return tuple(self.expr(e, depth) for e in node.elts)

    def _List(self, node: ast.List, depth: int) -> Any:
        return [self.expr(e, depth) for e in node.elts]

    # -- calls
    def _Call(self, node: ast.Call, depth: int) -> Any:
        if isinstance(node.func, ast.Attribute):
            raise self.fail("attribute access (.) is not allowed in an answer", node.func)
        if not isinstance(node.func, ast.Name):
            raise self.fail("only named functions can be called (no attribute access or call results)", node.func)
        name = node.func.id
        if node.keywords:
            raise self.fail(f"keyword arguments are not allowed (in {name}(...))", node.keywords[0].value)
        if name in self.scope or name in self.ns.symbols:
            raise self.fail(f"`{name}` is a symbol, not a function; write {name}*(...) for a product", node)
        if name in self.ns.functions:
            args = [self.expr(a, depth) for a in node.args]
            return self.ns.functions[name].func(*args)
        if name == "O":
            raise self.fail("O(...) must wrap the whole answer", node)
        fn = STANDARD_FUNCTIONS.get(name)
        if fn is None:
            raise self._unknown(name, node, called=True)
        if name in _BINDERS or name == "Subs":
            return self._binder(name, fn, node, depth)
        args = [self.expr(a, depth) for a in node.args]
        if name == "Piecewise":
            if not all(isinstance(a, tuple) and len(a) == 2 for a in args):
                raise self.fail("Piecewise takes pairs (value, condition)", node)
        elif name == "Matrix":
            return sympy.ImmutableMatrix(*args)
        elif name in _SPECIAL:
            for a in args:
                if isinstance(a, sympy.Expr) and a.is_number and a.is_real and abs(a) > self.limits.max_special_arg:
                    raise self.fail(f"argument of {name} is too large (at most {self.limits.max_special_arg})", node)
        return fn(*args)

    def _binder(self, name: str, fn: Any, node: ast.Call, depth: int) -> Any:
        """Sum/Product/Integral/Subs: their bound variables may be new names."""
        if not node.args:
            raise self.fail(f"{name} needs arguments", node)
        kind = _BINDERS.get(name, "")
        saved = dict(self.scope)
        try:
            rest = node.args[1:]
            if name == "Subs":
                if len(rest) != 2:
                    raise self.fail("Subs takes (expression, variable, point)", node)
                self._bind(rest[0], kind)
                var = self.expr(rest[0], depth)
                point = self.expr(rest[1], depth)
                body = self.expr(node.args[0], depth)
                return sympy.Subs(body, var, point)
            limits = []
            for lim in rest:
                target = lim.elts[0] if isinstance(lim, ast.Tuple) and lim.elts else lim
                self._bind(target, kind)
                limits.append(self.expr(lim, depth))
            body = self.expr(node.args[0], depth)
            return fn(body, *limits)
        finally:
            self.scope = saved

    def _bind(self, target: ast.AST, kind: str) -> None:
        if isinstance(target, ast.Name) and target.id not in self.ns.symbols and target.id not in CONSTANTS:
            assumptions = {kind: True} if kind else {}
            self.scope[target.id] = sympy.Symbol(target.id, **assumptions)


def _mul(a: Any, b: Any) -> Any:
    if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
        return a * b
    return sympy.Mul(a, b)


def _short(exc: Exception) -> str:
    msg = str(exc).strip().split("\n")[0]
    return (msg[:120] + "...") if len(msg) > 120 else (msg or type(exc).__name__)


__all__ = ["DEFAULT_LIMITS", "Limits", "ParseError", "Parsed", "UnknownNameError", "free_names", "parse", "parse_trusted"]
