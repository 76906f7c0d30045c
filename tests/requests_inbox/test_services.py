import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    UserDeclarationSignature,
    UserDeclarationText,
)
from accounts.services import confidentiality_approve, confidentiality_reject
from portal.models import Event
from portal.refusals import Refusal
from projects.models import Role, Status
from requests_inbox.models import (
    Action,
    ActionKind,
    ActionStatus,
    CostOverview,
    CostOverviewStatus,
)
from requests_inbox.services import (
    action_create,
    action_create_for_team,
    confidentiality_upload,
    contact_person_form_upload,
    cost_overview_decide,
    cost_overview_propose_lines,
    cost_overview_send,
    question_answer,
    user_declaration_action_sign,
)
from tests.factories import (
    ProjectFileFactory,
    ProjectServiceFactory,
    ServiceFactory,
    TariffFactory,
    TeamMemberFactory,
)
from tests.requests_inbox.conftest import pdf_upload

pytestmark = pytest.mark.django_db(transaction=False)


def _events(verb):
    return Event.objects.filter(verb=verb)


# --- creating actions -------------------------------------------------------------------------


def test_action_create_mails_the_person_in_their_language(
    leader, staff, django_capture_on_commit_callbacks
):
    leader.person.language = "en"
    leader.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        action = action_create(
            person=leader.person,
            kind=ActionKind.QUESTION,
            subject="",
            by=staff,
            body="Welke bestanden?",
            attachments=[pdf_upload("vraag.pdf")],
        )
    assert action.status == ActionStatus.TO_ANSWER
    assert action.is_open
    assert action.subject == "Question"  # the kind, in the person's language
    assert action.created_by == staff
    attachment = action.attachments.get()
    assert attachment.name == "vraag.pdf"
    assert attachment.document.name != "vraag.pdf"  # our own stored name
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [leader.email]
    assert "New action: Question" in message.subject
    assert f"/en/acties/{action.pk}/" in message.body
    assert _events("action.create").count() == 1


def test_action_create_refuses_a_bad_attachment_and_creates_nothing(leader, staff):
    with pytest.raises(Refusal):
        action_create(
            person=leader.person,
            kind=ActionKind.QUESTION,
            subject="Vraag",
            by=staff,
            attachments=[pdf_upload("x.pdf", b"<html><script>alert(1)</script></html>")],
        )
    assert not Action.objects.exists()


