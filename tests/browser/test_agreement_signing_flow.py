"""A Tekenbevoegde signs the project agreement with the keyboard only, in Dutch and in English."""

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from agreements import services
from agreements.models import AgreementSignature, AgreementStatus, AgreementText
from projects.models import Role, Status
from requests_inbox.models import CostOverview, CostOverviewStatus
from tests.factories import (
    InstitutionFactory,
    PersonFactory,
    ProjectFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.factories.accounts import PASSWORD
from tests.requests_inbox.conftest import add_mockup_lines

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "nl": {
        "login": "/accounts/login/",
        "email": "E-mail",
        "password": "Wachtwoord",
        "title": "Ondertekenen projectovereenkomst",
        "frame": "Projectovereenkomst.pdf",
        "wrong": "Het wachtwoord is niet juist.",
        "done": "Bedankt. Je hebt de projectovereenkomst ondertekend.",
    },
    "en": {
        "login": "/en/accounts/login/",
        "email": "Email",
        "password": "Password",
        "title": "Sign project agreement",
        "frame": "Projectovereenkomst.pdf",
        "wrong": "The password is not correct.",
        "done": "Thank you. You have signed the project agreement.",
    },
}


def sent_agreement():
    institution = InstitutionFactory(name="AFAS Software")
    project = ProjectFactory(
        institution=institution, title="Zorggebruik en inkomen", status=Status.AGREEMENT
    )
    gerro = UserFactory(
        email="gerro.dejager@example.nl",
        person=PersonFactory(
            institution=institution,
            first_name="Gerro",
            prefix="de",
            last_name="Jager",
            is_signatory=True,
        ),
    )
    EmailAddress.objects.get_or_create(
        user=gerro, email=gerro.email, defaults={"verified": True, "primary": True}
    )
    TeamMemberFactory(project=project, role=Role.LEADER)
    TeamMemberFactory(project=project, person=gerro.person, role=Role.SIGNATORY)
    staff = UserFactory(person=None, is_staff=True, is_superuser=True, email="medewerker@cbs.nl")
    overview = CostOverview.objects.create(
        project=project, status=CostOverviewStatus.AGREED, decided_at=timezone.now()
    )
    add_mockup_lines(overview)
    AgreementText.objects.create(version=1, text="Artikel 1. Alleen voor dit onderzoek.")
    agreement = services.agreement_draft(project=project, by=staff)
    services.agreement_send(agreement=agreement, by=staff)
    return gerro, agreement.actions.get()


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_signatory_signs_with_the_keyboard_only(page, language):
    words = WORDS[language]
    gerro, action = sent_agreement()
    page.goto(words["login"])
    page.get_by_label(words["email"]).fill(gerro.email)
    page.get_by_label(words["password"]).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_label(words["password"]).press("Enter")

    prefix = "/en" if language == "en" else ""
    page.goto(f"{prefix}/overeenkomsten/actie/{action.pk}/")
    assert page.locator("h1").inner_text() == words["title"]
    frame = page.locator("iframe.cbs-pdf-frame")
    assert frame.get_attribute("title") == words["frame"]
    pdf = page.request.get(frame.get_attribute("src"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag22aa"]})
    assert violations.violations_count == 0, violations.generate_report()

    # A wrong password first: the message beside the field, the typed name kept.
    tab_to(page, "input[name=confirm]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type(gerro.person.full_name)
    page.keyboard.press("Tab")
    page.keyboard.type("niet-mijn-wachtwoord")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert words["wrong"] in page.locator("main").inner_text()
    assert page.locator("input[name=typed_name]").input_value() == gerro.person.full_name
    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag22aa"]})
    assert violations.violations_count == 0, violations.generate_report()
    assert not AgreementSignature.objects.exists()

    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert words["done"] in page.locator("body").inner_text()
    signature = AgreementSignature.objects.get()
    assert signature.person == gerro.person
    assert signature.agreement.status == AgreementStatus.SIGNED
