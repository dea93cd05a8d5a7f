"""The builtins as they were before student code ran, for library code called on the grader's behalf.

Sealed grader modules (:mod:`grader.sandbox.sealed`) have builtins of their own; library
code they call (SymPy's printer) looks builtins up in the real module, which a submission
may have changed. :func:`pristine_builtins` puts the originals back around such a call.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager

_builtins_dict = builtins.__dict__
_update, _copy_dict = dict.update, dict.copy
_PRISTINE = _copy_dict(_builtins_dict)


@contextmanager
def pristine_builtins() -> Iterator[None]:
    """Run library code with the original builtins, then give the student theirs back."""
    theirs = _copy_dict(_builtins_dict)
    _update(_builtins_dict, _PRISTINE)
    try:
        yield
    finally:
        _update(_builtins_dict, theirs)
