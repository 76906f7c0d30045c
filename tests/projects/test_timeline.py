"""The timeline at the top of every project page: phases, step, whose turn and the next thing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.audit import record
from projects.lifecycle import CBS, CUSTOMER, MOVES
from projects.models import PHASE_OF_STATUS, Phase, Project, Status
from projects.timeline import CBS_TURN, OTHERS, YOU, next_move, project_timeline
from requests_inbox.models import ActionKind, ActionStatus
from tests.factories import ActionFactory, ProjectFactory, TeamMemberFactory
from tests.projects.helpers import make_ready_for_submission

ALL_STATUSES = list(Status)


def _in_status(project, status, **fields):
    Project.objects.filter(pk=project.pk).update(status=status, **fields)
    return Project.objects.prefetch_related("team", "bijlagen").get(pk=project.pk)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_phases_done_current_coming_for_every_status(status, project, leader):
    timeline = project_timeline(project=_in_status(project, status), user=leader)
    current = PHASE_OF_STATUS[status]
    assert [p.number for p in timeline.phases] == [int(p) for p in Phase]
    assert [p.number for p in timeline.phases if p.state == "current"] == [int(current)]
    assert all(p.state == "done" for p in timeline.phases if p.number < current)
    later = {p.state for p in timeline.phases if p.number > current}
    assert later <= ({"not_reached"} if status == Status.REJECTED else {"coming"})
    assert timeline.step == str(Status(status).label)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_whose_turn_follows_the_lifecycle_table(status, project, leader, researcher):
    """For whatever statuses and moves the table holds: CBS's move -> CBS; the customer's ->
    "you" for a role that makes it, the roles' names for anyone else; no move -> nobody."""
    move = next_move(status)
    for user in (leader, researcher):
        timeline = project_timeline(project=_in_status(project, status), user=user)
        if move is None or status == Status.CLOSED:
            assert timeline.turn == ""
        elif move.side == CBS:
            assert timeline.turn == CBS_TURN
            assert timeline.turn_label == "CBS"
        else:
            assert move.side == CUSTOMER
            role = project.team.get(person=user.person).role
            assert timeline.turn == (YOU if role in move.roles else OTHERS)


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (Status.ORIENTATION, "submit"),
        (Status.SUBMITTED, "take_into_review"),
        (Status.IN_REVIEW, "start_contract"),
        (Status.CONTRACT, "send_cost_overview"),
        (Status.COSTS_SENT, "approve_costs"),
        (Status.AGREEMENT, "mark_agreement_signed"),
        (Status.PREPARING, "start_execution"),
        (Status.RUNNING, "request_closure"),
        (Status.CLOSURE_REQUESTED, "close"),
        (Status.CLOSED, None),
        (Status.REJECTED, None),
    ],
)
def test_next_move_is_the_step_forward_not_a_way_out(status, move):
    found = next_move(status)
    assert (found.name if found else None) == move


def test_a_status_left_only_by_coming_back_is_a_detour():
    from projects.timeline import is_detour

    assert is_detour(Status.CLOSED, Status.RUNNING)  # closed -> reopened: not the next step
    assert not is_detour(Status.SUBMITTED, Status.ORIENTATION)  # withdraw is one way out
    assert not is_detour(Status.CLOSED, Status.CLOSURE_REQUESTED)


def test_orientation_leader_is_to_fill_in_the_first_bijlage(project, leader):
    timeline = project_timeline(project=_in_status(project, Status.ORIENTATION), user=leader)
    assert (timeline.turn, timeline.turn_label) == (YOU, "jij")
    assert timeline.next_label == "Bijlage 1 invullen"
    assert timeline.next_url == reverse("projects:bijlage", args=[project.number, 1])


def test_orientation_without_signatory_points_to_the_team(project, leader):
    from projects.models import Bijlage, BijlageStatus

    Bijlage.objects.filter(project=project).update(status=BijlageStatus.FINAL)
    timeline = project_timeline(project=_in_status(project, Status.ORIENTATION), user=leader)
    assert timeline.next_url == reverse("projects:team_add", args=[project.number])


def test_orientation_ready_leader_submits(project, leader):
    make_ready_for_submission(project)
    timeline = project_timeline(project=_in_status(project, Status.ORIENTATION), user=leader)
    assert timeline.turn == YOU
    assert timeline.next_label == "Indienen ter beoordeling"
    assert timeline.next_url.endswith("#status-heading")


def test_orientation_researcher_sees_the_project_leader_is_to_act(project, leader, researcher):
    timeline = project_timeline(project=_in_status(project, Status.ORIENTATION), user=researcher)
    assert (timeline.turn, timeline.turn_label) == (OTHERS, "de projectleider")
    assert timeline.next_url == ""


