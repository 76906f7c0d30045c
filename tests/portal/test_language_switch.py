"""The EN/NL link of every page: the same page in the other language (switch_language_url)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def switch_link(html: str) -> str:
    return re.search(r'<a href="([^"]*)" lang="(?:en|nl)" hreflang=', html).group(1)


def test_dutch_page_links_to_the_same_page_in_english(client, leader, project):
    client.force_login(leader)
    detail = reverse("projects:detail", args=[project.number])
    html = client.get(detail + "?tab=services&docs=publications").content.decode()
    assert switch_link(html) == f"/en{detail}?tab=services&amp;docs=publications"


def test_english_page_links_back_to_dutch(client):
    html = client.get("/en/dienstencatalogus/").content.decode()
    assert switch_link(html) == "/dienstencatalogus/"


def test_a_query_is_kept_escaped(client):
    html = client.get("/dienstencatalogus/?q=%22%3E%3Cscript%3E&x=<b>").content.decode()
    link = switch_link(html)
    assert link.startswith("/en/dienstencatalogus/?q=")
    assert "<" not in link and '"' not in link


def test_a_page_not_found_links_to_itself(client):
    """An unknown path has no translation (Django's translate_url leaves it as it is)."""
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert switch_link(response.content.decode()) == "/bestaat-niet/"


@pytest.mark.parametrize("path", ["//evil.example/", "///evil.example/x?y=1", "/\\evil.example/"])
def test_the_switch_of_a_page_not_found_stays_on_this_site(rf, path):
    """``GET //evil.example/`` (a 404) must not offer a link to evil.example."""
    from django.template import RequestContext, Template

    request = rf.get("/")
    request.path_info = request.path = path
    request.META["PATH_INFO"] = path
    html = Template('{% switch_language_url "en" %}').render(RequestContext(request))
    assert html.startswith("/") and not html.startswith(("//", "/\\\\")), html


def test_the_switch_on_a_real_404_for_a_double_slash_is_a_path(client):
    response = client.get("/%2F/evil.example/")
    assert response.status_code == 404
    link = switch_link(response.content.decode())
    assert link.startswith("/") and not link.startswith("//"), link
