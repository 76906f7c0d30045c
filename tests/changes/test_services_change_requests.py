"""Change requests: who may ask what in which status; CBS decides; costs gate the change."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from changes import services
from changes.kinds import KINDS
from changes.models import ChangeRequest, ChangeStatus
from changes.permissions import may_ask_kind
from portal.models import Event
from portal.permissions import has_permission
from portal.refusals import Refusal
from projects.models import Role, Status, TeamMember
from projects.services import project_transition
from requests_inbox.models import Action, ActionKind, CostOverviewStatus, Tariff
from requests_inbox.services import cost_overview_decide
from tests.changes.conftest import ask, set_status, today_plus
from tests.factories import DataFileFactory, PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LEADER_ONLY = {"add_researcher", "withdraw_researcher", "extend_end_date", "freeze"}
RESEARCHER_PLUS_TOO = {"add_file", "add_service"}


def test_the_six_kinds_of_the_issue_are_registered():
    assert set(KINDS) >= LEADER_ONLY | RESEARCHER_PLUS_TOO


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("leader", LEADER_ONLY | RESEARCHER_PLUS_TOO),
        ("researcher_plus", RESEARCHER_PLUS_TOO),
        ("researcher", set()),
        ("signatory", set()),
        ("viewer", set()),
        ("outsider", set()),
        ("account_manager", set()),
        ("staff", set()),
    ],
)
def test_who_may_ask_follows_the_roles(request, running, who, allowed):
    user = request.getfixturevalue(who)
    asked = {key for key, kind in KINDS.items() if may_ask_kind(user, running, kind)}
    assert asked & (LEADER_ONLY | RESEARCHER_PLUS_TOO) == allowed


def test_a_researcher_is_refused_by_the_service_too(running, researcher):
    with pytest.raises(Refusal):
        services.change_request_ask(
            project=running,
            by=researcher,
            kind="extend_end_date",
            data={"end_date": today_plus(1500)},
            explanation="Graag langer.",
        )
    assert not ChangeRequest.objects.exists()


def test_in_orientation_changes_are_edits_not_requests(project, leader):
    assert has_permission(leader, "projects.manage_team", project)
    assert not any(may_ask_kind(leader, project, kind) for kind in KINDS.values())
    with pytest.raises(Refusal):
        services.change_request_ask(
            project=project,
            by=leader,
            kind="extend_end_date",
            data={"end_date": today_plus(1500)},
            explanation="Graag langer.",
        )


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.PREPARING, Status.RUNNING])
def test_after_orientation_team_files_and_services_are_no_longer_edited(project, leader, status):
    set_status(project, status)
    for perm in ("projects.manage_team", "projects.add_files", "projects.add_services"):
        assert not has_permission(leader, perm, project), perm
    assert has_permission(leader, "changes.ask_change", project)


def test_freezing_is_asked_only_of_a_running_project(project, leader):
    set_status(project, Status.PREPARING)
    assert not may_ask_kind(leader, project, KINDS["freeze"])
    set_status(project, Status.RUNNING)
    assert may_ask_kind(leader, project, KINDS["freeze"])


def test_of_a_closed_project_only_the_archive_kinds_are_asked(project, leader):
    """Afsluiting: in the archive period the leader may ask "Archieftermijn verlengen" or "Project
    heropenen" (changes/archive_kinds.py), nothing of a running project."""
    from changes.kinds import KINDS
    from changes.permissions import may_ask_kind

    set_status(project, Status.CLOSED)
    askable = {key for key, kind in KINDS.items() if may_ask_kind(leader, project, kind)}
    assert askable == {"extend_archive", "reopen"}


def test_the_toelichting_is_required(running, leader):
    with pytest.raises(Refusal) as refused:
        services.change_request_ask(
            project=running,
            by=leader,
            kind="extend_end_date",
            data={"end_date": today_plus(1500)},
            explanation="  ",
        )
    assert refused.value.field == "explanation"


def test_asking_records_an_event_the_cbs_digest_mails_to_the_cbs_contact(
    running, leader, staff, django_capture_on_commit_callbacks
):
    from portal.audit import notifies_cbs
    from portal.digest import send_cbs_digest

    running.cbs_contact = staff
    running.save()
    change = ask(running, leader, "extend_end_date", end_date=today_plus(1500))
    assert change.status == ChangeStatus.SUBMITTED
    event = Event.objects.get(verb="change_request.ask")
    assert event.project_id == running.pk and notifies_cbs(event.verb)
    with django_capture_on_commit_callbacks(execute=True):
        send_cbs_digest()
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "Wijzigingsverzoek ingediend" in mail.outbox[0].body


