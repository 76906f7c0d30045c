import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.views import INSTITUTIONS_PAGE_SIZE as PAGE_SIZE
from portal.context_processors import greeting
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_home_greets_visitor_in_dutch(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "welkom bij CBS Microdata Services!" in text
    assert 'lang="nl"' in text
    assert "Over Microdata Services" in text


def test_home_in_english(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "welcome to CBS Microdata Services!" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (6, "Good morning"),
        (11, "Good morning"),
        (12, "Good afternoon"),
        (17, "Good afternoon"),
        (18, "Good evening"),
        (2, "Good evening"),
    ],
)
def test_greeting_follows_amsterdam_time(hour, expected):
    amsterdam = timezone.get_default_timezone()
    moment = datetime.datetime(2026, 1, 15, hour, 30, tzinfo=amsterdam)
    with translation.override("en"):
        assert greeting(moment) == expected


def test_greeting_uses_amsterdam_not_utc():
    # 11:30 UTC is 12:30 in Amsterdam in winter: afternoon, not morning.
    assert greeting(datetime.datetime(2026, 1, 15, 11, 30, tzinfo=datetime.UTC)) == "Goedemiddag"
    # 05:30 UTC is 07:30 in Amsterdam in summer (CEST): morning.
    assert greeting(datetime.datetime(2026, 7, 15, 5, 30, tzinfo=datetime.UTC)) == "Goedemorgen"


def test_about_lists_only_currently_authorized_institutions(client):
    today = timezone.localdate()
    InstitutionFactory(
        name="AFAS Software",
        authorization_start=datetime.date(2024, 4, 1),
        authorization_end=today + datetime.timedelta(days=10),
    )
    InstitutionFactory(
        name="Verlopen Instituut",
        authorization_start=datetime.date(2020, 1, 1),
        authorization_end=today - datetime.timedelta(days=1),
    )
    InstitutionFactory(
        name="Toekomstig Instituut",
        authorization_start=today + datetime.timedelta(days=1),
        authorization_end=today + datetime.timedelta(days=100),
    )
    response = client.get(reverse("accounts:about"))
    text = response.content.decode()
    assert "Gemachtigde instellingen" in text
    assert "AFAS Software" in text
    assert "01-04-2024" in text
    assert "Verlopen Instituut" not in text
    assert "Toekomstig Instituut" not in text
    assert "Home" in text and "Over Microdata Services" in text


def test_about_lists_the_authorized_institutions_a_page_at_a_time(client):
    """A public page never renders an unbounded list: 50 institutions a page, in name order."""
    today = timezone.localdate()
    for i in range(PAGE_SIZE + 3):
        InstitutionFactory(
            name=f"Instituut {i:03d}",
            authorization_start=today - datetime.timedelta(days=10),
            authorization_end=today + datetime.timedelta(days=10),
        )
    first = client.get(reverse("accounts:about")).content.decode()
    assert first.count('<td data-label="Naam">Instituut') == PAGE_SIZE
    assert "Instituut 049" in first and "Instituut 050" not in first
    assert "Pagina 1 van 2" in first and "?page=2" in first
    second = client.get(reverse("accounts:about"), {"page": 2}).content.decode()
    assert second.count('<td data-label="Naam">Instituut') == 3
    assert "Instituut 050" in second and "Instituut 052" in second
    assert "Instituut 049" not in second
    # A page number past the end shows the last page, no error.
    assert "Instituut 052" in client.get(reverse("accounts:about"), {"page": 9}).content.decode()


def test_about_shows_empty_state(client):
    response = client.get(reverse("accounts:about"))
    assert "Er zijn op dit moment geen gemachtigde instellingen." in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["portal:customer_service", "catalogue:index", "portal:cookies", "portal:accessibility"],
)
def test_public_pages_open_for_anyone(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_catalogue_empty_state(client):
    text = client.get(reverse("catalogue:index")).content.decode()
    assert "De catalogus van bestanden is voorlopig leeg." in text


def test_public_pages_refuse_post(client):
    assert client.post(reverse("accounts:about")).status_code == 405


def test_cookie_notice_hidden_after_ok_and_stays_on_page(client):
    about = reverse("accounts:about")
    assert "Deze website maakt gebruik van cookies." in client.get(about).content.decode()
    response = client.post(reverse("portal:cookie_notice_seen"), {"next": about})
    assert response.status_code == 302 and response.url == about
    assert "Deze website maakt gebruik van cookies." not in client.get(about).content.decode()


def test_cookie_notice_refuses_offsite_redirect(client):
    response = client.post(reverse("portal:cookie_notice_seen"), {"next": "https://evil.example/"})
    assert response.url == reverse("portal:home")


def test_language_switch_links_to_same_page(client):
    text = client.get(reverse("accounts:about")).content.decode()
    assert 'href="/en/over-microdata-services/"' in text
    text = client.get("/en/over-microdata-services/").content.decode()
    assert 'href="/over-microdata-services/"' in text


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_action_url_opened_with_get_is_a_friendly_405(client):
    """require_POST answers with an empty body; the browser would show its own error page."""
    response = client.get(reverse("portal:cookie_notice_seen"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = response.content.decode()
    assert "Deze pagina kun je zo niet openen" in text
    assert 'lang="nl"' in text
    english = client.get("/en" + reverse("portal:cookie_notice_seen"))
    assert "This page cannot be opened this way" in english.content.decode()


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
