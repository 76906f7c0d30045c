"""The agreement's steps and every refusal, through the services (real database, real PDFs)."""

import datetime
import io

import pypdf
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus
from agreements import services
from agreements.events import AgreementEvent
from agreements.models import Agreement, AgreementSignature, AgreementStatus
from portal.models import Event
from portal.refusals import Refusal
from projects.models import Role, Status, TeamMember
from projects.services import project_transition
from requests_inbox.models import Action, ActionKind, ActionStatus
from tests.agreements.conftest import pdf_text, signing_action
from tests.conftest import make_user
from tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


def sign(agreement, user, **overrides):
    kwargs = dict(
        agreement=agreement,
        by=user,
        typed_name=user.person.full_name,
        document_hash=agreement.document_hash,
        client_address="198.51.100.7",
    )
    kwargs.update(overrides)
    return services.agreement_sign(**kwargs)


# --- draft and send ---------------------------------------------------------------------------


def test_draft_refused_before_the_costs_are_agreed(
    project, leader, signatory, staff, agreement_text
):
    with pytest.raises(Refusal) as refused:
        services.agreement_draft(project=project, by=staff)
    assert "kostenoverzicht" in refused.value.message
    assert not Agreement.objects.exists()


def test_draft_refused_without_a_published_text(agreed_project, staff):
    with pytest.raises(Refusal, match="tekst van de overeenkomst"):
        services.agreement_draft(project=agreed_project, by=staff)


def test_second_draft_refused(agreed_project, agreement_text, staff):
    services.agreement_draft(project=agreed_project, by=staff)
    with pytest.raises(Refusal, match="al een overeenkomst"):
        services.agreement_draft(project=agreed_project, by=staff)


