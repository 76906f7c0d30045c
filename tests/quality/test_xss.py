"""Rich text: known XSS payloads come out harmless, through the sanitizer and through every form.

Discovery: every Form/ModelForm of our apps and every admin form is scanned for rich-text
fields (``portal.sanitize.RichTextFormField`` or a CKEditor widget) and for the model fields
registered in ``portal.sanitize.RICH_TEXT_FIELDS``. Each payload is bound to the field; when the
form accepts it, what it cleaned must be harmless.

To add rich text: use ``RichTextFormField`` in the form (it sanitizes in ``clean``), and
``register_rich_text("app.Model.field")`` for the model field that stores it.
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from portal.sanitize import RICH_TEXT_FIELDS, RichTextFormField, sanitize_html
from tests.quality.discovery import form_classes, instantiate_form, is_rich_text_field

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="jav&#x09;ascript:alert(1)">klik</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">spatie</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<div style="width: expression(alert(1))">css</div>',
    '<p style="background:url(javascript:alert(1))">css</p>',
    '<p style="display:none">verborgen</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><input name=q></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<p title="</p><img src=x onerror=alert(1)>">mxss</p>',
    '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
    "<strong onmouseover=alert(1)>vet</strong>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    "<img/src=x/onerror=alert(1)>",
    '<a href="java\0script:alert(1)">nul</a>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<template><script>alert(1)</script></template>",
    '<a href="//evil.example/" target="_blank">nieuw venster</a>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
]
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "link", "meta",
                  "base", "form", "input", "button", "img", "video", "audio", "source",
                  "template", "noscript", "frame", "frameset", "applet", "body"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "data",
                  "srcdoc", "poster", "cite"}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style":
                self.problems.append(f"{tag} style=")
            if name in URL_ATTRIBUTES and value is not None:
                plain = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if plain.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"{tag} {name}={value!r}")
            if tag == "a" and name == "target":
                rel = dict(attrs).get("rel") or ""
                if "noopener" not in rel:
                    self.problems.append("target without rel=noopener")

    handle_startendtag = handle_starttag


def harm_in(markup: str) -> list[str]:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    # A second pass on what a browser would see after one more round of parsing.
    if markup != html.unescape(markup) and "<" in html.unescape(markup):
        again = _Collector()
        again.feed(sanitize_html(html.unescape(markup)))
        collector.problems += again.problems
    return collector.problems


def test_there_are_at_least_30_payloads():
    assert len(set(PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitizer_makes_payload_harmless(payload):
    cleaned = sanitize_html(payload)
    assert harm_in(cleaned) == [], cleaned


def test_sanitizer_keeps_ordinary_formatting():
    text = '<h2>Doel</h2><p><strong>Vet</strong> en <a href="https://cbs.nl/">link</a></p>'
    cleaned = sanitize_html(text)
    assert "<h2>Doel</h2>" in cleaned and "<strong>Vet</strong>" in cleaned
    assert 'href="https://cbs.nl/"' in cleaned and "noopener" in cleaned


def test_the_checker_itself_sees_harm():
    """A check that cannot fail is a defect: the raw payloads are flagged."""
    flagged = [p for p in PAYLOADS if harm_in(p)]
    assert len(flagged) >= 30


def test_registered_rich_text_fields_exist():
    for label in RICH_TEXT_FIELDS:
        app_label, model_name, field_name = label.split(".")
        model = apps.get_model(app_label, model_name)
        model._meta.get_field(field_name)  # raises FieldDoesNotExist


class _ReferenceForm(forms.Form):
    """Always present, so the discovery test has at least one form: our own rich-text field."""

    text = RichTextFormField(required=False)


def rich_text_cases() -> list[tuple[str, object, str]]:
    """(label, form factory, field name) of every form field that takes rich text."""
    cases = [("RichTextFormField", _ReferenceForm, "text")]
    request = RequestFactory().get("/")

    def registered(model, name):
        return model is not None and f"{model._meta.label}.{name}" in RICH_TEXT_FIELDS

    for form_class in form_classes():
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        for name, field in form_class.base_fields.items():
            if is_rich_text_field(field) or registered(model, name):
                cases.append((f"{form_class.__module__}.{form_class.__name__}", form_class, name))
    for model, model_admin in admin.site._registry.items():
        rich = {label.split(".")[2] for label in RICH_TEXT_FIELDS
                if label.rsplit(".", 1)[0] == model._meta.label}  # fmt: skip
        if not rich:
            continue
        request.user = type("Superuser", (), {"is_superuser": True, "has_perm": lambda *a: True})
        form_class = model_admin.get_form(request)
        for name in rich & set(form_class.base_fields):
            cases.append((f"admin {model._meta.label}", form_class, name))
    return cases


@pytest.mark.django_db
def test_every_form_that_writes_rich_text_cleans_the_payloads(leader, project, institution):
    context = {"user": leader, "person": leader.person, "project": project,
               "institution": institution}  # fmt: skip
    problems = []
    cases = rich_text_cases()
    for label, form_class, name in cases:
        for payload in PAYLOADS:
            form = instantiate_form(form_class, {name: payload}, context)
            form.is_valid()
            if name in form.cleaned_data:
                harm = harm_in(str(form.cleaned_data[name]))
                if harm:
                    problems.append(f"{label}.{name}: {payload!r} -> {harm}")
    assert not problems, f"{len(problems)} payloads got through:\n" + "\n".join(problems)


def test_every_registered_rich_text_field_is_written_by_a_sanitizing_form():
    written = set()
    for _label, form_class, name in rich_text_cases():
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        if model is not None:
            written.add(f"{model._meta.label}.{name}")
    # A JSON field of sections (Bijlage.sections) is written by a form per section: it counts as
    # covered when its app has any rich-text form.
    apps_with_rich_forms = {
        c.__module__.split(".")[0] for _, c, _ in rich_text_cases() if c is not _ReferenceForm
    }
    missing = [
        label
        for label in RICH_TEXT_FIELDS
        if label not in written and label.split(".")[0] not in apps_with_rich_forms
    ]
    assert not missing, (
        f"No discovered form writes {missing}: use RichTextFormField in the form that does."
    )


# --- Plain text with links (messages to and from CBS) -----------------------------------------

LINK_PAYLOADS = [
    'https://ok.example/"onmouseover="alert(1)',
    "https://ok.example/'><script>alert(1)</script>",
    "https://ok.example/<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1) https://ok.example/",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "https://ok.example/`onfocus=alert(1)`",
    "http://ok.example/&quot;onclick=alert(1)",
]


@pytest.mark.parametrize("payload", PAYLOADS + LINK_PAYLOADS)
def test_message_text_makes_payload_harmless(payload):
    """Messages are plain text: escaped, line breaks kept, http(s) addresses made links."""
    from messaging.templatetags.messaging import message_text

    shown = str(message_text(f"Zie {payload}\nen verder"))
    assert harm_in(shown) == [], shown
    assert "<br>" in shown


def test_message_text_makes_links_and_nothing_else():
    from messaging.templatetags.messaging import message_text

    shown = str(message_text("Lees https://www.cbs.nl/a?b=1&c=2. <b>vet</b>"))
    assert shown.startswith('Lees <a href="https://www.cbs.nl/a?b=1&amp;c=2" rel="noopener')
    assert ">https://www.cbs.nl/a?b=1&amp;c=2</a>. &lt;b&gt;vet&lt;/b&gt;" in shown
