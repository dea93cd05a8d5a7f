"""Replace a file in one rename: a reader (or a crash) never sees half of it.

The one way the grader writes a file that others read while it runs: reports, results and
gradebooks, and the entries of its caches.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: str | bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``content`` (text as UTF-8) through a temporary file beside it.

    ``mode``: the new file's permissions (a cache entry's 0600); by default those of the file
    replaced, or what ``open()`` would give a new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777  # keep the mode of the file we replace
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
