"""Who decides on a cost overview holds the authority at that moment (issue 14, items 1 and 2)."""

import pytest
from django.urls import reverse

from accounts.models import Person
from projects.models import Role, Status
from requests_inbox.models import Action, ActionKind, CostOverviewStatus
from requests_inbox.services import cost_overview_send
from tests.conftest import make_user
from tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


def url(name, action):
    return reverse(f"requests_inbox:{name}", args=[action.pk])


def test_signatory_who_lost_authority_loses_the_button_and_cannot_decide(
    client_of, signatory, sent_overview, contract_project
):
    action = Action.objects.get(cost_overview=sent_overview, person=signatory.person)
    client = client_of(signatory)
    assert f'action="{url("agree", action)}"' in client.get(url("detail", action)).content.decode()

    Person.objects.filter(pk=signatory.person_id).update(is_signatory=False)
    page = client.get(url("detail", action)).content.decode()
    assert f'action="{url("agree", action)}"' not in page
    client.post(url("agree", action))
    sent_overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.SENT
    assert contract_project.status == Status.COSTS_SENT
    action.refresh_from_db()
    assert action.is_open


def test_signatory_of_other_institution_is_not_asked_and_cannot_decide(
    client_of, draft_overview, leader, other_institution, staff, contract_project
):
    stranger = make_user(other_institution, is_signatory=True)
    TeamMemberFactory(project=contract_project, person=stranger.person, role=Role.SIGNATORY)
    cost_overview_send(overview=draft_overview, by=staff)
    reviews = Action.objects.filter(cost_overview=draft_overview, kind=ActionKind.COST_REVIEW)
    assert {a.person_id for a in reviews} == {leader.person_id}
    leader_action = reviews.get()
    # The leader's action is not theirs to open or decide on.
    assert client_of(stranger).get(url("detail", leader_action)).status_code == 404
    assert client_of(stranger).post(url("agree", leader_action)).status_code == 404
    draft_overview.refresh_from_db()
    assert draft_overview.status == CostOverviewStatus.SENT
