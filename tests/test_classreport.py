"""The class report: grouping wrong answers, distributions, failures, suggestions, the page."""

from __future__ import annotations

import json
import re

import yaml

from grader.classreport import render_html, summarize, write


def result(sid: str, cases: list[dict], *, score: float, status: str = "graded", imported_ok: bool = True, compare: str = "numeric") -> dict:
    return {
        "schema_version": "1.0",
        "assignment": {"name": "hw", "title": "Homework"},
        "status": status,
        "imported": {"ok": imported_ok, "detail": "" if imported_ok else "SyntaxError: invalid syntax (line 3)"},
        "total": score, "max_total": 2.0,
        "problems": [{
            "id": "conv2d", "title": "Convolution", "compare": compare, "score": score, "max_score": 2.0,
            "status": "passed" if score == 2.0 else "failed",
            "options": {"rtol": 1e-5, "atol": 1e-8},
            "cases": cases,
        }],
    }


def wrong(observed, *, name="example", diagnosis=(), mistakes=()):
    return {"name": name, "status": "failed", "observed": observed, "expected": [[1.0, 2.0], [3.0, 4.0]],
            "details": {"diagnosis": list(diagnosis), "mistakes": list(mistakes)}, "error": None}


def right(name="example"):
    return {"name": name, "status": "passed", "observed": [[1.0, 2.0], [3.0, 4.0]], "expected": [[1.0, 2.0], [3.0, 4.0]], "details": {}, "error": None}


def test_a_wrong_answer_ten_students_share_within_tolerance_is_one_entry_of_ten():
    results = {f"s{i}": result(f"s{i}", [wrong([[4.0, 3.0 + i * 1e-9], [2.0, 1.0]])], score=0.0) for i in range(10)}
    results["ok"] = result("ok", [right()], score=2.0)
    groups = summarize(results)["problems"]["conv2d"]["wrong_answers"]
    assert len(groups) == 1
    assert groups[0]["count"] == 10
    assert sorted(groups[0]["students"]) == sorted(f"s{i}" for i in range(10))


def test_answers_outside_the_tolerance_are_different_groups_most_common_first():
    results = {f"a{i}": result(f"a{i}", [wrong([[0.0, 0.0], [0.0, 0.0]])], score=0.0) for i in range(3)}
    results.update({f"b{i}": result(f"b{i}", [wrong([[0.0, 0.0], [0.0, 0.001]])], score=0.0) for i in range(5)})
    groups = summarize(results)["problems"]["conv2d"]["wrong_answers"]
    assert [g["count"] for g in groups] == [5, 3]


def test_each_case_groups_its_own_wrong_answers():
    same = [[9.0, 9.0], [9.0, 9.0]]
    results = {"x": result("x", [wrong(same, name="one"), wrong(same, name="two")], score=0.0)}
    groups = summarize(results)["problems"]["conv2d"]["wrong_answers"]
    assert sorted(g["case"] for g in groups) == ["one", "two"]


def test_mean_full_marks_share_and_distribution():
    results = {"a": result("a", [right()], score=2.0), "b": result("b", [wrong([[0.0]])], score=0.0),
               "c": result("c", [right()], score=2.0), "d": result("d", [wrong([[1.0]])], score=1.0)}
    p = summarize(results)["problems"]["conv2d"]
    assert p["mean"] == 1.25
    assert p["full_marks"] == 2 and p["full_marks_share"] == 0.5
    counts = [b["count"] for b in p["distribution"]]
    assert sum(counts) == 4 and counts[0] == 1 and counts[-1] == 2 and counts[5] == 1


def test_declared_mistakes_and_diagnoses_are_counted():
    m = {"tag": "flipped", "feedback": "You flipped the kernel."}
    results = {f"s{i}": result(f"s{i}", [wrong([[4.0, 3.0], [2.0, 1.0]], diagnosis=["rotated"], mistakes=[m])], score=0.0) for i in range(3)}
    results["t"] = result("t", [wrong([[2.0, 4.0], [6.0, 8.0]], diagnosis=["scaled"])], score=0.0)
    p = summarize(results)["problems"]["conv2d"]
    assert p["mistakes"] == [{"tag": "flipped", "feedback": "You flipped the kernel.", "count": 3}]
    assert p["diagnoses"] == {"rotated": 3, "scaled": 1}


