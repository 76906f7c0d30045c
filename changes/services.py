"""Writes on change requests and output checks.

Every service: keyword-only, ``by=`` the acting user, atomic, one audit event, mail after commit.
What customers ask is told to CBS by the CBS digest (portal/digest.py: the events marked
``notify_cbs`` in changes/events.py, to the project's CBS contact or the CBS mailbox); CBS's
decisions are mailed to the person who asked.
Customers ask (the kind's permission, in the kind's statuses); CBS decides in the admin.
Approving applies the change through the services that make that change elsewhere; where it costs
money, a supplementary cost overview goes to the leader and signatories first, and their decision
(``requests_inbox.services.cost_overview_decide``) applies the change or drops it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changes.events import ChangeEvent
from changes.kinds import KINDS, ChangeKind
from changes.models import (
    OUTPUT_DECISIONS,
    AskedOfCbs,
    ChangeRequest,
    ChangeStatus,
    OutputCheck,
    OutputStatus,
)
from changes.permissions import may_ask_kind
from portal.audit import record
from portal.mail import absolute_url, send_templated_mail
from portal.permissions import has_permission, is_cbs_staff
from portal.refusals import Refusal
from portal.uploads import (
    OUTPUT_CHECK_FORM,
    safe_display_name,
    stored_name,
)
from portal.workqueue import kind_due_day
from projects.models import Project
from projects.services import project_stored_bytes


def expected_answer_date(day):
    """The answer promised for an output check asked on ``day``: its due day in the work queue
    (portal.workqueue.kind_due_day: the service level of output checks in force, by default
    three working days)."""
    return kind_due_day("output_check", day)


# --- mail -------------------------------------------------------------------------------------


def _mail_asker(*, user, project: Project, template: str, context: dict) -> None:
    person = getattr(user, "person", None) if user is not None else None
    address = person.notification_email if person is not None else getattr(user, "email", "")
    if not address:
        return
    language = person.language if person is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("projects:detail", args=[project.number])
    send_templated_mail(
        to=address,
        template=template,
        context={
            "name": person.first_name if person is not None else "",
            "project_title": project.title,
            "project_number": project.number,
            "url": absolute_url(path),
            **context,
        },
        language=language,
    )


def _label_in(lazy_label, user) -> str:
    person = getattr(user, "person", None) if user is not None else None
    with translation.override(person.language if person is not None else settings.LANGUAGE_CODE):
        return str(lazy_label)


# --- change requests: the customer asks -------------------------------------------------------


def _kind(key: str) -> ChangeKind:
    kind = KINDS.get(key)
    if kind is None:
        raise Refusal(_("Unknown kind of change request."))
    return kind


@transaction.atomic
def change_request_ask(
    *, project: Project, by, kind: str, data: dict, summary: str = "", explanation: str
) -> ChangeRequest:
    """Ask CBS for a change (the kind's form gives ``data`` and ``summary``); the CBS digest tells
    CBS."""
    definition = _kind(kind)
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("cbs_contact")
        .get(pk=project.pk)
    )
    if locked.status not in definition.statuses:
        raise Refusal(
            _("“%(kind)s” cannot be asked in status “%(status)s”.")
            % {"kind": definition.label, "status": locked.get_status_display()}
        )
    if not may_ask_kind(by, locked, definition):
        raise Refusal(_("You may not ask for this change."))
    explanation = (explanation or "").strip()
    if not explanation:
        raise Refusal(_("Explain why you ask for this change."), field="explanation")
    change_request = ChangeRequest.objects.create(
        project=locked,
        kind=definition.key,
        data=data,
        summary=(summary or "")[:300],
        explanation=explanation,
        asked_by=by,
    )
    record(
        verb=ChangeEvent.CHANGE_ASKED,
        by=by,
        target=change_request,
        project=locked,
        description=f"{definition.label}: {change_request.summary}".rstrip(": "),
        to_state=change_request.status,
        data={"kind": definition.key, **data},
    )
    return change_request


# --- change requests: CBS decides -------------------------------------------------------------


def _lock(obj: AskedOfCbs, *, by, may, refusal: str) -> AskedOfCbs:
    """The row of a change request or output check, locked, once ``may(by)`` holds (CBS staff
    who decide these); else refused with ``refusal``."""
    if not may(by):
        raise Refusal(refusal)
    return (
        type(obj)
        .objects.select_for_update(of=("self",))
        .select_related("project", "asked_by__person")
        .get(pk=obj.pk)
    )


def _undecided(locked: AskedOfCbs, refusal: str) -> None:
    """Refused once decided: only a submitted or in-review request is decided."""
    if locked.status not in {locked.status_choices.SUBMITTED, locked.status_choices.IN_REVIEW}:
        raise Refusal(refusal)


def _decide(locked: AskedOfCbs, *, by, status: str, verb, words: str = "", **fields) -> None:
    """CBS's decision: the status, what else it sets (``fields``: CBS's words, the cost
    overview, ...), who and when, and its event (with ``words`` as its reason)."""
    old_status = locked.status
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.save(update_fields=["status", *fields, "decided_at", "decided_by"])
    cost_overview = fields.get("cost_overview")
    record(
        verb=verb,
        by=by,
        target=locked,
        project=locked.project,
        from_state=old_status,
        to_state=status,
        reason=words,
        data={"cost_overview": cost_overview.pk} if cost_overview else None,
    )


def _lock_change(change_request: ChangeRequest, *, by) -> ChangeRequest:
    return _lock(
        change_request,
        by=by,
        may=lambda user: is_cbs_staff(user, "changes.change_changerequest"),
        refusal=_("Only CBS decides on change requests."),
    )


# What taking into review records, and says when it is too late, per kind of request.
_TAKE = {
    ChangeRequest: (
        ChangeEvent.CHANGE_TAKEN,
        gettext_lazy("Only a submitted change request can be taken into review."),
    ),
    OutputCheck: (
        ChangeEvent.OUTPUT_TAKEN,
        gettext_lazy("Only a submitted output check can be taken into review."),
    ),
}


def _take(locked: AskedOfCbs, *, by) -> None:
    """In behandeling bij CBS: a submitted request moves to in review."""
    verb, refusal = _TAKE[type(locked)]
    if locked.status != locked.status_choices.SUBMITTED:
        raise Refusal(refusal)
    locked.status = locked.status_choices.IN_REVIEW
    fields = ["status"]
    if hasattr(locked, "taken_at"):
        locked.taken_at = timezone.now()
        fields.append("taken_at")
    locked.save(update_fields=fields)
    record(
        verb=verb,
        by=by,
        target=locked,
        project=locked.project,
        from_state=locked.status_choices.SUBMITTED,
        to_state=locked.status,
    )


@transaction.atomic
def change_request_take(*, change_request: ChangeRequest, by) -> ChangeRequest:
    """In behandeling bij CBS."""
    locked = _lock_change(change_request, by=by)
    _take(locked, by=by)
    _sync(change_request, locked)
    return locked


def _sync(change_request: ChangeRequest, locked: ChangeRequest) -> None:
    """The caller's copy shows what was written."""
    for name in ("status", "taken_at", "decided_at", "decided_by_id", "reason", "applied_at",
                 "cost_overview_id"):  # fmt: skip
        setattr(change_request, name, getattr(locked, name))


