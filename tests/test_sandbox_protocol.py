"""Frames between the grader and the child: garbage between them is skipped, damage is counted."""

from __future__ import annotations

import os
import random

from grader.sandbox import protocol
from grader.sandbox.protocol import FrameReader, pack

MAGIC = b"\x01\x02\x03\x04\x05\x06\x07\x08"


def test_frames_round_trip_in_order():
    reader = FrameReader(MAGIC)
    data = pack({"a": 1}, MAGIC) + pack([1.5, "x", None, float("inf")], MAGIC)
    assert reader.feed(data)[:1] == [{"a": 1}] and reader.skipped == 0


def test_frames_split_across_reads_are_reassembled():
    reader = FrameReader(MAGIC)
    data = pack({"value": list(range(1000))}, MAGIC)
    frames = []
    for i in range(0, len(data), 7):
        frames += reader.feed(data[i : i + 7])
    assert frames == [{"value": list(range(1000))}] and reader.skipped == 0


def test_garbage_before_between_and_after_frames_is_skipped_and_counted():
    reader = FrameReader(MAGIC)
    junk = random.Random(1).randbytes(5000)
    frames = reader.feed(junk + pack({"n": 1}, MAGIC) + junk + pack({"n": 2}, MAGIC) + b"tail")
    assert frames == [{"n": 1}, {"n": 2}]
    assert reader.skipped >= 2 * len(junk) and reader.corrupted == 0


def test_a_length_prefix_of_two_gigabytes_does_not_stop_the_reader():
    reader = FrameReader(MAGIC)
    frames = reader.feed(b"\x7b\x22\x6f\x6b" * 10 + MAGIC + b"\x7b\x22\x6f\x6b" + b"\0" * 8 + pack({"ok": True}, MAGIC))
    assert frames == [{"ok": True}] and reader.corrupted == 1


def test_a_frame_with_a_wrong_checksum_is_counted_as_damaged_and_the_next_one_read():
    reader = FrameReader(MAGIC)
    bad = bytearray(pack({"value": 1}, MAGIC))
    bad[-3] ^= 0xFF
    assert reader.feed(bytes(bad) + pack({"value": 2}, MAGIC)) == [{"value": 2}]
    assert reader.corrupted == 1


def test_frames_of_another_magic_are_garbage():
    reader = FrameReader(MAGIC)
    assert reader.feed(pack({"forged": True}, b"\xff" * 8)) == []
    assert reader.skipped > 0


def test_the_blocking_reader_returns_one_frame_at_a_time(tmp_path):
    r, w = os.pipe()
    os.write(w, b"junk" + pack({"i": 1}, MAGIC) + pack({"i": 2}, MAGIC))
    os.close(w)
    reader = protocol.BlockingReader(r, MAGIC)
    assert reader.next() == {"i": 1} and reader.next() == {"i": 2}
    try:
        reader.next()
        raise AssertionError("expected EOFError")
    except EOFError:
        pass
    os.close(r)


def test_json_is_encoded_without_the_json_modules_python_functions(monkeypatch):
    import json

    monkeypatch.setattr(json, "dumps", lambda *a, **k: '{"forged": true}')
    monkeypatch.setattr(json.JSONEncoder, "encode", lambda *a, **k: '{"forged": true}')
    assert protocol.loads(protocol.dumps({"v": [1, 2]})) == {"v": [1, 2]}
