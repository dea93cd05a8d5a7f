"""`grade batch --executor dask`: the same results on a dask.distributed cluster (a LocalCluster on loopback)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import run_cli
from test_batch_parallel import _book, _class

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'grader[dask]')")

#: fields that differ between any two runs (timings, clocks, memory)
VOLATILE = {"seconds", "started_at", "notes"}


def _stable(value):
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


CLUSTER = """
import sys
import distributed

if __name__ == "__main__":
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, worker_dashboard_address=None) as cluster:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()  # until the test closes it
"""


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A LocalCluster on loopback, in a process of its own: its workers and multiprocessing's resource
    tracker must not become children of the test process (later tests check that none is left)."""
    script = tmp_path_factory.mktemp("cluster") / "cluster.py"
    script.write_text(CLUSTER)
    proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        address = proc.stdout.readline().strip()
        assert address.startswith("tcp://127.0.0.1:"), "the LocalCluster did not start"
        yield address
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_dask_batch_gives_the_results_files_and_gradebook_of_a_local_run(tmp_path, scheduler):
    subs = _class(tmp_path, 8)
    local = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "local", "-j", "2", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    remote = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "dask", "--executor", "dask", "--scheduler", scheduler, cwd=tmp_path)
    assert remote.returncode == 0, remote.stderr
    assert _book(tmp_path, "dask") == _book(tmp_path, "local")
    names = sorted(p.name for p in (tmp_path / "local").glob("s*.json"))
    assert names == sorted(p.name for p in (tmp_path / "dask").glob("s*.json")) and len(names) == 8
    for name in names:
        here = json.loads((tmp_path / "local" / name).read_text())
        there = json.loads((tmp_path / "dask" / name).read_text())
        assert _stable(there) == _stable(here), name


def test_a_dask_batch_without_a_scheduler_address_is_a_usage_error(tmp_path):
    subs = _class(tmp_path, 1)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--executor", "dask", cwd=tmp_path)
    assert proc.returncode == 2 and "--scheduler" in proc.stderr


def test_an_unreachable_scheduler_is_a_usage_error_naming_it(tmp_path):
    subs = _class(tmp_path, 1)
    proc = run_cli("batch", subs, "-a", "hw", "-o", tmp_path / "out", "--executor", "dask",
                   "--scheduler", "tcp://127.0.0.1:9", cwd=tmp_path, timeout=120)
    assert proc.returncode == 2 and "tcp://127.0.0.1:9" in proc.stderr