def _apply(change_request: ChangeRequest, *, by) -> None:
    """Make the change; what the services refuse (the world moved on) is refused here too."""
    try:
        KINDS[change_request.kind].apply(change_request, by)
    except ValidationError as error:
        raise Refusal(error.messages) from error


@transaction.atomic
def change_request_approve(*, change_request: ChangeRequest, by) -> ChangeRequest:
    """Goedgekeurd: applied at once, or, when it costs money, after the cost approval."""
    from requests_inbox.services import cost_overview_supplement_send

    locked = _lock_change(change_request, by=by)
    _undecided(locked, _("A decision on this change request has already been made."))
    Project.objects.select_for_update().get(pk=locked.project_id)
    kind = _kind(locked.kind)
    costs = [item for item in kind.costs(locked) if item.unit_price]
    if costs:
        overview = cost_overview_supplement_send(project=locked.project, items=costs, by=by)
        _decide(locked, by=by, status=ChangeStatus.AWAITING_COSTS,
                verb=ChangeEvent.CHANGE_COSTS_SENT, cost_overview=overview)  # fmt: skip
    else:
        _apply(locked, by=by)
        _decide(locked, by=by, status=ChangeStatus.APPROVED, verb=ChangeEvent.CHANGE_APPROVED,
                applied_at=timezone.now())  # fmt: skip
    _mail_decision(locked)
    _sync(change_request, locked)
    return locked


