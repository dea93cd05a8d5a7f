"""YAML loading that remembers where every value came from, and that stays cheap on any input.

``load`` returns plain Python data plus the positioned node tree it was built from, so that
validation errors can name file:line:column like a compiler does (``Document.mark(path)`` with a
path such as ``("cases", 0, "inputs", "image")``).

The node tree is composed here from libyaml's event stream, not by PyYAML's composer, so that
every bound of :mod:`grader.spec.bounds` is checked *before* any Python value is built: the file
size, the nesting depth, the number of aliases and the number of values once aliases are
expanded (a "billion laughs" alias bomb is rejected after a few hundred events, in kilobytes),
and a recursive alias. Composing is iterative, so no input can exhaust the Python stack.
Only the plain YAML types are read (null, bool, int, float, str, lists, mappings); another tag
is an error, and a date stays the string it was written as.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import yaml

from grader.spec import bounds
from grader.spec.errors import START, Mark, SpecError, SpecErrors, raise_all  # noqa: F401 - also this module's names

Path_ = tuple[Any, ...]


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader that also reads YAML 1.2 floats such as ``1e-5`` as numbers."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("null", "bool", "int", "float", "str")}
_TIMESTAMP = _TAG + "timestamp"
_MERGE = _TAG + "merge"
_MISSING = object()
# What YAML allows in a stream (YAML 1.1 "printable"); anything else is named with its position.
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FOREIGN_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
]


def _pos(mark: Any) -> int:
    """A libyaml mark packed into one int (1-based line and column): nodes stay small."""
    return ((mark.line + 1) << 24) | (mark.column + 1)


def _unpack(pos: int) -> Mark:
    return Mark(pos >> 24, pos & 0xFFFFFF)


class _Scalar:
    __slots__ = ("value", "pos")
    size = 1
    height = 0

    def __init__(self, value: Any, pos: int) -> None:
        self.value, self.pos = value, pos


class _Seq:
    __slots__ = ("items", "pos", "size", "height", "open", "alias_pos")

    def __init__(self, pos: int) -> None:
        self.items: list[_Node] = []
        self.pos, self.size, self.height, self.open = pos, 1, 1, True
        self.alias_pos: dict[int, int] = {}  # item index -> where an alias was written


class _Map:
    __slots__ = ("entries", "pos", "size", "height", "open", "key")

    def __init__(self, pos: int) -> None:
        self.entries: dict[Any, tuple[int, int, _Node]] = {}  # key -> (key pos, value pos, value)
        self.pos, self.size, self.height, self.open = pos, 1, 1, True
        self.key: tuple[Any, int] | None = None  # a key waiting for its value


_Node = Union[_Scalar, _Seq, _Map]


@dataclass
class Document:
    """A parsed YAML file: its data and the positioned nodes it was built from."""

    file: Path
    data: Any
    root: Any = None

    def _walk(self, path: Path_) -> tuple[int | None, int | None]:
        """(position of the deepest value of ``path`` that exists, position of its key if the whole path exists)."""
        node, pos, key_pos = self.root, getattr(self.root, "pos", None), None
        for i, part in enumerate(path):
            key_pos = None
            if isinstance(node, _Map) and _hashable(part) and part in node.entries:
                key_pos, pos, node = node.entries[part]
            elif isinstance(node, _Seq) and isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(node.items):
                pos, node = node.alias_pos.get(part, node.items[part].pos), node.items[part]
            else:
                return pos, None
        return pos, key_pos

    def mark(self, path: Path_) -> Mark:
        """Position of ``path``, or of its deepest ancestor that exists in the file (1:1 for an empty file)."""
        pos, _ = self._walk(tuple(path))
        return START if pos is None else _unpack(pos)

    def error(self, path: Path_, message: str, *, at_key: bool = False) -> SpecError:
        pos, key_pos = self._walk(tuple(path))
        chosen = key_pos if at_key and key_pos is not None else pos
        return SpecError(self.file, message, START if chosen is None else _unpack(chosen))


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def load(file: Path) -> Document:
    """Parse ``file``; raises :class:`SpecError` at the position of anything it cannot accept."""
    text = _read(file)
    loader = _Loader(text)
    try:
        root = _Composer(file, loader).compose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else START
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SpecError(file, f"invalid YAML: {problem}", where) from None
    except yaml.reader.ReaderError as exc:
        raise SpecError(file, f"invalid YAML: {exc.reason}", _text_mark(text, exc.position)) from None
    except yaml.YAMLError as exc:
        raise SpecError(file, f"invalid YAML: {exc}", START) from None
    finally:
        loader.dispose()
    return Document(file, None if root is None else _build(root), root)


def _read(file: Path) -> str:
    """The file's text: bounded in size, UTF-8 (a leading BOM allowed), only characters YAML allows."""
    try:
        size = file.stat().st_size
        if size > bounds.MAX_FILE_BYTES:
            raise SpecError(file, f"the file is {size} bytes; a YAML file may hold at most {bounds.MAX_FILE_BYTES} bytes", START)
        raw = file.read_bytes()[: bounds.MAX_FILE_BYTES + 1]
    except OSError as exc:
        raise SpecError(file, f"cannot read: {exc.strerror or exc}", START) from None
    if len(raw) > bounds.MAX_FILE_BYTES:  # it grew while we looked
        raise SpecError(file, f"the file holds more than {bounds.MAX_FILE_BYTES} bytes, the most a YAML file may hold", START)
    for bom, name in _FOREIGN_BOMS:
        if raw.startswith(bom):
            raise SpecError(file, f"the file is {name} text (it starts with a {name} byte order mark); save it as UTF-8", START)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            file, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} ({exc.reason}); save the file as UTF-8", Mark(line, column)
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
        offset = 1
    else:
        offset = 0
    bom = text.find("\ufeff")
    if bom >= 0:
        raise SpecError(file, "a byte order mark (U+FEFF) in the middle of the file; delete it", _text_mark(text, bom, offset))
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        raise SpecError(
            file, f"character U+{ord(bad.group()):04X} is not allowed in YAML (control characters are not)",
            _text_mark(text, bad.start(), offset),
        )
    return text