def test_submitted_waits_on_cbs_since_the_move(project, leader):
    project = _in_status(project, Status.SUBMITTED)
    record(verb="project.submit", by=leader, target=project, project=project, to_state="submitted")
    timeline = project_timeline(project=project, user=leader)
    assert timeline.turn == CBS_TURN
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert timeline.next_label == f"Wacht op CBS (in beoordeling nemen) sinds {today}"


def test_costs_sent_signatory_and_leader_act_others_wait(project, leader, signatory, viewer):
    project = _in_status(project, Status.COSTS_SENT)
    assert project_timeline(project=project, user=signatory).turn == YOU
    assert project_timeline(project=project, user=leader).turn == YOU
    timeline = project_timeline(project=project, user=viewer)
    assert timeline.turn == OTHERS
    assert timeline.turn_label == "de projectleider of de Tekenbevoegde"


def test_open_action_is_the_next_thing_to_do(project, leader):
    project = _in_status(project, Status.COSTS_SENT)
    action = ActionFactory(
        person=leader.person,
        project=project,
        kind=ActionKind.COST_REVIEW,
        subject="",
        status=ActionStatus.TO_REVIEW,
    )
    ActionFactory(person=leader.person, project=ProjectFactory())  # another project's
    timeline = project_timeline(project=project, user=leader)
    assert timeline.turn == YOU
    assert timeline.next_label == "Beoordelen kostenoverzicht"
    assert timeline.next_url == reverse("requests_inbox:detail", args=[action.pk])


def test_running_leader_is_offered_closure(project, leader, researcher):
    project = _in_status(project, Status.RUNNING)
    timeline = project_timeline(project=project, user=leader)
    assert timeline.next_label == "Afsluiting aanvragen"
    assert timeline.next_url == reverse("projects:closure_request", args=[project.number])
    assert project_timeline(project=project, user=researcher).turn_label == "de projectleider"


def test_closed_shows_the_archive_period_and_nobody_to_act(project, leader):
    today = timezone.localdate()
    project = _in_status(
        project,
        Status.CLOSED,
        closed_on=today,
        archive_until=datetime.date(today.year + 5, 1, 31),
    )
    timeline = project_timeline(project=project, user=leader)
    assert timeline.turn == ""
    assert f"31-01-{today.year + 5}" in timeline.note


def test_account_manager_sees_who_is_to_act(project, leader, account_manager):
    timeline = project_timeline(project=_in_status(project, Status.RUNNING), user=account_manager)
    assert timeline.turn == OTHERS


def test_page_shows_the_timeline_as_an_ordered_list_with_the_current_step(
    project, leader, client_of
):
    text = client_of(leader).get(reverse("projects:detail", args=[project.number])).content.decode()
    start = text.index('class="cbs-timeline__phases"')
    timeline = text[start : text.index("</ol>", start)]
    assert timeline.count("<li") == 4
    assert timeline.count('aria-current="step"') == 1
    assert "1. Aanvraag onderzoek" in timeline and "4. Afsluiting onderzoek" in timeline
    assert "(huidige fase)" in timeline and "(komt nog)" in timeline
    assert "Aan zet" in timeline and "jij" in timeline
    assert "Bijlage 1 invullen" in timeline


def test_page_timeline_in_english(project, leader, client_of):
    with translation.override("en"):
        url = reverse("projects:detail", args=[project.number])
    assert url.startswith("/en/")
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    text = client_of(leader).get(url).content.decode()
    assert "1. Research request" in text
    assert "(done)" not in text.split("cbs-timeline__phases")[1].split("</ol>")[0]
    assert "Whose turn" in text
    assert "Waiting for CBS (take into review) since" in text


def test_every_move_of_a_customer_has_roles():
    """The timeline names who is to act from the move's roles: a customer move needs them."""
    assert all(move.roles for move in MOVES.values() if move.side == CUSTOMER)


def _page_queries(client, url) -> int:
    """The queries of the page rendered with nothing kept (its panels are kept per reader and
    team: a bigger team is another key)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("status", [Status.ORIENTATION, Status.SUBMITTED, Status.RUNNING])
def test_project_page_queries_do_not_grow_with_the_project(status, project, leader, client_of):
    from tests.factories import ProjectFileFactory, PublicationFactory

    Project.objects.filter(pk=project.pk).update(status=status)
    client = client_of(leader)
    url = reverse("projects:detail", args=[project.number])

    def grow(n):
        for _ in range(n):
            TeamMemberFactory(project=project)
            ActionFactory(person=leader.person, project=project)
            ProjectFileFactory(project=project)
            PublicationFactory(project=project)

    grow(1)
    client.get(url)  # session and caches warm
    small = _page_queries(client, url)
    grow(10)
    assert _page_queries(client, url) == small
