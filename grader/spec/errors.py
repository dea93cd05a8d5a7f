"""Errors in an assignment's files, located at file:line:column (no YAML parser needed to use them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


START = Mark(1, 1)


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
