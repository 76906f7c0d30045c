"""Afsluiting ("Afsluiting onderzoek"): the closure checklist, requesting closure, closing with an
archive period, extending it, reopening, and removing the archive after its period.

Every write here is a service as in ``projects.services``: keyword-only, ``by=`` the acting
user, ``@transaction.atomic``, one audit event. Status moves go through the lifecycle
(``projects.services.project_transition``).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit import record
from portal.mail import absolute_url, send_templated_mail
from portal.models import Event
from portal.privacy import register as privacy_register
from portal.refusals import Refusal
from projects.events import ClosureEvent, ProjectEvent
from projects.lifecycle import MOVES
from projects.models import Project, Status, TeamMember
from projects.registry import closure_checks
from projects.services import (
    later_date_refusal,
    may_make,
    project_date_extend,
    project_transition,
    team_changed,
)

# --- The closure checklist ---------------------------------------------------------------------


@dataclass(frozen=True)
class OpenItem:
    """Something still open when closure is asked: what it is, and where to see it."""

    message: str
    url: str = ""


def closure_check(*, order: int):
    """Register a check of the closure checklist: it takes the project and returns its open
    items. The apps above projects add theirs (open actions, change requests, output checks)."""
    return lambda check: closure_checks.register(check.__name__, check, order=order)


@closure_check(order=10)
def expected_publications(project: Project) -> list[OpenItem]:
    """The publication plan expects publications: at least one registered, each one published."""
    url = reverse("projects:detail", args=[project.number]) + "?docs=publications#documents"
    publications = list(project.publications.all())
    if not publications:
        return [OpenItem(_("No publications have been registered."), url)]
    return [
        OpenItem(
            _("“%(title)s” has not been marked as published (expected %(date)s).")
            % {
                "title": publication.title,
                "date": publication.expected_date.strftime("%d-%m-%Y")
                if publication.expected_date
                else "–",
            },
            url,
        )
        for publication in publications
        if publication.actual_date is None
    ]


def closure_checklist(project: Project) -> list[OpenItem]:
    """Every open item of every check, in the checks' order."""
    return [item for check in closure_checks for item in check(project)]


# --- Requesting closure (the leader) -------------------------------------------------------------


@transaction.atomic
def closure_request(*, project: Project, by, reason: str = "") -> Project:
    """ "Afsluiting aanvragen": the lifecycle move; with open items only when a reason is given."""
    reason = (reason or "").strip()
    open_items = closure_checklist(project)
    if open_items and not reason:
        raise Refusal(
            [_("Some items are still open: give a reason why the project can be closed now.")],
            field="reason",
        )
    return project_transition(
        project=project,
        move="request_closure",
        by=by,
        reason=reason,
        data={"open_items": [item.message for item in open_items]},
    )


# --- Closing (CBS) -------------------------------------------------------------------------------


def default_archive_until(closed_on: datetime.date) -> datetime.date:
    """CBS's rule: the archive is kept ``settings.ARCHIVE_YEARS`` years after closing."""
    years = settings.ARCHIVE_YEARS
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:  # 29 February
        return closed_on.replace(year=closed_on.year + years, day=28)


@transaction.atomic
def project_close(
    *, project: Project, by, archive_until: datetime.date | None = None, reason: str = ""
) -> Project:
    """CBS closes the project: status Afgesloten, the archive kept until ``archive_until``
    (default: CBS's rule), every member's access ends today; the team is mailed."""
    today = timezone.localdate()
    archive_until = archive_until or default_archive_until(today)
    if archive_until <= today:
        raise Refusal([_("The archive period must end after today.")], field="archive_until")
    members = TeamMember.objects.filter(project=project).select_related("person")
    # The periods closing ends, as they were: reopening gives them back.
    ended = {
        str(m.pk): m.end_date.isoformat() if m.end_date else None
        for m in members
        if m.start_date > today or m.end_date is None or m.end_date > today
    }
    locked = project_transition(
        project=project,
        move="close",
        by=by,
        reason=reason,
        data={"archive_until": archive_until.isoformat(), "ended": ended},
        mail_team=False,
    )
    Project.objects.filter(pk=locked.pk).update(closed_on=today, archive_until=archive_until)
    locked.closed_on, locked.archive_until = today, archive_until
    project.closed_on, project.archive_until = today, archive_until
    recipients = [m for m in members if m.is_current()]
    # Access ends today; a member who was still to start never starts.
    members.filter(start_date__gt=today).update(end_date=F("start_date"))
    members.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    ).update(end_date=today)
    team_changed.send(sender=Project, project=locked, person_ids=[m.person_id for m in members])
    for member in recipients:
        _mail_closed(locked, member.person)
    return locked


