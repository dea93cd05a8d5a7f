"""The Markdown report (a GitHub step summary) rendered by GitHub's own renderer, cmark-gfm.

Student text may contain links, images, headings, fences, HTML and table pipes; rendered, it must
add none of them. cmarkgfm (the `test` extra) is the Python binding of GitHub's cmark-gfm.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from grader.report.escape import md_code, md_fence, md_text
from report_hostile import hostile_run

cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (the `test` extra) renders GitHub Flavored Markdown")


def gfm(text: str) -> str:
    from cmarkgfm.cmark import Options

    # UNSAFE keeps raw HTML, as GitHub does before its sanitizer: the worst case for us
    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.rows += tag == "tr"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[str, Tags]:
    root = tmp_path_factory.mktemp("md")
    proc = hostile_run(root)
    assert proc.returncode == 1, proc.stderr
    md = (root / "out" / "report.md").read_text(encoding="utf-8")
    html = gfm(md)
    return md, Tags(html)


def test_student_text_adds_no_link_or_image_to_the_markdown_report(rendered):
    _, tags = rendered
    assert "a" not in tags.tags and "img" not in tags.tags


def test_student_text_adds_no_heading_script_or_extra_table_row(rendered):
    _, tags = rendered
    assert [t for t in tags.tags if t in ("h1", "h2", "h3", "h4", "h5", "h6")] == ["h2", "h3"]  # the report's own
    assert "script" not in tags.tags
    assert tags.rows == 1 + 6  # header and one row per problem


def test_markdown_report_shows_the_failing_cases_inputs(rendered):
    md, _ = rendered
    assert "`m = [[1, 2], [3, 4]]`" in md


def test_code_span_fence_is_longer_than_any_backtick_run_inside():
    for text in ("a`b", "``x``", "` lead", "trail `", "```"):
        html = gfm(md_code(text))
        assert html.count("<code>") == 1, (text, html)
        assert html.split("<code>")[1].split("</code>")[0] == text.replace("`", "`"), (text, html)


def test_fenced_block_cannot_be_closed_by_the_text_inside():
    text = "line\n```\n# not a heading\n````\n[x](http://e.example)"
    fence = md_fence(text)
    html = gfm(f"{fence}text\n{text}\n{fence}\n")
    assert Tags(html).tags == ["pre", "code"]


def test_escaped_text_renders_literally_without_links():
    text = "see [here](http://e.example) or www.e.example or me@e.example # *bold* <b>x</b> | &amp;"
    html = gfm(md_text(text))
    assert Tags(html).tags == ["p"]
    assert html.replace("\u2060", "").strip() == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
