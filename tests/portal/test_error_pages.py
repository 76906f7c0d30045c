"""The site's own error pages: in the visitor's language (``<html lang>``), never Django's bare
English ones."""

import re

import pytest

pytestmark = pytest.mark.django_db


def lang_and_title(html: str) -> tuple[str, str]:
    lang = re.search(r'<html[^>]*\slang="([^"]*)"', html).group(1)
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()
    return lang, title


@pytest.mark.parametrize(
    ("prefix", "lang", "title"),
    [
        ("", "nl", "Dit verzoek kan niet worden verwerkt"),
        ("/en", "en", "This request cannot be handled"),
    ],
)
def test_a_bad_request_in_the_admin_is_the_sites_page_in_its_language(
    client, staff, prefix, lang, title
):
    """An admin address with a field the admin refuses (``_to_field``) answers 400."""
    client.force_login(staff)
    response = client.get(f"{prefix}/admin/portal/servicelevel/?_to_field=id&_popup=1")
    assert response.status_code == 400
    assert lang_and_title(response.content.decode()) == (lang, title)


def test_a_request_for_an_unknown_host_still_gets_its_400(client):
    """Refused before the session and the user are known: the page is made without them."""
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert lang_and_title(response.content.decode())[0] == "nl"


@pytest.mark.parametrize(
    ("prefix", "lang", "title"),
    [
        ("", "nl", "Het formulier kon niet worden verstuurd"),
        ("/en", "en", "The form could not be sent"),
    ],  # fmt: skip
)
def test_a_form_without_its_csrf_token_gets_the_sites_page_in_its_language(prefix, lang, title):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/accounts/login/", {"login": "a@b.nl", "password": "x"})
    assert response.status_code == 403
    assert lang_and_title(response.content.decode()) == (lang, title)
