"""The register of personal data (portal.privacy) and the retention it drives: every model with
personal data is in it; at the archive's end, after their own periods and when a person who
left is anonymised, nothing is left but what the register says is kept, files included."""

import datetime
import io
import os

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    ConfidentialityDeclaration,
    Person,
    User,
    UserDeclarationSignature,
    UserDeclarationText,
)
from accounts.services_privacy import person_anonymise
from agreements.models import Agreement, AgreementSignature, AgreementStatus, AgreementText
from awareness.models import Attempt
from changes.models import ChangeRequest, OutputCheck
from messaging import services as messaging
from messaging.models import Attachment, Message, ReviewComment, Thread
from portal.audit import record
from portal.mail import queue_mail
from portal.models import Event, OutgoingMail
from portal.privacy import register
from projects.events import ProjectEvent
from projects.models import (
    Bijlage,
    BijlageVersion,
    Project,
    ProjectFile,
    ProjectFileDocument,
    ProjectService,
    Publication,
    Status,
    TeamMember,
)
from projects.services_closure import project_close
from requests_inbox.models import Action, ActionAttachment, CostOverview
from tests.conftest import make_user
from tests.factories import (
    AccountRequestFactory,
    ActionFactory,
    AttemptFactory,
    ChangeRequestFactory,
    CostOverviewFactory,
    OutputCheckFactory,
    PersonFactory,
    ProjectFileFactory,
    ProjectServiceFactory,
    PublicationFactory,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# A field whose name has one of these parts holds (or may hold) something about a person.
PERSONAL = (
    "name",
    "email",
    "birth",
    "address",
    "ip",
    "body",
    "text",
    "file",
    "signature",
    "phone",
    "mobile",
    "pid",
    "rsa",
    "photo",
    "gender",
    "reason",
    "comment",
    "explanation",
    "description",
    "sections",
    "session",
    "user_agent",
    "repr",
    "message",
    "to",
)


def personal_fields(model) -> list[str]:
    """The fields of a model that hold personal data, by name or by type (files, IP addresses,
    a link to a person)."""
    found = []
    for field in model._meta.concrete_fields:
        parts = field.name.lower().split("_")
        if (
            isinstance(field, models.FileField | models.GenericIPAddressField)
            or any(
                token in parts or token in field.name.lower()
                for token in PERSONAL
                if len(token) > 3
            )
            or any(token in parts for token in PERSONAL if len(token) <= 3)
            or (field.is_relation and field.related_model is Person)
        ):
            found.append(field.name)
    return found


def test_every_model_with_personal_data_is_in_the_register():
    """Walk every model's fields: a model with personal data is in the register, or says it has
    none (``register.no_personal_data``); a new model with a name, a text, a file... fails here
    until its app registers it."""
    registered = register.models()
    declared = register.without_personal_data()
    missing = [
        f"{model._meta.label} ({', '.join(fields)})"
        for model in apps.get_models()
        if not model._meta.proxy
        and (fields := personal_fields(model))
        and model._meta.label not in registered
        and model._meta.label not in declared
    ]
    assert missing == []


def test_the_register_names_real_models_once():
    labels = {model._meta.label for model in apps.get_models()}
    assert register.models() <= labels
    assert set(register.without_personal_data()) <= labels
    assert not register.models() & set(register.without_personal_data())


def test_the_walk_sees_personal_data():
    """The walk is not blind: it finds what it must, and passes over bookkeeping."""
    assert {"first_name", "birth_date", "email", "photo"} <= set(personal_fields(Person))
    assert personal_fields(AgreementSignature) == [
        "person",
        "signed_name",
        "document_hash",
        "client_address",
    ] or "client_address" in personal_fields(AgreementSignature)
    assert "body" in personal_fields(Message)
    assert personal_fields(apps.get_model("portal", "ReminderRun")) == []


def test_every_kind_says_what_why_and_how_long():
    for kind in register.kinds():
        assert str(kind.what) and str(kind.purpose) and kind.retention_text()
        assert "%(" not in kind.retention_text()
        if kind.period:
            assert isinstance(kind.period_value(), int)


# --- One of every kind on a project whose archive ends -------------------------------------------


def _file(field_file, name):
    field_file.save(name, ContentFile(PDF), save=True)
    return field_file.name


@pytest.fixture
def full(project, leader, researcher, staff, django_capture_on_commit_callbacks):
    """A project with one of every kind the register removes at the archive's end."""
    project.cbs_contact = staff
    project.save(update_fields=["cbs_contact"])
    Bijlage.objects.filter(project=project).update(sections={"goal": "<p>Doel van Piet</p>"})
    version = BijlageVersion.objects.create(
        project=project, number=1, texts={"1": {"goal": "<p>Doel</p>"}}, submitted_by=leader
    )
    ReviewComment.objects.create(
        project=project,
        version=version,
        kind=1,
        section="goal",
        text="Graag scherper.",
        created_by=staff,
        author_name="Jan Visser",
    )
    project_file = ProjectFileFactory(project=project, explanation="Nodig voor Piet")
    document = ProjectFileDocument(
        project_file=project_file, original_name="plan.pdf", content_type="application/pdf", size=3
    )
    _file(document.document, "doc.pdf")
    ProjectServiceFactory(project=project, explanation="Extra opslag")
    PublicationFactory(project=project, authors="P. Bakker")
    action = ActionFactory(person=leader.person, project=project, body="Graag uploaden")
    _file(action.document, "upload.pdf")
    attachment = ActionAttachment(action=action, name="bijlage.pdf")
    _file(attachment.document, "att.pdf")
    overview = CostOverviewFactory(project=project, reason="Te duur voor ons")
    _file(overview.pdf, "kosten.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        messaging.project_message_send(
            project=project,
            by=leader,
            body="Zie bijlage",
            files=[SimpleUploadedFile("bericht.pdf", PDF, "application/pdf")],
        )
    ChangeRequestFactory(project=project, asked_by=leader)
    OutputCheckFactory(project=project, asked_by=researcher, comments="Cel te klein")
    text = AgreementText.objects.create(version=1, title="Overeenkomst", text="Artikel 1.")
    draft = Agreement.objects.create(
        project=project,
        status=AgreementStatus.DECLINED,
        text_version=text,
        decline_reason="Fout in naam",
    )
    _file(draft.pdf, "concept.pdf")
    signed = Agreement.objects.create(
        project=project,
        status=AgreementStatus.COUNTERSIGNED,
        text_version=text,
        document_html="<p>Piet</p>",
    )
    _file(signed.pdf, "overeenkomst.pdf")
    _file(signed.signed_pdf, "getekend.pdf")
    AgreementSignature.objects.create(
        agreement=signed,
        person=leader.person,
        user=leader,
        signed_name="Piet Bakker",
        document_hash="0" * 64,
        text_version=text,
        client_address="192.0.2.7",
    )
    record(
        verb=ProjectEvent.SUBMIT,
        by=leader,
        target=project,
        project=project,
        reason="Met groet, Piet",
        data={"phone": "0612345678"},
    )
    Project.objects.filter(pk=project.pk).update(status=Status.RUNNING)
    project.refresh_from_db()
    project_close(project=project, by=staff)
    Project.objects.filter(pk=project.pk).update(
        archive_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    project.refresh_from_db()
    return project, signed


def stored_files() -> set[str]:
    root = settings.MEDIA_ROOT
    return {
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    }


def retention(capture):
    with capture(execute=True):
        call_command("archive_retention", stdout=io.StringIO())


def test_retention_leaves_only_what_the_register_keeps(full, django_capture_on_commit_callbacks):
    project, signed = full
    contract_files = {signed.pdf.name, signed.signed_pdf.name}
    assert len(stored_files()) == 9

    retention(django_capture_on_commit_callbacks)

    # Gone: every kind the register removes at the archive's end.
    for model, lookup in [
        (TeamMember, "project"),
        (BijlageVersion, "project"),
        (ReviewComment, "project"),
        (ProjectFileDocument, "project_file__project"),
        (Publication, "project"),
        (Action, "project"),
        (ActionAttachment, "action__project"),
        (Thread, "project"),
        (Message, "thread__project"),
        (Attachment, "message__thread__project"),
        (ChangeRequest, "project"),
        (OutputCheck, "project"),
    ]:
        assert not model.objects.filter(**{lookup: project}).exists(), model
    # Kept, as the register says: the project, the data files and services it used without
    # their explanations, the amounts of its costs, the signed agreement (a contract) ...
    project.refresh_from_db()
    assert (project.number, project.status) == (project.number, Status.CLOSED)
    assert all(not b.sections for b in Bijlage.objects.filter(project=project))
    assert not ProjectFile.objects.filter(project=project).exclude(explanation="").exists()
    assert not ProjectService.objects.filter(project=project).exclude(explanation="").exists()
    assert not CostOverview.objects.filter(project=project).exclude(pdf="", reason="").exists()
    assert list(Agreement.objects.filter(project=project)) == [signed]
    assert AgreementSignature.objects.filter(agreement=signed).exists()
    # ... and the history: the facts without their personal text.
    events = Event.objects.filter(project=project).exclude(verb="project.archive_remove")
    assert events.exists()
    assert not events.exclude(reason="", data={}, target_repr="", description="").exists()
    # Files: only the contract's.
    assert stored_files() == contract_files


def test_a_contract_goes_after_its_own_period(full, settings, django_capture_on_commit_callbacks):
    project, signed = full
    retention(django_capture_on_commit_callbacks)
    assert Agreement.objects.filter(project=project).exists()
    Project.objects.filter(pk=project.pk).update(
        closed_on=timezone.localdate().replace(year=timezone.localdate().year - 8)
    )
    retention(django_capture_on_commit_callbacks)
    assert not Agreement.objects.filter(project=project).exists()
    assert not AgreementSignature.objects.exists()
    assert stored_files() == set()
    event = Event.objects.get(project=project, verb="privacy.remove")
    assert event.data == {"kind": "agreements", "count": 2}  # the agreement, its signature


def test_retention_is_idempotent(full, django_capture_on_commit_callbacks):
    from tests.quality.discovery import diff_snapshots, snapshot

    retention(django_capture_on_commit_callbacks)
    before = snapshot()
    retention(django_capture_on_commit_callbacks)
    assert diff_snapshots(before, snapshot()) == []


def test_one_event_per_project_with_what_was_removed(full, django_capture_on_commit_callbacks):
    project, _signed = full
    retention(django_capture_on_commit_callbacks)
    event = Event.objects.get(project=project, verb="project.archive_remove")
    archive_kinds = {kind.key for kind in register.kinds() if kind.archive_end}
    assert set(event.data) == archive_kinds
    assert event.data["messages"] >= 1 and event.data["output_checks"] == 1


def test_a_removed_attachment_is_not_found_in_portal_and_admin(
    full, leader, staff, client_of, django_capture_on_commit_callbacks
):
    project, _signed = full
    attachment = Attachment.objects.get(message__thread__project=project)
    thread = attachment.message.thread
    portal_url = reverse("messaging:attachment", args=[attachment.pk])
    admin_url = reverse("admin:messaging_thread_attachment", args=[thread.pk, attachment.pk])
    assert client_of(staff).get(admin_url).status_code == 200
    retention(django_capture_on_commit_callbacks)
    assert client_of(leader).get(portal_url).status_code == 404
    assert client_of(staff).get(portal_url).status_code == 404
    assert client_of(staff).get(admin_url).status_code == 404


def test_nothing_of_a_project_in_its_archive_period(full, django_capture_on_commit_callbacks):
    project, _signed = full
    Project.objects.filter(pk=project.pk).update(archive_until=timezone.localdate())
    before = stored_files()
    retention(django_capture_on_commit_callbacks)
    assert stored_files() == before
    assert TeamMember.objects.filter(project=project).exists()


# --- Kinds with a period of their own ------------------------------------------------------------


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_a_declined_account_request_goes_after_its_period(
    institution, settings, django_capture_on_commit_callbacks
):
    old = AccountRequestFactory(institution=institution, status=AccountRequestStatus.REJECTED)
    recent = AccountRequestFactory(institution=institution, status=AccountRequestStatus.REJECTED)
    open_ = AccountRequestFactory(institution=institution)
    AccountRequest.objects.filter(pk=old.pk).update(
        decided_at=_ago(settings.ACCOUNT_REQUEST_DAYS + 2)
    )
    AccountRequest.objects.filter(pk=recent.pk).update(decided_at=_ago(2))
    retention(django_capture_on_commit_callbacks)
    assert set(AccountRequest.objects.values_list("pk", flat=True)) == {recent.pk, open_.pk}
    event = Event.objects.get(verb="privacy.remove")
    assert event.data == {
        "kind": "account_request",
        "count": 1,
        "object": f"accounts.accountrequest:{old.pk}",
    }
    assert old.last_name not in str(event.data) + event.target_repr + event.description


def test_a_sent_mail_loses_its_address_and_text_after_its_period(
    db, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(to=["piet@example.nl"], subject="Welkom Piet", text="Beste Piet")
        queue_mail(to=["gerro@example.nl"], subject="Welkom Gerro", text="Beste Gerro")
    old, recent = OutgoingMail.objects.order_by("pk")
    OutgoingMail.objects.filter(pk=old.pk).update(created_at=_ago(settings.MAIL_BODY_DAYS + 1))
    retention(django_capture_on_commit_callbacks)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.to, old.subject, old.text, old.html) == ([], "", "", "")
    assert old.state == OutgoingMail.State.SENT and old.message_id
    assert recent.subject == "Welkom Gerro"


def test_a_question_goes_after_its_period(leader, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = messaging.question_ask(
            by=leader,
            subject="Token",
            body="Verlopen",
            files=[SimpleUploadedFile("token.pdf", PDF, "application/pdf")],
        )
        recent = messaging.question_ask(by=leader, subject="Wachtwoord", body="Vergeten")
    Thread.objects.filter(pk=old.pk).update(last_message_at=_ago(settings.QUESTION_DAYS + 1))
    retention(django_capture_on_commit_callbacks)
    assert list(Thread.objects.all()) == [recent]
    assert stored_files() == set()


def test_the_admin_log_goes_after_its_period(staff, settings, django_capture_on_commit_callbacks):
    entry = LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Person),
        object_id="1",
        object_repr="Piet Bakker",
        action_flag=ADDITION,
    )
    LogEntry.objects.filter(pk=entry.pk).update(action_time=_ago(settings.ADMIN_LOG_DAYS + 1))
    retention(django_capture_on_commit_callbacks)
    assert not LogEntry.objects.exists()


# --- A person who left ---------------------------------------------------------------------------


@pytest.fixture
def left(institution, settings):
    """A researcher who left more than the register's period ago, with data in every app."""
    user = make_user(
        institution,
        first_name="Vera",
        last_name="Vertrokken",
        birth_date=datetime.date(1990, 1, 2),
        phone="0201234567",
        pid_code="PID123",
        rsa_token_id="RSA9",
    )
    person = user.person
    assert EmailAddress.objects.filter(user=user).exists()  # made with the user
    person.photo.save("foto.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    declaration = ConfidentialityDeclaration(person=person)
    _file(declaration.document, "geheim.pdf")
    text = UserDeclarationText.objects.create(version=9, title="Verklaring", text="Ik verklaar.")
    UserDeclarationSignature.objects.create(
        person=person, text_version=text, signed_name="Vera Vertrokken", text_hash="0" * 64
    )
    AttemptFactory(person=person)
    ActionFactory(person=person, body="Upload je verklaring")
    AccountRequestFactory(institution=institution, person=person, status="approved")
    messaging.question_ask(by=user, subject="Vraag van Vera", body="Hoi")
    record(
        verb="person.update_details",
        by=user,
        person=person,
        reason="Verhuisd",
        data={"city": ["Utrecht", "Leiden"]},
    )
    Person.objects.filter(pk=person.pk).update(
        placement_end=timezone.localdate() - datetime.timedelta(days=settings.PERSON_LEFT_DAYS + 1)
    )
    person.refresh_from_db()
    return user


def test_a_person_who_left_is_anonymised(left, django_capture_on_commit_callbacks):
    person = left.person
    retention(django_capture_on_commit_callbacks)
    person.refresh_from_db()
    left.refresh_from_db()
    assert (person.first_name, person.last_name, person.birth_date, person.phone) == (
        "",
        "",
        None,
        "",
    )
    assert (person.pid_code, person.rsa_token_id, person.photo.name) == ("", "", "")
    assert person.institution_id  # the fact that a person of the institution existed
    assert not left.is_active and not left.has_usable_password()
    assert left.email.endswith("@invalid")
    assert not EmailAddress.objects.filter(user=left).exists()
    for model in (
        ConfidentialityDeclaration,
        UserDeclarationSignature,
        Attempt,
        Action,
        AccountRequest,
    ):
        assert not model.objects.filter(person=person).exists(), model
    assert not Thread.objects.filter(started_by=left).exists()
    assert stored_files() == set()
    events = Event.objects.filter(person=person).exclude(verb="person.anonymise")
    assert events.exists() and not events.exclude(reason="", data={}).exists()
    assert Event.objects.filter(verb="person.anonymise", person=person).count() == 1
    assert not Event.objects.filter(actor=left).exclude(actor_name="").exists()


def test_anonymising_is_idempotent(left, django_capture_on_commit_callbacks):
    retention(django_capture_on_commit_callbacks)
    assert person_anonymise(person=left.person) == {}
    assert Event.objects.filter(verb="person.anonymise").count() == 1


def test_not_while_a_project_archive_still_needs_the_person(
    left, project, django_capture_on_commit_callbacks
):
    TeamMember.objects.create(
        project=project, person=left.person, role="researcher", start_date=datetime.date(2020, 1, 1)
    )
    retention(django_capture_on_commit_callbacks)
    left.person.refresh_from_db()
    assert left.person.first_name == "Vera"
    assert not Event.objects.filter(verb="person.anonymise").exists()


def test_not_before_the_period(left, django_capture_on_commit_callbacks):
    Person.objects.filter(pk=left.person.pk).update(placement_end=timezone.localdate())
    retention(django_capture_on_commit_callbacks)
    left.person.refresh_from_db()
    assert left.person.first_name == "Vera"
    assert User.objects.get(pk=left.pk).is_active


def test_a_person_who_did_not_leave_is_never_anonymised(leader, django_capture_on_commit_callbacks):
    retention(django_capture_on_commit_callbacks)
    assert not Event.objects.filter(verb="person.anonymise").exists()
    assert PersonFactory  # the factories make people without a placement end
