"""Server-side HTML sanitising of section bodies (nh3, an allow-list).

Plain document markup survives: paragraphs, headings h3–h6, lists, tables, emphasis, links.
Scripts, styles, event attributes, foreign elements and javascript: URLs never do."""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allow-list; never raises on malformed input."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
