"""Writes on actions and cost overviews (the declarations they ask for: accounts.services).

Every service: keyword-only, ``by=`` the acting user, atomic, one audit event; each new action
mails its person in their own language (after commit, through the Tasks framework).
Refusals raise ``portal.refusals.Refusal`` (for the user, translated), lifecycle refusals
from ``projects.services.project_transition`` included.

Over 500 lines on purpose: the app's writes, by topic in sections (style.md: split at ~800).
"""

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import services as declarations
from accounts.models import (
    ConfidentialityDeclaration,
    Person,
    UserDeclarationSignature,
    UserDeclarationText,
)
from portal.audit import field_changes, record
from portal.mail import absolute_url, send_templated_mail
from portal.permissions import has_permission, is_cbs_staff
from portal.refusals import Refusal
from portal.reminders import forget_expiring
from portal.uploads import ACTION_ATTACHMENTS, PDF, SIGNED_FORM, safe_display_name, stored_name
from projects.models import Project
from projects.permissions import people_with
from projects.readiness import forget_readiness, ra_members
from projects.services import project_transition
from requests_inbox import pdf
from requests_inbox.events import ActionEvent
from requests_inbox.models import (
    Action,
    ActionAttachment,
    ActionKind,
    ActionStatus,
    CostLine,
    CostOverview,
    CostOverviewStatus,
    Tariff,
    TariffKind,
)

INITIAL_STATUS = {
    ActionKind.USER_DECLARATION: ActionStatus.TO_SIGN,
    ActionKind.CONFIDENTIALITY: ActionStatus.UPLOAD_DOCUMENT,
    ActionKind.NEW_CONTACT_PERSON: ActionStatus.UPLOAD_DOCUMENT,
    ActionKind.COST_REVIEW: ActionStatus.TO_REVIEW,
    ActionKind.QUESTION: ActionStatus.TO_ANSWER,
    ActionKind.AWARENESS_TEST: ActionStatus.TO_TAKE,
    ActionKind.AGREEMENT_SIGNING: ActionStatus.TO_SIGN,
}
# Who approves a cost overview: projects/permissions.py; who is priced as a researcher: who
# works in the RA (projects.readiness).
COST_DECIDER_PERMISSION = "projects.decide_costs"
COST_OVERVIEW_FILENAME = "Bijlage 4 - Projectkosten.pdf"
MAX_ANSWER_LENGTH = 10_000
# Sent inside cost_overview_decide's transaction: overview=, agree=, by=.
cost_overview_decided = Signal()


# --- creating actions ------------------------------------------------------------------------


def _validated(attachments: Iterable) -> list[tuple[object, str]]:
    uploads = [upload for upload in attachments if upload]
    content_types = ACTION_ATTACHMENTS.refusal(uploads, field="attachments")
    return list(zip(uploads, content_types, strict=True))


