"""Voorbereiding's writes: the agreement (draft, send, sign, decline, countersign) and the data
files' preparation status.

Every service: keyword-only, ``by=`` the acting user, atomic, one audit event (AgreementEvent),
mail in each person's own language. Refusals raise ``portal.refusals.Refusal``. Actions are made
through requests_inbox's services; status moves only through ``project_transition``.

A little over 500 lines on purpose: the agreement's whole life in one module, in its order
(style.md: split at ~800).
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Person
from accounts.services import _plain_name
from agreements import pdf
from agreements.events import AgreementEvent
from agreements.models import (
    OPEN_STATUSES,
    Agreement,
    AgreementSignature,
    AgreementStatus,
    AgreementText,
    sha256,
)
from portal.audit import record
from portal.mail import absolute_url, send_templated_mail
from portal.permissions import is_cbs_staff
from portal.refusals import Refusal
from portal.uploads import PDF, stored_name
from projects.models import PreparationStatus, Project, ProjectFile, Role, Status, TeamMember
from projects.permissions import is_entitled_signatory
from projects.readiness import confidentiality_current, works_in_ra
from projects.services import project_file_preparation_save, project_transition
from requests_inbox.models import Action, ActionKind, ActionStatus, CostOverviewStatus
from requests_inbox.services import _new_action

AGREEMENT_FILENAME = "Projectovereenkomst.pdf"
SIGNED_FILENAME = "Projectovereenkomst - getekend.pdf"


# --- who may sign ----------------------------------------------------------------------------


def entitled_signatories(project: Project) -> list[Person]:
    """The Tekenbevoegden who may sign for the project now (the signatory rule of
    projects.permissions: on the team today, authority at the project's own institution)."""
    members = (
        TeamMember.objects.current()
        .filter(project=project, role=Role.SIGNATORY)
        .select_related("person__user")
        .order_by("pk")
    )
    persons: dict[int, Person] = {}
    for member in members:
        if is_entitled_signatory(member, project):
            persons.setdefault(member.person_id, member.person)
    return list(persons.values())


def may_sign(user, agreement: Agreement) -> bool:
    person_id = getattr(user, "person_id", None)
    return (
        person_id is not None
        and agreement.status == AgreementStatus.TO_SIGN
        and any(p.pk == person_id for p in entitled_signatories(agreement.project))
        and not agreement.signatures.filter(person_id=person_id).exists()
    )


def current_text() -> AgreementText | None:
    return (
        AgreementText.objects.filter(published_at__lte=timezone.now()).order_by("-version").first()
    )


def agreed_cost_overview(project: Project):
    return (
        project.cost_overviews.filter(status=CostOverviewStatus.AGREED)
        .order_by("-decided_at", "-pk")
        .first()
    )


def draft_missing(project: Project) -> list[str]:
    """Why CBS cannot draft an agreement for this project now (empty: it can)."""
    missing = []
    if project.status != Status.AGREEMENT:
        missing.append(
            _("An agreement is drafted after the cost overview is agreed (status now “%(s)s”).")
            % {"s": project.get_status_display()}
        )
    elif agreed_cost_overview(project) is None:
        missing.append(_("The project has no agreed cost overview."))
    if project.agreements.filter(status__in=OPEN_STATUSES).exists():
        missing.append(_("The project already has an agreement in progress."))
    if current_text() is None:
        missing.append(_("There is no published agreement text yet."))
    return missing


# --- CBS drafts and sends --------------------------------------------------------------------


def _lock(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("project__institution", "text_version")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def agreement_draft(*, project: Project, by, signatures_required: int = 1) -> Agreement:
    """CBS starts the agreement of a project whose cost overview was agreed."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    missing = draft_missing(project)
    if missing:
        raise Refusal(missing)
    if signatures_required not in (1, 2):
        raise Refusal(_("One or two signatures."), field="signatures_required")
    agreement = Agreement.objects.create(
        project=project,
        signatures_required=signatures_required,
        text_version=current_text(),
        created_by=by,
    )
    record(
        verb=AgreementEvent.DRAFTED,
        by=by,
        target=agreement,
        project=project,
        to_state=agreement.status,
        data={"signatures_required": signatures_required},
    )
    return agreement


def agreement_render_pdf(*, agreement: Agreement) -> bytes:
    """The PDF as it stands (a preview of a draft, or what was frozen when sent)."""
    if agreement.document_html:
        return pdf.agreement_pdf_from_body(agreement.document_html, agreement.document_hash)
    body = pdf.agreement_body(agreement, text=agreement.text_version or current_text())
    return pdf.agreement_pdf_from_body(body, sha256(body))


@transaction.atomic
def agreement_send(*, agreement: Agreement, by) -> Agreement:
    """Freeze the document (body, hash, PDF) and ask each entitled Tekenbevoegde to sign."""
    locked = _lock(agreement)
    if locked.status != AgreementStatus.DRAFT:
        raise Refusal(_("This agreement has already been sent."))
    project = locked.project
    if project.status != Status.AGREEMENT:
        raise Refusal(_("The project is not awaiting its agreement."))
    text = current_text()
    if text is None:
        raise Refusal(_("There is no published agreement text yet."))
    signatories = entitled_signatories(project)
    if len(signatories) < locked.signatures_required:
        raise Refusal(
            _(
                "The project needs %(n)s authorized signatory (Tekenbevoegde) of its own "
                "institution on the team to sign."
            )
            % {"n": locked.signatures_required}
        )
    body = pdf.agreement_body(locked, text=text)
    locked.text_version = text
    locked.document_html = body
    locked.document_hash = sha256(body)
    content = pdf.agreement_pdf_from_body(body, locked.document_hash)
    locked.pdf.save(stored_name(PDF), ContentFile(content), save=False)
    locked.pdf_hash = sha256(content)
    locked.status = AgreementStatus.TO_SIGN
    locked.sent_at = timezone.now()
    locked.save()
    actions = []
    for person in signatories:
        with translation.override(person.language):
            regarding = str(_("Project agreement"))
        actions.append(
            _new_action(
                person=person,
                kind=ActionKind.AGREEMENT_SIGNING,
                by=by,
                project=project,
                regarding=regarding,
            )
        )
    locked.actions.add(*actions)
    record(
        verb=AgreementEvent.SENT,
        by=by,
        target=locked,
        project=project,
        from_state=AgreementStatus.DRAFT,
        to_state=locked.status,
        data={
            "actions": [a.pk for a in actions],
            "document_hash": locked.document_hash,
            "text_version": text.version,
        },
    )
    agreement.status = locked.status
    return locked


# --- the institution signs or declines -------------------------------------------------------


def agreement_of_action(action: Action) -> Agreement | None:
    if action.kind != ActionKind.AGREEMENT_SIGNING:
        return None
    return (
        action.agreements.select_related("project__institution", "text_version")
        .order_by("-pk")
        .first()
    )


def _check_may_sign(locked: Agreement, by) -> None:
    """May ``by`` sign or decline now? A signatory decides once: who signed may not decline
    (and a decline ends the round, so nobody signs after it)."""
    if locked.status != AgreementStatus.TO_SIGN:
        raise Refusal(_("This agreement is not awaiting signatures (any more)."))
    person_id = getattr(by, "person_id", None)
    if person_id is None or all(p.pk != person_id for p in entitled_signatories(locked.project)):
        raise Refusal(
            _("Only an authorized signatory of the project's own institution may sign this.")
        )
    if locked.signatures.filter(person_id=person_id).exists():
        raise Refusal(_("You have already signed this agreement."))


def _check_document(locked: Agreement, document_hash: str) -> None:
    if document_hash != locked.document_hash:
        raise Refusal(
            _("The agreement has changed since you opened it. Read it again before you sign.")
        )
    with locked.pdf.open("rb") as stored:
        if sha256(stored.read()) != locked.pdf_hash:
            raise Refusal(_("The stored agreement does not match its hash. Contact CBS."))


def _open_actions(agreement: Agreement):
    return agreement.actions.filter(completed_at__isnull=True)


def _notify_cbs(agreement: Agreement, *, template: str, context: dict) -> None:
    contact = agreement.project.cbs_contact
    if contact is None or not contact.email:
        return
    send_templated_mail(
        to=contact.email,
        template=template,
        context={
            "project_title": agreement.project.title,
            "project_number": agreement.project.number,
            "url": absolute_url(reverse("admin:agreements_agreement_change", args=[agreement.pk])),
            **context,
        },
        language=contact.language,
    )


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    by,
    typed_name: str,
    document_hash: str,
    client_address: str | None = None,
) -> AgreementSignature:
    """A Tekenbevoegde signs: their full name typed, the document they read (its hash) unchanged;
    the caller confirmed it is them (the sign form's re-authentication, accounts.reauth).
    Enough signatures make the agreement "signed" for CBS."""
    locked = _lock(agreement)
    _check_may_sign(locked, by)
    person = by.person
    _check_document(locked, document_hash)
    if not typed_name.strip() or _plain_name(typed_name) != _plain_name(person.full_name):
        raise Refusal(
            _("Type your full name exactly as shown: %(name)s.") % {"name": person.full_name},
            field="typed_name",
        )
    signature = AgreementSignature.objects.create(
        agreement=locked,
        person=person,
        user=by,
        signed_name=typed_name.strip()[:200],
        document_hash=locked.document_hash,
        text_version=locked.text_version,
        client_address=client_address or None,
    )
    now = timezone.now()
    locked.actions.filter(person=person, completed_at__isnull=True).update(
        status=ActionStatus.SIGNED, completed_at=now, completed_by=by
    )
    complete = locked.signatures.count() >= locked.signatures_required
    if complete:
        # One signature suffices (unless CBS asked for two): the others' actions are done too.
        _open_actions(locked).update(status=ActionStatus.SIGNED, completed_at=now, completed_by=by)
        locked.status = AgreementStatus.SIGNED
        locked.save(update_fields=["status"])
    record(
        verb=AgreementEvent.SIGNED,
        by=by,
        target=locked,
        project=locked.project,
        person=person,
        from_state=AgreementStatus.TO_SIGN,
        to_state=locked.status,
        data={
            "signature": signature.pk,
            "document_hash": locked.document_hash,
            "text_version": locked.text_version.version,
            "client_address": client_address or "",
        },
    )
    _notify_cbs(
        locked,
        template="agreements/mail/signed",
        context={"signed_by": person.full_name, "complete": complete},
    )
    agreement.status = locked.status
    return signature


@transaction.atomic
def agreement_decline(*, agreement: Agreement, by, reason: str) -> Agreement:
    """A Tekenbevoegde declines to sign, with a reason: CBS is told and drafts anew."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give a reason why you do not sign."), field="reason")
    locked = _lock(agreement)
    _check_may_sign(locked, by)
    now = timezone.now()
    _open_actions(locked).update(
        status=ActionStatus.DECLINED, completed_at=now, completed_by=by, response=reason
    )
    locked.status = AgreementStatus.DECLINED
    locked.decline_reason = reason
    locked.save(update_fields=["status", "decline_reason"])
    record(
        verb=AgreementEvent.DECLINED,
        by=by,
        target=locked,
        project=locked.project,
        person=by.person,
        from_state=AgreementStatus.TO_SIGN,
        to_state=locked.status,
        reason=reason,
    )
    _notify_cbs(
        locked,
        template="agreements/mail/declined",
        context={"declined_by": by.person.full_name, "reason": reason},
    )
    agreement.status = locked.status
    return locked


# --- CBS countersigns ------------------------------------------------------------------------


def _needs_confidentiality(project: Project, *, today: datetime.date) -> list[Person]:
    """Current RA members without an approved, current Geheimhoudingsverklaring and without an
    open "Geheimhoudingsverklaring" action."""
    members = TeamMember.objects.current(on=today).filter(project=project).select_related("person")
    persons = {m.person_id: m.person for m in members if works_in_ra(m)}
    covered = confidentiality_current(list(persons), today) | set(
        Action.objects.open()
        .filter(person_id__in=list(persons), kind=ActionKind.CONFIDENTIALITY)
        .values_list("person_id", flat=True)
    )
    return [person for pk, person in persons.items() if pk not in covered]


@transaction.atomic
def agreement_countersign(*, agreement: Agreement, by) -> Agreement:
    """CBS countersigns the signed agreement: the signed PDF (with its signature page) is made,
    the project moves to "Data voorbereiden", and RA members get the confidentiality action."""
    locked = _lock(agreement)
    if not is_cbs_staff(by, "agreements.change_agreement"):
        raise Refusal(_("Only CBS countersigns."))
    if locked.status != AgreementStatus.SIGNED:
        raise Refusal(_("The agreement can be countersigned only after it has been signed."))
    now = timezone.now()
    locked.status = AgreementStatus.COUNTERSIGNED
    locked.countersigned_at = now
    locked.countersigned_by = by
    signatures = list(locked.signatures.select_related("person", "text_version"))
    content = pdf.signed_agreement_pdf(locked, signatures)
    locked.signed_pdf.save(stored_name(PDF), ContentFile(content), save=False)
    locked.save(update_fields=["status", "countersigned_at", "countersigned_by", "signed_pdf"])
    project_transition(project=locked.project, move="mark_agreement_signed", by=by)
    actions = [
        _new_action(person=person, kind=ActionKind.CONFIDENTIALITY, by=by, project=locked.project)
        for person in _needs_confidentiality(locked.project, today=timezone.localdate())
    ]
    record(
        verb=AgreementEvent.COUNTERSIGNED,
        by=by,
        target=locked,
        project=locked.project,
        from_state=AgreementStatus.SIGNED,
        to_state=locked.status,
        data={"confidentiality_actions": [a.pk for a in actions]},
    )
    agreement.status = locked.status
    return locked


# --- data preparation ------------------------------------------------------------------------

PREPARATION_ORDER = [
    PreparationStatus.REQUESTED,
    PreparationStatus.IN_PREPARATION,
    PreparationStatus.READY,
]


def preparation_refusal(old: str, new: str, reason: str) -> Refusal | None:
    """Why a file may not go from ``old`` to ``new`` (None: it may); the admin form asks too."""
    if new not in PreparationStatus.values:
        return Refusal(_("Unknown preparation status."), field="status")
    if old == PreparationStatus.CANCELLED:
        return Refusal(_("This file has been cancelled; its status no longer changes."))
    if new == old:
        return Refusal(_("The file already has this status."), field="status")
    if new == PreparationStatus.CANCELLED:
        if not (reason or "").strip():
            return Refusal(_("Give a reason why the file is cancelled."), field="reason")
    elif PREPARATION_ORDER.index(new) < PREPARATION_ORDER.index(old):
        return Refusal(_("A file's preparation only moves forward."), field="status")
    return None


@transaction.atomic
def file_preparation_set(
    *, project_file: ProjectFile, by, status: str, reason: str = ""
) -> ProjectFile:
    """CBS moves a data file on: Aangevraagd → In voorbereiding → Klaar in de RA, or Vervallen
    (with a reason). The date is today's; the project leader is mailed."""
    locked = (
        ProjectFile.objects.select_for_update(of=("self",))
        .select_related("project", "data_file")
        .get(pk=project_file.pk)
    )
    reason = (reason or "").strip()
    old = locked.preparation_status
    refusal = preparation_refusal(old, status, reason)
    if refusal is not None:
        raise refusal
    project_file_preparation_save(
        project_file=locked,
        status=status,
        reason=reason if status == PreparationStatus.CANCELLED else "",
    )
    project = locked.project
    record(
        verb=AgreementEvent.FILE_PREPARATION,
        by=by,
        target=locked,
        project=project,
        description=str(locked),
        from_state=old,
        to_state=status,
        reason=reason,
    )
    leaders = (
        TeamMember.objects.current()
        .filter(project=project, role=Role.LEADER)
        .select_related("person__user")
    )
    for member in leaders:
        person = member.person
        with translation.override(person.language):
            context = {
                "name": person.first_name,
                "file": str(locked),
                "status": locked.get_preparation_status_display(),
                "reason": locked.preparation_reason,
                "project_title": project.title,
                "project_number": project.number,
                "url": absolute_url(
                    reverse("projects:detail", args=[project.number]) + "?tab=files#files"
                ),
            }
        send_templated_mail(
            to=person.notification_email,
            template="agreements/mail/file_preparation",
            context=context,
            language=person.language,
        )
    project_file.preparation_status = locked.preparation_status
    project_file.preparation_date = locked.preparation_date
    return locked
