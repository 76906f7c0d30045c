"""Afsluiting with the keyboard only, in a real browser: the leader requests closure (the checklist,
then the confirmation) and copies the project as a new one; axe on the pages on the way."""

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, Status
from tests.browser.test_project_flow import _assert_accessible, _sign_in
from tests.conftest import make_user
from tests.factories import (
    InstitutionFactory,
    ProjectFactory,
    PublicationFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _focused_text(page) -> str:
    return page.evaluate("(document.activeElement.textContent || '').trim()")


def _tab_to(page, text: str, *, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused_text(page) == text:
            return
    raise AssertionError(f"“{text}” was not reached with Tab")


@pytest.fixture
def running(db):
    institution = InstitutionFactory(name="AFAS Software")
    leader = make_user(institution, first_name="Piet", last_name="Bakker", initials="P.")
    project = ProjectFactory(institution=institution, title="Pendelgedrag", status=Status.RUNNING)
    TeamMemberFactory(project=project, person=leader.person, role="leader")
    PublicationFactory(project=project, expected_date=None, actual_date=timezone.localdate())
    return project, leader


def test_request_closure_with_the_keyboard_only(page, live_server, running):
    project, leader = running
    _sign_in(page, live_server, leader)
    page.goto(reverse("projects:detail", args=[project.number]))
    timeline = page.locator("ol.cbs-timeline__phases")
    assert timeline.locator("[aria-current=step]").count() == 1
    _assert_accessible(page)
    _tab_to(page, "Afsluiting aanvragen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("projects:closure_request", args=[project.number]))
    assert page.get_by_text("Er staat niets meer open").count() == 1
    _assert_accessible(page)
    _tab_to(page, "Afsluiting aanvragen")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    project.refresh_from_db()
    assert project.status == Status.CLOSURE_REQUESTED
    # The timeline now says CBS is to act.
    assert "Wacht op CBS" in page.locator("ol.cbs-timeline__phases").inner_text()


def test_copy_as_new_project_with_the_keyboard_only(page, live_server, running):
    project, leader = running
    _sign_in(page, live_server, leader)
    page.goto(reverse("projects:detail", args=[project.number]))
    _tab_to(page, "Kopiëren als nieuw project")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _assert_accessible(page)
    _tab_to(page, "Kopiëren als nieuw project")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    copy = Project.objects.get(copied_from=project)
    assert copy.status == Status.ORIENTATION
    assert page.url.endswith(reverse("projects:detail", args=[copy.number]))
    assert "Gekopieerd van project" in page.locator("main").inner_text()
    _assert_accessible(page)
