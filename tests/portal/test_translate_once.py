"""{% translate %} renders a literal once per language (portal/templatetags/portal_i18n.py)."""

import pathlib
import re

import pytest
from django.template import engines
from django.test import override_settings
from django.utils import translation

from portal.templatetags.portal_i18n import TranslateOnceNode

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOAD_I18N = re.compile(r"{%\s*load\s[^%]*\bi18n\b")


def render(source, context=None):
    return engines["django"].from_string(source).render(context or {})


def test_the_same_node_follows_the_active_language():
    template = engines["django"].from_string('{% translate "Projects" %}')
    for language, text in [("nl", "Projecten"), ("en", "Projects"), ("nl", "Projecten")]:
        with translation.override(language):
            assert template.render({}) == text


def test_as_variable_context_and_noop():
    source = (
        '{% translate "Start date" context "project" as label %}[{{ label }}]'
        '{% translate "Projects" noop %}'
    )
    template = engines["django"].from_string(source)
    with translation.override("nl"):
        assert template.render({}) == "[Begindatum]Projects"
        assert template.render({}) == "[Begindatum]Projects"
    with translation.override("en"):
        assert template.render({}) == "[Start date]Projects"


def test_a_variable_message_is_translated_on_every_render():
    template = engines["django"].from_string("{% translate message %}")
    with translation.override("nl"):
        assert template.render({"message": "Projects"}) == "Projecten"
        assert template.render({"message": "History"}) == "Geschiedenis"


def test_a_variable_context_or_a_filter_is_rendered_as_django_does():
    template = engines["django"].from_string(
        '{% translate "Start date" context ctx %}|{% translate "Projects"|upper %}'
    )
    with translation.override("nl"):
        assert template.render({"ctx": "project"}) == "Begindatum|PROJECTEN"
        assert template.render({"ctx": "other"}) == "Start date|PROJECTEN"


CASES = [
    '{% translate "Projects" %}',
    '{% translate "a & b" %}|{% autoescape off %}{% translate "a & b" %}{% endautoescape %}',
    '{% translate "100% sure" %}',
    '{% translate "Start date" context "project" %}',
    '{% translate "Projects" as p %}{{ p }} {{ p }}',
    "{% translate message %}",
    '{% translate "Projects"|lower %}',
]


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_renders_what_djangos_own_tag_renders(source, language):
    context = {"message": "<b>History</b>"}
    with translation.override(language):
        ours = [render(source, context) for _ in range(2)]
        django = render("{% load i18n %}" + source, context)
    assert ours == [django, django]


def test_texts_are_forgotten_when_settings_change():
    template = engines["django"].from_string('{% translate "Projects" %}')
    with translation.override("nl"):
        assert template.render({}) == "Projecten"
        with override_settings(LOCALE_PATHS=[]):
            node = template.template.nodelist[0]
            assert isinstance(node, TranslateOnceNode)
            template.render({})
            assert node.texts  # kept again under the new settings
        assert template.render({}) == "Projecten"


@pytest.mark.parametrize("folder", ["templates", "accounts", "projects", "requests_inbox",
                                    "awareness", "portal"])  # fmt: skip
def test_our_templates_use_the_builtin_translate(folder):
    """A {% load i18n %} would bring back Django's slower tag (same text, ADR 0010)."""
    base = ROOT / folder if folder == "templates" else ROOT / folder / "templates"
    loading = [
        str(path.relative_to(ROOT))
        for path in base.rglob("*")
        if path.is_file() and LOAD_I18N.search(path.read_text())
    ]
    assert not loading


def test_a_load_of_i18n_is_recognised():
    for source in ["{% load i18n %}", "{%load static i18n%}", "{% load i18n admin_urls %}"]:
        assert LOAD_I18N.search(source)
    assert not LOAD_I18N.search("{% load static %} i18n")
