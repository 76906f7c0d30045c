"""Server-side sanitizing of rich text (the editor is not a security boundary)."""

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "del", "sub", "sup",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


def sanitize_html(html: str) -> str:
    """Keep formatting, drop scripts, event handlers, styles, images and unsafe links.

    Links may only be http(s) or mailto; they get rel="noopener noreferrer nofollow".
    """
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return cleaned.strip()


def html_is_empty(html: str) -> bool:
    """True when the (sanitized) HTML holds no visible text, e.g. '<p>&nbsp;</p>'."""
    text = nh3.clean(html or "", tags=set())
    return not text.replace("&nbsp;", " ").replace("\xa0", " ").strip()
