"""Limits and isolation settings for running one submission."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SandboxConfig:
    """What the child that runs student code may use. Sent to the fork server as plain data."""

    memory_mb: int = 2048  # address-space limit of the child (numpy + sympy need about 200 MiB)
    cpu_seconds: int = 120  # CPU time for the whole submission (each call also has a wall-clock limit)
    output_bytes: int = 8192  # kept from the head and again from the tail of each captured stream
    file_size_mb: int = 64  # largest file the child may write (its captured output included)
    max_open_files: int = 256
    max_processes: int = 64
    isolation: str = "process"  # "none" (debugging), "process", "strict"

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> "SandboxConfig":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)
