"""Server-side sanitizing of rich text (the editor is not a security boundary)."""

import nh3
from django import forms

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


# Every model field that stores rich text, as "app_label.Model.field". Apps add theirs with
# ``register_rich_text("projects.ProjectFile.explanation")`` (e.g. in their models.py or apps.py);
# tests/quality/test_xss.py sends known XSS payloads through every form that writes them.
RICH_TEXT_FIELDS: set[str] = set()


def register_rich_text(*labels: str) -> None:
    for label in labels:
        if label.count(".") != 2:
            raise ValueError(f"Use 'app_label.Model.field', not {label!r}.")
        RICH_TEXT_FIELDS.add(label)


class RichTextFormField(forms.CharField):
    """A form field for rich text: the CKEditor 5 widget, and sanitized when cleaned.

    ``cleaned_data`` holds sanitized HTML only, whatever the browser sent; empty-looking HTML
    ('<p>&nbsp;</p>') counts as empty, so ``required`` works as people expect.
    """

    def __init__(self, *args, config_name: str = "default", **kwargs):
        if "widget" not in kwargs:
            from django_ckeditor_5.widgets import CKEditor5Widget

            kwargs["widget"] = CKEditor5Widget(config_name=config_name)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values or html_is_empty(value):
            return ""
        return sanitize_html(value)
