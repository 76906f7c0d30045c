"""A researcher signs the user declaration and uploads the confidentiality declaration."""

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from accounts.models import (
    ConfidentialityDeclaration,
    UserDeclarationSignature,
    UserDeclarationText,
)
from requests_inbox.models import ActionKind
from requests_inbox.services import action_create
from tests.browser.test_cost_overview_flow import sign_in
from tests.factories import InstitutionFactory, PersonFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.requests_inbox.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db(transaction=True)
AXE_RULES = {"runOnly": ["wcag2a", "wcag2aa", "wcag22aa"]}


def assert_accessible(page):
    results = Axe().run(page, options=AXE_RULES)
    assert results.violations_count == 0, results.generate_report()


def test_sign_and_upload(page, tmp_path):
    person = PersonFactory(
        institution=InstitutionFactory(name="AFAS Software"), first_name="Piet", last_name="Bakker"
    )
    user = UserFactory(email="piet.bakker@example.nl", person=person)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    staff = UserFactory(person=None, is_staff=True, email="medewerker@cbs.nl")
    UserDeclarationText.objects.create(
        version=1, text="Ik gebruik microdata alleen voor onderzoek.",
        published_at=timezone.now() - timezone.timedelta(hours=1),
    )  # fmt: skip
    action_create(person=person, kind=ActionKind.USER_DECLARATION, subject="", by=staff)
    action_create(person=person, kind=ActionKind.CONFIDENTIALITY, subject="", by=staff)

    sign_in(page, user.email, PASSWORD)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Gebruikersverklaring").click()
    assert "Ik gebruik microdata alleen voor onderzoek." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Je volledige naam").fill("Piet Jansen")
    page.get_by_role("button", name="Ondertekenen").click()
    # Without the tick and with the wrong name: messages beside the fields, name kept.
    assert "Bevestig dat je de verklaring hebt gelezen" in page.locator("main").inner_text()
    assert page.get_by_label("Je volledige naam").input_value() == "Piet Jansen"
    page.get_by_label("Ik heb de gebruikersverklaring gelezen en ga ermee akkoord.").check()
    page.get_by_label("Je volledige naam").fill("Piet Bakker")
    page.get_by_role("button", name="Ondertekenen").click()
    assert "Je hebt de gebruikersverklaring ondertekend." in page.locator("body").inner_text()
    assert UserDeclarationSignature.objects.filter(person=person).count() == 1

    page.goto("/")
    page.get_by_role("link", name="Geheimhoudingsverklaring").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Formulier downloaden (PDF)").click()
    assert download.value.suggested_filename == "Geheimhoudingsverklaring.pdf"
    signed = tmp_path / "getekend.pdf"
    signed.write_bytes(PDF_BYTES)
    page.get_by_label("Ondertekend formulier (PDF)").set_input_files(str(signed))
    page.get_by_role("button", name="Uploaden").click()
    assert "Het CBS beoordeelt je geheimhoudingsverklaring." in page.locator("body").inner_text()
    sent = page.locator("table tbody").inner_text()
    assert "Gebruikersverklaring" in sent and "Ondertekend" in sent
    assert "Geheimhoudingsverklaring" in sent and "Ter beoordeling bij CBS" in sent
    assert ConfidentialityDeclaration.objects.filter(person=person).count() == 1
