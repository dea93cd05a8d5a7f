"""The answer cache's entries: plain wire data, written whole, readable by this user only."""

from __future__ import annotations

import numpy as np


def test_a_cache_entry_is_written_whole_and_private(tmp_path, monkeypatch):
    from grader import answer_cache

    monkeypatch.setenv("GRADER_CACHE_DIR", str(tmp_path / "cache"))
    answer_cache.put("k", [np.arange(3.0)])
    [entry] = (tmp_path / "cache").iterdir()
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    assert np.array_equal(answer_cache.get("k")[0], np.arange(3.0))