def _new_action(
    *,
    person: Person,
    kind: str,
    by,
    subject: str = "",
    body: str = "",
    project: Project | None = None,
    cost_overview: CostOverview | None = None,
    regarding: str = "",
    attachments: list[tuple[object, str]] = (),
    notify: bool = True,
) -> Action:
    """Create one action, store its attachments and mail its person (unless ``notify`` is
    false: the caller mails them itself); no audit event."""
    with translation.override(person.language):
        subject = subject.strip() or str(ActionKind(kind).label)
    action = Action.objects.create(
        person=person,
        kind=kind,
        subject=subject[:200],
        status=INITIAL_STATUS[ActionKind(kind)],
        regarding=regarding[:200],
        body=body,
        project=project,
        cost_overview=cost_overview,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    for upload, content_type in attachments:
        attachment = ActionAttachment(
            action=action,
            name=safe_display_name(upload.name, content_type),
            content_type=content_type,
        )
        upload.seek(0)
        attachment.document.save(stored_name(content_type), upload, save=False)
        attachment.save()
    if notify:
        _mail_new_action(action)
    return action


def _mail_new_action(action: Action) -> None:
    person = action.person
    address = person.notification_email
    if not address:
        return
    with translation.override(person.language):
        path = reverse("requests_inbox:detail", args=[action.pk])
        kind_label = str(action.get_kind_display())
    send_templated_mail(
        to=address,
        template="requests_inbox/mail/action_created",
        context={
            "name": person.first_name,
            "subject": action.subject,
            "kind": kind_label,
            "project_title": action.project.title if action.project_id else "",
            "project_number": action.project.number if action.project_id else "",
            "body": action.body,
            "url": absolute_url(path),
        },
        language=person.language,
    )


@transaction.atomic
def action_create(
    *,
    person: Person,
    kind: str,
    subject: str,
    by,
    body: str = "",
    project: Project | None = None,
    regarding: str = "",
    attachments: Iterable = (),
) -> Action:
    """CBS asks something of one person (a question, a declaration, a form); mails them."""
    checked = _validated(attachments)
    action = _new_action(
        person=person,
        kind=kind,
        by=by,
        subject=subject,
        body=body,
        project=project,
        regarding=regarding,
        attachments=checked,
    )
    record(
        verb=ActionEvent.CREATE,
        by=by,
        target=action,
        person=person,
        project=project,
        description=action.subject,
        to_state=action.status,
        data={"kind": kind, "attachments": len(checked)},
    )
    return action


def action_text_refusal(action: Action) -> Refusal | None:
    """What changing an action's text refuses (None when allowed): a done action keeps the
    text its person acted on."""
    if not action.is_open:
        return Refusal(_("This action has already been completed."))
    return None


@transaction.atomic
def action_text_set(*, action: Action, by, subject: str, regarding: str, body: str) -> Action:
    """CBS corrects what an open action says (its subject, what it is about, its text)."""
    if not is_cbs_staff(by, "requests_inbox.change_action"):
        raise Refusal(_("Only CBS changes the text of an action."))
    locked = (
        Action.objects.select_for_update(of=("self",)).select_related("person").get(pk=action.pk)
    )
    refusal = action_text_refusal(locked)
    if refusal is not None:
        raise refusal
    with translation.override(locked.person.language):
        subject = (subject or "").strip() or str(ActionKind(locked.kind).label)
    old = {"subject": locked.subject, "regarding": locked.regarding, "body": locked.body}
    new = {"subject": subject[:200], "regarding": (regarding or "")[:200], "body": body or ""}
    if old == new:
        return locked
    for name, value in new.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(new))
    record(
        verb=ActionEvent.TEXT,
        by=by,
        target=locked,
        person=locked.person,
        project=locked.project,
        description=locked.subject,
        data={"changes": field_changes(old, new)},
    )
    return locked


@transaction.atomic
def confidentiality_renewal_actions(*, persons: Iterable[Person], by=None) -> list[Action]:
    """A "Geheimhoudingsverklaring – Document uploaden" action for each person whose declaration
    ends soon and who has none open; their reminder mail (portal/reminders) is the notice."""
    persons = list(persons)
    has_open = set(
        Action.objects.open()
        .filter(kind=ActionKind.CONFIDENTIALITY, person__in=persons)
        .values_list("person_id", flat=True)
    )
    actions = [
        _new_action(person=person, kind=ActionKind.CONFIDENTIALITY, by=by, notify=False)
        for person in persons
        if person.pk not in has_open
    ]
    if actions:
        record(
            verb=ActionEvent.CREATE,
            by=by,
            description=_("Confidentiality declaration due for renewal"),
            data={"kind": ActionKind.CONFIDENTIALITY, "actions": [a.pk for a in actions]},
        )
    return actions


def current_team(project: Project, roles: Iterable[str] | None = None) -> list[Person]:
    """The people now on the team (optionally with one of ``roles``), each once."""
    members = project.team.current().select_related("person__user").order_by("pk")
    if roles is not None:
        members = members.filter(role__in=list(roles))
    persons: dict[int, Person] = {}
    for member in members:
        persons.setdefault(member.person_id, member.person)
    return list(persons.values())


@transaction.atomic
def action_create_for_team(
    *,
    project: Project,
    kind: str,
    subject: str,
    by,
    body: str = "",
    roles: Iterable[str] | None = None,
    attachments: Iterable = (),
) -> list[Action]:
    """The same action for everyone now on the project's team (or those with ``roles``)."""
    checked = _validated(attachments)
    persons = current_team(project, roles)
    if not persons:
        raise Refusal(_("Nobody on this project's team matches; no action was created."))
    actions = [
        _new_action(
            person=person,
            kind=kind,
            by=by,
            subject=subject,
            body=body,
            project=project,
            attachments=checked,
        )
        for person in persons
    ]
    record(
        verb=ActionEvent.CREATE_FOR_TEAM,
        by=by,
        target=project,
        project=project,
        description=actions[0].subject,
        data={"kind": kind, "actions": [a.pk for a in actions], "attachments": len(checked)},
    )
    return actions


