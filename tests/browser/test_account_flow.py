"""Request an account → the account manager approves → set a password via the mailed link →
sign in → edit Mijn gegevens. All in the real browser, in Dutch."""

import re

import pytest
from django.core import mail

from accounts.models import AccountRequest, Person
from tests.conftest import make_user
from tests.factories import InstitutionFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "Zomer-in-Leusden-2026"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_request_approve_set_password_login_and_edit_details(page, login, live_server):
    institution = InstitutionFactory(name="AFAS Software")
    manager = make_user(institution, is_account_manager=True, first_name="Gerro", last_name="Jager")

    # 1. A visitor requests an account.
    page.goto("/over-microdata-services/")
    page.get_by_role("main").get_by_role("link", name="Account aanvragen").click()
    assert page.locator("h1").inner_text() == "Account aanvragen"
    page.get_by_label("Voorletters").fill("S.")
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Visser")
    page.get_by_label("Geboortedatum").fill("1993-02-11")
    page.get_by_label("Geslacht").select_option("v")
    page.get_by_label("E-mail").fill("sanne.visser@example.nl")
    page.get_by_label("Taal").select_option("nl")
    page.locator("#id_institution").select_option(label="AFAS Software")
    page.get_by_role("button", name="Aanvraag versturen").click()
    assert page.locator("h1").inner_text() == "Aanvraag verzonden"
    assert AccountRequest.objects.get().status == "open"
    assert any(m.to == ["sanne.visser@example.nl"] for m in mail.outbox)

    # 2. The account manager approves it.
    login(manager.email, PASSWORD)
    page.goto("/accountaanvragen/")
    row = page.locator("#account-requests tbody tr", has_text="Sanne Visser")
    assert "sanne.visser@example.nl" in row.inner_text()
    row.get_by_role("button", name=re.compile("Goedkeuren")).click()
    assert "is goedgekeurd" in page.locator(".cbs-messages").inner_text()
    assert page.locator("#account-requests tbody tr").inner_text().startswith("Er zijn geen")
    page.locator(".cbs-user-menu summary").click()
    page.get_by_role("button", name="Uitloggen").click()

    # 3. Sanne sets her password through the mailed link.
    invitation = next(m for m in mail.outbox if "uitnodiging" in m.body)
    link = re.search(r"https?://\S+(/uitnodiging/\S+/)", invitation.body).group(1)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Stel je wachtwoord in"
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    assert "Je wachtwoord is ingesteld." in page.locator(".cbs-messages").inner_text()

    # The link is used up.
    page.goto(link)
    assert page.locator("h1").inner_text() == "Link niet meer geldig"

    # 4. She signs in and edits Mijn gegevens.
    login("sanne.visser@example.nl", NEW_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn gegevens"
    ).click()
    assert page.locator("h1").inner_text() == "Persoonsgegevens"
    page.get_by_role("link", name="Aanpassen").click()
    page.get_by_label("Mobiel").fill("06-12 34 56 78")
    page.locator("#id_postal_code").fill("3833av")
    page.get_by_label("Stuur mij de nieuwsbrief").check()
    page.get_by_role("button", name="Opslaan").click()
    assert "Je gegevens zijn opgeslagen." in page.locator(".cbs-messages").inner_text()
    assert "+31612345678" in page.get_by_role("main").inner_text()
    person = Person.objects.get(email="sanne.visser@example.nl")
    assert person.mobile == "+31612345678"
    assert person.postal_code == "3833 AV"
    assert person.newsletter is True
