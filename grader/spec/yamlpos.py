"""YAML loading that remembers where every value came from.

``load`` returns plain Python data plus a map from each value's path
(``("cases", 0, "inputs", "image")``) to its position in the file, so that
validation errors can name file:line:column like a compiler does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


class SpecError(Exception):
    """A problem with an assignment file, located at file:line:column."""

    def __init__(self, file: str | Path, message: str, mark: Mark | None = None) -> None:
        self.file = str(file)
        self.message = message
        self.mark = mark
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.mark is None else f"{self.file}:{self.mark.line}:{self.mark.column}"
        return f"{where}: {self.message}"


class SpecErrors(SpecError):
    """Several problems found in one file: all of them are reported, each with its position
    (the first is also this error's own ``message`` and ``mark``)."""

    def __init__(self, errors: list[SpecError]) -> None:
        assert errors
        self.errors = list(errors)
        first = errors[0]
        super().__init__(first.file, first.message, first.mark)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def raise_all(errors: list[SpecError]) -> None:
    """Raise ``errors`` (one as itself, several as :class:`SpecErrors`); nothing when empty."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise SpecErrors(errors)


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that also reads YAML 1.2 floats such as ``1e-5`` as numbers."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


@dataclass
class Document:
    """A parsed YAML file: its data and the position of every node, by path."""

    file: Path
    data: Any
    marks: dict[Path_, Mark]
    key_marks: dict[Path_, Mark]

    def mark(self, path: Path_) -> Mark | None:
        """Position of ``path``, or of its deepest ancestor that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get(())

    def error(self, path: Path_, message: str, *, at_key: bool = False) -> SpecError:
        mark = self.key_marks.get(tuple(path)) if at_key else None
        return SpecError(self.file, message, mark or self.mark(path))


def load(file: Path) -> Document:
    """Parse ``file``; raises :class:`SpecError` with the position of a syntax error."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(file, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SpecError(file, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = Document(file, None, {}, {})
        if node is not None:
            doc.data = _build(node, (), doc, loader)
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SpecError(file, f"invalid YAML: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise SpecError(file, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _build(node: yaml.Node, path: Path_, doc: Document, loader: Any) -> Any:
    doc.marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SpecError(doc.file, "merge keys ('<<') are not supported; repeat the keys", _mark(key_node))
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise SpecError(doc.file, "mapping keys must be plain scalars", _mark(key_node))
            if key in out:
                first = doc.key_marks[path + (key,)]
                raise SpecError(doc.file, f"duplicate key {key!r} (first defined on line {first.line})", _mark(key_node))
            doc.key_marks[path + (key,)] = _mark(key_node)
            out[key] = _build(value_node, path + (key,), doc, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