def test_action_create_for_team_reaches_each_current_member_once(
    project, leader, researcher, viewer, staff, django_capture_on_commit_callbacks
):
    ended = TeamMemberFactory(
        project=project,
        role=Role.RESEARCHER,
        start_date=timezone.localdate() - datetime.timedelta(days=100),
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions = action_create_for_team(
            project=project, kind=ActionKind.QUESTION, subject="Vraag over het team", by=staff
        )
    persons = {a.person_id for a in actions}
    assert persons == {leader.person_id, researcher.person_id, viewer.person_id}
    assert ended.person_id not in persons
    assert all(a.project == project for a in actions)
    assert len(mail.outbox) == 3
    assert _events("action.create_for_team").count() == 1


def test_action_create_for_team_with_roles(project, leader, researcher, staff):
    actions = action_create_for_team(
        project=project, kind=ActionKind.QUESTION, subject="Alleen leiding", by=staff,
        roles=[Role.LEADER],
    )  # fmt: skip
    assert [a.person_id for a in actions] == [leader.person_id]


def test_action_create_for_team_refuses_an_empty_selection(project, leader, staff):
    with pytest.raises(Refusal):
        action_create_for_team(
            project=project, kind=ActionKind.QUESTION, subject="x", by=staff,
            roles=[Role.SIGNATORY],
        )  # fmt: skip


# --- user declaration -------------------------------------------------------------------------


@pytest.fixture
def declaration_action(leader, staff):
    return action_create(
        person=leader.person, kind=ActionKind.USER_DECLARATION, subject="", by=staff
    )


def test_sign_user_declaration_stores_moment_version_and_hash(
    declaration_action, declaration_text, leader
):
    signature = user_declaration_action_sign(
        action=declaration_action, by=leader, typed_name="  piet   BAKKER ",
        text_version=declaration_text,
    )  # fmt: skip
    assert signature.person == leader.person
    assert signature.text_version == declaration_text
    assert signature.text_hash == declaration_text.text_hash
    assert len(signature.text_hash) == 64
    assert signature.signed_at is not None
    declaration_action.refresh_from_db()
    assert declaration_action.status == ActionStatus.SIGNED
    assert not declaration_action.is_open
    assert declaration_action.completed_by == leader
    assert _events("user_declaration.sign").count() == 1


def test_sign_refuses_a_wrong_name(declaration_action, declaration_text, leader):
    with pytest.raises(Refusal) as error:
        user_declaration_action_sign(action=declaration_action, by=leader, typed_name="Jan Jansen")
    assert error.value.field == "typed_name"
    assert "Piet Bakker" in error.value.message
    assert not UserDeclarationSignature.objects.exists()


def test_sign_refuses_when_a_new_version_was_published(
    declaration_action, declaration_text, leader
):
    UserDeclarationText.objects.create(version=2, text="Nieuwe tekst", published_at=timezone.now())
    with pytest.raises(Refusal):
        user_declaration_action_sign(
            action=declaration_action, by=leader, typed_name="Piet Bakker",
            text_version=declaration_text,
        )  # fmt: skip
    assert not UserDeclarationSignature.objects.exists()


def test_sign_uses_only_published_versions(declaration_action, declaration_text, leader):
    UserDeclarationText.objects.create(
        version=2, text="Later", published_at=timezone.now() + datetime.timedelta(days=3)
    )
    signature = user_declaration_action_sign(
        action=declaration_action, by=leader, typed_name="Piet Bakker"
    )
    assert signature.text_version == declaration_text


def test_sign_twice_is_refused(declaration_action, declaration_text, leader):
    user_declaration_action_sign(action=declaration_action, by=leader, typed_name="Piet Bakker")
    with pytest.raises(Refusal):
        user_declaration_action_sign(action=declaration_action, by=leader, typed_name="Piet Bakker")
    assert UserDeclarationSignature.objects.count() == 1


def test_only_the_addressee_signs(declaration_action, declaration_text, researcher):
    with pytest.raises(Refusal):
        user_declaration_action_sign(
            action=declaration_action, by=researcher, typed_name="Piet Bakker"
        )


def test_sign_without_text_is_refused(declaration_action, leader):
    with pytest.raises(Refusal):
        user_declaration_action_sign(action=declaration_action, by=leader, typed_name="Piet Bakker")


# --- confidentiality declaration -------------------------------------------------------------


@pytest.fixture
def confidentiality_action(leader, staff):
    return action_create(
        person=leader.person, kind=ActionKind.CONFIDENTIALITY, subject="", by=staff
    )


def test_confidentiality_upload_then_approve(
    confidentiality_action, leader, staff, django_capture_on_commit_callbacks
):
    declaration = confidentiality_upload(
        action=confidentiality_action, by=leader, upload=pdf_upload("mijn verklaring.pdf")
    )
    assert declaration.status == ConfidentialityStatus.SUBMITTED
    assert declaration.document.name.startswith("declarations/")
    assert "verklaring" not in declaration.document.name
    assert declaration.document.read().startswith(b"%PDF-")
    confidentiality_action.refresh_from_db()
    assert confidentiality_action.status == ActionStatus.AWAITING_CBS
    assert confidentiality_action.declaration == declaration
    assert confidentiality_action.document_name == "mijn verklaring.pdf"
    assert not confidentiality_action.is_open

    end = timezone.localdate() + datetime.timedelta(days=365)
    with django_capture_on_commit_callbacks(execute=True):
        confidentiality_approve(declaration=declaration, by=staff, valid_until=end)
    declaration.refresh_from_db()
    assert declaration.status == ConfidentialityStatus.APPROVED
    assert declaration.valid_until == end
    assert declaration.reviewed_by == staff
    confidentiality_action.refresh_from_db()
    assert confidentiality_action.status == ActionStatus.APPROVED
    assert "goedgekeurd" in mail.outbox[-1].subject
    assert _events("confidentiality.approve").count() == 1


def test_confidentiality_reject_comes_back_as_open_action_with_reason(
    confidentiality_action, leader, staff, django_capture_on_commit_callbacks
):
    declaration = confidentiality_upload(
        action=confidentiality_action, by=leader, upload=pdf_upload()
    )
    with django_capture_on_commit_callbacks(execute=True):
        confidentiality_reject(declaration=declaration, by=staff, reason="Handtekening ontbreekt")
    declaration.refresh_from_db()
    assert declaration.status == ConfidentialityStatus.REJECTED
    assert declaration.reason == "Handtekening ontbreekt"
    confidentiality_action.refresh_from_db()
    assert confidentiality_action.status == ActionStatus.REJECTED
    again = Action.objects.open().get(person=leader.person)
    assert again.kind == ActionKind.CONFIDENTIALITY
    assert again.status == ActionStatus.UPLOAD_DOCUMENT
    assert "Handtekening ontbreekt" in again.body
    assert "Handtekening ontbreekt" in mail.outbox[-1].body


def test_confidentiality_reject_needs_a_reason(confidentiality_action, leader, staff):
    declaration = confidentiality_upload(
        action=confidentiality_action, by=leader, upload=pdf_upload()
    )
    with pytest.raises(Refusal):
        confidentiality_reject(declaration=declaration, by=staff, reason="  ")
    declaration.refresh_from_db()
    assert declaration.status == ConfidentialityStatus.SUBMITTED


def test_confidentiality_approve_needs_a_future_end_date_and_only_once(
    confidentiality_action, leader, staff
):
    declaration = confidentiality_upload(
        action=confidentiality_action, by=leader, upload=pdf_upload()
    )
    with pytest.raises(Refusal):
        confidentiality_approve(declaration=declaration, by=staff, valid_until=timezone.localdate())
    confidentiality_approve(
        declaration=declaration, by=staff, valid_until=timezone.localdate() + datetime.timedelta(1)
    )
    with pytest.raises(Refusal):
        confidentiality_reject(declaration=declaration, by=staff, reason="te laat")


@pytest.mark.parametrize(
    ("name", "content", "size_setting"),
    [
        ("leeg.pdf", b"", None),
        ("groot.pdf", b"%PDF-1.4\n" + b"0" * 2048, 1024),
        ("stiekem.pdf", b"<html><body><script>alert(1)</script></body></html>", None),
        ("tekst.pdf", b"gewoon tekst", None),
    ],
)
def test_bad_uploads_are_refused(
    confidentiality_action, leader, settings, name, content, size_setting
):
    if size_setting:
        settings.MAX_UPLOAD_SIZE = size_setting
    with pytest.raises(Refusal) as error:
        confidentiality_upload(
            action=confidentiality_action, by=leader, upload=pdf_upload(name, content)
        )
    assert error.value.field == "document"
    assert not ConfidentialityDeclaration.objects.exists()
    confidentiality_action.refresh_from_db()
    assert confidentiality_action.is_open


def test_new_contact_person_form_upload(leader, staff):
    action = action_create(
        person=leader.person, kind=ActionKind.NEW_CONTACT_PERSON, subject="", by=staff
    )
    contact_person_form_upload(action=action, by=leader, upload=pdf_upload("formulier.pdf"))
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CBS
    assert action.document.read().startswith(b"%PDF-")
    assert action.document_name == "formulier.pdf"
    assert _events("contact_person_form.upload").count() == 1


def test_upload_to_the_wrong_kind_is_refused(leader, staff):
    action = action_create(person=leader.person, kind=ActionKind.QUESTION, subject="", by=staff)
    with pytest.raises(Refusal):
        confidentiality_upload(action=action, by=leader, upload=pdf_upload())


# --- questions --------------------------------------------------------------------------------


def test_question_answer_moves_to_sent_and_mails_the_asker(
    leader, staff, django_capture_on_commit_callbacks
):
    action = action_create(
        person=leader.person, kind=ActionKind.QUESTION, subject="Vraag", by=staff
    )
    with django_capture_on_commit_callbacks(execute=True):
        question_answer(action=action, by=leader, text="  Het antwoord.  ")
    action.refresh_from_db()
    assert action.response == "Het antwoord."
    assert action.status == ActionStatus.ANSWERED
    assert Action.objects.sent().filter(pk=action.pk).exists()
    assert mail.outbox[-1].to == [staff.email]
    assert "Het antwoord." in mail.outbox[-1].body


def test_question_answer_refusals(leader, researcher, staff):
    action = action_create(
        person=leader.person, kind=ActionKind.QUESTION, subject="Vraag", by=staff
    )
    with pytest.raises(Refusal):
        question_answer(action=action, by=leader, text="   ")
    with pytest.raises(Refusal):
        question_answer(action=action, by=researcher, text="Ik ben het niet")
    question_answer(action=action, by=leader, text="Ja")
    with pytest.raises(Refusal):
        question_answer(action=action, by=leader, text="Nog een keer")


# --- cost overviews ---------------------------------------------------------------------------


def test_propose_lines_from_tariffs_and_project(
    contract_project, leader, researcher, researcher_plus, signatory, viewer, staff
):
    # The leader works in the RA (a PID code of their own): priced as a researcher too.
    leader.person.pid_code = "PID9"
    leader.person.save(update_fields=["pid_code"])
    TariffFactory(description="Opstarten nieuw project", kind="startup", unit_price="1850.00")
    service = ServiceFactory(code="D99999", name="Dienst serviceportal")
    TariffFactory(
        description="Dienst serviceportal", kind="service", unit_price="0.00", service=service
    )
    TariffFactory(
        description="Ondersteunen lopend project - bestanden", kind="file", unit_price="18.00"
    )
    TariffFactory(
        description="Ondersteunen lopend project - onderzoeker",
        kind="researcher",
        unit_price="140.00",
    )
    TariffFactory(description="Oud tarief", kind="startup", unit_price="999.00", is_active=False)
    ProjectServiceFactory(project=contract_project, service=service)
    ProjectServiceFactory(
        project=contract_project, service=ServiceFactory(name="Maatwerk zonder tarief")
    )
    ProjectFileFactory(project=contract_project)
    ProjectFileFactory(project=contract_project)
    overview = CostOverview.objects.create(project=contract_project)

    lines = cost_overview_propose_lines(overview=overview, by=staff)

    got = [
        (line.kind, line.description, Decimal(line.quantity), Decimal(line.unit_price))
        for line in overview.lines.all()
    ]
    assert got == [
        ("startup", "Opstarten nieuw project", Decimal("1"), Decimal("1850.00")),
        ("service", "Dienst serviceportal", Decimal("1"), Decimal("0.00")),
        ("service", "Maatwerk zonder tarief", Decimal("1"), Decimal("0.00")),
        ("file", "Ondersteunen lopend project - bestanden", Decimal("2"), Decimal("18.00")),
        # who works in the RA: leader (PID code), researcher, researcher+ (not the signatory
        # or the viewer)
        (
            "researcher",
            "Ondersteunen lopend project - onderzoeker",
            Decimal("3"),
            Decimal("140.00"),
        ),
    ]
    assert len(lines) == 5
    assert overview.total == Decimal("2306.00")
    assert _events("cost_overview.propose").count() == 1
    # Proposing again replaces, never duplicates.
    cost_overview_propose_lines(overview=overview, by=staff)
    assert overview.lines.count() == 5


def test_propose_refused_on_a_sent_overview(sent_overview, staff):
    with pytest.raises(Refusal):
        cost_overview_propose_lines(overview=sent_overview, by=staff)


def test_send_freezes_pdf_moves_project_and_asks_leader_and_signatories(
    draft_overview, contract_project, leader, signatory, researcher, staff,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        cost_overview_send(overview=draft_overview, by=staff)
    draft_overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert draft_overview.status == CostOverviewStatus.SENT
    assert draft_overview.sent_at is not None
    assert draft_overview.pdf.read().startswith(b"%PDF-")
    assert contract_project.status == Status.COSTS_SENT
    actions = Action.objects.filter(cost_overview=draft_overview)
    assert {a.person_id for a in actions} == {leader.person_id, signatory.person_id}
    assert all(a.kind == ActionKind.COST_REVIEW and a.is_open for a in actions)
    assert all(a.subject == "Beoordelen kostenoverzicht" for a in actions)
    assert all(a.regarding == "Projectaanvraag" for a in actions)
    review_mails = [m for m in mail.outbox if "Beoordelen kostenoverzicht" in m.subject]
    assert sorted(m.to[0] for m in review_mails) == sorted([leader.email, signatory.email])
    assert _events("cost_overview.send").count() == 1
    assert _events("project.send_cost_overview").count() == 1


def test_send_refused_unless_contract(project, leader, staff):
    overview = CostOverview.objects.create(project=project)  # project in Oriëntatie
    from tests.requests_inbox.conftest import add_mockup_lines

    add_mockup_lines(overview)
    with pytest.raises(Refusal) as error:
        cost_overview_send(overview=overview, by=staff)
    assert str(project.get_status_display()) in str(error.value)
    overview.refresh_from_db()
    assert overview.status == CostOverviewStatus.DRAFT
    assert not overview.pdf
    assert not Action.objects.exists()


def test_send_refused_without_lines_or_deciders(contract_project, researcher, staff):
    empty = CostOverview.objects.create(project=contract_project)
    with pytest.raises(Refusal):
        cost_overview_send(overview=empty, by=staff)
    from tests.requests_inbox.conftest import add_mockup_lines

    add_mockup_lines(empty)
    with pytest.raises(Refusal):  # nobody to decide: only a researcher on the team
        cost_overview_send(overview=empty, by=staff)
    contract_project.refresh_from_db()
    assert contract_project.status == Status.CONTRACT


def test_send_twice_is_refused(sent_overview, staff):
    with pytest.raises(Refusal):
        cost_overview_send(overview=sent_overview, by=staff)


def test_customer_cannot_send(draft_overview, leader):
    with pytest.raises(Refusal):
        cost_overview_send(overview=draft_overview, by=leader)


def test_agree_moves_project_and_completes_all_actions(
    sent_overview, contract_project, leader, signatory, django_capture_on_commit_callbacks
):
    type(contract_project).objects.filter(pk=contract_project.pk).update(
        cbs_contact=sent_overview.created_by
    )
    action = Action.objects.get(cost_overview=sent_overview, person=signatory.person)
    with django_capture_on_commit_callbacks(execute=True):
        cost_overview_decide(action=action, by=signatory, agree=True)
    sent_overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.AGREED
    assert sent_overview.decided_by == signatory
    assert contract_project.status == Status.AGREEMENT
    actions = Action.objects.filter(cost_overview=sent_overview)
    assert actions.count() == 2
    assert all(a.status == ActionStatus.AGREED and not a.is_open for a in actions)
    assert _events("cost_overview.agree").get().project == contract_project
    assert any(
        "akkoord" in m.subject for m in mail.outbox if m.to == [sent_overview.created_by.email]
    )


def test_not_agree_needs_a_reason_and_sends_it_back_to_cbs(sent_overview, contract_project, leader):
    action = Action.objects.get(cost_overview=sent_overview, person=leader.person)
    with pytest.raises(Refusal) as error:
        cost_overview_decide(action=action, by=leader, agree=False, reason=" ")
    assert error.value.field == "reason"
    cost_overview_decide(action=action, by=leader, agree=False, reason="Te duur")
    sent_overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.NOT_AGREED
    assert sent_overview.reason == "Te duur"
    assert contract_project.status == Status.CONTRACT
    assert all(
        a.status == ActionStatus.NOT_AGREED and a.response == "Te duur"
        for a in Action.objects.filter(cost_overview=sent_overview)
    )
    event = Event.objects.get(verb="project.reject_costs")
    assert event.reason == "Te duur"


def test_two_decisions_give_one(sent_overview, contract_project, leader, signatory):
    leader_action = Action.objects.get(cost_overview=sent_overview, person=leader.person)
    signatory_action = Action.objects.get(cost_overview=sent_overview, person=signatory.person)
    cost_overview_decide(action=leader_action, by=leader, agree=True)
    with pytest.raises(Refusal):
        cost_overview_decide(action=signatory_action, by=signatory, agree=False, reason="Nee")
    sent_overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.AGREED
    assert contract_project.status == Status.AGREEMENT
    assert (
        Event.objects.filter(verb__startswith="cost_overview.")
        .exclude(verb__in=["cost_overview.send"])
        .count()
        == 1
    )


def test_others_cannot_decide(sent_overview, leader, researcher, viewer, outsider):
    action = Action.objects.get(cost_overview=sent_overview, person=leader.person)
    for user in (researcher, viewer, outsider):
        with pytest.raises(Refusal):
            cost_overview_decide(action=action, by=user, agree=True)
    sent_overview.refresh_from_db()
    assert sent_overview.status == CostOverviewStatus.SENT


def test_a_new_overview_can_be_sent_after_not_agreed(
    sent_overview, contract_project, leader, staff
):
    action = Action.objects.get(cost_overview=sent_overview, person=leader.person)
    cost_overview_decide(action=action, by=leader, agree=False, reason="Te duur")
    again = CostOverview.objects.create(project=contract_project)
    from tests.requests_inbox.conftest import add_mockup_lines

    add_mockup_lines(again)
    cost_overview_send(overview=again, by=staff)
    contract_project.refresh_from_db()
    assert contract_project.status == Status.COSTS_SENT
