"""Uit dienst melden: ``accounts.services.person_leave`` and its undo, the sign-in check, the
daily run, and the change requests CBS decides."""

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Person
from accounts.services import people_leave_apply_due, person_leave, person_leave_undo
from changes.models import ChangeRequest, ChangeStatus
from changes.services import change_request_approve
from institutions.kinds import MEMBER_LEFT
from portal.models import Event
from portal.refusals import Refusal
from projects.models import Role, Status, TeamMember
from requests_inbox.models import ActionStatus
from tests.factories import ActionFactory, TeamMemberFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _running(project):
    project.status = Status.RUNNING
    project.save(update_fields=["status"])
    return project


def test_leaving_today_ends_access_actions_and_asks_cbs_per_project(
    client, account_manager, researcher, leader, project, staff, django_capture_on_commit_callbacks
):
    _running(project)
    person = researcher.person
    action = ActionFactory(person=person, project=project)
    client.force_login(researcher)
    client.get(reverse("portal:home"))  # a session of the researcher's
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person_leave(person=person, on=TODAY(), by=account_manager)
    person.refresh_from_db()
    researcher.refresh_from_db()
    assert person.left_on == TODAY() and person.leave_applied_at is not None
    assert not researcher.is_active
    assert not UserSession.objects.filter(user=researcher).exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.WITHDRAWN
    change = ChangeRequest.objects.get(project=project, kind=MEMBER_LEFT)
    assert change.status == ChangeStatus.SUBMITTED and change.asked_by == account_manager
    assert {event.verb for event in Event.objects.filter(person_id=person.pk)} >= {
        "person.leave_report",
        "person.leave_apply",
    }
    assert [m.to for m in mail.outbox] == [[person.notification_email]]
    # CBS decides: the membership ends the day before the person left.
    change_request_approve(change_request=change, by=staff)
    member = TeamMember.objects.get(project=project, person=person)
    assert member.end_date == max(TODAY() - DAY, member.start_date)


def test_a_person_who_left_cannot_sign_in(client, account_manager, researcher):
    person_leave(person=researcher.person, on=TODAY(), by=account_manager)
    response = client.post(
        reverse("account_login"), {"login": researcher.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    assert not response.wsgi_request.user.is_authenticated


def test_sign_in_refused_from_the_day_even_before_the_daily_run(
    client, account_manager, researcher
):
    """Reported for tomorrow; tomorrow comes and the daily run has not run yet."""
    person_leave(person=researcher.person, on=TODAY() + DAY, by=account_manager)
    client.force_login(researcher)
    assert client.get(reverse("accounts:my_details")).status_code == 200
    Person.objects.filter(pk=researcher.person_id).update(left_on=TODAY())
    # The session they hold no longer signs them in (the backend refuses the person).
    response = client.get(reverse("accounts:my_details"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_later_day_is_applied_by_the_daily_run(account_manager, researcher, project):
    _running(project)
    person = researcher.person
    person_leave(person=person, on=TODAY() + 3 * DAY, by=account_manager)
    person.refresh_from_db()
    assert person.leave_applied_at is None
    assert not ChangeRequest.objects.filter(kind=MEMBER_LEFT).exists()
    assert people_leave_apply_due(today=TODAY() + DAY) == 0
    call_command("apply_leaves", today=(TODAY() + 3 * DAY).isoformat())
    person.refresh_from_db()
    assert person.leave_applied_at is not None
    assert ChangeRequest.objects.filter(project=project, kind=MEMBER_LEFT).count() == 1
    assert people_leave_apply_due(today=TODAY() + 4 * DAY) == 0  # once


def test_undo_before_the_day_ends_nothing(
    account_manager, researcher, django_capture_on_commit_callbacks
):
    person = researcher.person
    person_leave(person=person, on=TODAY() + 5 * DAY, by=account_manager)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        person_leave_undo(person=person, by=account_manager)
    person.refresh_from_db()
    researcher.refresh_from_db()
    assert person.left_on is None and researcher.is_active
    assert len(mail.outbox) == 1
    assert people_leave_apply_due(today=TODAY() + 6 * DAY) == 0


def test_undo_refused_once_the_day_has_come(account_manager, researcher):
    person_leave(person=researcher.person, on=TODAY(), by=account_manager)
    with pytest.raises(Refusal):
        person_leave_undo(person=researcher.person, by=account_manager)


def test_only_the_institutions_manager_or_cbs_reports(
    other_account_manager, researcher, leader, staff
):
    for who in (other_account_manager, leader):
        with pytest.raises(Refusal):
            person_leave(person=researcher.person, on=TODAY(), by=who)
    person_leave(person=researcher.person, on=TODAY() + DAY, by=staff)


def test_no_second_report_and_not_oneself(account_manager, researcher):
    person_leave(person=researcher.person, on=TODAY() + DAY, by=account_manager)
    with pytest.raises(Refusal):
        person_leave(person=researcher.person, on=TODAY() + 2 * DAY, by=account_manager)
    with pytest.raises(Refusal):
        person_leave(person=account_manager.person, on=TODAY(), by=account_manager)


def test_memberships_on_other_institutions_projects_are_asked_too(
    account_manager, researcher, other_project
):
    _running(other_project)
    TeamMemberFactory(project=other_project, person=researcher.person, role=Role.RESEARCHER)
    person_leave(person=researcher.person, on=TODAY(), by=account_manager)
    assert ChangeRequest.objects.filter(project=other_project, kind=MEMBER_LEFT).exists()


def test_leave_page_reports_and_undoes(client_of, account_manager, researcher):
    client = client_of(account_manager)
    url = reverse("institutions:leave", args=[researcher.person_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"on": ""})
    assert response.status_code == 400
    later = (TODAY() + 10 * DAY).isoformat()
    response = client.post(url, {"on": later})
    assert response.status_code == 302
    researcher.person.refresh_from_db()
    assert researcher.person.left_on == TODAY() + 10 * DAY
    client.post(reverse("institutions:leave_undo", args=[researcher.person_id]))
    researcher.person.refresh_from_db()
    assert researcher.person.left_on is None


def test_leave_page_is_404_for_another_institutions_person(
    client_of, other_account_manager, researcher
):
    client = client_of(other_account_manager)
    url = reverse("institutions:leave", args=[researcher.person_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"on": TODAY().isoformat()}).status_code == 404
    researcher.person.refresh_from_db()
    assert researcher.person.left_on is None
