"""The dask executor gives the local executor's results on a LocalCluster (loopback only)."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import run_cli
from test_batch_parallel import _class

distributed = pytest.importorskip("distributed", reason="the dask executor needs dask.distributed (pip install 'grader[dask]')")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True,
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


def _case(case: dict) -> dict:
    data = {k: v for k, v in case.items() if k != "seconds"}
    data["notes"] = [n for n in case.get("notes", []) if not n.startswith("peak memory")]
    return data


def _comparable(result: dict) -> dict:
    """A result without its measurements, which differ between any two runs: times, and the child's peak
    memory (a child forked in a dask worker starts from that bigger process)."""
    drop = {"started_at", "seconds"}
    data = {k: v for k, v in result.items() if k not in drop}
    data["problems"] = [{**{k: v for k, v in p.items() if k != "seconds"}, "cases": [_case(c) for c in p["cases"]]}
                        for p in result["problems"]]
    data["imported"] = {k: v for k, v in result.get("imported", {}).items() if k != "seconds"}
    return data


@pytest.mark.slow
def test_a_dask_cluster_gives_the_results_files_and_gradebook_of_a_local_run(tmp_path, cluster):
    subs = _class(tmp_path, 8)
    local = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "local", "-j", "2", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    remote = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "dask", "--executor", "dask", "--scheduler",
                     cluster.scheduler_address, cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert (tmp_path / "dask" / "gradebook.csv").read_text() == (tmp_path / "local" / "gradebook.csv").read_text()
    names = sorted(p.name for p in (tmp_path / "local").glob("s*.json"))
    assert names == sorted(p.name for p in (tmp_path / "dask").glob("s*.json")) and len(names) == 8
    for name in names:
        a = json.loads((tmp_path / "local" / name).read_text())
        b = json.loads((tmp_path / "dask" / name).read_text())
        assert _comparable(a) == _comparable(b), name
    rows = list(csv.DictReader((tmp_path / "dask" / "gradebook.csv").open()))
    assert [r["total"] for r in rows[:2]] == ["3", "1"]


def test_dask_without_a_scheduler_is_a_usage_error(tmp_path):
    subs = _class(tmp_path, 1)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--executor", "dask", cwd=tmp_path)
    assert proc.returncode == 2 and "--executor dask needs --scheduler" in proc.stderr


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path):
    subs = _class(tmp_path, 1)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--executor", "dask", "--scheduler",
                   "tcp://127.0.0.1:9", cwd=tmp_path, timeout=120)
    assert proc.returncode == 2 and "cannot reach the dask scheduler at tcp://127.0.0.1:9" in proc.stderr
