"""Mutation test of problem files: hundreds of mutated copies of the shipped assignment `dl-conv`
(byte flips, truncation, deleted keys, type swaps, huge numbers, inf/nan, deep nesting, alias bombs,
duplicate keys, wrong encodings, BOMs, tabs, long strings, template syntax, path escapes, ...).

Every mutation must end either as an error at file:line of the file it broke (``grade`` exits 2),
or load, and then the reference solution gets the verdict the content deserves: full marks when
what is graded did not change, and a verdict (right or wrong, never a crash) when it did. No
traceback, no hang, bounded memory. The mutations are generated from a fixed seed; the loader and
the comparators run in-process (the reference solution is trusted instructor code), and a few
mutated copies go through ``grade check`` on the command line.
"""

from __future__ import annotations

import faulthandler
import importlib.util
import json
import math
import os
import random
import resource
import shutil
import signal
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import REPO, run_cli
from grader import compare as comparators
from grader.sandbox.values import decode, encode
from grader.spec import ProblemSpec, SpecError, load_assignment

SEED = 20261201
SOURCE = REPO / "assignments" / "dl-conv"
FILES = sorted(p.name for p in SOURCE.glob("*.yaml"))


@dataclass
class Mutation:
    kind: str
    file: str  # the file changed (relative to the assignment folder)
    data: bytes  # its new content
    extra: Callable[[Path], None] | None = None  # more changes to the folder (a symlink, another file)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.file}"


# -- the generator -------------------------------------------------------------------------------

def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _key_lines(data: bytes) -> list[int]:
    return [i for i, line in enumerate(_lines(data)) if b":" in line and not line.lstrip().startswith(b"#")]


def _replace_value(rng: random.Random, data: bytes, values: list[bytes]) -> bytes:
    """Replace the value after ``key:`` on a random key line."""
    lines = _lines(data)
    candidates = [i for i in _key_lines(data) if lines[i].rstrip().split(b":", 1)[1].strip()]
    if not candidates:
        return data + b"x: " + rng.choice(values) + b"\n"
    i = rng.choice(candidates)
    key = lines[i].split(b":", 1)[0]
    lines[i] = key + b": " + rng.choice(values) + b"\n"
    return b"".join(lines)


def _replace_number(rng: random.Random, data: bytes, values: list[bytes]) -> bytes:
    import re

    numbers = list(re.finditer(rb"(?<![\w.])-?\d+(?:\.\d+)?(?:e-?\d+)?(?![\w.])", data))
    if not numbers:
        return _replace_value(rng, data, values)
    m = rng.choice(numbers)
    return data[: m.start()] + rng.choice(values) + data[m.end():]


