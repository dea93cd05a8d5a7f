"""One module per ``grade`` subcommand; :mod:`grader.cli` only parses and dispatches.

What every command shares lives here: the usage error, the exit codes, and starting the
sandbox from the command line's options.
"""

from __future__ import annotations

import argparse
from typing import Any

EXIT_OK, EXIT_LOST, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments, an unusable assignment or output: exit 2 with a one-line message."""


def make_sandbox(args: argparse.Namespace) -> Any:
    """Start the fork server now, before any answer key is read (see grader.sandbox.zygote)."""
    from grader.sandbox.forkable import import_numpy

    import_numpy()  # so that the fork server can be forked from this process, numpy and all
    from grader.sandbox.config import SandboxConfig
    from grader.sandbox.session import Sandbox

    settings: dict[str, Any] = dict(limits(args))
    if args.isolation:
        settings["isolation"] = args.isolation
    try:
        sandbox = Sandbox(SandboxConfig(**settings))
    except Exception as exc:  # noqa: BLE001 - e.g. strict isolation unavailable
        raise UsageError(str(exc)) from None
    from grader.compare import symbolic_cache

    # only where student code cannot write it (the sandbox drops privileges or confines writes)
    symbolic_cache.configure(not getattr(args, "no_cache", False), lambda: getattr(sandbox, "protections", ()))
    from grader.compare import symbolic_worker

    symbolic_worker.allow()  # symbolic comparisons in a process of their own (see the README)
    return sandbox


def limits(args: argparse.Namespace) -> dict[str, Any]:
    """Resource limits given on the command line (they override assignment.yaml)."""
    return {"memory_mb": args.memory} if args.memory else {}