def test_send_freezes_document_and_asks_only_entitled_signatories(
    agreed_project, agreement_text, staff, signatory, leader, other_institution, committed
):
    # A Tekenbevoegde of another institution, one without authority and one who left the team:
    # none of them is asked to sign.
    foreign = make_user(other_institution, is_signatory=True)
    TeamMemberFactory(project=agreed_project, person=foreign.person, role=Role.SIGNATORY)
    unauthorized = make_user(agreed_project.institution, is_signatory=False)
    TeamMemberFactory(project=agreed_project, person=unauthorized.person, role=Role.SIGNATORY)
    left = make_user(agreed_project.institution, is_signatory=True)
    TeamMemberFactory(
        project=agreed_project,
        person=left.person,
        role=Role.SIGNATORY,
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    mail.outbox.clear()
    agreement = services.agreement_draft(project=agreed_project, by=staff)
    with committed(execute=True):
        services.agreement_send(agreement=agreement, by=staff)
    with pytest.raises(Refusal):  # it is only sent once
        services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TO_SIGN
    assert len(agreement.document_hash) == 64
    assert agreement.text_version == agreement_text
    with agreement.pdf.open("rb") as stored:
        content = stored.read()
    assert services.sha256(content) == agreement.pdf_hash
    actions = list(agreement.actions.all())
    assert [a.person for a in actions] == [signatory.person]
    assert actions[0].kind == ActionKind.AGREEMENT_SIGNING
    assert actions[0].status == ActionStatus.TO_SIGN
    assert any(signatory.email in m.to for m in mail.outbox)
    assert Event.objects.filter(verb=AgreementEvent.SENT, project=agreed_project).count() == 1


def test_send_refused_when_two_signatures_are_asked_and_one_signatory_is_there(
    agreed_project, agreement_text, staff
):
    agreement = services.agreement_draft(project=agreed_project, by=staff, signatures_required=2)
    with pytest.raises(Refusal, match="tekenbevoegde"):
        services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert not Action.objects.filter(kind=ActionKind.AGREEMENT_SIGNING).exists()


def test_pdf_content_reads_back(sent_agreement, agreed_project, leader, signatory, agreement_text):
    with sent_agreement.pdf.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "Projectovereenkomst" in text
    assert str(agreed_project.number) in text
    assert agreed_project.title in text
    assert agreed_project.institution.name in text
    assert agreed_project.start_date.strftime("%d-%m-%Y") in text
    assert leader.person.full_name in text and signatory.person.full_name in text
    assert "Externe projectleider" in text and "Tekenbevoegde (TB)" in text
    assert "Artikel 1. De instelling gebruikt de microdata" in text
    assert "Bijlage 1. Onderzoeksvoorstel" in text and "Tekst 1" in text
    assert "Bijlage 3" in text and "Tekst 3" in text
    assert "Bijlage 4 Kostenoverzicht" in text and "Totaal (€) 2.428,00" in text
    assert sent_agreement.document_hash in text.replace(" ", "")
    # The fingerprint is printed on every page.
    with sent_agreement.pdf.open("rb") as stored:
        pages = pypdf.PdfReader(io.BytesIO(stored.read())).pages
    assert len(pages) >= 4  # the agreement, Bijlagen 1-3 and 4 each from a new page
    assert all(f"SHA-256 {sent_agreement.document_hash}" in page.extract_text() for page in pages)


# --- signing ----------------------------------------------------------------------------------


def test_signature_stores_who_when_what_and_where(sent_agreement, signatory, staff, committed):
    mail.outbox.clear()
    with committed(execute=True):
        signature = sign(sent_agreement, signatory)
    sent_agreement.refresh_from_db()
    assert sent_agreement.status == AgreementStatus.SIGNED
    assert signature.person == signatory.person and signature.user == signatory
    assert signature.document_hash == sent_agreement.document_hash
    assert signature.text_version == sent_agreement.text_version
    assert signature.client_address == "198.51.100.7"
    assert signature.signed_at <= timezone.now()
    action = signing_action(sent_agreement, signatory)
    assert action.status == ActionStatus.SIGNED and not action.is_open
    event = Event.objects.get(verb=AgreementEvent.SIGNED)
    assert event.data["document_hash"] == sent_agreement.document_hash
    assert [m.to for m in mail.outbox] == [[staff.email]]  # CBS is told


@pytest.mark.parametrize("who", ["leader", "researcher", "outsider", "staff"])
def test_others_may_not_sign(sent_agreement, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(Refusal, match="tekenbevoegde"):
        sign(sent_agreement, user) if user.person_id else services.agreement_sign(
            agreement=sent_agreement, by=user, typed_name="x",
            document_hash=sent_agreement.document_hash,
        )  # fmt: skip
    assert not AgreementSignature.objects.exists()


def test_signatory_of_another_institution_may_not_sign(sent_agreement, other_institution):
    foreign = make_user(other_institution, is_signatory=True)
    TeamMemberFactory(project=sent_agreement.project, person=foreign.person, role=Role.SIGNATORY)
    with pytest.raises(Refusal, match="eigen instelling"):
        sign(sent_agreement, foreign)
    assert not AgreementSignature.objects.exists()


def test_signatory_whose_authority_was_taken_may_not_sign(sent_agreement, signatory):
    signatory.person.is_signatory = False
    signatory.person.save(update_fields=["is_signatory"])
    with pytest.raises(Refusal, match="tekenbevoegde"):
        sign(sent_agreement, signatory)
    assert not AgreementSignature.objects.exists()


def test_changed_document_hash_refused(sent_agreement, signatory):
    with pytest.raises(Refusal, match="gewijzigd"):
        sign(sent_agreement, signatory, document_hash="0" * 64)
    assert not AgreementSignature.objects.exists()


def test_tampered_stored_pdf_refused(sent_agreement, signatory):
    sent_agreement.pdf.save("anders.pdf", ContentFile(b"%PDF-1.4 anders"), save=True)
    with pytest.raises(Refusal, match="vingerafdruk"):
        sign(sent_agreement, signatory)
    assert not AgreementSignature.objects.exists()


def test_wrong_name_refused_beside_the_field(sent_agreement, signatory):
    with pytest.raises(Refusal) as refused:
        sign(sent_agreement, signatory, typed_name="Iemand Anders")
    assert refused.value.field == "typed_name"


def test_double_signature_refused(
    agreed_project, agreement_text, staff, signatory, second_signatory
):
    agreement = services.agreement_draft(project=agreed_project, by=staff, signatures_required=2)
    services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    sign(agreement, signatory)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TO_SIGN  # one of two
    with pytest.raises(Refusal, match="al ondertekend"):
        sign(agreement, signatory)
    assert AgreementSignature.objects.count() == 1
    assert signing_action(agreement, second_signatory).is_open
    sign(agreement, second_signatory)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.signatures.count() == 2


def test_one_signature_completes_every_signatorys_action(
    agreed_project, agreement_text, staff, signatory, second_signatory
):
    agreement = services.agreement_draft(project=agreed_project, by=staff)
    services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    sign(agreement, second_signatory)
    assert not agreement.actions.filter(completed_at__isnull=True).exists()
    with pytest.raises(Refusal, match="niet \\(meer\\)"):
        sign(agreement, signatory)


def test_decline_needs_a_reason_and_tells_cbs(sent_agreement, signatory, staff, committed):
    with pytest.raises(Refusal) as refused:
        services.agreement_decline(agreement=sent_agreement, by=signatory, reason="  ")
    assert refused.value.field == "reason"
    mail.outbox.clear()
    with committed(execute=True):
        services.agreement_decline(
            agreement=sent_agreement, by=signatory, reason="Artikel 3 klopt niet"
        )
    sent_agreement.refresh_from_db()
    assert sent_agreement.status == AgreementStatus.DECLINED
    action = signing_action(sent_agreement, signatory)
    assert action.status == ActionStatus.DECLINED and action.response == "Artikel 3 klopt niet"
    assert [m.to for m in mail.outbox] == [[staff.email]]
    # CBS drafts a new agreement for the same project.
    assert services.draft_missing(sent_agreement.project) == []


# --- countersigning ---------------------------------------------------------------------------


def test_countersign_before_signing_refused(sent_agreement, staff):
    with pytest.raises(Refusal, match="nadat zij is ondertekend"):
        services.agreement_countersign(agreement=sent_agreement, by=staff)
    sent_agreement.project.refresh_from_db()
    assert sent_agreement.project.status == Status.AGREEMENT


def test_customer_may_not_countersign(sent_agreement, signatory):
    sign(sent_agreement, signatory)
    with pytest.raises(Refusal, match="Alleen CBS"):
        services.agreement_countersign(agreement=sent_agreement, by=signatory)


def test_read_only_staff_may_not_countersign(sent_agreement, signatory, readonly_staff, staff):
    """The one check of CBS's side (portal.permissions.is_cbs_staff): "Alleen lezen" staff are
    refused here as in the other apps' CBS writes, staff who may change agreements are not."""
    from portal.permissions import is_cbs_staff

    sign(sent_agreement, signatory)
    assert not is_cbs_staff(readonly_staff, "agreements.change_agreement")
    with pytest.raises(Refusal, match="Alleen CBS"):
        services.agreement_countersign(agreement=sent_agreement, by=readonly_staff)
    sent_agreement.refresh_from_db()
    assert sent_agreement.status == AgreementStatus.SIGNED
    assert is_cbs_staff(staff, "agreements.change_agreement")
    services.agreement_countersign(agreement=sent_agreement, by=staff)


def test_bare_move_agreement_signed_refused(agreed_project, staff):
    with pytest.raises(Refusal, match="medeondertekend"):
        project_transition(project=agreed_project, move="mark_agreement_signed", by=staff)
    agreed_project.refresh_from_db()
    assert agreed_project.status == Status.AGREEMENT


def test_countersign_moves_to_preparing_and_asks_for_confidentiality(
    sent_agreement, signatory, staff, researcher, researcher_plus, viewer
):
    # researcher_plus has an approved, current declaration: no action for them.
    ConfidentialityDeclaration.objects.create(
        person=researcher_plus.person,
        status=ConfidentialityStatus.APPROVED,
        valid_until=timezone.localdate() + datetime.timedelta(days=365),
    )
    sign(sent_agreement, signatory)
    services.agreement_countersign(agreement=sent_agreement, by=staff)
    sent_agreement.refresh_from_db()
    project = sent_agreement.project
    project.refresh_from_db()
    assert project.status == Status.PREPARING
    assert sent_agreement.status == AgreementStatus.COUNTERSIGNED
    assert sent_agreement.countersigned_by == staff
    asked = set(
        Action.objects.filter(kind=ActionKind.CONFIDENTIALITY).values_list("person", flat=True)
    )
    assert asked == {researcher.person.pk}  # not the RA member with one, not the viewer or TB
    with sent_agreement.signed_pdf.open("rb") as stored:
        text = pdf_text(stored.read())
    assert "Handtekeningen" in text
    assert signatory.person.full_name in text and "Medeondertekend voor CBS" in text
    assert sent_agreement.document_hash in text.replace(" ", "")
    with pytest.raises(Refusal):  # once
        services.agreement_countersign(agreement=sent_agreement, by=staff)


# --- data preparation and start of execution --------------------------------------------------


@pytest.fixture
def preparing_project(sent_agreement, signatory, staff):
    sign(sent_agreement, signatory)
    services.agreement_countersign(agreement=sent_agreement, by=staff)
    project = sent_agreement.project
    project.refresh_from_db()
    return project


def test_file_preparation_moves_forward_and_mails_the_leader(
    preparing_project, staff, leader, committed
):
    from projects.models import PreparationStatus
    from tests.factories import ProjectFileFactory

    item = ProjectFileFactory(project=preparing_project)
    mail.outbox.clear()
    with committed(execute=True):
        services.file_preparation_set(
            project_file=item, by=staff, status=PreparationStatus.IN_PREPARATION
        )
    item.refresh_from_db()
    assert item.preparation_status == PreparationStatus.IN_PREPARATION
    assert item.preparation_date == timezone.localdate()
    assert [m.to for m in mail.outbox] == [[leader.email]]
    assert "In voorbereiding" in mail.outbox[0].subject
    with pytest.raises(Refusal, match="vooruit"):
        services.file_preparation_set(
            project_file=item, by=staff, status=PreparationStatus.REQUESTED
        )
    with pytest.raises(Refusal) as refused:
        services.file_preparation_set(
            project_file=item, by=staff, status=PreparationStatus.CANCELLED
        )
    assert refused.value.field == "reason"
    services.file_preparation_set(
        project_file=item, by=staff, status=PreparationStatus.CANCELLED, reason="Niet meer nodig"
    )
    with pytest.raises(Refusal, match="vervallen"):
        services.file_preparation_set(project_file=item, by=staff, status=PreparationStatus.READY)


def test_leader_mail_in_their_language(preparing_project, staff, leader, committed):
    from projects.models import PreparationStatus
    from tests.factories import ProjectFileFactory

    leader.person.language = "en"
    leader.person.save(update_fields=["language"])
    item = ProjectFileFactory(project=preparing_project)
    mail.outbox.clear()
    with committed(execute=True):
        services.file_preparation_set(project_file=item, by=staff, status=PreparationStatus.READY)
    assert "Ready in the RA" in mail.outbox[0].subject


def test_start_execution_lists_what_is_missing_and_takes_an_override(
    preparing_project, staff, researcher
):
    from projects.models import PreparationStatus
    from tests.factories import ProjectFileFactory

    item = ProjectFileFactory(project=preparing_project)
    with pytest.raises(Refusal) as refused:
        project_transition(project=preparing_project, move="start_execution", by=staff)
    messages = refused.value.messages
    assert any("niet klaar in de RA" in m for m in messages)
    assert any(researcher.person.full_name in m and "PID-code" in m for m in messages)
    preparing_project.refresh_from_db()
    assert preparing_project.status == Status.PREPARING

    services.file_preparation_set(project_file=item, by=staff, status=PreparationStatus.READY)
    project_transition(
        project=preparing_project, move="start_execution", by=staff, reason="RA-toegang volgt"
    )
    preparing_project.refresh_from_db()
    assert preparing_project.status == Status.RUNNING
    event = Event.objects.get(verb="project.start_execution")
    assert event.reason == "RA-toegang volgt"
    assert any(researcher.person.full_name in m for m in event.data["overridden"])


def test_start_execution_without_override_when_everything_is_ready(preparing_project, staff):
    # Nobody on this team works in the RA (leader without RA access, a TB) and no files.
    assert not TeamMember.objects.filter(project=preparing_project, ossc_access=True).exists()
    project_transition(project=preparing_project, move="start_execution", by=staff)
    preparing_project.refresh_from_db()
    assert preparing_project.status == Status.RUNNING