# --- actions asked for by other apps -------------------------------------------------------
# Parts of another app's service (the awareness reminders, a passed test): that service locks,
# mails and records its one event; these only write the actions, in bulk.


def open_actions_of_kind(kind: str):
    return Action.objects.open().filter(kind=kind)


def actions_ask(*, kind: str, requests: Iterable[dict], by) -> list[Action]:
    """Open one action per request ({"person", "subject", "regarding", "body"}), not mailed."""
    created_by = by if getattr(by, "is_authenticated", False) else None
    requests = list(requests)
    # "Verloopt binnenkort" links to an open action (written in bulk: no post_save).
    forget_expiring(request["person"].pk for request in requests)
    forget_readiness(request["person"].pk for request in requests)  # its links too
    return Action.objects.bulk_create(
        Action(
            person=request["person"],
            kind=kind,
            subject=request.get("subject", "")[:200],
            status=INITIAL_STATUS[ActionKind(kind)],
            regarding=request.get("regarding", "")[:200],
            body=request.get("body", ""),
            created_by=created_by,
        )
        for request in requests
    )


def actions_complete(*, kind: str, person_id: int, status: str, by, at=None) -> int:
    """Complete the person's open actions of this kind with ``status``; how many."""
    forget_expiring([person_id])  # "Verloopt binnenkort" links to an open action
    forget_readiness([person_id])  # ... and so does RA readiness
    return (
        open_actions_of_kind(kind)
        .filter(person_id=person_id)
        .update(
            status=status,
            completed_at=at or timezone.now(),
            completed_by=by if getattr(by, "is_authenticated", False) else None,
        )
    )


def actions_withdraw(*, ids: Iterable[int], at=None) -> int:
    """Withdraw those of these actions that are still open (nobody needs to do them now)."""
    ids = list(ids)
    # "Verloopt binnenkort" links to an open action.
    persons = set(Action.objects.filter(pk__in=ids).values_list("person_id", flat=True))
    forget_expiring(persons)
    forget_readiness(persons)  # ... and so does RA readiness
    return Action.objects.filter(pk__in=ids, completed_at__isnull=True).update(
        status=ActionStatus.WITHDRAWN, completed_at=at or timezone.now()
    )


# --- completing actions ----------------------------------------------------------------------


def _lock_open(action: Action, *, by, kind: str) -> Action:
    locked = (
        Action.objects.select_for_update(of=("self",))
        .select_related("person", "project")
        .filter(pk=action.pk)
        .first()
    )
    if locked is None or locked.kind != kind:
        raise Refusal(_("This action cannot be completed this way."))
    if not locked.is_open:
        raise Refusal(_("This action has already been completed."))
    if not has_permission(by, "requests_inbox.act_on_action", locked):
        raise Refusal(_("You may not complete this action."))
    return locked


def _complete(action: Action, *, by, status: str, response: str = "") -> None:
    action.status = status
    action.completed_at = timezone.now()
    action.completed_by = by
    fields = ["status", "completed_at", "completed_by"]
    if response:
        action.response = response
        fields.append("response")
    action.save(update_fields=fields)


@transaction.atomic
def user_declaration_action_sign(
    *, action: Action, by, typed_name: str, text_version: UserDeclarationText | None = None
) -> UserDeclarationSignature:
    """The action "Gebruikersverklaring" done by signing: the signature is made by the one
    signing of the declaration, accounts.services.user_declaration_sign; this closes the action."""
    locked = _lock_open(action, by=by, kind=ActionKind.USER_DECLARATION)
    signature = declarations.user_declaration_sign(
        person=locked.person,
        by=by,
        typed_name=typed_name,
        text_version=text_version,
        event={
            "from_state": ActionStatus.TO_SIGN,
            "to_state": ActionStatus.SIGNED,
            "action": locked.pk,
        },
    )
    _complete(locked, by=by, status=ActionStatus.SIGNED)
    return signature


def _checked_pdf(upload) -> str:
    if upload is None:
        raise Refusal(_("Choose the signed PDF to upload."), field="document")
    [content_type] = SIGNED_FORM.refusal([upload], field="document")
    return content_type


