"""A readable diff of the TEXT of two rich-text sections (not of their HTML source).

``html_to_text`` strips sanitized HTML to plain text (block elements become line breaks);
``text_diff`` compares two texts word by word with ``difflib`` and returns the pieces as
``(op, text)`` with op "same", "removed" or "added", for showing with <del> and <ins>.
Django-free: used by the project pages and the admin alike.
"""

import difflib
import html
import re
from html.parser import HTMLParser

_BLOCKS = {"p", "br", "li", "h2", "h3", "h4", "tr", "blockquote", "pre", "hr", "caption",
           "figure", "ul", "ol", "table"}  # fmt: skip
SAME, REMOVED, ADDED = "same", "removed", "added"


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")
        if tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of (sanitized) HTML: one line per block, spaces collapsed."""
    collector = _TextCollector()
    collector.feed(markup or "")
    collector.close()
    text = html.unescape("".join(collector.parts)).replace("\xa0", " ")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _tokens(text: str) -> list[str]:
    """Words with the whitespace after them, so joined tokens give the text back."""
    return re.findall(r"\S+\s*|\s+", text)


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` -> ``new`` as pieces (op, text); neighbouring pieces of one op are merged."""
    a, b = _tokens(old), _tokens(new)
    pieces: list[tuple[str, str]] = []

    def add(op, tokens):
        text = "".join(tokens)
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(SAME, a[i1:i2])
        else:
            add(REMOVED, a[i1:i2])
            add(ADDED, b[j1:j2])
    return pieces


def html_diff(old_html: str, new_html: str) -> list[tuple[str, str]]:
    return text_diff(html_to_text(old_html), html_to_text(new_html))


def has_changes(pieces: list[tuple[str, str]]) -> bool:
    return any(op != SAME for op, _text in pieces)