@transaction.atomic
def change_request_reject(*, change_request: ChangeRequest, by, reason: str) -> ChangeRequest:
    """Afgewezen, with the reason the asker reads on the project page and in the mail."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Give a reason for the rejection."), field="reason")
    locked = _lock_change(change_request, by=by)
    _undecided(locked, _("A decision on this change request has already been made."))
    _decide(locked, by=by, status=ChangeStatus.REJECTED, verb=ChangeEvent.CHANGE_REJECTED,
            words=reason, reason=reason)  # fmt: skip
    _mail_decision(locked)
    _sync(change_request, locked)
    return locked


@transaction.atomic
def change_request_costs_decided(*, overview, agree: bool, by) -> ChangeRequest | None:
    """The leader or a signatory decided the supplementary cost overview: apply, or not.

    Called from ``cost_overview_decide`` (through its signal) inside its transaction.
    """
    locked = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("project", "asked_by__person")
        .filter(cost_overview=overview)
        .first()
    )
    if locked is None:
        return None
    if locked.status != ChangeStatus.AWAITING_COSTS:
        raise Refusal(_("This change request does not wait for a cost decision."))
    if not has_permission(by, "projects.decide_costs", locked.project):
        raise Refusal(_("You may not decide on these costs."))
    if agree:
        _apply(locked, by=by)
        locked.status = ChangeStatus.APPROVED
        locked.applied_at = timezone.now()
        verb = ChangeEvent.CHANGE_APPROVED
    else:
        locked.status = ChangeStatus.COSTS_NOT_AGREED
        locked.reason = overview.reason
        verb = ChangeEvent.CHANGE_COSTS_NOT_AGREED
    locked.save(update_fields=["status", "applied_at", "reason"])
    record(
        verb=verb,
        by=by,
        target=locked,
        project=locked.project,
        from_state=ChangeStatus.AWAITING_COSTS,
        to_state=locked.status,
        reason=overview.reason,
    )
    if locked.asked_by_id and locked.asked_by_id != by.pk:
        _mail_decision(locked)
    return locked


def _mail_decision(change_request: ChangeRequest) -> None:
    user = change_request.asked_by
    _mail_asker(
        user=user,
        project=change_request.project,
        template="changes/mail/change_decided",
        context={
            "kind": _label_in(KINDS[change_request.kind].label, user),
            "summary": change_request.summary,
            "status": _label_in(ChangeStatus(change_request.status).label, user),
            "reason": change_request.reason,
            "awaiting_costs": change_request.status == ChangeStatus.AWAITING_COSTS,
        },
    )


# --- output checks ----------------------------------------------------------------------------


def output_check_forms_bytes(project_id: int) -> int:
    """The bytes of the project's output control forms."""
    return OutputCheck.objects.filter(project_id=project_id).aggregate(total=Sum("size"))["total"]


@transaction.atomic
def output_check_ask(
    *, project: Project, by, description: str, package_name: str, light: bool, upload
) -> OutputCheck:
    """Outputcontrole: one export package, its description and the filled form; CBS hears of it
    through the CBS digest."""
    if not has_permission(by, "changes.ask_output_check", project):
        raise Refusal(_("You may not ask for an output check on this project."))
    description = (description or "").strip()
    package_name = (package_name or "").strip()
    if not description:
        raise Refusal(_("Describe the output."), field="description")
    if not package_name:
        raise Refusal(_("Give the name of the export package."), field="package_name")
    if upload is None:
        raise Refusal(_("Choose the filled output control form."), field="form_document")
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("cbs_contact")
        .get(pk=project.pk)
    )
    [content_type] = OUTPUT_CHECK_FORM.refusal(
        [upload], field="form_document", stored=project_stored_bytes(locked)
    )
    check = OutputCheck(
        project=locked,
        description=description,
        package_name=package_name[:200],
        light=bool(light),
        form_name=safe_display_name(upload.name, content_type),
        content_type=content_type,
        size=upload.size,
        asked_by=by,
        expected_answer_date=expected_answer_date(timezone.localdate()),
    )
    upload.seek(0)
    check.form_document.save(stored_name(content_type), upload, save=False)
    check.save()
    record(
        verb=ChangeEvent.OUTPUT_ASKED,
        by=by,
        target=check,
        project=locked,
        description=check.package_name,
        to_state=check.status,
        data={"light": check.light, "expected": check.expected_answer_date.isoformat()},
    )
    return check


def _lock_output(check: OutputCheck, *, by) -> OutputCheck:
    return _lock(
        check,
        by=by,
        may=lambda user: is_cbs_staff(user, "changes.change_outputcheck"),
        refusal=_("Only CBS checks output."),
    )


@transaction.atomic
def output_check_take(*, output_check: OutputCheck, by) -> OutputCheck:
    locked = _lock_output(output_check, by=by)
    _take(locked, by=by)
    output_check.status = locked.status
    return locked


@transaction.atomic
def output_check_decide(
    *, output_check: OutputCheck, by, status: str, comments: str = ""
) -> OutputCheck:
    """Vrijgegeven, Niet vrijgegeven or Aanpassen, with CBS's comments; mails the asker."""
    if status not in OUTPUT_DECISIONS:
        raise Refusal(_("Choose released, not released or adjust."), field="status")
    comments = (comments or "").strip()
    if status != OutputStatus.RELEASED and not comments:
        raise Refusal(_("Say what is wrong or what to adjust."), field="comments")
    locked = _lock_output(output_check, by=by)
    _undecided(locked, _("A decision on this output check has already been made."))
    _decide(locked, by=by, status=status, verb=ChangeEvent.OUTPUT_DECIDED, words=comments,
            comments=comments)  # fmt: skip
    user = locked.asked_by
    _mail_asker(
        user=user,
        project=locked.project,
        template="changes/mail/output_decided",
        context={
            "package_name": locked.package_name,
            "status": _label_in(OutputStatus(status).label, user),
            "comments": comments,
        },
    )
    output_check.status = locked.status
    return locked