def billion_laughs() -> bytes:
    lines = [b"bomb_a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        prev, name = chr(96 + i).encode(), chr(97 + i).encode()
        lines.append(b"bomb_" + name + b": &" + name + b" [" + b", ".join([b"*" + prev] * 9) + b"]")
    return b"\n".join(lines) + b"\n"


TEMPLATES = [
    "{{ observed ", "{% if observed %}", "{{ obsrved }}", "{{ ''.__class__.__mro__ }}", "{{ 'x' * 1000000000 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "{{ '%999999999d' % 1 }}", "{{ 9 ** 9 ** 9 ** 9 }}",
    "You gave {{ observed }}; {{ message }}",  # a sound one
]


def _template(rng: random.Random, data: bytes) -> bytes:
    text = json.dumps(rng.choice(TEMPLATES)).encode()
    if rng.random() < 0.5 or b"mistakes:" not in data:
        return data.rstrip(b"\n") + b"\nfeedback:\n  fail: " + text + b"\n"
    return data.replace(b"    feedback: ", b"    feedback: " + text + b" #", 1)


def _nest(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([63, 65, 100, 490, 5000, 200_000])
    if rng.random() < 0.5:
        deep = b"[" * depth + b"]" * depth
    else:
        deep = b"{a: " * depth + b"1" + b"}" * depth
    return _replace_value(rng, data, [deep])


def _path_escape(rng: random.Random, data: bytes) -> Mutation:
    target = rng.choice(["../x.yaml", "../../assignments/dl-conv/conv2d.yaml", "/etc/passwd", "/dev/zero",
                         "link.yaml", "sub/../../x.yaml", "./conv2d.yaml"])
    lines = _lines(data)
    entries = [i for i, line in enumerate(lines) if line.startswith(b"  - ")]
    i = rng.choice(entries)
    lines[i] = b"  - " + target.encode() + b"\n"

    def extra(folder: Path) -> None:
        (folder.parent / "x.yaml").write_text("id: outside\nexpected: 1\n")
        (folder / "link.yaml").symlink_to("/etc/hostname")

    return Mutation("path escape", "assignment.yaml", b"".join(lines), extra)


def _generators() -> dict[str, Callable[[random.Random, bytes], bytes]]:
    def flip(rng: random.Random, d: bytes) -> bytes:
        i = rng.randrange(len(d))
        return d[:i] + bytes([d[i] ^ (1 << rng.randrange(8))]) + d[i + 1:]

    def truncate(rng: random.Random, d: bytes) -> bytes:
        return d[: rng.randrange(len(d))]

    def delete_key(rng: random.Random, d: bytes) -> bytes:
        lines = _lines(d)
        del lines[rng.choice(_key_lines(d))]
        return b"".join(lines)

    def duplicate_key(rng: random.Random, d: bytes) -> bytes:
        lines = _lines(d)
        i = rng.choice(_key_lines(d))
        lines.insert(i + 1, lines[i])
        return b"".join(lines)

    def tab(rng: random.Random, d: bytes) -> bytes:
        lines = _lines(d)
        indented = [i for i, line in enumerate(lines) if line.startswith(b"  ")] or [0]
        i = rng.choice(indented)
        lines[i] = b"\t" + lines[i].lstrip(b" ")
        return b"".join(lines)

    def dedent(rng: random.Random, d: bytes) -> bytes:
        lines = _lines(d)
        indented = [i for i, line in enumerate(lines) if line.startswith(b"  ")] or [0]
        i = rng.choice(indented)
        lines[i] = lines[i][rng.choice([1, 2]):]
        return b"".join(lines)

    def swap_lines(rng: random.Random, d: bytes) -> bytes:
        lines = _lines(d)
        i = rng.randrange(len(lines) - 1)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
        return b"".join(lines)

    def encoding(rng: random.Random, d: bytes) -> bytes:
        text = d.decode("utf-8")
        choice = rng.randrange(4)
        if choice == 0:
            return text.encode("utf-16")
        if choice == 1:
            return d.replace(b"title: ", b"title: caf\xe9 ", 1)  # latin-1
        if choice == 2:
            return d.replace(b"title: ", b"title: \x93quoted\x94 ", 1)  # cp1252 quotes
        return d[: len(d) // 2] + b"\xff\xfe" + d[len(d) // 2:]

    def bom(rng: random.Random, d: bytes) -> bytes:
        mark = b"\xef\xbb\xbf"
        choice = rng.randrange(3)
        if choice == 0:
            return mark + d  # allowed
        if choice == 1:
            return mark + mark + d
        i = rng.choice([m.start() for m in __import__("re").finditer(rb"\n", d)])
        return d[: i + 1] + mark + d[i + 1:]

    def control(rng: random.Random, d: bytes) -> bytes:
        i = rng.randrange(len(d))
        return d[:i] + bytes([rng.choice([0, 7, 8, 27, 127])]) + d[i:]

    return {
        "byte flip": flip,
        "truncation": truncate,
        "deleted key": delete_key,
        "type swap": lambda rng, d: _replace_value(rng, d, [b"[1, 2]", b"{a: 1}", b'"text"', b"true", b"null", b"-1", b"0", b"[]", b"{}", b"~", b"2024-01-31"]),
        "huge number": lambda rng, d: _replace_number(rng, d, [b"1e400", b"1e308", b"-1e308", b"99999999999999999999999", b"1e-320", b"7" * 5000]),
        "inf/nan": lambda rng, d: _replace_number(rng, d, [b".inf", b"-.inf", b".nan", b".NaN", b"-.Inf"]),
        "deep nesting": _nest,
        "alias bomb": lambda rng, d: d.rstrip(b"\n") + b"\n" + billion_laughs(),
        "recursive alias": lambda rng, d: _replace_value(rng, d, [b"&r [1, *r]", b"&r {a: *r}", b"*undefined"]),
        "duplicate key": duplicate_key,
        "wrong encoding": encoding,
        "BOM": bom,
        "tab": tab,
        "dedent": dedent,
        "swapped lines": swap_lines,
        "long string": lambda rng, d: _replace_value(rng, d, [b'"' + b"x" * rng.choice([10_000, 500_000, 2_200_000]) + b'"']),
        "template": _template,
        "control character": control,
        "empty file": lambda rng, d: rng.choice([b"", b"\n", b"# nothing\n", b"---\n", b"...\n"]),
        "second document": lambda rng, d: d + b"---\nid: other\n",
        "unsupported tag": lambda rng, d: _replace_value(rng, d, [b"!!binary aGVsbG8=", b"!!python/object:os.system x", b"!!set {a: null}", b"!local 1"]),
    }


def mutations(count: int, seed: int = SEED) -> list[Mutation]:
    """``count`` mutations of dl-conv, the same ones every run: kinds in turn, files at random."""
    rng = random.Random(seed)
    originals = {name: (SOURCE / name).read_bytes() for name in FILES}
    kinds = _generators()
    names = list(kinds) + ["path escape"]
    out = []
    for i in range(count):
        kind = names[i % len(names)]
        if kind == "path escape":
            out.append(_path_escape(rng, originals["assignment.yaml"]))
            continue
        file = rng.choice(FILES)
        out.append(Mutation(kind, file, kinds[kind](rng, originals[file])))
    return out


# -- judging one mutation ----------------------------------------------------------------------

def _reference() -> Any:
    spec = importlib.util.spec_from_file_location("dl_conv_reference", REPO / "solutions" / "dl_conv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _content(p: ProblemSpec) -> str:
    """What grading depends on (not titles, prompts or feedback)."""
    cases = [(c.name, c.inputs, c.expected, c.weight, c.options, c.timeout) for c in p.cases]
    return repr((p.id, p.target, p.kind, p.args, p.compare, p.points, p.partial_credit, p.array_inputs, cases))


class _Slow(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Slow()


def _answer(module: Any, p: ProblemSpec, case: Any) -> Any:
    """What the reference solution answers, as the grader would receive it from the sandbox."""
    import numpy as np

    target = getattr(module, p.target, None)
    if p.kind == "value":
        return decode(encode(target))
    inputs = {}
    for key, value in case.inputs.items():
        if p.array_inputs and isinstance(value, list):
            try:
                arr = np.asarray(value)
                value = arr if arr.dtype.kind in "biuf" else value
            except ValueError:
                pass
        inputs[key] = value
    signal.setitimer(signal.ITIMER_REAL, 2.0)  # student code would be stopped by its time limit
    try:
        if p.args is not None:
            result = target(*[inputs[a] for a in p.args if a in inputs])
        else:
            result = target(**inputs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return decode(encode(result))


def judge(m: Mutation, folder: Path, baseline: dict[str, str], module: Any) -> str:
    """The outcome of one mutation ("error at file:line", "loaded: ..."); fails the test otherwise."""
    try:
        assignment = load_assignment(folder)
    except SpecError as exc:
        assert exc.mark is not None and exc.mark.line >= 1, f"{m.label}: no line in {exc}"
        assert Path(exc.file).parent == folder, f"{m.label}: error names {exc.file}"
        return "assignment error at file:line"
    for b in assignment.broken:
        errors = getattr(b.error, "errors", [b.error])
        for e in errors:
            assert e.mark is not None and e.mark.line >= 1, f"{m.label}: no line in {e}"
    if assignment.broken:
        assert {b.file.name for b in assignment.broken} <= {m.file, *FILES}, m.label
        outcome = "problem error at file:line"
    else:
        outcome = "loaded"
    for p in assignment.problems:
        _sound_numbers(m, p)
        if baseline.get(p.id) == _content(p):
            continue  # unchanged: graded exactly as the shipped file (its full marks are tested elsewhere)
        compare = comparators.get(p.compare)
        for case in p.cases:
            try:
                observed = _answer(module, p, case)
            except _Slow:
                continue  # a time-out verdict
            except Exception:  # noqa: BLE001 - the reference raising on mutated inputs: an "error" verdict
                continue
            verdict = compare(case.expected, observed, case.options)  # must not raise
            assert verdict.status in ("passed", "failed", "error", "partial") or isinstance(verdict.passed, bool), m.label
        outcome += ", changed content graded"
    return outcome


def _sound_numbers(m: Mutation, p: ProblemSpec) -> None:
    """Nothing non-finite or out of range reaches scoring or the sandbox."""
    assert math.isfinite(p.points) and 0 <= p.points <= 1e6, m.label
    for c in p.cases:
        assert math.isfinite(c.weight) and c.weight > 0, m.label
        assert math.isfinite(c.timeout) and 0 < c.timeout <= 86400, m.label
        for key in ("rtol", "atol", "scaled_atol", "time_limit"):
            value = c.options.get(key)
            assert value is None or math.isfinite(value), f"{m.label}: {key}={value}"


def write(m: Mutation, root: Path, index: int) -> Path:
    """A copy of dl-conv with the mutation applied, laid out so that its `solution:` path works."""
    folder = root / "assignments" / f"m{index:04d}"
    shutil.copytree(SOURCE, folder)
    (folder / m.file).write_bytes(m.data)
    if m.extra is not None:
        m.extra(folder)
    return folder


def _sweep(tmp_path: Path, count: int) -> Counter:
    (tmp_path / "solutions").mkdir()
    shutil.copy(REPO / "solutions" / "dl_conv.py", tmp_path / "solutions" / "dl_conv.py")
    baseline = {p.id: _content(p) for p in load_assignment(SOURCE).problems}
    module = _reference()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    outcomes: Counter = Counter()
    try:
        folder = tmp_path / "assignments" / "mutated"
        shutil.copytree(SOURCE, folder)
        for m in mutations(count):
            faulthandler.dump_traceback_later(120, exit=True)  # a hang ends the run with its stack, not CI's timeout
            (folder / m.file).write_bytes(m.data)
            if m.extra is not None:
                m.extra(folder)
            started = time.perf_counter()
            outcome = judge(m, folder, baseline, module)
            elapsed = time.perf_counter() - started
            # a slow mutation, not a hang (faulthandler above ends a hang at 120 s): two suites at once on 2 cores,
            # four xdist workers, stretched a mutation that grades the reference to 16.5 s
            assert elapsed < 60, f"{m.label}: took {elapsed:.1f} s"
            outcomes[(m.kind, outcome)] += 1
            (folder / m.file).write_bytes((SOURCE / m.file).read_bytes())  # back to the shipped file
            for extra in (folder / "link.yaml", folder.parent / "x.yaml"):
                extra.unlink(missing_ok=True)
    finally:
        faulthandler.cancel_dump_traceback_later()
        signal.signal(signal.SIGALRM, previous)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss) / 1024
    assert grown < 200, f"the sweep raised the peak memory by {grown:.0f} MiB"
    return outcomes


def test_520_mutations_of_dl_conv_end_in_a_located_error_or_a_deserved_verdict(tmp_path):
    outcomes = _sweep(tmp_path, 520)
    assert sum(outcomes.values()) == 520
    by_kind: dict[str, set[str]] = {}
    for (kind, outcome), n in outcomes.items():
        by_kind.setdefault(kind, set()).add(outcome.split(",")[0])
    # the hostile kinds never load silently
    for kind in ("alias bomb", "deep nesting", "wrong encoding", "control character", "empty file", "second document", "unsupported tag"):
        assert "loaded" not in by_kind[kind], (kind, by_kind[kind])
    print("\n".join(f"{n:4d}  {kind}: {outcome}" for (kind, outcome), n in sorted(outcomes.items())))


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("GRADER_SLOW"), reason="a 3000-mutation sweep (minutes): run with GRADER_SLOW=1")
def test_3000_mutations_of_dl_conv_end_in_a_located_error_or_a_deserved_verdict(tmp_path):
    assert sum(_sweep(tmp_path, 3000).values()) == 3000


# -- through the command line --------------------------------------------------------------------

CLI_KINDS = ["alias bomb", "deep nesting", "inf/nan", "path escape", "template", "wrong encoding", "BOM", "huge number"]


def test_grade_check_on_mutated_copies_gives_exit_codes_and_file_lines_never_a_traceback(tmp_path):
    (tmp_path / "solutions").mkdir()
    shutil.copy(REPO / "solutions" / "dl_conv.py", tmp_path / "solutions" / "dl_conv.py")
    chosen = {}
    for m in mutations(520):
        if m.kind in CLI_KINDS and m.kind not in chosen:
            chosen[m.kind] = m
    folders = [write(m, tmp_path, i) for i, m in enumerate(chosen.values())]
    started = time.perf_counter()
    proc = run_cli("check", *folders, cwd=tmp_path, timeout=120)
    assert time.perf_counter() - started < 100
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and proc.returncode in (1, 2), output
    for folder, m in zip(folders, chosen.values()):
        located = f"{folder / m.file}:" in output
        verdict = f"{folder.name}: OK" in output or f"{folder.name}: FAILED" in output
        assert located or verdict, f"{m.label}: neither an error at file:line nor a verdict\n{output}"
