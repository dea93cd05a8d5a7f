"""The HTML report of a hostile submission in a real browser (Debian's headless ``chromium``).

At phone width (390 px) the page must not scroll sideways; at any width it logs no error, makes
no network request and runs no script from student text; printed, every problem's feedback is
laid out (no closed ``<details>``). Screenshots go to ``$GRADER_SCREENSHOTS`` when set (to look
at), else to the test's temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser import Browser, chromium_binary
from report_hostile import hostile_run

BINARY = chromium_binary()
pytestmark = pytest.mark.skipif(BINARY is None, reason="no chromium binary (apt-get install chromium; .ci/run installs it)")

PHONE, DESKTOP = (390, 844), (1280, 900)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("html")
    proc = hostile_run(root)
    assert proc.returncode == 1, proc.stderr
    return root / "out" / "report.html"


@pytest.fixture(scope="module")
def browser():
    b = Browser(BINARY)
    yield b
    b.close()


@pytest.fixture(scope="module")
def phone(browser, report):
    return browser.open(report, *PHONE, mobile=True)


@pytest.fixture(scope="module")
def desktop(browser, report):
    return browser.open(report, *DESKTOP)


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GRADER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_html_report_has_no_horizontal_overflow_on_a_phone(phone):
    assert phone.layout_width() <= PHONE[0]


def test_html_report_screenshots_at_phone_and_desktop_sizes(phone, desktop, tmp_path):
    folder = _shots(tmp_path)
    for name, page in (("phone", phone), ("desktop", desktop)):
        shot = page.screenshot(folder / f"report-{name}.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_html_report_logs_no_console_error(size, phone, desktop):
    page = phone if size == "phone" else desktop
    assert page.console_errors() == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_html_report_makes_no_network_request(size, phone, desktop, report):
    page = phone if size == "phone" else desktop
    assert page.requests() == [report.resolve().as_uri()]  # the page itself, nothing else


def test_no_script_from_student_text_runs_or_becomes_an_element(desktop):
    assert desktop.dialogs() == []  # alert(1) / alert('xss') never ran
    assert desktop.count("script") == 0
    assert desktop.count("img") == 0 and desktop.count("[onerror]") == 0
    assert desktop.count("a") == 0


def test_instructor_markdown_in_hints_is_rendered(desktop):
    assert desktop.count(".hint strong") == 2  # "Multiply **every** entry by `2`." and "**check** the spelling"
    assert desktop.count(".hint code") == 3  # `2`, and the two values the echo feedback prints


def test_student_text_printed_in_a_hint_stays_code(desktop):
    assert desktop.count(".hint a") == 0 and desktop.count(".hint img") == 0


def test_symbolic_answer_is_typeset_as_mathml_in_a_math_element(desktop):
    assert desktop.count("math msup") >= 1


def test_printed_html_report_lays_out_every_problems_feedback(browser, report):
    page = browser.open(report, *DESKTOP)
    page.emulate_print()
    assert page.count("details:not([open])") == 0
    shown = page.boxes("section.problem, .hint, pre.output")
    assert len(shown) >= 6 and all(shown), shown
    assert page.pdf()[:5] == b"%PDF-"
