""" "Verloopt binnenkort" on Mijn gegevens, kept per person (portal.reminders.expiring_for): after
each kind of write that changes a rule's result, and after the daily run on a later day, what is
kept is what the rules find now (``upcoming_for``), and it did change.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConfidentialityStatus
from accounts.services import confidentiality_approve, confidentiality_declaration_upload
from awareness.services import awareness_test_activate, awareness_test_deactivate
from portal.reminders import expiring_for, run_reminders, upcoming_for
from projects import services as project_services
from projects.models import Role, Status
from requests_inbox.models import Action, ActionKind
from requests_inbox.services import confidentiality_renewal_actions
from tests.conftest import make_user
from tests.factories import (
    AttemptFactory,
    AwarenessTestFactory,
    ChoiceFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def _plain(items):
    return [(str(item.label), str(item.what), item.due_date, item.url) for item in items]


def kept_is_live(person, *, on=None, before=None):
    """What Mijn gegevens shows (kept) is what the rules find now, and differs from ``before``.
    Returns it, for the next step."""
    kept = _plain(expiring_for(person, today=on))
    assert kept == _plain(upcoming_for(person, today=on))
    if before is not None:
        assert kept != before
    return kept


def test_kept_is_read_without_a_query(leader, django_assert_num_queries):
    leader.person.rsa_token_id, leader.person.rsa_token_expires = "RSA-9", days(5)
    leader.person.save()
    first = expiring_for(leader.person)
    with django_assert_num_queries(0):
        assert expiring_for(leader.person) == first


def test_the_page_shows_what_is_kept(leader, client_of, committed):
    client = client_of(leader)
    page = client.get(reverse("accounts:my_details")).content.decode()
    assert "Verloopt binnenkort" not in page
    with committed():
        leader.person.rsa_token_id, leader.person.rsa_token_expires = "RSA-9", days(5)
        leader.person.save()  # as the back office saves a person
    page = client.get(reverse("accounts:my_details")).content.decode()
    assert "Verloopt binnenkort" in page and "RSA-9" in page


def test_rsa_token_and_authorization_saved_in_the_back_office(leader, committed):
    person = leader.person
    before = kept_is_live(person)
    with committed():
        person.rsa_token_id, person.rsa_token_expires = "RSA-9", days(5)
        person.save()
    before = kept_is_live(person, before=before)
    with committed():
        person.is_account_manager = True
        person.save()
        person.institution.authorization_end = days(40)
        person.institution.save()
    before = kept_is_live(person, before=before)
    with committed():
        person.institution.authorization_end = days(400)
        person.institution.save()
    kept_is_live(person, before=before)


def test_confidentiality_declaration_approved_then_asked_again(leader, staff, committed):
    person = leader.person
    before = kept_is_live(person)
    with committed():
        declaration = confidentiality_declaration_upload(
            person=person, by=leader, upload=BytesIO(PDF_BYTES), content_type="application/pdf"
        )
    assert declaration.status == ConfidentialityStatus.SUBMITTED
    with committed():
        confidentiality_approve(declaration=declaration, by=staff, valid_until=days(20))
    before = kept_is_live(person, before=before)
    assert before[0][3] == reverse("accounts:my_details")
    # A renewal action: the item links to it.
    with committed():
        (action,) = confidentiality_renewal_actions(persons=[person])
    before = kept_is_live(person, before=before)
    assert before[0][3] == reverse("requests_inbox:detail", args=[action.pk])
    assert action.kind == ActionKind.CONFIDENTIALITY


def test_awareness_test_activated_passed_and_deactivated(leader, staff, committed):
    person = leader.person
    person.pid_code = "PID-1"  # works in the Remote Access: the test is due
    person.save()
    test = AwarenessTestFactory(name="Awarenesstoets 2027")
    ChoiceFactory(question=QuestionFactory(test=test), is_correct=True)  # activatable
    before = kept_is_live(person)
    with committed():
        awareness_test_activate(test=test, by=staff)
    before = kept_is_live(person, before=before)
    assert before[0][1] == "Awarenesstoets 2027"
    with committed():
        AttemptFactory(test=test, person=person, passed=True, valid_until=days(20))
    before = kept_is_live(person, before=before)
    assert before[0][2] == days(20)
    with committed():
        awareness_test_deactivate(test=test, by=staff)  # in bulk: forgotten by the service
    assert kept_is_live(person, before=before) == []


def test_project_end_team_and_publications(project, leader, staff, committed):
    project.status, project.start_date, project.end_date = Status.RUNNING, days(-100), days(20)
    project.save()
    person = leader.person
    other = make_user(project.institution)
    kept_is_live(other.person)
    before = kept_is_live(person, before=[])
    assert before[0][1] == str(project)
    # Another leader joins; then leaves.
    with committed():
        member = project_services.team_member_add(
            project=project, by=staff, person=other.person, role=Role.LEADER, start_date=days(-1)
        )
    assert kept_is_live(other.person, before=[])
    with committed():
        project_services.team_member_remove(member=member, by=staff)
    assert kept_is_live(other.person) == []
    # A publication expected within two weeks; then out.
    with committed():
        publication = project_services.publication_add(
            project=project,
            by=leader,
            title="Armoede onder jongeren",
            authors="Bakker",
            year=today().year,
            kind="article",
            expected_date=days(7),
        )
    before = kept_is_live(person, before=before)
    with committed():
        project_services.publication_complete(
            publication=publication, by=leader, actual_date=today(), link="https://example.org/"
        )
    before = kept_is_live(person, before=before)
    # The end date extended: no longer within its window.
    with committed():
        project_services.project_end_date_extend(project=project, by=staff, end_date=days(300))
    assert kept_is_live(person, before=before) == []


def test_the_passing_of_a_day_and_the_daily_run(leader, staff, committed):
    """An RSA token and a declaration come within their windows (30 and 60 days) tomorrow; the
    daily run then asks for a new declaration, where the item links from then on."""
    person = leader.person
    with committed():
        person.rsa_token_id, person.rsa_token_expires = "RSA-9", days(31)
        person.save()
        declaration = confidentiality_declaration_upload(
            person=person, by=leader, upload=BytesIO(PDF_BYTES), content_type="application/pdf"
        )
        confidentiality_approve(declaration=declaration, by=staff, valid_until=days(61))
    assert kept_is_live(person) == []
    tomorrow = days(1)
    before = kept_is_live(person, on=tomorrow, before=[])
    assert {item[1] for item in before} == {"RSA-token RSA-9", "Geheimhoudingsverklaring"}
    with committed():
        run_reminders(today=tomorrow)
    after = kept_is_live(person, on=tomorrow, before=before)
    action = Action.objects.get(person=person, kind=ActionKind.CONFIDENTIALITY)
    assert reverse("requests_inbox:detail", args=[action.pk]) in {url for *_, url in after}
