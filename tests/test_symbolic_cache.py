"""The symbolic verdict cache: a rerun with the same answers gets the same verdicts without
importing SymPy; entries are keyed by everything a verdict depends on, written atomically,
ignored when corrupt or untrusted, and never used where student code could write them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.compare import symbolic_cache
from grader.compare.symbolic import compare
from grader.sandbox.values import SympyText

REPO = Path(__file__).resolve().parent.parent
CONFINED = ["unprivileged user", "landlock"]
OPTIONS = {"symbols": {"x": {"real": True}}}


@pytest.fixture
def cache(tmp_path):
    folder = symbolic_cache.configure(True, CONFINED, tmp_path / "cache")
    assert folder is not None
    yield folder
    symbolic_cache.configure(False)


def same(a, b):
    """Equal verdicts, but for the time the check took."""
    strip = lambda v: (v.score, v.status, v.message, {k: x for k, x in v.details.items() if k != "elapsed_ms"})  # noqa: E731
    return strip(a) == strip(b)


def entries(folder):
    return sorted(p for p in folder.rglob("*.json"))


def test_the_cache_is_off_unless_turned_on(tmp_path):
    symbolic_cache.configure(False)
    compare("x**2", "x*x", OPTIONS)
    assert not symbolic_cache.enabled() and not list(tmp_path.rglob("*.json"))


def test_a_verdict_decided_once_is_recalled_from_memory_without_the_disk_cache(monkeypatch):
    symbolic_cache.configure(False)
    first = compare("x**2", SympyText("x*x", "Mul"), OPTIONS)
    from grader.compare import symbolic_worker

    monkeypatch.setattr(symbolic_worker, "compare", lambda *a: pytest.fail("compared again"))
    import grader.compare.symbolic_check as check

    monkeypatch.setattr(check, "compare", lambda *a, **k: pytest.fail("compared again"))
    again = compare("x**2", SympyText("x*x", "Mul"), OPTIONS)
    assert again == first and again is not first


def test_a_recalled_verdict_is_a_copy_its_reader_may_change():
    symbolic_cache.configure(False)
    first = compare("x**2", "x*3", OPTIONS)
    first.details["mangled"] = True
    assert "mangled" not in compare("x**2", "x*3", OPTIONS).details


def test_the_cache_is_off_where_student_code_could_write_it(tmp_path):
    assert symbolic_cache.configure(True, ["own process group", "memory limit"], tmp_path) is None
    assert symbolic_cache.configure(True, [], tmp_path) is None


def test_a_folder_others_can_write_is_not_trusted(tmp_path):
    shared = tmp_path / "shared"
    (shared / symbolic_cache.FOLDER).mkdir(parents=True)
    os.chmod(shared / symbolic_cache.FOLDER, 0o777)
    assert symbolic_cache.configure(True, CONFINED, shared) is None


def test_a_symlinked_folder_is_not_trusted(tmp_path):
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "root").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "root" / symbolic_cache.FOLDER)
    assert symbolic_cache.configure(True, CONFINED, tmp_path / "root") is None


def test_a_verdict_is_stored_once_and_then_served(cache):
    first = compare("x**2", SympyText("x*x", "Mul"), OPTIONS)
    [entry] = entries(cache)
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    assert not list(cache.rglob(".tmp-*"))
    again = compare("x**2", SympyText("x*x", "Mul"), OPTIONS)
    assert again == first and len(entries(cache)) == 1


def test_the_key_holds_expected_answer_its_type_and_options(cache):
    keys = {
        symbolic_cache.key("x**2", SympyText("x*x", "Mul"), OPTIONS),
        symbolic_cache.key("x**3", SympyText("x*x", "Mul"), OPTIONS),
        symbolic_cache.key("x**2", SympyText("x*x*1", "Mul"), OPTIONS),
        symbolic_cache.key("x**2", "x*x", OPTIONS),
        symbolic_cache.key("x**2", SympyText("x*x", "Mul"), {"symbols": {"x": {"positive": True}}}),
        symbolic_cache.key("x**2", 4, OPTIONS),
        symbolic_cache.key("x**2", 4.0, OPTIONS),
    }
    assert None not in keys and len(keys) == 7


def test_the_key_holds_the_engine_fingerprint(cache, monkeypatch):
    before = symbolic_cache.key("x", "x", OPTIONS)
    monkeypatch.setattr(symbolic_cache, "_fingerprint", ["another grader"])
    assert symbolic_cache.key("x", "x", OPTIONS) != before


def test_a_sympy_object_passed_in_process_is_not_cached(cache):
    import sympy

    assert symbolic_cache.key("x", sympy.Symbol("x"), OPTIONS) is None


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": 1}', b"\xff\xfe", b'{"format": 1, "key": "other", "verdict": {}}'])
def test_a_corrupt_entry_is_ignored_and_replaced(cache, garbage):
    right = compare("x**2", "x*x", OPTIONS)
    [entry] = entries(cache)
    entry.write_bytes(garbage)
    symbolic_cache.forget()  # a new run: only the disk remembers
    assert same(compare("x**2", "x*x", OPTIONS), right)
    assert json.loads(entry.read_text())["verdict"]["status"] == "passed"


def test_a_forged_score_is_ignored(cache):
    wrong = compare("x**2", "x*3", OPTIONS)
    [entry] = entries(cache)
    data = json.loads(entry.read_text())
    data["verdict"]["score"] = 7
    entry.write_text(json.dumps(data))
    symbolic_cache.forget()
    assert same(compare("x**2", "x*3", OPTIONS), wrong)


def test_an_entry_owned_by_another_user_is_ignored(cache):
    if os.getuid() != 0:
        pytest.skip("needs root to hand a file to another user")
    wrong = compare("x**2", "x*3", OPTIONS)
    [entry] = entries(cache)
    data = json.loads(entry.read_text())
    data["verdict"].update(score=1.0, status="passed")
    entry.write_text(json.dumps(data))
    os.chown(entry, 65534, 65534)
    symbolic_cache.forget()
    assert same(compare("x**2", "x*3", OPTIONS), wrong)


def test_an_undecided_verdict_is_not_cached(cache):
    verdict = compare("Integral(exp(-x**2)*sin(x)**7*log(1+x**2), (x, 0, 1))", "1/10", {**OPTIONS, "time_limit": 0.02})
    assert verdict.details.get("kind") == "undecided"
    assert entries(cache) == []


def _grade_and_report_sympy(cache_dir: Path, *extra: str) -> tuple[dict, bool]:
    code = (
        "import sys, json, io, contextlib\n"
        "from grader.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    main(['solutions/dl_conv.py', '-f', 'json', *{list(extra)!r}])\n"
        "print(json.dumps({'result': json.loads(out.getvalue()), 'sympy': 'sympy' in sys.modules}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "GRADER_CACHE_DIR": str(cache_dir)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return data["result"], data["sympy"]


def _verdicts(result: dict) -> list:
    return [(p["id"], c["status"], c["message"], c["details"].get("parsed")) for p in result["problems"] for c in p["cases"]]


def test_a_rerun_with_the_same_answers_gives_the_same_report_without_importing_sympy(tmp_path):
    cold, _ = _grade_and_report_sympy(tmp_path)  # the worker process compares (or this one)
    warm, warm_sympy = _grade_and_report_sympy(tmp_path)
    assert not warm_sympy
    assert _verdicts(warm) == _verdicts(cold) and warm["total"] == cold["total"] == 32


def test_no_cache_flag_neither_reads_nor_writes(tmp_path):
    result, _ = _grade_and_report_sympy(tmp_path, "--no-cache")
    assert result["total"] == 32 and not list(tmp_path.rglob("*.json"))
