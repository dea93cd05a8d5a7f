"""Structured text for the HTML template: instructor Markdown and SymPy's MathML as token trees.

The template turns these tokens into elements with autoescaping on, so no HTML is assembled in
Python and no text, whoever wrote it, can become markup: a feedback string's ``code`` and
``**bold**`` become ``<code>``/``<strong>``, while its ``<script>`` stays text; MathML keeps only
presentation elements and attributes from a fixed list.
"""

from __future__ import annotations

import re
from typing import Any

# inline Markdown, in order of precedence: code spans (any fence length), strong, emphasis
_INLINE = re.compile(
    r"(?P<fence>`+)(?P<code>.+?)(?<!`)(?P=fence)(?!`)"
    r"|\*\*(?P<strong>\S(?:.*?\S)?)\*\*"
    r"|__(?P<strong2>\S(?:.*?\S)?)__"
    r"|(?<![\w*])\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<em2>[^\s_](?:[^_]*?[^\s_])?)_(?![\w_])",
    re.S,
)


def md_blocks(text: Any) -> list[list[tuple[str, str]]]:
    """Paragraphs of ``(kind, text)`` segments, kind one of ``text``, ``code``, ``strong``,
    ``em`` (the Markdown of feedback and hints; anything else stays literal text)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    return [_inline(" ".join(line.strip() for line in p.split("\n"))) for p in paragraphs]


def _inline(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        if m.group("code") is not None:
            code = m.group("code")
            out.append(("code", code[1:-1] if len(code) > 2 and code[0] == code[-1] == " " else code))
        elif m.group("strong") is not None or m.group("strong2") is not None:
            out.append(("strong", m.group("strong") or m.group("strong2")))
        else:
            out.append(("em", m.group("em") or m.group("em2")))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out


MATHML = "http://www.w3.org/1998/Math/MathML"
_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "ms", "msup", "msub", "msubsup", "mfrac",
    "msqrt", "mroot", "mfenced", "mtable", "mtr", "mtd", "mstyle", "munder", "mover", "munderover",
    "mpadded", "mphantom", "menclose", "merror",
}
_ATTRS = {
    "mathvariant", "stretchy", "fence", "separator", "open", "close", "separators", "linethickness",
    "columnalign", "rowalign", "form", "lspace", "rspace", "accent", "accentunder", "displaystyle",
    "scriptlevel", "notation", "display", "largeop", "movablelimits", "symmetric", "bevelled",
}
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
MAX_MATHML = 20000


def mathml_tree(source: Any) -> dict[str, Any] | None:
    """A ``<math>`` element tree (``tag``, ``attrs``, ``text``, ``children``, ``tail``) from SymPy's
    presentation MathML, with the root added when missing; None when it cannot be parsed.
    Named entities (``&ExponentialE;``) become their characters; unknown elements and
    attributes are dropped (their text kept)."""
    text = str(source or "").strip()
    if not text or len(text) > MAX_MATHML:
        return None
    import xml.etree.ElementTree as ET

    text = _ENTITY.sub(_entity, text)
    if not re.match(r"<math[\s>]", text):
        text = f'<math xmlns="{MATHML}">{text}</math>'
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    return _node(root)


def _entity(m: re.Match[str]) -> str:
    import html.entities

    name = m.group(1)
    if name in ("lt", "gt", "amp", "quot", "apos"):
        return m.group(0)
    char = html.entities.html5.get(name + ";")
    return f"&#{ord(char[0])};" if char and len(char) == 1 else m.group(0)


def _node(element: Any) -> dict[str, Any]:
    tag = element.tag.rsplit("}", 1)[-1]
    children = [_node(child) for child in element]
    return {
        "tag": tag if tag in _TAGS else None,
        "attrs": sorted((k, v) for k, v in element.attrib.items() if k in _ATTRS),
        "text": element.text or "",
        "children": children,
        "tail": element.tail or "",
    }
