"""The page frame's links (portal.context_processors.site_urls), reversed once per language."""

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from portal.context_processors import SITE_FILES, SITE_URLS, site_urls

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_link_is_what_reverse_gives_in_the_language(language):
    with translation.override(language):
        urls = site_urls()
        assert {name: urls[name] for name in SITE_URLS} == {
            name: reverse(route) for name, route in SITE_URLS.items()
        }
        assert {name: urls[name] for name in SITE_FILES} == {
            name: static(path) for name, path in SITE_FILES.items()
        }


def test_languages_are_kept_apart():
    with translation.override("nl"):
        dutch = site_urls()
    with translation.override("en"):
        english = site_urls()
    assert dutch["projects"] == "/projecten/"
    assert english["projects"] == "/en/projecten/"
    with translation.override("nl"):
        assert site_urls()["projects"] == "/projecten/"


def test_a_script_prefix_is_followed():
    try:
        set_script_prefix("/klantportaal/")
        with translation.override("nl"):
            assert site_urls()["home"] == "/klantportaal/"
    finally:
        set_script_prefix("/")
    with translation.override("nl"):
        assert site_urls()["home"] == "/"


def test_changed_settings_are_followed():
    with translation.override("nl"):
        before = site_urls()["css"]
        with override_settings(STATIC_URL="/andere-static/"):
            assert site_urls()["css"].startswith("/andere-static/")
        assert site_urls()["css"] == before


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_frame_links_on_a_page(client, leader, prefix):
    client.force_login(leader)
    text = client.get(f"{prefix}/projecten/").content.decode()
    with translation.override("en" if prefix else "nl"):
        for route in ["accounts:my_details", "projects:list", "portal:cookies", "account_logout"]:
            assert f'"{reverse(route)}"' in text
    assert 'aria-current="page">' in text
