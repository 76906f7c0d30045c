"""Afsluiting's change requests on a closed project: "Archieftermijn verlengen" and "Project
heropenen", asked by the leader in the archive period and decided by CBS."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from changes import services
from changes.kinds import KINDS
from changes.models import ChangeRequest
from portal.refusals import Refusal
from projects.models import Project, Status
from projects.services_closure import project_close
from tests.changes.conftest import ask, set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(project, leader, staff):
    set_status(project, Status.CLOSURE_REQUESTED)
    project_close(
        project=project, by=staff, archive_until=timezone.localdate() + datetime.timedelta(days=30)
    )
    project.refresh_from_db()
    return project


def test_both_kinds_are_registered_for_closed_projects():
    assert KINDS["extend_archive"].statuses == {Status.CLOSED}
    assert KINDS["reopen"].statuses == {Status.CLOSED}


def test_extend_archive_asked_by_the_leader_and_granted_by_cbs(closed, leader, staff):
    later = closed.archive_until + datetime.timedelta(days=365)
    request = ask(closed, leader, "extend_archive", archive_until=later.isoformat())
    services.change_request_take(change_request=request, by=staff)
    services.change_request_approve(change_request=request, by=staff)
    closed.refresh_from_db()
    assert closed.archive_until == later
    assert ChangeRequest.objects.get(pk=request.pk).status == "approved"


def test_extend_archive_must_be_later_than_now(closed):
    form = KINDS["extend_archive"].form(
        data={"explanation": "Meer tijd.", "archive_until": closed.archive_until.isoformat()},
        project=closed,
    )
    assert not form.is_valid() and "archive_until" in form.errors


def test_reopen_asked_and_granted_runs_the_project_again(closed, leader, staff):
    request = ask(closed, leader, "reopen", explanation="Reviewers vragen een extra analyse.")
    services.change_request_take(change_request=request, by=staff)
    services.change_request_approve(change_request=request, by=staff)
    closed.refresh_from_db()
    assert closed.status == Status.RUNNING
    assert closed.team.current().filter(person=leader.person).exists()


def test_only_the_leader_may_ask(closed, researcher):
    with pytest.raises(Refusal):
        ask(closed, researcher, "reopen")


def test_not_on_a_running_project(project, leader):
    set_status(project, Status.RUNNING)
    with pytest.raises(Refusal):
        ask(project, leader, "reopen")


def test_the_leader_finds_the_requests_on_the_closed_project(client, closed, leader):
    client.force_login(leader)
    page = client.get(reverse("projects:detail", args=[closed.number])).content.decode()
    assert reverse("changes:change_new", args=[closed.number]) in page
    choose = client.get(reverse("changes:change_new", args=[closed.number])).content.decode()
    assert "Project heropenen" in choose and "Archieftermijn verlengen" in choose
    assert "Onderzoeker toevoegen" not in choose  # the kinds of a running project
    assert Project.objects.get(pk=closed.pk).status == Status.CLOSED
