"""Who is to act ("Aan zet"), for every status of the lifecycle and every kind of viewer: the
project leader, a team member, the Tekenbevoegde (the portal's timeline) and CBS (the admin's
project page). One definition (``projects.timeline.whose_turn``) answers all of them."""

import html
import re

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus
from projects.models import Project, Status
from projects.timeline import CBS_TURN, OTHERS, YOU, project_timeline
from tests.agreements.conftest import signing_action

LEADER_ONLY = "de projectleider"
WAITS_ON_CBS = (CBS_TURN, CBS_TURN, CBS_TURN, "CBS")
NOBODY = ("", "", "", "–")
# status: (leader, team member, Tekenbevoegde, what CBS reads in the admin before the colon)
EXPECTED = {
    Status.ORIENTATION: (YOU, OTHERS, OTHERS, LEADER_ONLY),
    Status.SUBMITTED: WAITS_ON_CBS,
    Status.IN_REVIEW: WAITS_ON_CBS,
    Status.CONTRACT: WAITS_ON_CBS,
    Status.COSTS_SENT: (YOU, OTHERS, YOU, "de projectleider of de Tekenbevoegde"),
    Status.AGREEMENT: WAITS_ON_CBS,  # no agreement yet: CBS draws it up
    Status.PREPARING: WAITS_ON_CBS,
    Status.RUNNING: (YOU, OTHERS, OTHERS, LEADER_ONLY),
    Status.FROZEN: WAITS_ON_CBS,
    Status.CLOSURE_REQUESTED: WAITS_ON_CBS,
    Status.CLOSED: NOBODY,
    Status.REJECTED: NOBODY,
}


def test_every_status_of_the_lifecycle_has_its_expected_turn():
    assert set(EXPECTED) == set(Status)


def _admin_turn(client_of, staff, project) -> str:
    page = client_of(staff).get(reverse("admin:projects_project_change", args=[project.pk]))
    text = page.content.decode()
    found = re.search(r"Aan zet:</label>\s*<div class=\"readonly\">([^<]*)</div>", text)
    assert found, "the admin's project page shows no 'Aan zet'"
    return html.unescape(found.group(1)).strip()


def _turns(project, leader, researcher, signatory):
    project = Project.objects.prefetch_related("team", "bijlagen").get(pk=project.pk)
    return tuple(
        project_timeline(project=project, user=user).turn
        for user in (leader, researcher, signatory)
    )


@pytest.mark.parametrize("status", list(Status))
def test_whose_turn_for_every_viewer(
    status, project, leader, researcher, signatory, staff, client_of
):
    Project.objects.filter(pk=project.pk).update(status=status)
    *portal, admin = EXPECTED[status]
    assert _turns(project, leader, researcher, signatory) == tuple(portal)
    assert _admin_turn(client_of, staff, project).split(":")[0] == admin


def test_agreement_drawn_up_then_signed_then_countersigned(
    agreed_project, agreement_text, leader, researcher, signatory, staff, client_of
):
    """Overeenkomst ter ondertekening holds three turns: CBS sends, the Tekenbevoegde signs,
    CBS countersigns. While the agreement waits for the signature, CBS is not the one to act."""
    project = agreed_project
    agreement = services.agreement_draft(project=project, by=staff)
    assert _turns(project, leader, researcher, signatory) == (CBS_TURN,) * 3
    assert _admin_turn(client_of, staff, project) == "CBS: Overeenkomst opstellen"

    services.agreement_send(agreement=agreement, by=staff)
    assert _turns(project, leader, researcher, signatory) == (OTHERS, OTHERS, YOU)
    timeline = project_timeline(project=project, user=leader)
    assert timeline.turn_label == "de Tekenbevoegde"
    assert timeline.next_label == "Projectovereenkomst ondertekenen"
    assert _admin_turn(client_of, staff, project) == (
        "de Tekenbevoegde: Projectovereenkomst ondertekenen"
    )

    agreement.refresh_from_db()
    action = signing_action(agreement, signatory)
    services.agreement_sign(
        agreement=agreement,
        by=signatory,
        typed_name=signatory.person.full_name,
        document_hash=agreement.document_hash,
    )
    action.refresh_from_db()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert _turns(project, leader, researcher, signatory) == (CBS_TURN,) * 3
    timeline = project_timeline(project=project, user=leader)
    assert timeline.next_label.startswith("Wacht op CBS (overeenkomst medeondertekenen) sinds")
    assert _admin_turn(client_of, staff, project) == "CBS: Overeenkomst medeondertekenen"


def test_a_signatory_not_asked_to_sign_is_not_told_it_is_their_turn(
    agreed_project, agreement_text, signatory, second_signatory, staff
):
    """Asked to sign are the Tekenbevoegden the agreement went to; one who already signed an
    agreement needing two signatures waits for the other."""
    agreement = services.agreement_draft(project=agreed_project, by=staff, signatures_required=2)
    services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    services.agreement_sign(
        agreement=agreement,
        by=signatory,
        typed_name=signatory.person.full_name,
        document_hash=agreement.document_hash,
    )
    project = Project.objects.prefetch_related("team").get(pk=agreed_project.pk)
    assert project_timeline(project=project, user=signatory).turn == OTHERS
    assert project_timeline(project=project, user=second_signatory).turn == YOU


def test_the_institutions_overview_names_the_signatory_while_the_agreement_waits(
    agreed_project, agreement_text, leader, signatory, staff, client_of
):
    """Mijn instelling reads many projects at once (projects.timeline.with_turns): the same
    answer as the timeline, the Tekenbevoegde while the agreement waits for the signature, in
    the same number of queries however many projects wait."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Person
    from institutions.standing import institution_projects
    from projects.timeline import turn_of, with_turns
    from tests.factories import ProjectFactory

    project = agreed_project
    services.agreement_send(agreement=services.agreement_draft(project=project, by=staff), by=staff)
    many = with_turns(Project.objects.filter(pk=project.pk))
    assert turn_of(many.get()) == (OTHERS, "de Tekenbevoegde")
    manager = signatory
    Person.objects.filter(pk=manager.person_id).update(is_account_manager=True)
    page = client_of(manager).get(reverse("institutions:projects")).content.decode()
    assert "de Tekenbevoegde" in page
    institution = project.institution
    with CaptureQueriesContext(connection) as one:
        institution_projects(institution)
    ProjectFactory(institution=project.institution, status=Status.AGREEMENT)
    with CaptureQueriesContext(connection) as two:
        rows = institution_projects(institution)
    assert len(two) == len(one)
    assert sorted(row.turn_label for row in rows) == ["CBS", "de Tekenbevoegde"]
