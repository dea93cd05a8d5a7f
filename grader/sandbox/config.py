"""Limits and isolation settings for running one submission."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


#: ``none``: a child with no limits (debugging); ``process``: limits plus every layer available;
#: ``strict``: like ``process`` but refuses to run without privilege drop, network cut,
#: read-only filesystem and pid namespace
ISOLATION_LEVELS = ("none", "process", "strict")


@dataclass(frozen=True)
class SandboxConfig:
    """What the child that runs student code may use. Sent to the fork server as plain data."""

    memory_mb: int = 2048  # address-space limit of the child (numpy + sympy need about 200 MiB)
    cpu_seconds: int = 120  # CPU time for the whole submission, across restarts (each call also has a wall-clock limit)
    wall_seconds: float = 300.0  # wall-clock time for the whole submission: import(s) and every call
    output_bytes: int = 8192  # kept from the head and again from the tail of each captured stream
    file_size_mb: int = 64  # largest file the child may write (its captured output included)
    max_open_files: int = 256
    max_processes: int = 64
    isolation: str = "process"  # "none" (debugging), "process", "strict"

    def __post_init__(self) -> None:
        if self.isolation not in ISOLATION_LEVELS:
            raise ValueError(f"isolation must be one of {', '.join(ISOLATION_LEVELS)}, not {self.isolation!r}")

    def to_wire(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> "SandboxConfig":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)