def test_without_a_cbs_contact_the_mailbox_hears_of_it(
    running, leader, settings, django_capture_on_commit_callbacks
):
    from portal.digest import send_cbs_digest

    settings.CBS_MAILBOX = "microdata-test@cbs.example.nl"
    ask(running, leader, "freeze")
    with django_capture_on_commit_callbacks(execute=True):
        send_cbs_digest()
    assert mail.outbox[0].to == ["microdata-test@cbs.example.nl"]


# --- CBS decides ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader", "signatory", "readonly_staff"])
def test_only_cbs_decides(request, running, leader, signatory, who):
    change = ask(running, leader, "extend_end_date", end_date=today_plus(1500))
    user = request.getfixturevalue(who)
    for decide in (
        lambda: services.change_request_take(change_request=change, by=user),
        lambda: services.change_request_approve(change_request=change, by=user),
        lambda: services.change_request_reject(change_request=change, by=user, reason="Nee"),
    ):
        with pytest.raises(Refusal):
            decide()
    change.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED


def test_take_then_approve_an_extension_moves_the_end_date(running, leader, staff):
    new_end = running.end_date + datetime.timedelta(days=200)
    change = ask(running, leader, "extend_end_date", end_date=new_end.isoformat())
    services.change_request_take(change_request=change, by=staff)
    assert change.status == ChangeStatus.IN_REVIEW
    running.refresh_from_db()
    assert running.end_date != new_end  # not before CBS approves
    services.change_request_approve(change_request=change, by=staff)
    running.refresh_from_db()
    change.refresh_from_db()
    assert running.end_date == new_end
    assert change.status == ChangeStatus.APPROVED and change.applied_at
    assert Event.objects.filter(verb="project.extend", project=running).exists()


def test_reject_needs_a_reason_and_changes_nothing(running, leader, staff):
    old_end = running.end_date
    change = ask(running, leader, "extend_end_date", end_date=today_plus(1500))
    with pytest.raises(Refusal):
        services.change_request_reject(change_request=change, by=staff, reason="")
    services.change_request_reject(change_request=change, by=staff, reason="Niet onderbouwd.")
    change.refresh_from_db()
    running.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and change.reason == "Niet onderbouwd."
    assert running.end_date == old_end


def test_a_second_decision_is_refused(running, leader, staff):
    change = ask(running, leader, "extend_end_date", end_date=today_plus(1500))
    services.change_request_reject(change_request=change, by=staff, reason="Nee.")
    with pytest.raises(Refusal):
        services.change_request_approve(change_request=change, by=staff)
    with pytest.raises(Refusal):
        services.change_request_take(change_request=change, by=staff)


def test_withdrawing_a_researcher_ends_access_on_the_date_given(running, leader, researcher, staff):
    member = TeamMember.objects.get(project=running, person=researcher.person)
    end = timezone.localdate() + datetime.timedelta(days=10)
    change = ask(running, leader, "withdraw_researcher", member=member.pk, end_date=end.isoformat())
    member.refresh_from_db()
    assert member.end_date is None
    services.change_request_approve(change_request=change, by=staff)
    member.refresh_from_db()
    assert member.end_date == end
    assert member.is_current()
    assert not member.is_current(on=end + datetime.timedelta(days=1))


def test_freezing_moves_the_project_to_frozen_and_cbs_ends_it(running, leader, staff):
    change = ask(running, leader, "freeze", explanation="Onderzoeker met verlof tot juni.")
    services.change_request_approve(change_request=change, by=staff)
    running.refresh_from_db()
    assert running.status == Status.FROZEN
    assert running.phase == 3
    assert not has_permission(leader, "changes.ask_output_check", running)
    project_transition(project=running, move="unfreeze", by=staff)
    running.refresh_from_db()
    assert running.status == Status.RUNNING


def test_the_customer_cannot_freeze_or_unfreeze_by_a_move(running, leader):
    with pytest.raises(Refusal):
        project_transition(project=running, move="freeze", by=leader)


# --- costs gate the change ------------------------------------------------------------------


def _new_researcher(project):
    return PersonFactory(institution=project.institution, first_name="Nieuwe", last_name="Kracht")


