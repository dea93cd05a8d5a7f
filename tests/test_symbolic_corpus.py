"""The labelled corpus (tests/data/symbolic_corpus.yaml): at least 150 pairs, and the
engine agrees with at least 99% of the labels, each check within its time limit."""

from pathlib import Path

import yaml

from grader.symbolic import equivalent

CORPUS = yaml.safe_load((Path(__file__).parent / "data" / "symbolic_corpus.yaml").read_text())


def test_corpus_is_large_and_balanced():
    assert len(CORPUS) >= 150
    positives = sum(row["equivalent"] for row in CORPUS)
    assert 0.3 < positives / len(CORPUS) < 0.8


def test_corpus_entries_are_well_formed():
    for row in CORPUS:
        assert {"expected", "answer", "symbols", "equivalent", "note"} <= set(row), row
        assert isinstance(row["equivalent"], bool)


def test_engine_agrees_with_at_least_99_percent_of_the_labels():
    wrong = []
    for row in CORPUS:
        result = equivalent(row["expected"], row["answer"], row["symbols"], row.get("functions"), time_limit=2.0)
        assert result.elapsed < 2.0 + 0.25, row["note"]
        if result.equivalent is not row["equivalent"]:
            wrong.append((row["note"], result.kind, result.reason))
    assert len(wrong) <= 0.01 * len(CORPUS), wrong
