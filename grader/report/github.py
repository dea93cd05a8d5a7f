"""The GitHub Actions log: annotations on, and no workflow command from student text.

The runner executes any log line that starts with ``::`` (``::add-mask::``, ``::notice::``, …)
or holds ``##[``. A report printed to the log carries student output, so under
``GITHUB_ACTIONS=true`` each printed report is fenced by ``::stop-commands::TOKEN`` …
``::TOKEN::``: the runner then runs nothing until it sees the token, which is drawn at random
after the student's code has finished, so no print can guess it. The annotations (the
grader's own commands) are printed outside the fence.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

ANNOTATIONS = "annotations"
#: formats printed unfenced: the grader's own commands, and base64 (its alphabet has no ``:`` or ``#``)
UNFENCED = {ANNOTATIONS, "classroom"}


def in_github_actions(env: Mapping[str, str] | None = None) -> bool:
    """True on a GitHub Actions runner (it sets ``GITHUB_ACTIONS=true``)."""
    return (os.environ if env is None else env).get("GITHUB_ACTIONS") == "true"


def log_formats(formats: list[str], env: Mapping[str, str] | None = None) -> list[str]:
    """The formats to print to stdout: ``formats``, plus the annotations on GitHub Actions."""
    if in_github_actions(env) and ANNOTATIONS not in formats:
        return [*formats, ANNOTATIONS]
    return list(formats)


def for_log(fmt: str, text: str, env: Mapping[str, str] | None = None) -> str:
    """``text`` (a report in ``fmt``) as printed to stdout: on GitHub Actions, inside a
    stop-commands block, except the annotations (which must run) and base64 output."""
    if not in_github_actions(env) or fmt in UNFENCED or not text:
        return text
    token = os.urandom(16).hex()  # (secrets.token_hex, without importing OpenSSL for it)
    ending = "" if text.endswith("\n") else "\n"
    return f"::stop-commands::{token}\n{text}{ending}::{token}::\n"
