"""One rule for "on the team today", and who may sign (issue 14, items 1, 2 and 6).

- A member whose start date lies ahead has no access yet, and a future Tekenbevoegde does not
  satisfy the submission guard.
- A Tekenbevoegde belongs to the project's own institution (team form, service, guard, decider).
- Whoever decides holds signing authority at that moment; without it they lose the button.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Person
from portal.refusals import Refusal
from projects.lifecycle import has_signatory, submission_missing
from projects.models import Bijlage, BijlageStatus, Project, Role, TeamMember
from projects.permissions import project_role, visible_projects
from projects.services import team_member_add
from tests.conftest import make_user
from tests.factories import PersonFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

NO_SIGNATORY = "Er is nog geen Tekenbevoegde aan het team toegevoegd."


def _tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def _fresh(project):
    return Project.objects.get(pk=project.pk)


def _final(project):
    Bijlage.objects.filter(project=project).update(status=BijlageStatus.FINAL)


# --- 6. a future-dated member -----------------------------------------------------------------


def test_future_member_has_no_access_before_the_start_date(project, leader, client_of):
    newcomer = make_user(project.institution)
    TeamMemberFactory(
        project=project, person=newcomer.person, role=Role.RESEARCHER, start_date=_tomorrow()
    )
    assert project_role(newcomer, _fresh(project)) is None
    assert not visible_projects(newcomer).exists()
    response = client_of(newcomer).get(reverse("projects:detail", args=[project.number]))
    assert response.status_code == 404
    listing = client_of(newcomer).get(reverse("projects:list")).content.decode()
    assert project.title not in listing


def test_member_from_today_has_access(project, leader, client_of):
    newcomer = make_user(project.institution)
    TeamMemberFactory(
        project=project,
        person=newcomer.person,
        role=Role.RESEARCHER,
        start_date=timezone.localdate(),
    )
    assert project_role(newcomer, _fresh(project)) == Role.RESEARCHER
    assert list(visible_projects(newcomer).values_list("my_role", flat=True)) == [Role.RESEARCHER]
    assert project.title in client_of(newcomer).get(reverse("projects:list")).content.decode()
    assert (
        client_of(newcomer).get(reverse("projects:detail", args=[project.number])).status_code
        == 200
    )


def test_future_signatory_does_not_satisfy_the_guard(project, leader):
    _final(project)
    gerro = PersonFactory(institution=project.institution, is_signatory=True)
    TeamMemberFactory(project=project, person=gerro, role=Role.SIGNATORY, start_date=_tomorrow())
    assert [str(m) for m in submission_missing(_fresh(project))] == [NO_SIGNATORY]


# --- 1. a Tekenbevoegde of another institution -----------------------------------------------


def test_signatory_of_other_institution_cannot_be_added(
    project, leader, other_institution, client_of
):
    stranger = make_user(other_institution, is_signatory=True)
    response = client_of(leader).post(
        reverse("projects:team_add", args=[project.number]),
        {
            "external_email": stranger.email,
            "role": Role.SIGNATORY,
            "start_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    # By email, the form gives one answer for every refusal (issue 14 item 5: no probing who
    # has an account or may sign); the service's own reason is tested below.
    assert "Met dit e-mailadres kan niemand in deze rol worden toegevoegd." in (
        response.content.decode()
    )
    assert not TeamMember.objects.filter(person=stranger.person).exists()


def test_service_refuses_signatory_of_other_institution(project, leader, other_institution):
    stranger = make_user(other_institution, is_signatory=True)
    with pytest.raises(Refusal):
        team_member_add(
            project=project,
            by=leader,
            person=stranger.person,
            role=Role.SIGNATORY,
            start_date=timezone.localdate(),
        )
    # As a researcher the same person may join.
    team_member_add(
        project=project,
        by=leader,
        person=stranger.person,
        role=Role.RESEARCHER,
        start_date=timezone.localdate(),
    )


def test_guard_ignores_signatory_of_other_institution(project, leader, other_institution):
    _final(project)
    stranger = make_user(other_institution, is_signatory=True)
    TeamMemberFactory(project=project, person=stranger.person, role=Role.SIGNATORY)
    assert not has_signatory(_fresh(project))
    assert [str(m) for m in submission_missing(_fresh(project))] == [NO_SIGNATORY]


# --- 2. signing authority at the moment of deciding -------------------------------------------


def test_signatory_without_authority_does_not_count(project, leader, signatory):
    _final(project)
    assert has_signatory(_fresh(project))
    Person.objects.filter(pk=signatory.person_id).update(is_signatory=False)
    assert not has_signatory(_fresh(project))
    assert [str(m) for m in submission_missing(_fresh(project))] == [NO_SIGNATORY]


def test_project_page_queries_do_not_grow_with_signatories(project, leader, client_of):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_of(leader)
    url = reverse("projects:detail", args=[project.number])
    TeamMemberFactory(
        project=project,
        person=PersonFactory(institution=project.institution, is_signatory=True),
        role=Role.SIGNATORY,
    )
    client.get(url)
    # Rendered with nothing kept each time: the panels are kept per reader and team.
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        TeamMemberFactory(
            project=project,
            person=PersonFactory(institution=project.institution, is_signatory=True),
            role=Role.SIGNATORY,
        )
    cache.clear()
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
