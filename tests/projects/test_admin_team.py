"""The team through the admin keeps the portal's rules: the same services, refusals and events.

Each invariant is tried in the back office as the portal tests try it in the team pages: a
leader remains, only eligible people join, a Tekenbevoegde is one of the project's institution,
and every change is recorded as the portal records it.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Event
from projects.models import Role, TeamMember
from tests.conftest import make_user
from tests.factories import InstitutionFactory, PersonFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _add(client, project, person, **overrides):
    data = {
        "project": project.pk,
        "person": person.pk,
        "role": Role.RESEARCHER,
        "start_date": timezone.localdate().isoformat(),
        "end_date": "",
        "function": "",
    }
    data.update(overrides)
    return client.post(reverse("admin:projects_teammember_add"), data)


def _change(client, member, **overrides):
    data = {
        "role": member.role,
        "start_date": member.start_date.isoformat(),
        "end_date": member.end_date.isoformat() if member.end_date else "",
        "function": member.function,
    }
    data.update(overrides)
    return client.post(reverse("admin:projects_teammember_change", args=[member.pk]), data)


def _leader_member(project):
    return TeamMember.objects.get(project=project, role=Role.LEADER)


def test_the_only_leader_cannot_be_deleted(project, leader, staff, client_of):
    member = _leader_member(project)
    client = client_of(staff)
    url = reverse("admin:projects_teammember_delete", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Een project moet ten minste één externe projectleider houden." in page.content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_a_second_leader_is_removed_through_the_service(project, leader, staff, client_of):
    second = make_user(project.institution)
    member = TeamMemberFactory(project=project, person=second.person, role=Role.LEADER)
    url = reverse("admin:projects_teammember_delete", args=[member.pk])
    assert client_of(staff).post(url, {"post": "yes"}).status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    event = Event.objects.get(project=project, verb="team.remove")
    assert event.actor == staff and event.person == second.person


def test_bulk_delete_is_not_offered(project, leader, staff, client_of):
    member = _leader_member(project)
    client_of(staff).post(
        reverse("admin:projects_teammember_changelist"),
        {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"},
    )
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_the_only_leader_cannot_step_down(project, leader, staff, client_of):
    member = _leader_member(project)
    response = _change(client_of(staff), member, role=Role.RESEARCHER)
    assert response.status_code == 200
    assert "Een project moet ten minste één externe projectleider houden." in (
        response.content.decode()
    )
    member.refresh_from_db()
    assert member.role == Role.LEADER


def test_a_change_is_recorded_as_in_the_portal(project, leader, researcher, staff, client_of):
    member = TeamMember.objects.get(person=researcher.person)
    response = _change(client_of(staff), member, role=Role.RESEARCHER_PLUS)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.RESEARCHER_PLUS
    event = Event.objects.get(project=project, verb="team.change")
    assert event.data["changes"]["role"] == [Role.RESEARCHER, Role.RESEARCHER_PLUS]
    assert not Event.objects.filter(verb="admin.change", project=project).exists()


def test_an_eligible_person_is_added_with_event_and_mail(
    project, leader, staff, client_of, django_capture_on_commit_callbacks
):
    person = PersonFactory(institution=project.institution, email="nieuw@example.nl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client_of(staff), project, person)
    assert response.status_code == 302
    assert TeamMember.objects.filter(project=project, person=person).exists()
    assert Event.objects.filter(project=project, verb="team.add", person=person).count() == 1
    assert [m.to for m in mail.outbox] == [["nieuw@example.nl"]]


def test_a_person_who_may_not_join_is_refused(project, leader, staff, client_of):
    expired = InstitutionFactory(
        name="Verlopen", authorization_end=timezone.localdate() - timezone.timedelta(days=1)
    )
    stranger = make_user(expired)
    response = _add(client_of(staff), project, stranger.person)
    assert response.status_code == 200
    assert "De instelling van deze persoon is niet gemachtigd door het CBS." in (
        response.content.decode()
    )
    assert not TeamMember.objects.filter(person=stranger.person).exists()


def test_a_signatory_must_be_entitled_and_of_the_own_institution(
    project, leader, other_institution, staff, client_of
):
    client = client_of(staff)
    not_entitled = PersonFactory(institution=project.institution, is_signatory=False)
    response = _add(client, project, not_entitled, role=Role.SIGNATORY)
    assert "Deze persoon is niet tekenbevoegd bij de instelling." in response.content.decode()
    stranger = make_user(other_institution, is_signatory=True)
    response = _add(client, project, stranger.person, role=Role.SIGNATORY)
    assert "Een tekenbevoegde moet bij de eigen instelling van het project horen." in (
        response.content.decode()
    )
    assert not TeamMember.objects.filter(role=Role.SIGNATORY).exists()


def test_the_project_page_shows_the_team_read_only(project, leader, staff, client_of):
    """The project page links to its team (the team members' list filtered on the project, with
    a link to each member) and cannot delete the leader: a posted team form changes nothing."""
    member = _leader_member(project)
    client = client_of(staff)
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    text = page.content.decode()
    team_list = f"{reverse('admin:projects_teammember_changelist')}?project__id__exact={project.pk}"
    assert team_list in text
    assert f"{reverse('admin:projects_teammember_add')}?project={project.pk}" in text
    listed = client.get(team_list).content.decode()
    assert reverse("admin:projects_teammember_change", args=[member.pk]) in listed
    assert 'name="team-0-DELETE"' not in text
    data = {
        "title": project.title,
        "reference_number": "",
        "cbs_contact": "",
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "1",
        "team-0-id": member.pk,
        "team-0-project": project.pk,
        "team-0-DELETE": "on",
    }
    for prefix in ["bijlagen", "files", "services", "publications"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    client.post(reverse("admin:projects_project_change", args=[project.pk]), data)
    assert TeamMember.objects.filter(pk=member.pk).exists()
