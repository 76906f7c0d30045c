"""Afsluiting: "Afsluiting aanvragen" (checklist first), closing by CBS with the archive period,
read-only access during the archive period, extending and reopening."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from portal.audit import notifies_cbs
from portal.models import Event
from portal.refusals import Refusal
from projects.models import Project, Role, Status, TeamMember
from projects.registry import closure_checks
from projects.services_closure import (
    archive_extend,
    closure_checklist,
    closure_request,
    default_archive_until,
    project_close,
    project_reopen,
)
from requests_inbox.models import ActionStatus
from tests.factories import ActionFactory, PublicationFactory


def _running(project):
    Project.objects.filter(pk=project.pk).update(status=Status.RUNNING)
    project.refresh_from_db()
    return project


def _url(project):
    return reverse("projects:closure_request", args=[project.number])


def _published(project):
    return PublicationFactory(project=project, expected_date=None, actual_date=timezone.localdate())


# --- The checklist ------------------------------------------------------------------------------


def test_checklist_is_a_registry_the_apps_above_fill():
    assert closure_checks.keys() == [
        "expected_publications",  # projects
        "open_team_actions",  # requests_inbox
        "open_change_requests",  # changes
        "open_output_checks",
    ]


def test_checklist_no_publications_registered(project, leader):
    items = closure_checklist(_running(project))
    assert [item.message for item in items] == ["Er zijn geen publicaties geregistreerd."]


def test_checklist_expected_publication_not_published(project, leader):
    PublicationFactory(
        project=project,
        title="Werk en inkomen",
        expected_date=datetime.date(2026, 6, 1),
        actual_date=None,
    )
    _published(project)
    items = closure_checklist(project)
    assert [item.message for item in items] == [
        "“Werk en inkomen” is nog niet als gepubliceerd gemeld (verwacht 01-06-2026)."
    ]
    assert items[0].url.endswith("?docs=publications#documents")


def test_checklist_open_actions_of_the_team(project, leader, researcher):
    _published(project)
    ActionFactory(person=researcher.person, project=project, subject="Vraag over export")
    ActionFactory(
        person=leader.person,
        project=project,
        status=ActionStatus.ANSWERED,
        completed_at=timezone.now(),
    )
    ActionFactory(person=leader.person)  # not of this project
    items = closure_checklist(project)
    assert len(items) == 1
    assert "Vraag over export" in items[0].message
    assert researcher.person.full_name in items[0].message


def test_checklist_empty_when_all_done(project, leader):
    _published(project)
    assert closure_checklist(project) == []


# --- Requesting closure ------------------------------------------------------------------------


def test_leader_sees_checklist_then_confirms(project, leader, client_of):
    _running(project)
    _published(project)
    client = client_of(leader)
    page = client.get(_url(project)).content.decode()
    assert "Er staat niets meer open" in page
    response = client.post(_url(project), {"reason": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.CLOSURE_REQUESTED
    event = Event.objects.get(project=project, verb="project.request_closure")
    assert event.to_state == Status.CLOSURE_REQUESTED
    assert notifies_cbs(event.verb)


def test_open_items_need_a_reason_beside_the_field(project, leader, client_of):
    _running(project)
    client = client_of(leader)
    page = client.get(_url(project)).content.decode()
    assert "Deze punten staan nog open" in page
    response = client.post(_url(project), {"reason": "  "})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'aria-invalid="true"' in text or "Dit veld is verplicht" in text
    project.refresh_from_db()
    assert project.status == Status.RUNNING
    client.post(_url(project), {"reason": "Publicatie volgt buiten het project"})
    project.refresh_from_db()
    assert project.status == Status.CLOSURE_REQUESTED
    event = Event.objects.get(project=project, verb="project.request_closure")
    assert event.reason == "Publicatie volgt buiten het project"
    assert event.data["open_items"] == ["Er zijn geen publicaties geregistreerd."]


def test_service_refuses_open_items_without_reason(project, leader):
    with pytest.raises(Refusal) as refusal:
        closure_request(project=_running(project), by=leader, reason="")
    assert refusal.value.field == "reason"


def test_reason_too_long_is_kept_and_refused(project, leader, client_of):
    _running(project)
    response = client_of(leader).post(_url(project), {"reason": "x" * 2001})
    assert response.status_code == 400
    assert "x" * 2001 in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.RUNNING


@pytest.mark.parametrize("role", ["researcher", "researcher_plus", "signatory", "viewer"])
def test_other_team_members_may_not_request_closure(role, project, leader, request, client_of):
    _running(project)
    client = client_of(request.getfixturevalue(role))
    assert client.get(_url(project)).status_code == 404
    assert client.post(_url(project), {"reason": "weg"}).status_code == 404
    detail = client.get(reverse("projects:detail", args=[project.number])).content.decode()
    assert _url(project) not in detail
    project.refresh_from_db()
    assert project.status == Status.RUNNING


@pytest.mark.parametrize("who", ["outsider", "account_manager", "staff"])
def test_others_get_404(who, project, leader, request, client_of):
    _running(project)
    client = client_of(request.getfixturevalue(who))
    assert client.get(_url(project)).status_code == 404
    assert client.post(_url(project), {"reason": "weg"}).status_code == 404


def test_anonymous_is_sent_to_login(project, client):
    _running(project)
    response = client.get(_url(project))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_not_running_is_404(project, leader, client_of):
    assert client_of(leader).get(_url(project)).status_code == 404


def test_wrong_method(project, leader, client_of):
    _running(project)
    assert client_of(leader).put(_url(project)).status_code == 405


def test_project_page_offers_closure_to_the_leader(project, leader, client_of):
    _running(project)
    page = client_of(leader).get(reverse("projects:detail", args=[project.number]))
    assert _url(project) in page.content.decode()


def test_closure_page_in_english(project, leader, client_of):
    _running(project)
    with translation.override("en"):
        url = _url(project)
    text = client_of(leader).get(url).content.decode()
    assert "Checklist for closure" in text
    assert "No publications have been registered." in text


# --- Closing (CBS, admin) ----------------------------------------------------------------------


def _close_url(project):
    return reverse("admin:projects_project_close", args=[project.pk])


def test_default_archive_period_is_cbs_rule(settings):
    settings.ARCHIVE_YEARS = 5
    assert default_archive_until(datetime.date(2026, 11, 30)) == datetime.date(2031, 11, 30)
    assert default_archive_until(datetime.date(2028, 2, 29)) == datetime.date(2033, 2, 28)
    settings.ARCHIVE_YEARS = 7
    assert default_archive_until(datetime.date(2026, 1, 1)) == datetime.date(2033, 1, 1)


def test_staff_closes_in_admin_with_archive_period(
    project, leader, researcher, staff, client_of, django_capture_on_commit_callbacks
):
    Project.objects.filter(pk=project.pk).update(status=Status.CLOSURE_REQUESTED)
    researcher.person.language = "en"
    researcher.person.save()
    client = client_of(staff)
    change = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert _close_url(project) in change.content.decode()
    page = client.get(_close_url(project)).content.decode()
    today = timezone.localdate()
    assert default_archive_until(today).isoformat() in page
    until = today.replace(year=today.year + 6)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _close_url(project), {"archive_until": until.isoformat(), "reason": ""}
        )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.closed_on, project.archive_until) == (
        Status.CLOSED,
        today,
        until,
    )
    assert set(TeamMember.objects.filter(project=project).values_list("end_date", flat=True)) == {
        today
    }
    event = Event.objects.get(project=project, verb="project.close")
    assert event.data["archive_until"] == until.isoformat()
    assert set(event.data["ended"].values()) == {None}  # what reopening gives back
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        f"Project {project.number} has been closed",
        f"Project {project.number} is afgesloten",
    ]


def test_close_refuses_archive_period_in_the_past(project, leader, staff, client_of):
    _running(project)
    response = client_of(staff).post(
        _close_url(project), {"archive_until": "2020-01-01", "reason": ""}, follow=True
    )
    assert "De archieftermijn moet na vandaag eindigen." in response.content.decode()
    project.refresh_from_db()
    assert project.status == Status.RUNNING


def test_close_bad_date_stays_on_form(project, leader, staff, client_of):
    _running(project)
    response = client_of(staff).post(_close_url(project), {"archive_until": "morgen"})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == Status.RUNNING


def test_close_not_from_orientation(project, staff, client_of):
    assert client_of(staff).get(_close_url(project)).status_code == 404


def test_readonly_staff_cannot_close(project, leader, readonly_staff, client_of):
    _running(project)
    assert client_of(readonly_staff).post(_close_url(project), {}).status_code == 403
    project.refresh_from_db()
    assert project.status == Status.RUNNING


def test_customer_cannot_close_through_the_service(project, leader):
    with pytest.raises(Refusal):
        project_close(project=_running(project), by=leader)


def test_future_member_never_starts(project, leader, staff):
    from tests.factories import TeamMemberFactory

    later = timezone.localdate() + datetime.timedelta(days=10)
    member = TeamMemberFactory(project=project, start_date=later)
    project_close(project=_running(project), by=staff)
    member.refresh_from_db()
    assert member.end_date == member.start_date == later


# --- During the archive period -------------------------------------------------------------------


@pytest.fixture
def closed(project, leader, researcher, staff):
    project_close(project=_running(project), by=staff)
    project.refresh_from_db()
    return project


def test_team_reads_the_closed_project_read_only(closed, leader, researcher, client_of):
    for user in (leader, researcher):
        client = client_of(user)
        page = client.get(reverse("projects:detail", args=[closed.number]))
        assert page.status_code == 200
        text = page.content.decode()
        assert "Gearchiveerd tot" in text
        assert reverse("projects:team_add", args=[closed.number]) not in text
        assert client.get(reverse("projects:team_add", args=[closed.number])).status_code == 404
        assert client.get(reverse("projects:file_add", args=[closed.number])).status_code == 404


def test_after_the_archive_period_nobody_reads_it(closed, leader, client_of):
    Project.objects.filter(pk=closed.pk).update(
        archive_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    url = reverse("projects:detail", args=[closed.number])
    assert client_of(leader).get(url).status_code == 404


def test_member_who_had_left_before_closing_cannot_read(project, leader, staff, client_of):
    from tests.conftest import make_user
    from tests.factories import TeamMemberFactory

    gone = make_user(project.institution)
    TeamMemberFactory(
        project=project,
        person=gone.person,
        role=Role.RESEARCHER,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    project_close(project=_running(project), by=staff)
    url = reverse("projects:detail", args=[project.number])
    assert client_of(gone).get(url).status_code == 404


def test_archive_extend_by_cbs(closed, staff, leader):
    later = closed.archive_until + datetime.timedelta(days=365)
    archive_extend(project=closed, by=staff, archive_until=later, reason="Lopend promotietraject")
    closed.refresh_from_db()
    assert closed.archive_until == later
    with pytest.raises(Refusal):
        archive_extend(project=closed, by=staff, archive_until=later)
    with pytest.raises(Refusal):
        archive_extend(project=closed, by=leader, archive_until=later + datetime.timedelta(1))
    assert Event.objects.filter(project=closed, verb="project.archive_extend").count() == 1


def test_reopen_by_cbs(closed, staff, leader):
    with pytest.raises(Refusal):
        project_reopen(project=closed, by=leader)
    project_reopen(project=closed, by=staff, reason="Revisie artikel")
    closed.refresh_from_db()
    assert (closed.status, closed.closed_on, closed.archive_until) == (Status.RUNNING, None, None)
    # The team is back as it was before closing.
    assert set(TeamMember.objects.filter(project=closed).values_list("end_date", flat=True)) == {
        None
    }
    assert Event.objects.get(project=closed, verb="project.reopen").reason == "Revisie artikel"


def test_closed_project_in_the_list_of_its_team(closed, leader, outsider, client_of):
    text = client_of(leader).get(reverse("projects:list")).content.decode()
    assert reverse("projects:detail", args=[closed.number]) in text
    assert "Externe projectleider" in text
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    TeamMember.objects.filter(project=closed).update(
        start_date=long_ago - datetime.timedelta(days=30), end_date=long_ago
    )
    Project.objects.filter(pk=closed.pk).update(
        closed_on=long_ago, archive_until=long_ago + datetime.timedelta(days=365)
    )
    text = client_of(leader).get(reverse("projects:list")).content.decode()
    assert reverse("projects:detail", args=[closed.number]) not in text
    Project.objects.filter(pk=closed.pk).update(
        archive_until=timezone.localdate() + datetime.timedelta(days=1)
    )
    text = client_of(leader).get(reverse("projects:list")).content.decode()
    assert reverse("projects:detail", args=[closed.number]) in text
    Project.objects.filter(pk=closed.pk).update(
        archive_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    text = client_of(leader).get(reverse("projects:list")).content.decode()
    assert reverse("projects:detail", args=[closed.number]) not in text


def test_admin_shows_the_archive_read_only(closed, staff, client_of):
    client = client_of(staff)
    url = reverse("admin:projects_project_change", args=[closed.pk])
    text = client.get(url).content.decode()
    assert "Afsluiting en archief" in text
    assert 'name="archive_until"' not in text


def test_history_names_the_phase_4_events_in_the_readers_language(closed, staff, leader, client_of):
    archive_extend(
        project=closed, by=staff, archive_until=closed.archive_until + datetime.timedelta(days=30)
    )
    url = reverse("projects:history", args=[closed.number])
    assert "Archieftermijn verlengd" in client_of(leader).get(url).content.decode()
    with translation.override("en"):
        url = reverse("projects:history", args=[closed.number])
    assert "Archive period extended" in client_of(leader).get(url).content.decode()


def test_closure_requests_wait_on_cbs_in_the_work_queue(project, leader, staff):
    from portal.workqueue import work_kinds

    _published(project)
    closure_request(project=_running(project), by=leader)
    Project.objects.filter(pk=project.pk).update(cbs_contact=staff)
    kind = next(k for k in work_kinds() if k.key == "closure_request")
    items = list(kind.source(user=staff, mine=True))
    assert [item.url for item in items] == [_close_url(project)]
    assert list(kind.source(user=leader, mine=True)) == []