@transaction.atomic
def confidentiality_upload(*, action: Action, by, upload) -> ConfidentialityDeclaration:
    """Upload the signed Geheimhoudingsverklaring (a real PDF); CBS reviews it next."""
    content_type = _checked_pdf(upload)
    locked = _lock_open(action, by=by, kind=ActionKind.CONFIDENTIALITY)
    declaration = declarations.confidentiality_declaration_upload(
        person=locked.person,
        by=by,
        upload=upload,
        content_type=content_type,
        event={
            "from_state": ActionStatus.UPLOAD_DOCUMENT,
            "to_state": ActionStatus.AWAITING_CBS,
            "action": locked.pk,
        },
    )
    locked.declaration = declaration
    locked.document_name = safe_display_name(upload.name, content_type)
    locked.save(update_fields=["declaration", "document_name"])
    _complete(locked, by=by, status=ActionStatus.AWAITING_CBS)
    return declaration


@transaction.atomic
def contact_person_form_upload(*, action: Action, by, upload) -> Action:
    """Nieuw contactpersoon: the account manager uploads the signed form; CBS processes it."""
    content_type = _checked_pdf(upload)
    locked = _lock_open(action, by=by, kind=ActionKind.NEW_CONTACT_PERSON)
    upload.seek(0)
    locked.document.save(stored_name(content_type), upload, save=False)
    locked.document_name = safe_display_name(upload.name, content_type)
    locked.save(update_fields=["document", "document_name"])
    _complete(locked, by=by, status=ActionStatus.AWAITING_CBS)
    record(
        verb=ActionEvent.CONTACT_PERSON_FORM_UPLOAD,
        by=by,
        target=locked,
        person=locked.person,
        from_state=ActionStatus.UPLOAD_DOCUMENT,
        to_state=ActionStatus.AWAITING_CBS,
    )
    return locked


@transaction.atomic
def contact_person_form_processed(*, action: Action, by) -> Action:
    """CBS has processed an uploaded Nieuw contactpersoon form: Ter beoordeling → Goedgekeurd."""
    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.kind != ActionKind.NEW_CONTACT_PERSON or locked.status != ActionStatus.AWAITING_CBS:
        raise Refusal(_("Only uploaded contact person forms awaiting CBS can be processed."))
    locked.status = ActionStatus.APPROVED
    locked.save(update_fields=["status"])
    record(
        verb=ActionEvent.CONTACT_PERSON_FORM_PROCESSED,
        by=by,
        target=locked,
        person=locked.person,
        from_state=ActionStatus.AWAITING_CBS,
        to_state=ActionStatus.APPROVED,
    )
    action.status = locked.status
    return locked


def declaration_reviewed(*, declaration: ConfidentialityDeclaration, by, approved: bool):
    """CBS reviewed an uploaded declaration (accounts' service, same transaction): its actions
    follow; a rejection asks the person again with a new action that says why. Returns the new
    action's id, which the review's event keeps; no event of its own."""
    Action.objects.filter(declaration=declaration).update(
        status=ActionStatus.APPROVED if approved else ActionStatus.REJECTED
    )
    if approved:
        return None
    person = declaration.person
    with translation.override(person.language):
        body = _(
            "Your signed confidentiality declaration was not accepted. Reason: %(reason)s\n"
            "Download the form, sign it and upload it again."
        ) % {"reason": declaration.reason}
    again = _new_action(person=person, kind=ActionKind.CONFIDENTIALITY, by=by, body=body)
    return again.pk


@transaction.atomic
def question_answer(*, action: Action, by, text: str) -> Action:
    """Answer a question from CBS (Vraag); the action moves to Verzonden."""
    text = (text or "").strip()
    if not text:
        raise Refusal(_("Type your answer."), field="text")
    if len(text) > MAX_ANSWER_LENGTH:
        raise Refusal(
            _("Your answer is too long (at most %(max)s characters).") % {"max": MAX_ANSWER_LENGTH},
            field="text",
        )
    locked = _lock_open(action, by=by, kind=ActionKind.QUESTION)
    _complete(locked, by=by, status=ActionStatus.ANSWERED, response=text)
    record(
        verb=ActionEvent.QUESTION_ANSWER,
        by=by,
        target=locked,
        person=locked.person,
        project=locked.project,
        from_state=ActionStatus.TO_ANSWER,
        to_state=ActionStatus.ANSWERED,
    )
    asker = locked.created_by
    if asker is not None and asker.email:
        send_templated_mail(
            to=asker.email,
            template="requests_inbox/mail/question_answered",
            context={
                "person": locked.person.full_name,
                "subject": locked.subject,
                "answer": text,
                "url": absolute_url(
                    reverse("admin:requests_inbox_action_change", args=[locked.pk])
                ),
            },
            language=asker.language,
        )
    return locked


