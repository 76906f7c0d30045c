"""The privacy statement (Privacyverklaring): public, in the footer, in Dutch and English, and
rendered from the register of personal data, so the page and the retention job agree."""

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from portal.privacy import register


def _url(language="nl"):
    with translation.override(language):
        return reverse("portal:privacy")


def test_public_and_linked_in_the_footer(client):
    response = client.get(_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Privacyverklaring</h1>" in page
    home = client.get(reverse("portal:home")).content.decode()
    assert f'href="{_url()}"' in home


def test_every_kind_of_the_register_with_its_period(client, settings):
    settings.AGREEMENT_YEARS = 11
    settings.ACCOUNT_REQUEST_DAYS = 45
    page = client.get(_url()).content.decode()
    for kind in register.kinds():
        with translation.override("nl"):
            assert escape(str(kind.what)) in page
            assert escape(kind.retention_text()) in page
    assert "11 jaar na het einde van het project" in page
    assert "45 dagen na het besluit" in page


def test_in_english(client):
    page = client.get(_url("en")).content.decode()
    assert "<h1>Privacy statement</h1>" in page
    assert "Your memberships of project teams" in page
    assert "Privacyverklaring" not in page


def test_refuses_post(client):
    assert client.post(_url()).status_code == 405