def test_adding_a_researcher_to_a_running_project_waits_for_the_cost_approval(
    running, leader, signatory, staff, tariffs
):
    person = _new_researcher(running)
    change = ask(
        running, leader, "add_researcher", person=person.pk, role=Role.RESEARCHER,
        start_date=today_plus(0),
    )  # fmt: skip
    services.change_request_approve(change_request=change, by=staff)
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_COSTS
    overview = change.cost_overview
    assert overview.supplement and overview.status == CostOverviewStatus.SENT
    assert [(line.description, line.amount) for line in overview.lines.all()] == [
        ("Ondersteunen lopend project - onderzoeker", 140)
    ]
    running.refresh_from_db()
    assert running.status == Status.RUNNING  # a supplement moves no status
    assert not TeamMember.objects.filter(project=running, person=person).exists()
    reviews = Action.objects.filter(cost_overview=overview, kind=ActionKind.COST_REVIEW)
    assert {a.person_id for a in reviews} == {leader.person_id, signatory.person_id}

    cost_overview_decide(action=reviews.get(person=signatory.person), by=signatory, agree=True)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert TeamMember.objects.get(project=running, person=person).role == Role.RESEARCHER
    # At once the actions the new researcher lacks.
    kinds = set(Action.objects.filter(person=person).values_list("kind", flat=True))
    assert {ActionKind.CONFIDENTIALITY, ActionKind.AWARENESS_TEST} <= kinds


def test_not_agreeing_to_the_costs_leaves_the_team_as_it_was(running, leader, staff, tariffs):
    person = _new_researcher(running)
    change = ask(
        running, leader, "add_researcher", person=person.pk, role=Role.RESEARCHER,
        start_date=today_plus(0),
    )  # fmt: skip
    services.change_request_approve(change_request=change, by=staff)
    action = Action.objects.get(cost_overview=change.cost_overview_id, person=leader.person)
    cost_overview_decide(action=action, by=leader, agree=False, reason="Te duur.")
    change.refresh_from_db()
    assert change.status == ChangeStatus.COSTS_NOT_AGREED
    assert change.reason == "Te duur."
    assert not TeamMember.objects.filter(project=running, person=person).exists()
    running.refresh_from_db()
    assert running.status == Status.RUNNING


def test_a_researcher_cannot_approve_the_supplementary_costs(
    running, leader, researcher, staff, tariffs
):
    person = _new_researcher(running)
    change = ask(
        running, leader, "add_researcher", person=person.pk, role=Role.RESEARCHER,
        start_date=today_plus(0),
    )  # fmt: skip
    services.change_request_approve(change_request=change, by=staff)
    action = Action.objects.get(cost_overview=change.cost_overview_id, person=leader.person)
    with pytest.raises(Refusal):
        cost_overview_decide(action=action, by=researcher, agree=True)
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_COSTS


def test_before_the_project_runs_a_new_researcher_costs_nothing_extra(
    project, leader, staff, tariffs
):
    set_status(project, Status.PREPARING)
    person = _new_researcher(project)
    change = ask(
        project, leader, "add_researcher", person=person.pk, role=Role.RESEARCHER_PLUS,
        start_date=today_plus(0), ossc_access="on",
    )  # fmt: skip
    services.change_request_approve(change_request=change, by=staff)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.cost_overview is None
    member = TeamMember.objects.get(project=project, person=person)
    assert member.role == Role.RESEARCHER_PLUS and member.ossc_access


def test_an_added_file_costs_the_file_tariff_then_is_added(
    running, leader, researcher_plus, staff, tariffs
):
    data_file = DataFileFactory(code="B123", name="Gemeentelijke basisadministratie")
    change = ask(running, researcher_plus, "add_file", file_type="standard", data_file=data_file.pk)
    services.change_request_approve(change_request=change, by=staff)
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_COSTS
    assert not running.files.exists()
    action = Action.objects.get(cost_overview=change.cost_overview_id, person=leader.person)
    cost_overview_decide(action=action, by=leader, agree=True)
    assert list(running.files.values_list("data_file__code", flat=True)) == ["B123"]


def test_a_service_costs_its_own_tariff_and_one_without_a_price_is_added_at_once(
    running, leader, staff
):
    priced = ServiceFactory(code="D1", name="Maatwerk koppeling")
    Tariff.objects.create(
        description="Maatwerk koppeling", kind="service", unit_price=500, service=priced
    )
    free = ServiceFactory(code="D2", name="Extra vraag")
    change = ask(running, leader, "add_service", service=priced.pk)
    services.change_request_approve(change_request=change, by=staff)
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_COSTS
    assert change.cost_overview.total == 500
    free_change = ask(running, leader, "add_service", service=free.pk)
    services.change_request_approve(change_request=free_change, by=staff)
    free_change.refresh_from_db()
    assert free_change.status == ChangeStatus.APPROVED
    assert list(running.services.values_list("service__code", flat=True)) == ["D2"]


def test_two_supplements_may_wait_at_once(running, leader, staff, tariffs):
    first = ask(running, leader, "add_file", file_type="custom")
    second = ask(running, leader, "add_file", file_type="custom")
    services.change_request_approve(change_request=first, by=staff)
    services.change_request_approve(change_request=second, by=staff)
    assert ChangeRequest.objects.filter(status=ChangeStatus.AWAITING_COSTS).count() == 2