# --- cost overviews --------------------------------------------------------------------------


@transaction.atomic
def cost_overview_create(*, project: Project, by) -> CostOverview:
    """A new draft cost overview for the project (CBS fills its lines, then sends it)."""
    overview = CostOverview.objects.create(project=project, created_by=by)
    record(
        verb=ActionEvent.COST_OVERVIEW_CREATE,
        by=by,
        target=overview,
        project=project,
        to_state=overview.status,
    )
    return overview


@transaction.atomic
def cost_overview_supplement_send(*, project: Project, items: Iterable, by) -> CostOverview:
    """A supplementary cost overview (a change of a running project that costs money), sent at
    once: one line per item (``kind``, ``description``, ``quantity``, ``unit_price``)."""
    overview = CostOverview.objects.create(project=project, created_by=by, supplement=True)
    cost_lines_create(
        overview, [(item.kind, item.description, item.quantity, item.unit_price) for item in items]
    )
    return cost_overview_send(overview=overview, by=by)


def cost_lines_create(overview: CostOverview, rows) -> list[CostLine]:
    """The overview's lines, in order: (kind, description, quantity, unit price) each. Part of a
    write of a service (or the demo's), which records the event."""
    return CostLine.objects.bulk_create(
        CostLine(
            overview=overview,
            position=position,
            kind=kind,
            description=description,
            quantity=quantity,
            unit_price=price,
        )
        for position, (kind, description, quantity, price) in enumerate(rows, start=1)
    )


def _lock_overview(overview: CostOverview) -> CostOverview:
    return (
        CostOverview.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=overview.pk)
    )


@transaction.atomic
def cost_overview_propose_lines(*, overview: CostOverview, by) -> list[CostLine]:
    """Replace a draft's lines by a proposal from the tariff list and the project.

    Start-up once; each requested service at its tariff; the files times the per-file tariff;
    the researchers on the team (leader, Onderzoeker+, Onderzoeker) times the per-researcher
    tariff. Free text lines are left to CBS.
    """
    locked = _lock_overview(overview)
    if locked.status != CostOverviewStatus.DRAFT:
        raise Refusal(_("Only a draft cost overview can be changed."))
    project = locked.project
    tariffs = list(Tariff.objects.filter(is_active=True).order_by("description"))
    by_kind = {kind: [t for t in tariffs if t.kind == kind] for kind in TariffKind.values}
    service_tariffs = by_kind[TariffKind.SERVICE]

    proposal: list[tuple[str, str, int, object]] = []
    for tariff in by_kind[TariffKind.STARTUP]:
        proposal.append((tariff.kind, tariff.description, 1, tariff.unit_price))
    for requested in project.services.select_related("service").order_by("created_at", "pk"):
        service = requested.service
        tariff = next((t for t in service_tariffs if t.service_id == service.pk), None) or next(
            (t for t in service_tariffs if t.description == service.name), None
        )
        price = tariff.unit_price if tariff else 0
        proposal.append((TariffKind.SERVICE, service.name, 1, price))
    file_count = project.files.count()
    for tariff in by_kind[TariffKind.FILE]:
        if file_count:
            proposal.append((tariff.kind, tariff.description, file_count, tariff.unit_price))
    researcher_count = ra_members(project).values("person_id").distinct().count()
    for tariff in by_kind[TariffKind.RESEARCHER]:
        if researcher_count:
            proposal.append((tariff.kind, tariff.description, researcher_count, tariff.unit_price))

    locked.lines.all().delete()
    lines = cost_lines_create(locked, proposal)
    record(
        verb=ActionEvent.COST_OVERVIEW_PROPOSE,
        by=by,
        target=locked,
        project=project,
        description=_("Lines proposed from the project"),
        data={"lines": len(lines)},
    )
    return lines


def cost_overview_render_pdf(*, overview: CostOverview) -> bytes:
    """Bijlage 4 - Projectkosten.pdf as it stands now (a preview, or what ``send`` freezes)."""
    return pdf.cost_overview_pdf(overview)


