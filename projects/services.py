"""Writes on projects. Every service: keyword-only, ``by=`` the acting user, one audit event."""

from django.db import transaction
from django.utils.translation import gettext as _

from portal.audit import record
from portal.mail import absolute_url, send_templated_mail
from projects.lifecycle import CBS, CUSTOMER, MOVES, Move
from projects.models import Bijlage, BijlageStatus, Project
from projects.permissions import project_role


class TransitionError(Exception):
    """A move that the lifecycle refuses; ``messages`` says why, for the user."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


def may_make(move: Move, *, project: Project, user) -> bool:
    """Whether this user is on the side that makes this move (not whether guards pass)."""
    if move.side == CBS:
        return bool(user.is_active and user.is_staff and user.has_perm("projects.change_project"))
    return project_role(user, project) in move.roles


def available_moves(*, project: Project, user, side: str = CUSTOMER) -> list[Move]:
    """The moves this user may make now from the project's status, for menus and buttons."""
    return [
        move
        for move in MOVES.values()
        if project.status in move.sources
        and move.side == side
        and not move.via_action
        and may_make(move, project=project, user=user)
    ]


@transaction.atomic
def project_transition(*, project: Project, move: str, by, reason: str = "") -> Project:
    """Make a lifecycle move: checks side, source status, guard and reason; records and mails."""
    definition = MOVES.get(move)
    if definition is None:
        raise TransitionError([_("Unknown status change.")])
    # Lock the row: two people making a move at once give one move, not two.
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status not in definition.sources:
        raise TransitionError(
            [
                _("This status change is not possible from status “%(status)s”.")
                % {"status": locked.get_status_display()}
            ]
        )
    if not may_make(definition, project=locked, user=by):
        raise TransitionError([_("You may not make this status change.")])
    reason = (reason or "").strip()
    if definition.reason_required and not reason:
        raise TransitionError([_("Give a reason for this status change.")])
    missing = definition.missing(locked)
    if missing:
        raise TransitionError(missing)

    old_status = locked.status
    old_label = locked.get_status_display()
    locked.status = definition.target
    locked.save(update_fields=["status", "updated_at"])
    if definition.reopens_bijlagen:
        Bijlage.objects.filter(project=locked, status=BijlageStatus.FINAL).update(
            status=BijlageStatus.DRAFT
        )
    record(
        verb=f"project.{definition.name}",
        by=by,
        target=locked,
        project=locked,
        description=str(definition.label),
        from_state=old_status,
        to_state=locked.status,
        reason=reason,
    )
    _mail_team_about_move(locked, old_label=str(old_label), reason=reason)
    project.status = locked.status
    return locked


def _mail_team_about_move(project: Project, *, old_label: str, reason: str) -> None:
    from django.urls import reverse
    from django.utils import translation

    members = project.team.select_related("person__user").all()
    for member in members:
        person = member.person
        address = person.notification_email
        if not address:
            continue
        with translation.override(person.language):
            new_label = str(project.get_status_display())
            path = reverse("projects:detail", args=[project.number])
        send_templated_mail(
            to=address,
            template="projects/mail/status_changed",
            context={
                "name": person.first_name,
                "project_title": project.title,
                "project_number": project.number,
                "old_status": old_label,
                "new_status": new_label,
                "reason": reason,
                "url": absolute_url(path),
            },
            language=person.language,
        )
