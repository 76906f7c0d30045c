"""The lifecycle table: every allowed and every refused move, guards, reasons, reopened bijlagen."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections

from agreements.models import Agreement, AgreementStatus
from portal.models import Event
from portal.refusals import Refusal
from projects.lifecycle import CBS, CUSTOMER, MOVES, submission_missing
from projects.models import Bijlage, BijlageStatus, Project, Role, Status
from projects.services import available_moves, project_transition
from tests.factories import ProjectFactory, TeamMemberFactory
from tests.projects.helpers import make_ready_for_submission

pytestmark = pytest.mark.django_db

ALL_MOVES = sorted(MOVES)
ALL_STATUSES = list(Status)


def _actor(move, *, leader, staff, signatory):
    if move.side == CBS:
        return staff
    return signatory if Role.LEADER not in move.roles else leader


@pytest.mark.parametrize("name", ALL_MOVES)
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_move_from_every_status(
    name, status, project, leader, staff, signatory, django_capture_on_commit_callbacks
):
    move = MOVES[name]
    make_ready_for_submission(project)
    long_ago = project.created_at - datetime.timedelta(days=365)
    Project.objects.filter(pk=project.pk).update(status=status, status_since=long_ago)
    project.refresh_from_db()
    actor = _actor(move, leader=leader, staff=staff, signatory=signatory)
    reason = "Omdat het moet" if move.reason_required else ""
    if status in move.sources:
        if name == "mark_agreement_signed":  # made by countersigning; its guard met here
            Agreement.objects.create(project=project, status=AgreementStatus.COUNTERSIGNED)
        with django_capture_on_commit_callbacks(execute=True):
            project_transition(project=project, move=name, by=actor, reason=reason)
        project.refresh_from_db()
        assert project.status == move.target
        event = Event.objects.get(project=project, verb=f"project.{name}")
        assert (event.from_state, event.to_state, event.reason) == (status, move.target, reason)
        assert event.actor == actor
        # In the new status since the move (the work queue's "waiting since").
        assert abs(project.status_since - event.created_at) < datetime.timedelta(seconds=5)
        assert len(mail.outbox) >= 1
    else:
        with pytest.raises(Refusal) as refused:
            project_transition(project=project, move=name, by=actor, reason=reason)
        assert "niet mogelijk vanuit status" in refused.value.messages[0]
        project.refresh_from_db()
        assert (project.status, project.status_since) == (status, long_ago)
        assert not Event.objects.filter(project=project, verb=f"project.{name}").exists()


@pytest.mark.parametrize("name", [n for n in ALL_MOVES if MOVES[n].side == CBS])
def test_customers_cannot_make_cbs_moves(name, project, leader):
    move = MOVES[name]
    Project.objects.filter(pk=project.pk).update(status=sorted(move.sources)[0])
    project.refresh_from_db()
    with pytest.raises(Refusal) as refused:
        project_transition(project=project, move=name, by=leader, reason="x")
    assert refused.value.messages == ["Je mag deze statuswijziging niet maken."]


@pytest.mark.parametrize("name", [n for n in ALL_MOVES if MOVES[n].side == CUSTOMER])
def test_staff_and_wrong_roles_cannot_make_customer_moves(
    name, project, leader, staff, viewer, researcher
):
    move = MOVES[name]
    make_ready_for_submission(project)
    Project.objects.filter(pk=project.pk).update(status=sorted(move.sources)[0])
    project.refresh_from_db()
    for user in (staff, viewer, researcher):
        with pytest.raises(Refusal):
            project_transition(project=project, move=name, by=user, reason="x")


def test_readonly_staff_cannot_make_cbs_moves(project, readonly_staff):
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    with pytest.raises(Refusal):
        project_transition(project=project, move="take_into_review", by=readonly_staff)


@pytest.mark.parametrize("name", [n for n in ALL_MOVES if MOVES[n].reason_required])
def test_reason_required(name, project, leader, staff, signatory):
    move = MOVES[name]
    Project.objects.filter(pk=project.pk).update(status=sorted(move.sources)[0])
    project.refresh_from_db()
    actor = _actor(move, leader=leader, staff=staff, signatory=signatory)
    with pytest.raises(Refusal) as refused:
        project_transition(project=project, move=name, by=actor, reason="   ")
    assert refused.value.messages == ["Geef een reden voor deze statuswijziging."]


def test_submit_guard_lists_everything_missing(project, leader):
    missing = [str(m) for m in submission_missing(project)]
    assert missing == [
        "Bijlage 1. Onderzoeksvoorstel is nog niet definitief.",
        "Bijlage 2. Publicatieplan is nog niet definitief.",
        "Bijlage 3. AVG-grondslag en -doel is nog niet definitief.",
        "Er is nog geen Tekenbevoegde aan het team toegevoegd.",
    ]
    with pytest.raises(Refusal) as refused:
        project_transition(project=project, move="submit", by=leader)
    assert refused.value.messages == missing


def test_submit_guard_only_signatory_missing(project, leader):
    Bijlage.objects.filter(project=project).update(status=BijlageStatus.FINAL)
    assert [str(m) for m in submission_missing(project)] == [
        "Er is nog geen Tekenbevoegde aan het team toegevoegd."
    ]


@pytest.mark.parametrize("name", ["return_to_orientation", "withdraw"])
def test_moves_back_to_orientation_reopen_the_bijlagen(name, project, leader, staff):
    make_ready_for_submission(project)
    project_transition(project=project, move="submit", by=leader)
    before = {b.kind: b.version for b in Bijlage.objects.filter(project=project)}
    by = staff if MOVES[name].side == CBS else leader
    project_transition(project=project, move=name, by=by, reason="Graag Bijlage 2 aanvullen")
    bijlagen = Bijlage.objects.filter(project=project)
    assert {b.status for b in bijlagen} == {BijlageStatus.DRAFT}
    assert all(b.version == before[b.kind] + 1 for b in bijlagen)
    event = Event.objects.get(project=project, verb=f"project.{name}")
    assert event.reason == "Graag Bijlage 2 aanvullen"


def test_unknown_move(project, leader):
    with pytest.raises(Refusal) as refused:
        project_transition(project=project, move="teleport", by=leader)
    assert refused.value.messages == ["Onbekende statuswijziging."]


def test_available_moves_per_role(project, leader, researcher, signatory, staff):
    assert [m.name for m in available_moves(project=project, user=leader)] == ["submit"]
    assert available_moves(project=project, user=researcher) == []
    assert available_moves(project=project, user=signatory) == []
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    project.refresh_from_db()
    names = {m.name for m in available_moves(project=project, user=staff, side=CBS)}
    assert names == {"take_into_review", "return_to_orientation", "reject"}
    assert [m.name for m in available_moves(project=project, user=leader)] == ["withdraw"]


def test_costs_moves_are_via_action_not_in_menu(project, leader):
    Project.objects.filter(pk=project.pk).update(status=Status.COSTS_SENT)
    project.refresh_from_db()
    assert available_moves(project=project, user=leader) == []


def test_every_status_is_reachable_and_phase_known():
    targets = {Status.ORIENTATION} | {m.target for m in MOVES.values()}
    assert targets == set(Status)
    for status in Status:
        ProjectFactory.build(status=status).phase  # noqa: B018


def test_mail_goes_to_each_team_member_in_their_language(
    project, leader, researcher, django_capture_on_commit_callbacks
):
    researcher.person.language = "en"
    researcher.person.save()
    make_ready_for_submission(project)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, move="submit", by=leader)
    subjects = {tuple(m.to): m.subject for m in mail.outbox}
    assert "Submitted for review" in subjects[(researcher.email,)]
    assert "Ingediend ter beoordeling" in subjects[(leader.email,)]


@pytest.mark.django_db(transaction=True)
def test_two_people_submitting_at_once_make_one_move(institution):
    """Two leaders press "Indienen" at the same moment: one move, one event."""
    project = ProjectFactory(institution=institution)
    leaders = []
    from tests.conftest import make_user

    for _ in range(2):
        user = make_user(institution)
        TeamMemberFactory(project=project, person=user.person, role=Role.LEADER)
        leaders.append(user)
    make_ready_for_submission(project)
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the row lock is exercised on PostgreSQL")
    errors, barrier = [], threading.Barrier(2)

    def submit(user):
        try:
            barrier.wait()
            project_transition(project=Project.objects.get(pk=project.pk), move="submit", by=user)
        except Refusal as error:
            errors.append(error)
        finally:
            connections.close_all()  # this thread's connection (CONN_MAX_AGE would keep it)

    threads = [threading.Thread(target=submit, args=(u,)) for u in leaders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Event.objects.filter(project=project, verb="project.submit").count() == 1
    assert len(errors) == 1


def test_signatory_whose_period_ended_does_not_count(project, leader, signatory):
    import datetime

    from projects.models import TeamMember

    Bijlage.objects.filter(project=project).update(status=BijlageStatus.FINAL)
    assert submission_missing(project) == []
    TeamMember.objects.filter(person=signatory.person).update(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1)
    )
    project = Project.objects.get(pk=project.pk)
    assert [str(m) for m in submission_missing(project)] == [
        "Er is nog geen Tekenbevoegde aan het team toegevoegd."
    ]
