"""Two people deciding on one cost overview at the same moment give one decision (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from portal.refusals import Refusal
from projects.models import Project, Status
from requests_inbox.models import Action, CostOverview, CostOverviewStatus
from requests_inbox.services import cost_overview_decide

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_and_signatory_at_once_give_one_decision(sent_overview, leader, signatory):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes every write anyway")
    leader_action = Action.objects.get(cost_overview=sent_overview, person=leader.person)
    signatory_action = Action.objects.get(cost_overview=sent_overview, person=signatory.person)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(action, user, agree):
        try:
            barrier.wait(timeout=10)
            cost_overview_decide(action=action, by=user, agree=agree, reason="" if agree else "Nee")
            outcomes.append("decided")
        except Refusal:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(leader_action, leader, True)),
        threading.Thread(target=decide, args=(signatory_action, signatory, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["decided", "refused"]
    overview = CostOverview.objects.get(pk=sent_overview.pk)
    project = Project.objects.get(pk=sent_overview.project_id)
    if overview.status == CostOverviewStatus.AGREED:
        assert project.status == Status.AGREEMENT
    else:
        assert overview.status == CostOverviewStatus.NOT_AGREED
        assert project.status == Status.CONTRACT
    assert not Action.objects.filter(cost_overview=overview, completed_at__isnull=True).exists()
