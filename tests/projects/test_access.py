"""Every project view × every role: who gets the page, who gets 404, anonymous goes to login."""

import pytest
from django.urls import reverse

from portal.models import Event
from projects.models import Role, TeamMember

pytestmark = pytest.mark.django_db

ROLES = [
    "leader",
    "researcher_plus",
    "researcher",
    "signatory",
    "viewer",
    "outsider",
    "account_manager",
    "other_account_manager",
]
# GET pages on a project and who may open them (others get 404).
SEE = {"leader", "researcher_plus", "researcher", "signatory", "viewer", "account_manager"}
PAGES = {
    "projects:detail": SEE,
    "projects:card": SEE,
    "projects:bijlage": SEE,
    "projects:settings": {"leader"},
    "projects:team_add": {"leader"},
    "projects:team_change": {"leader"},
    "projects:team_remove": {"leader"},
    "projects:file_add": {"leader", "researcher_plus"},
    "projects:service_add": {"leader", "researcher_plus"},
    "projects:publication_add": {"leader", "researcher_plus", "researcher"},
}


READ_ONLY = {"projects:detail", "projects:card", "projects:bijlage"}


def _url(name, project, member):
    if name == "projects:bijlage":
        return reverse(name, args=[project.number, 1])
    if name in {"projects:team_change", "projects:team_remove"}:
        return reverse(name, args=[project.number, member.pk])
    return reverse(name, args=[project.number])


@pytest.fixture
def everyone(request, project, leader):
    return {role: request.getfixturevalue(role) for role in ROLES}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_for_each_role(name, project, leader, everyone, client):
    member = TeamMember.objects.get(project=project, person=leader.person)
    url = _url(name, project, member)
    for role, user in everyone.items():
        client.force_login(user)
        response = client.get(url)
        expected = 200 if role in PAGES[name] else 404
        assert response.status_code == expected, (role, name, response.status_code)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


WRITE_PAGES = {name: who for name, who in PAGES.items() if name not in READ_ONLY}


@pytest.mark.parametrize("name", sorted(WRITE_PAGES))
def test_each_write_refused_for_each_denied_role(name, project, leader, everyone, client):
    member = TeamMember.objects.get(project=project, person=leader.person)
    url = _url(name, project, member)
    before = Event.objects.count()
    for role, user in everyone.items():
        if role in WRITE_PAGES[name]:
            continue
        client.force_login(user)
        assert client.post(url, {"role": "viewer"}).status_code == 404, (role, name)
    client.logout()
    assert client.post(url).status_code == 302
    assert Event.objects.count() == before
    assert TeamMember.objects.filter(pk=member.pk, role=Role.LEADER).exists()


@pytest.mark.parametrize(
    "name",
    ["projects:change_status", "projects:bijlage_save", "projects:bijlage_finalize"],
)
def test_post_only_views_refuse_get(name, project, leader, client_of):
    args = [project.number, 1] if "bijlage" in name else [project.number]
    response = client_of(leader).get(reverse(name, args=args))
    assert response.status_code == 405


def test_wrong_methods(project, leader, client_of):
    client = client_of(leader)
    assert client.put(reverse("projects:detail", args=[project.number])).status_code == 405
    assert client.post(reverse("projects:detail", args=[project.number])).status_code == 405
    assert client.post(reverse("projects:list")).status_code == 405
    assert client.delete(reverse("projects:create")).status_code == 405


def test_unknown_project_and_bijlage_are_404(project, leader, client_of):
    client = client_of(leader)
    assert client.get(reverse("projects:detail", args=[99999])).status_code == 404
    assert client.get(reverse("projects:bijlage", args=[project.number, 4])).status_code == 404


def test_member_whose_period_ended_no_longer_sees_the_project(project, researcher, client_of):
    import datetime

    TeamMember.objects.filter(person=researcher.person).update(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1)
    )
    response = client_of(researcher).get(reverse("projects:detail", args=[project.number]))
    assert response.status_code == 404


def test_team_member_of_other_project_cannot_change_this_ones_member(
    project, leader, outsider, other_project, client_of
):
    member = TeamMember.objects.get(project=project, role=Role.LEADER)
    url = reverse("projects:team_change", args=[other_project.number, member.pk])
    assert client_of(outsider).get(url).status_code == 404