def test_a_large_group_without_feedback_gets_a_ready_mistakes_entry():
    results = {f"s{i}": result(f"s{i}", [wrong([[7.0, 7.0], [7.0, 7.0]])], score=0.0) for i in range(4)}
    results.update({f"ok{i}": result(f"ok{i}", [right()], score=2.0) for i in range(6)})
    (suggestion,) = summarize(results)["suggestions"]
    assert suggestion["problem"] == "conv2d" and suggestion["count"] == 4
    entry = yaml.safe_load(suggestion["yaml"])["mistakes"][0]
    assert entry["observed"] == [[7.0, 7.0], [7.0, 7.0]] and entry["case"] == "example"
    assert "4 of 10 students" in entry["feedback"]


def test_groups_that_feedback_already_covers_get_no_suggestion():
    m = {"tag": "", "feedback": "known"}
    results = {f"s{i}": result(f"s{i}", [wrong([[7.0, 7.0], [7.0, 7.0]], mistakes=[m])], score=0.0) for i in range(4)}
    assert summarize(results)["suggestions"] == []


def test_timeouts_crashes_and_import_failures_are_listed():
    timed_out = {"name": "example", "status": "error", "message": "timed out after 2 s", "error": {"type": "timeout", "message": "timed out after 2 s"}}
    results = {
        "slow": result("slow", [timed_out], score=0.0),
        "broken": result("broken", [], score=0.0, status="not_gradable", imported_ok=False),
        "fine": result("fine", [right()], score=2.0),
    }
    failures = summarize(results)["failures"]
    assert {(f["student"], f["kind"]) for f in failures} == {("slow", "timeout"), ("broken", "not_imported")}


def test_errors_are_not_counted_as_wrong_answers():
    raised = {"name": "example", "status": "error", "message": "ValueError", "error": {"type": "ValueError", "message": "x"}}
    assert summarize({"s": result("s", [raised], score=0.0)})["problems"]["conv2d"]["wrong_answers"] == []


def test_large_answers_are_summarised_by_shape_and_first_values():
    big = [[float(i * 100 + j) for j in range(100)] for i in range(100)]
    (group,) = summarize({"s": result("s", [wrong(big)], score=0.0)})["problems"]["conv2d"]["wrong_answers"]
    assert group["answer"]["summary"] is True and group["answer"]["shape"] == [100, 100]
    assert group["answer"]["first"][:3] == [0.0, 1.0, 2.0]


def test_the_page_escapes_student_ids_and_answers_and_loads_nothing():
    hostile = '<img src=x onerror=alert(1)>'
    results = {hostile: result(hostile, [wrong("<script>alert(2)</script>")], score=0.0, compare="exact")}
    page = render_html(summarize(results))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "default-src 'none'" in page


def test_the_page_draws_one_svg_histogram_bar_per_bin():
    page = render_html(summarize({"a": result("a", [right()], score=2.0)}))
    assert page.count("<svg") == 2  # the overview row and the problem's section
    assert page.count("<rect") == 20


def test_write_puts_class_json_and_class_html_beside_the_results(tmp_path):
    for sid, r in {"a": result("a", [right()], score=2.0), "b": result("b", [wrong([[0.0]])], score=0.0)}.items():
        (tmp_path / f"{sid}.json").write_text(json.dumps(r))
    (tmp_path / "gradebook.csv").write_text("student,total\n")
    write(tmp_path)
    data = json.loads((tmp_path / "class.json").read_text())
    assert data["students"] == 2 and set(data["problems"]) == {"conv2d"}
    assert data["problems"]["conv2d"]["wrong_answers"][0]["students"] == ["b"]
    assert (tmp_path / "class.html").read_text().startswith("<!DOCTYPE html>")
    write(tmp_path)  # class.json itself is not read as a student's result
    assert json.loads((tmp_path / "class.json").read_text())["students"] == 2
