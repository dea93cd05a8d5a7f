"""The HTML report: a self-contained page that escapes everything a student controls."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import make_assignment, run_cli, write_module

PROBLEMS = {
    "double.yaml": """
        id: double
        args: [x]
        cases:
          - inputs: {x: 1}
            expected: 2
          - inputs: {x: [[1, 2], [3, 4]]}
            expected: [[2, 4], [6, 8]]
    """,
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.bad_cells = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "td" and ("class", "bad") in attrs:
            self.bad_cells += 1


def _html(tmp_path, source: str) -> str:
    make_assignment(tmp_path, PROBLEMS)
    write_module(tmp_path / "sub.py", source)
    run_cli("sub.py", "-q", "-o", "report.html", cwd=tmp_path)
    return (tmp_path / "report.html").read_text()


def test_html_report_marks_the_differing_cells(tmp_path):
    page = _html(tmp_path, """
        import numpy as np
        def double(x):
            y = 2 * np.asarray(x)
            if y.ndim == 2:
                y[1, 1] = 0
            return y
    """)
    parser = _Collector()
    parser.feed(page)
    assert parser.bad_cells == 1
    assert "script" not in parser.tags


def test_html_report_escapes_a_students_exception_message(tmp_path):
    page = _html(tmp_path, """
        def double(x):
            raise ValueError("<script>alert(1)</script>")
    """)
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
