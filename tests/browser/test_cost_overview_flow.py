"""CBS sends a cost overview; the project leader reviews the PDF inline and agrees."""

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe

from projects.models import Project, Role, Status
from requests_inbox.models import CostOverview, CostOverviewStatus
from requests_inbox.services import cost_overview_send
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


def sign_in(page, email: str, password: str) -> None:
    """Through the real login form; submitted with Enter, whatever its button says."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_label("Wachtwoord").press("Enter")


def test_leader_reviews_and_agrees_to_the_cost_overview(page):
    institution = InstitutionFactory(name="AFAS Software")
    project = ProjectFactory(
        institution=institution, title="Demo projectaanvraag", number=10014, status=Status.CONTRACT
    )
    leader = UserFactory(
        email="piet.bakker@example.nl",
        person=PersonFactory(institution=institution, first_name="Piet", last_name="Bakker"),
    )
    EmailAddress.objects.get_or_create(
        user=leader, email=leader.email, defaults={"verified": True, "primary": True}
    )
    TeamMemberFactory(project=project, person=leader.person, role=Role.LEADER)
    TeamMemberFactory(project=project, role=Role.SIGNATORY)
    staff = UserFactory(person=None, is_staff=True, is_superuser=True, email="medewerker@cbs.nl")

    # CBS sends the cost overview (what "Versturen" in the back office does).
    overview = CostOverview.objects.create(project=project, created_by=staff)
    add_mockup_lines(overview)
    cost_overview_send(overview=overview, by=staff)

    sign_in(page, leader.email, PASSWORD)
    page.goto("/")
    tabs = page.get_by_role("navigation", name="Acties")
    assert (
        tabs.get_by_role("link", name="Openstaande acties").get_attribute("aria-current") == "page"
    )
    row = page.locator("table tbody tr", has_text="Beoordelen kostenoverzicht")
    assert row.count() == 1
    assert "Ter beoordeling" in row.inner_text()

    row.get_by_role("link", name="Beoordelen kostenoverzicht").click()
    assert page.locator("h1").inner_text() == "Beoordelen kostenoverzicht"
    assert "Geef akkoord op het bijgevoegde kostenoverzicht" in page.locator("main").inner_text()
    assert (
        page.get_by_role("link", name="Demo projectaanvraag").get_attribute("href")
        == "/projecten/10014/"
    )
    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag22aa"]})
    assert violations.violations_count == 0, violations.generate_report()
    frame = page.locator("iframe.cbs-pdf-frame")
    assert frame.count() == 1
    assert frame.get_attribute("title") == "Bijlage 4 - Projectkosten.pdf"
    pdf = page.request.get(frame.get_attribute("src"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    new_window = page.get_by_role("link", name="Bijlage in nieuw venster openen")
    assert new_window.get_attribute("href") == frame.get_attribute("src")
    assert new_window.get_attribute("target") == "_blank"

    page.get_by_role("button", name="Akkoord", exact=False).first.click()
    page.wait_for_load_state()
    assert "tab=verzonden" in page.url
    assert "Je bent akkoord gegaan met het kostenoverzicht." in page.locator("body").inner_text()
    assert tabs.get_by_role("link", name="Verzonden").get_attribute("aria-current") == "page"
    sent = page.locator("table tbody tr", has_text="Beoordelen kostenoverzicht")
    assert sent.count() == 1
    assert "Akkoord" in sent.inner_text()

    project = Project.objects.get(pk=project.pk)
    assert project.status == Status.AGREEMENT
    assert CostOverview.objects.get(pk=overview.pk).status == CostOverviewStatus.AGREED
