"""The labelled corpus (tests/data/symbolic_corpus.yaml): at least 150 pairs, and the
engine agrees with at least 99% of the labels, never accepts a wrong answer, and returns
each check (wall time, parsing and fork included) within its time limit.

The pairs of the four classes of issue 7 (``class:`` domain, equation, infinity_arity,
slow) number at least 15 each. Run with ``-s`` to see the figures."""

import collections
import time
from pathlib import Path

import pytest
import yaml

from grader.symbolic import equivalent

CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "symbolic_corpus.yaml").read_text())
CLASSES = ("domain", "equation", "infinity_arity", "slow")
LIMIT = 2.0


def test_corpus_is_large_and_balanced():
    assert len(CORPUS) >= 150
    positives = sum(row["equivalent"] for row in CORPUS)
    assert 0.3 < positives / len(CORPUS) < 0.8


@pytest.mark.parametrize("cls", CLASSES)
def test_each_class_has_at_least_15_pairs_of_both_labels(cls):
    rows = [row for row in CORPUS if row.get("class") == cls]
    assert len(rows) >= 15
    assert {row["equivalent"] for row in rows} == {True, False}


def test_corpus_entries_are_well_formed():
    for row in CORPUS:
        assert {"expected", "answer", "symbols", "equivalent", "note"} <= set(row), row
        assert isinstance(row["equivalent"], bool)
        assert row.get("class", "domain") in CLASSES


@pytest.fixture(scope="module")
def verdicts():
    out = []
    for row in CORPUS:
        start = time.monotonic()
        result = equivalent(row["expected"], row["answer"], row["symbols"], row.get("functions"), time_limit=LIMIT)
        out.append((row, result, time.monotonic() - start))
    return out


def test_engine_agrees_with_at_least_99_percent_of_the_labels(verdicts):
    wrong = [(row["note"], result.kind, result.reason) for row, result, _ in verdicts if result.equivalent is not row["equivalent"]]
    by_class = collections.defaultdict(lambda: [0, 0])
    for row, result, _ in verdicts:
        tally = by_class[row.get("class", "original")]
        tally[0] += result.equivalent is row["equivalent"]
        tally[1] += 1
    accuracy = 1 - len(wrong) / len(verdicts)
    print(f"\nsymbolic corpus: {accuracy:.1%} of {len(verdicts)} pairs; " + ", ".join(f"{c} {r}/{n}" for c, (r, n) in sorted(by_class.items())))
    assert accuracy >= 0.99, wrong


def test_engine_never_accepts_a_wrong_answer(verdicts):
    accepted = [(row["note"], result.reason) for row, result, _ in verdicts if result.equivalent is True and not row["equivalent"]]
    assert accepted == []


def test_no_check_returns_after_its_time_limit(verdicts):
    late = [(row["note"], round(seconds, 3)) for row, _, seconds in verdicts if seconds > LIMIT]
    print(f"\nslowest check: {max(seconds for _, _, seconds in verdicts):.3f} s of {LIMIT} s")
    assert late == []