def _mail_closed(project: Project, person) -> None:
    address = person.notification_email
    if not address:
        return
    with translation.override(person.language):
        path = reverse("projects:detail", args=[project.number])
    send_templated_mail(
        to=address,
        template="projects/mail/project_closed",
        context={
            "name": person.first_name,
            "project_title": project.title,
            "project_number": project.number,
            "archive_until": project.archive_until.strftime("%d-%m-%Y"),
            "url": absolute_url(path),
        },
        language=person.language,
    )


def may_close(*, project: Project, user) -> bool:
    return may_make(MOVES["close"], project=project, user=user)


# --- After closing: the archive ------------------------------------------------------------------


def archive_extend_refusal(project: Project, archive_until) -> Refusal | None:
    """What a later end of the archive period refuses: not after the current end."""
    return later_date_refusal(project, "archive_until", archive_until)


@transaction.atomic
def archive_extend(
    *, project: Project, by, archive_until: datetime.date, reason: str = ""
) -> Project:
    """ "Archieftermijn verlengen" granted by CBS: the archive is kept until a later date."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not may_make(MOVES["close"], project=locked, user=by):
        raise Refusal([_("Only CBS can extend the archive period.")])
    if locked.status != Status.CLOSED or locked.archive_removed_at is not None:
        raise Refusal(
            [_("Only the archive of a closed project that still exists can be extended.")]
        )
    project_date_extend(locked, project=project, field="archive_until", value=archive_until,
                        by=by, reason=reason)  # fmt: skip
    return locked


@transaction.atomic
def project_reopen(*, project: Project, by, reason: str = "") -> Project:
    """ "Project heropenen" granted by CBS: back to Lopend; the archive period no longer runs,
    and the team's periods that closing ended are as they were before."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.archive_removed_at is not None:
        raise Refusal([_("The archive of this project has been removed; it cannot be reopened.")])
    closing = (
        Event.objects.filter(project=locked, verb=ProjectEvent.CLOSE)
        .order_by("-created_at")
        .first()
    )
    ended = (closing.data or {}).get("ended", {}) if closing else {}
    locked = project_transition(project=locked, move="reopen", by=by, reason=reason)
    members = TeamMember.objects.filter(project=locked, pk__in=[int(pk) for pk in ended])
    for member in members:
        member.end_date = (
            datetime.date.fromisoformat(ended[str(member.pk)]) if ended[str(member.pk)] else None
        )
        member.save(update_fields=["end_date"])
    team_changed.send(sender=Project, project=locked, person_ids=[m.person_id for m in members])
    Project.objects.filter(pk=locked.pk).update(closed_on=None, archive_until=None)
    locked.closed_on = locked.archive_until = None
    project.status, project.closed_on, project.archive_until = locked.status, None, None
    return locked


def archives_due(today: datetime.date | None = None):
    """Closed projects whose archive period has passed and whose archive is still there."""
    today = today or timezone.localdate()
    return Project.objects.filter(
        status=Status.CLOSED, archive_until__lt=today, archive_removed_at__isnull=True
    )


@transaction.atomic
def archive_remove(*, project: Project, by=None) -> dict:
    """The retention rule, after the archive period: every kind of data in the register of
    personal data (``portal.privacy``) that goes at the archive's end is removed, files from the
    storage once committed. The project's number, title, status and audit events (the fact,
    without the personal text) stay. Idempotent; one audit event with what was removed."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    today = timezone.localdate()
    if (
        locked.status != Status.CLOSED
        or locked.archive_until is None
        or locked.archive_until >= today
        or locked.archive_removed_at is not None
    ):
        return {}
    counts = privacy_register.remove_project(locked)
    locked.archive_removed_at = timezone.now()
    locked.save(update_fields=["archive_removed_at", "updated_at"])
    record(
        verb=ClosureEvent.ARCHIVE_REMOVED,
        by=by,
        target=locked,
        project=locked,
        description=_("Archive removed after the archive period"),
        data=counts,
    )
    return counts
