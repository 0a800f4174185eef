"""Passage anchors: a quote and its character position in a section's plain text.

The plain text of a section is the text content of its sanitised HTML, exactly what a
browser's ``element.textContent`` (and ``Range.toString()``) gives for the rendered body:
the text nodes concatenated, entities decoded, tags contributing nothing. The page's
script measures a selection's offset the same way, so server and browser agree.

`locate` finds a quote again in another version's text (the occurrence nearest the old
position; whitespace differences forgiven). `mark_passages` wraps passages in ``<mark>``
elements inside the sanitised HTML without changing its text content."""

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import cast

from renstra.sanitize import sanitize_html

VOID = {"br", "hr", "img", "wbr"}


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, object]] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", (tag, attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tokens.append(("start", (tag, attrs)))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)  # type: ignore[operator]
        else:
            self.tokens.append(("text", data))


def _tokens(clean_html: str) -> list[tuple[str, object]]:
    parser = _Tokens()
    parser.feed(clean_html)
    parser.close()
    return parser.tokens


def plain_text(html: str, *, sanitized: bool = False) -> str:
    """The text content of `html` after sanitising (as the page renders it)."""
    clean = html if sanitized else sanitize_html(html)
    return "".join(str(v) for k, v in _tokens(clean) if k == "text")


def _ws_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def locate(text: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """(start, end) of the occurrence of `quote` in `text` nearest to `near` (the first
    one when `near` is None); whitespace runs match any whitespace run. None when the
    quote is not in the text."""
    if not quote.strip():
        return None
    spans = [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]
    if not spans:
        pattern = _ws_pattern(quote)
        if pattern is None:
            return None
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        return None
    if near is None:
        return spans[0]
    return min(spans, key=lambda s: (abs(s[0] - near), s[0]))


@dataclass
class Passage:
    start: int
    end: int
    comment_id: int
    label: str  # accessible name of the link to the comment


def _attrs(attrs) -> str:
    return "".join(
        f' {name}="{escape(value, quote=True)}"' if value is not None else f" {name}"
        for name, value in attrs
    )


def mark_passages(
    clean_html: str, passages: list[Passage], *, href_prefix: str = "#komentar-"
) -> str:
    """`clean_html` (already sanitised) with every passage's text wrapped in
    ``<mark class="comment-mark">`` (split at element boundaries) and, after its end, an
    empty link to the comment whose visible sign comes from the stylesheet, so the text
    content (and every offset in it) stays the same. Output is re-serialised from parsed
    tokens: text and attribute values are escaped again."""
    if not passages:
        return clean_html
    starts: dict[int, list[Passage]] = {}
    ends: dict[int, list[Passage]] = {}
    for p in passages:
        starts.setdefault(p.start, []).append(p)
        ends.setdefault(p.end, []).append(p)
    boundaries = sorted(set(starts) | set(ends))
    out: list[str] = []
    offset = 0
    open_count = 0  # passages covering the current text

    def ref(p: Passage) -> str:
        return (
            f'<a class="comment-ref" href="{href_prefix}{p.comment_id}" '
            f'aria-label="{escape(p.label, quote=True)}"></a>'
        )

    for kind, value in _tokens(clean_html):
        if kind == "start":
            tag, attrs = cast(tuple[str, list], value)
            out.append(f"<{tag}{_attrs(attrs)}>")
            continue
        if kind == "end":
            out.append(f"</{value}>")
            continue
        text = str(value)
        end_of_node = offset + len(text)
        cursor = offset
        pieces: list[str] = []
        inner = [b for b in boundaries if offset <= b <= end_of_node]
        for b in inner:
            if b > cursor:
                chunk = escape(text[cursor - offset : b - offset], quote=False)
                pieces.append(f'<mark class="comment-mark">{chunk}</mark>' if open_count else chunk)
                cursor = b
            for p in ends.pop(b, []):
                open_count -= 1
                pieces.append(ref(p))
            # A passage starting at the very end of a node begins in the next node.
            if b < end_of_node or b == offset:
                open_count += len(starts.pop(b, []))
        if end_of_node > cursor:
            chunk = escape(text[cursor - offset :], quote=False)
            pieces.append(f'<mark class="comment-mark">{chunk}</mark>' if open_count else chunk)
        out.append("".join(pieces))
        offset = end_of_node
    # Passages ending after the last text (should not happen) still get their link.
    for rest in ends.values():
        out.extend(ref(p) for p in rest)
    return "".join(out)


_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)", re.MULTILINE)


def sentences(text: str, *, limit: int = 400) -> list[tuple[int, str]]:
    """(start, sentence) for each sentence of `text` (split at . ! ? ; and line ends),
    blank ones left out; long sentences cut to `limit` characters. The keyboard path to
    a passage: pick a sentence, then shorten the quote if wanted."""
    result = []
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        sentence = raw.strip()
        if len(sentence) < 3:
            continue
        result.append((m.start() + lead, sentence[:limit]))
    return result