@transaction.atomic
def cost_overview_send(*, overview: CostOverview, by) -> CostOverview:
    """Send a draft: freeze its PDF, move the project (send_cost_overview) and ask the project
    leader and each signatory to decide, each with their own action and email."""
    locked = _lock_overview(overview)
    if locked.status != CostOverviewStatus.DRAFT:
        raise Refusal(_("This cost overview has already been sent."))
    if not locked.lines.exists():
        raise Refusal(_("Add at least one line before sending the cost overview."))
    project = locked.project
    deciders = people_with(project, COST_DECIDER_PERMISSION)
    if not deciders:
        raise Refusal(
            _("The project has no project leader or authorized signatory to approve the costs.")
        )
    if not locked.supplement:  # a supplementary overview leaves the project's status as it is
        project_transition(project=project, move="send_cost_overview", by=by)
    locked.pdf.save(stored_name(PDF), ContentFile(pdf.cost_overview_pdf(locked)), save=False)
    locked.status = CostOverviewStatus.SENT
    locked.sent_at = timezone.now()
    locked.save(update_fields=["pdf", "status", "sent_at"])
    actions = []
    for person in deciders:
        with translation.override(person.language):
            regarding = _("Change request") if locked.supplement else _("Project request")
        actions.append(
            _new_action(
                person=person,
                kind=ActionKind.COST_REVIEW,
                by=by,
                project=project,
                cost_overview=locked,
                regarding=str(regarding),
            )
        )
    record(
        verb=ActionEvent.COST_OVERVIEW_SEND,
        by=by,
        target=locked,
        project=project,
        from_state=CostOverviewStatus.DRAFT,
        to_state=CostOverviewStatus.SENT,
        data={"actions": [a.pk for a in actions], "total": str(locked.total)},
    )
    overview.status, overview.sent_at, overview.pdf = locked.status, locked.sent_at, locked.pdf
    return locked


@transaction.atomic
def cost_overview_decide(*, action: Action, by, agree: bool, reason: str = "") -> CostOverview:
    """Akkoord or Niet akkoord on a sent cost overview: one decision, whoever clicks first.

    Locks the overview row, so that the leader and a signatory deciding at the same moment
    give one decision; every action of the overview is completed with it.
    """
    reason = (reason or "").strip()
    if not agree and not reason:
        raise Refusal(_("Give a reason why you do not agree."), field="reason")
    if action.kind != ActionKind.COST_REVIEW or action.cost_overview_id is None:
        raise Refusal(_("This action cannot be completed this way."))
    overview = _lock_overview(action.cost_overview)
    current = Action.objects.select_related("project").get(pk=action.pk)
    if overview.status != CostOverviewStatus.SENT or not current.is_open:
        raise Refusal(_("A decision on this cost overview has already been made."))
    if not has_permission(by, "requests_inbox.act_on_action", current):
        raise Refusal(_("You may not complete this action."))
    if not overview.supplement:  # a supplementary overview applies its change (or not) instead
        move = "approve_costs" if agree else "reject_costs"
        project_transition(project=overview.project, move=move, by=by, reason=reason)
    now = timezone.now()
    overview.status = CostOverviewStatus.AGREED if agree else CostOverviewStatus.NOT_AGREED
    overview.decided_at = now
    overview.decided_by = by
    overview.reason = reason
    overview.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    Action.objects.filter(cost_overview=overview, completed_at__isnull=True).update(
        status=ActionStatus.AGREED if agree else ActionStatus.NOT_AGREED,
        completed_at=now,
        completed_by=by,
        response=reason,
    )
    record(
        verb=ActionEvent.COST_OVERVIEW_AGREE if agree else ActionEvent.COST_OVERVIEW_NOT_AGREE,
        by=by,
        target=overview,
        project=overview.project,
        person=by.person if by.person_id else None,
        from_state=CostOverviewStatus.SENT,
        to_state=overview.status,
        reason=reason,
        data={"action": current.pk},
    )
    # Whoever waits on this decision (changes/: the change request of a supplement) acts on it
    # in this transaction; a refusal there undoes the decision.
    cost_overview_decided.send(sender=CostOverview, overview=overview, agree=agree, by=by)
    contact = overview.project.cbs_contact
    if contact is not None and contact.email:
        send_templated_mail(
            to=contact.email,
            template="requests_inbox/mail/cost_overview_decided",
            context={
                "project_title": overview.project.title,
                "project_number": overview.project.number,
                "agreed": agree,
                "decided_by": by.display_name,
                "reason": reason,
                "url": absolute_url(
                    reverse("admin:requests_inbox_costoverview_change", args=[overview.pk])
                ),
            },
            language=contact.language,
        )
    return overview
