""" "Kopiëren als nieuw project": what the copy gets, what it leaves, who may."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.models import Event
from portal.refusals import Refusal
from projects.models import (
    Bijlage,
    BijlageStatus,
    Project,
    ProjectFile,
    ProjectService,
    Role,
    Status,
    TeamMember,
)
from projects.services_closure import project_close
from projects.services_copy import project_copy
from tests.conftest import make_user
from tests.factories import (
    DataFileFactory,
    PersonFactory,
    ProjectFileFactory,
    ProjectServiceFactory,
    ServiceFactory,
    TeamMemberFactory,
)
from tests.quality.discovery import diff_snapshots, snapshot


def _url(project):
    return reverse("projects:copy", args=[project.number])


@pytest.fixture
def full(project, leader, researcher, signatory, viewer):
    """A project with bijlagen text, files, services and a varied team."""
    Bijlage.objects.filter(project=project, kind=1).update(
        sections={"goal": "<p>Doel</p>", "questions": "<p>Vragen</p>"},
        status=BijlageStatus.FINAL,
    )
    Bijlage.objects.filter(project=project, kind=2).update(
        sections={"plan": "<p>Plan</p>"}, status=BijlageStatus.DRAFT
    )
    ProjectFileFactory(project=project, data_file=DataFileFactory(code="B20001"))
    ProjectFileFactory(project=project, data_file=DataFileFactory(code="B20002", is_active=False))
    ProjectServiceFactory(project=project, service=ServiceFactory(code="D20001"))
    ProjectServiceFactory(project=project, service=ServiceFactory(code="D20002", is_active=False))
    Project.objects.filter(pk=project.pk).update(status=Status.RUNNING)
    project.refresh_from_db()
    return project


def test_copy_gets_text_files_services_and_current_contact_persons(
    full, leader, researcher, signatory, viewer
):
    project = full
    left = PersonFactory(
        institution=project.institution, placement_end=timezone.localdate() - datetime.timedelta(1)
    )
    TeamMemberFactory(project=project, person=left, role=Role.RESEARCHER)
    ex_signatory = PersonFactory(institution=project.institution, is_signatory=True)
    TeamMemberFactory(project=project, person=ex_signatory, role=Role.SIGNATORY)
    ex_signatory.is_signatory = False
    ex_signatory.save()
    blocked = make_user(project.institution)
    blocked.is_active = False
    blocked.save()
    TeamMemberFactory(project=project, person=blocked.person, role=Role.RESEARCHER)
    external = make_user(PersonFactory().institution)
    TeamMemberFactory(project=project, person=external.person, role=Role.RESEARCHER)

    copy = project_copy(project=project, by=leader)

    assert copy.number == max(Project.objects.values_list("number", flat=True))
    assert (copy.status, copy.copied_from_id, copy.title) == (
        Status.ORIENTATION,
        project.pk,
        project.title,
    )
    assert copy.institution_id == project.institution_id
    bijlagen = {b.kind: b for b in Bijlage.objects.filter(project=copy)}
    assert bijlagen[1].sections == {"goal": "<p>Doel</p>", "questions": "<p>Vragen</p>"}
    assert (bijlagen[1].status, bijlagen[2].status, bijlagen[3].status) == (
        BijlageStatus.DRAFT,
        BijlageStatus.DRAFT,
        BijlageStatus.TO_FILL,
    )
    assert list(
        ProjectFile.objects.filter(project=copy).values_list("data_file__code", flat=True)
    ) == ["B20001"]
    assert list(
        ProjectService.objects.filter(project=copy).values_list("service__code", flat=True)
    ) == ["D20001"]
    team = {m.person_id: m.role for m in TeamMember.objects.filter(project=copy)}
    assert team == {
        leader.person_id: Role.LEADER,
        researcher.person_id: Role.RESEARCHER,
        signatory.person_id: Role.SIGNATORY,
        viewer.person_id: Role.VIEWER,
    }
    assert all(m.is_current() for m in TeamMember.objects.filter(project=copy))
    event = Event.objects.get(project=copy, verb="project.copy")
    assert event.data["copied_from"] == project.number


def test_nothing_of_the_old_project_changes(full, leader):
    before = snapshot()
    copy = project_copy(project=full, by=leader)
    after = snapshot()
    changed = {name.split(" ")[0] for name in diff_snapshots(before, after)}
    assert changed == {
        "projects_project",
        "projects_bijlage",
        "projects_projectfile",
        "projects_projectservice",
        "projects_teammember",
        "portal_event",
    }
    assert Project.objects.count() == 2
    full.refresh_from_db()
    assert full.status == Status.RUNNING
    assert Event.objects.filter(project=full).count() == 0
    assert copy.pk != full.pk


def test_copy_of_a_closed_project_in_its_archive_period(full, leader, staff, client_of):
    project_close(project=full, by=staff)
    client = client_of(leader)
    detail = client.get(reverse("projects:detail", args=[full.number])).content.decode()
    assert _url(full) in detail
    response = client.post(_url(full))
    copy = Project.objects.get(copied_from=full)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[copy.number])
    page = client.get(response["Location"]).content.decode()
    assert "Gekopieerd van project" in page
    assert f'href="{reverse("projects:detail", args=[full.number])}"' in page


def test_a_member_whose_membership_had_ended_is_not_copied(full, leader, researcher, staff):
    """Closing ends every current period that day; a period that had ended 30 days before
    closing is no longer part of the team, so the copy leaves that person out."""
    today = timezone.localdate()
    former = TeamMemberFactory(
        project=full,
        role=Role.RESEARCHER,
        start_date=today - datetime.timedelta(days=200),
        end_date=today - datetime.timedelta(days=30),
    )
    project_close(project=full, by=staff)
    full.refresh_from_db()

    copy = project_copy(project=full, by=leader)

    team = set(TeamMember.objects.filter(project=copy).values_list("person_id", flat=True))
    assert researcher.person_id in team
    assert former.person_id not in team


def test_a_running_project_copies_only_its_current_members(full, leader, researcher):
    today = timezone.localdate()
    former = TeamMemberFactory(
        project=full,
        role=Role.RESEARCHER,
        start_date=today - datetime.timedelta(days=90),
        end_date=today - datetime.timedelta(days=30),
    )
    copy = project_copy(project=full, by=leader)
    team = set(TeamMember.objects.filter(project=copy).values_list("person_id", flat=True))
    assert researcher.person_id in team and former.person_id not in team


def test_copy_page_then_confirm(full, leader, client_of):
    client = client_of(leader)
    page = client.get(_url(full)).content.decode()
    assert "Aan dit project verandert niets." in page
    assert Project.objects.count() == 1


def test_copy_page_in_english(full, leader, client_of):
    with translation.override("en"):
        url = _url(full)
    assert "Nothing of this project changes." in client_of(leader).get(url).content.decode()


@pytest.mark.parametrize("role", ["researcher", "researcher_plus", "signatory", "viewer"])
def test_only_the_leader_may_copy(role, full, request, client_of):
    user = request.getfixturevalue(role)
    client = client_of(user)
    assert client.get(_url(full)).status_code == 404
    assert client.post(_url(full)).status_code == 404
    with pytest.raises(Refusal):
        project_copy(project=full, by=user)
    assert Project.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "account_manager", "staff"])
def test_others_get_404(who, full, request, client_of):
    client = client_of(request.getfixturevalue(who))
    assert client.post(_url(full)).status_code == 404
    assert Project.objects.filter(copied_from=full).count() == 0


def test_anonymous_is_sent_to_login(full, client):
    assert client.post(_url(full)).status_code == 302
    assert Project.objects.count() == 1


def test_wrong_method(full, leader, client_of):
    assert client_of(leader).delete(_url(full)).status_code == 405


def test_leader_of_an_institution_no_longer_authorized_may_not(full, leader, client_of):
    institution = full.institution
    institution.authorization_start = timezone.localdate() - datetime.timedelta(days=400)
    institution.authorization_end = timezone.localdate() - datetime.timedelta(days=1)
    institution.save()
    assert client_of(leader).post(_url(full)).status_code == 404
    assert Project.objects.count() == 1


def test_leader_whose_access_ended_may_not(full, leader, client_of):
    TeamMember.objects.filter(project=full, person=leader.person).update(
        end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client_of(leader).post(_url(full)).status_code == 404