def _text_mark(text: str, index: int, offset: int = 0) -> Mark:
    """The line and column of character ``index`` of ``text`` (``offset``: characters stripped before it)."""
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return Mark(line, index - start + 1 + (offset if line == 1 else 0))


class _Composer:
    """Builds the node tree from libyaml events, checking every bound as it goes."""

    def __init__(self, file: Path, loader: Any) -> None:
        self.file, self.loader = file, loader
        self.anchors: dict[str, _Node] = {}
        self.aliases = 0
        self.expanded = 0  # values once every alias is expanded
        self.stack: list[_Seq | _Map] = []
        self.root: _Node | None = None
        self.cache: dict[Any, Any] = {}  # (text, implicit, tag) -> value: repeated scalars are read once

    def fail(self, event: Any, message: str) -> SpecError:
        return SpecError(self.file, message, _unpack(_pos(event.start_mark)))

    def compose(self) -> _Node | None:
        get = self.loader.get_event
        get()  # stream start
        if self.loader.check_event(yaml.StreamEndEvent):
            return None
        get()  # document start
        while True:
            event = get()
            if isinstance(event, yaml.ScalarEvent):
                self.add(self.scalar(event), event)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.start(event)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node = self.stack.pop()
                node.open = False
                self.add(node, event, pos=node.pos)
            elif isinstance(event, yaml.DocumentEndEvent):
                break
        if not self.loader.check_event(yaml.StreamEndEvent):
            raise self.fail(self.loader.peek_event(), "a problem file holds one YAML document; found a second one (`---`)")
        return self.root

    def count(self, n: int, event: Any) -> None:
        self.expanded += n
        if self.expanded > bounds.MAX_NODES:
            raise self.fail(event, f"the file holds more than {bounds.MAX_NODES} values once its aliases are expanded "
                                   "(an alias bomb, or data too large for a YAML file)")

    def anchor(self, event: Any, node: _Node) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = node

    def scalar(self, event: Any) -> _Scalar:
        self.count(1, event)
        key = (event.value, event.implicit, event.tag) if len(event.value) <= 64 else None
        value = self.cache.get(key, _MISSING) if key is not None else _MISSING
        if value is _MISSING:
            value = self.construct(event)
            if key is not None and len(self.cache) < 10_000:
                self.cache[key] = value
        result = _Scalar(value, _pos(event.start_mark))
        if event.anchor is not None:
            self.anchors[event.anchor] = result
        return result

    def construct(self, event: Any) -> Any:
        """The Python value of a scalar: one of the plain YAML types, else an error at its position."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _TIMESTAMP and event.tag is None:
            tag = _TAG + "str"  # a date is read as the text it is
        if tag == _MERGE:
            raise self.fail(event, "merge keys ('<<') are not supported; repeat the keys")
        if tag not in _SCALAR_TAGS:
            raise self.fail(event, f"the YAML tag {event.tag} is not supported; write a plain number, string, bool or null")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.yaml_constructors[tag](self.loader, node)
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            raise self.fail(event, f"cannot read this number: {exc}") from None

    def start(self, event: Any) -> None:
        self.count(1, event)
        is_seq = isinstance(event, yaml.SequenceStartEvent)
        if event.tag not in (None, "!", _TAG + ("seq" if is_seq else "map")):
            raise self.fail(event, f"the YAML tag {event.tag} is not supported; write a plain list or mapping")
        if len(self.stack) + 1 > bounds.MAX_DEPTH:
            raise self.fail(event, f"lists and mappings are nested more than {bounds.MAX_DEPTH} deep")
        node: _Seq | _Map = _Seq(_pos(event.start_mark)) if is_seq else _Map(_pos(event.start_mark))
        self.anchor(event, node)
        self.stack.append(node)

    def alias(self, event: Any) -> None:
        node = self.anchors.get(event.anchor)
        if node is None:
            raise self.fail(event, f"alias *{event.anchor} refers to no anchor &{event.anchor} defined before it")
        if getattr(node, "open", False):
            raise self.fail(event, f"alias *{event.anchor} is inside the value it refers to (a recursive alias)")
        self.aliases += 1
        if self.aliases > bounds.MAX_ALIASES:
            raise self.fail(event, f"more than {bounds.MAX_ALIASES} aliases in one file")
        if len(self.stack) + node.height > bounds.MAX_DEPTH:
            raise self.fail(event, f"lists and mappings are nested more than {bounds.MAX_DEPTH} deep once alias *{event.anchor} is expanded")
        self.count(node.size, event)
        self.add(node, event, pos=_pos(event.start_mark), alias=True)

    def add(self, node: _Node, event: Any, *, pos: int | None = None, alias: bool = False) -> None:
        """Attach a finished node to the open collection (or make it the root)."""
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        parent.size += node.size
        parent.height = max(parent.height, node.height + 1)
        if isinstance(parent, _Seq):
            if alias:
                parent.alias_pos[len(parent.items)] = pos  # type: ignore[assignment]
            parent.items.append(node)
            return
        if parent.key is None:
            if not isinstance(node, _Scalar):
                raise self.fail(event, "mapping keys must be plain scalars")
            key, key_pos = node.value, (pos if alias else node.pos)
            if isinstance(key, str) and len(key) > 1000:
                raise self.fail(event, "a mapping key longer than 1000 characters")
            if key in parent.entries:
                first = _unpack(parent.entries[key][0])
                raise SpecError(self.file, f"duplicate key {key!r} (first defined on line {first.line})", _unpack(key_pos))  # type: ignore[arg-type]
            parent.key = (key, key_pos)  # type: ignore[assignment]
            return
        key, key_pos = parent.key
        parent.entries[key] = (key_pos, pos if alias else node.pos, node)  # type: ignore[assignment]
        parent.key = None


def _build(node: _Node) -> Any:
    """Plain Python data from the nodes (each alias expanded into its own copy). Depth ≤ MAX_DEPTH."""
    if isinstance(node, _Scalar):
        return node.value
    if isinstance(node, _Seq):
        return [_build(item) for item in node.items]
    return {key: _build(value) for key, (_, _, value) in node.entries.items()}
