"""Every escaping rule of the report formats, in one place.

Student code controls much of what a report shows (exception messages, printed output, returned
strings), and each consumer reads some characters as commands: a terminal runs ESC sequences, an
XML parser rejects NUL, a Markdown renderer turns ``[x](url)`` into a link, the GitHub runner runs
``::add-mask::`` lines. These functions make such text inert for the format it lands in; the
Jinja environments apply :func:`visible` to every ``{{ ... }}`` and the templates pick the rest
as filters.
"""

from __future__ import annotations

import html
import re
from typing import Any

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates, the XML non-characters,
# and the Unicode bidirectional overrides/isolates (they reorder what a reader sees: "Trojan Source")
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character (CommonMark escapes them all)
_BACKTICKS = re.compile(r"`+")


class Styled(str):
    """Text already made safe and styled for a terminal (e.g. ANSI colour set by the grader)."""


def visible(value: Any) -> Any:
    """``value`` with control, escape and bidi characters shown as ``\\x1b``-style escapes.

    Newlines and tabs stay (a CRLF becomes a newline); everything else a terminal or an XML
    parser would act on, or refuse, is written out visibly. Non-strings pass unchanged, and a
    ``Markup``/``Styled`` string stays one (escaping adds only ASCII letters, digits and backslashes)."""
    if not isinstance(value, str) or isinstance(value, Styled):
        return value
    shown = _INVISIBLE.sub(_escape_char, str.replace(value, "\r\n", "\n"))
    return shown if type(value) is str else type(value)(shown)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def md_text(value: Any) -> str:
    """Text that a Markdown (GFM) renderer shows literally: every ASCII punctuation character
    backslash-escaped, so it can open no link, image, heading, emphasis, HTML tag, table cell
    or autolink (``http:`` and ``www.`` are broken by their escaped ``:`` and ``.``; GFM finds
    e-mail addresses after unescaping, so a word joiner, U+2060, follows each ``@``);
    newlines become spaces (one paragraph, safe inside a table row)."""
    text = " ".join(str(visible(value)).split("\n"))
    return _MD_PUNCT.sub(r"\\\1", text).replace("@", "@\u2060")


def code_span(value: Any) -> str:
    """Inline code span holding ``value`` literally, in running text.

    Its fence is one backtick longer than the longest run of backticks inside (CommonMark),
    with a space of padding when the text starts or ends with a backtick or a space; newlines
    are shown as ``⏎`` (a blank line would end the span, and what follows would be Markdown)."""
    text = str(visible(value)).replace("\n", " ⏎ ")
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_code(value: Any) -> str:
    """:func:`code_span` for a table cell: ``|`` is escaped (GFM splits table rows on it even inside code)."""
    return code_span(str(visible(value)).replace("|", "\\|"))


def md_feedback(value: Any) -> str:
    """Instructor Markdown (feedback, hints) for a Markdown report: its code spans as they are
    (the values a feedback template printed are code spans, see :mod:`grader.spec.templates`),
    HTML characters escaped everywhere else, so that only Markdown, never HTML, is rendered."""
    text = str(visible(value))
    out, pos = [], 0
    for run in _BACKTICKS.finditer(text):
        if run.start() < pos:
            continue
        close = re.compile(rf"(?<!`){run.group()}(?!`)").search(text, run.end())
        out.append(html.escape(text[pos:run.start()], quote=False))
        if close is None:  # a span cut short (the feedback reached its length limit): it ends here
            tail = text[run.end():]
            return "".join(out) + run.group() + tail + (" " if tail.endswith("`") else "") + run.group()
        out.append(text[run.start():close.end()])
        pos = close.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def md_fence(value: Any) -> str:
    """The backtick fence for a fenced code block holding ``value``: at least three, and longer
    than any run of backticks inside, so no line of the text can close the block."""
    longest = max((len(run) for run in _BACKTICKS.findall(str(value))), default=0)
    return "`" * max(3, longest + 1)


def gh_data(value: Any) -> str:
    """The message of a GitHub Actions workflow command (``::error ...::MESSAGE``): ``%``, CR
    and LF percent-encoded as the runner decodes them, so the message stays on its one line."""
    return str(visible(value)).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(value: Any) -> str:
    """A property value of a workflow command (``file=``, ``title=``): :func:`gh_data` plus
    ``:`` and ``,``, which would end the property."""
    return gh_data(value).replace(":", "%3A").replace(",", "%2C")


def log_line(value: Any, limit: int = 300) -> str:
    """One line for a CI log that a tool prints after a prefix (GitHub Classroom's reporter prints
    ``Error: MESSAGE``): no newline, so no line of it starts with ``::``, and no ``##[`` (the
    runner's legacy command marker, honoured anywhere in a line), broken by a word joiner; a text
    that would start a line with ``::`` gets a word joiner in front, for lines it begins itself."""
    text = " ⏎ ".join(str(visible(value)).split("\n"))
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    text = text.replace("##[", "#\u2060#[")
    return "\u2060" + text if text.lstrip().startswith("::") else text


FILTERS = {
    "visible": visible,
    "md_text": md_text,
    "md_code": md_code,
    "md_feedback": md_feedback,
    "md_fence": md_fence,
    "gh_data": gh_data,
    "gh_property": gh_property,
    "log_line": log_line,
}
