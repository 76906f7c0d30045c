"""Record domain events. Every service that writes calls ``record`` once.

Each app declares its event types once, as an enum in its own ``events.py``: the value is the
verb stored on the event, the label is how it is shown (history, admin, mails)::

    @event_types(notify_cbs={"SUBMITTED"})
    class ProjectEvent(models.TextChoices):
        SUBMITTED = "project.submit", _("Submitted for review")

    record(verb=ProjectEvent.SUBMITTED, by=user, target=project, project=project)

``notify_cbs`` names the members that CBS is told about (the digest mail to the project's CBS
contact). ``event_label(verb)`` gives the label of any declared verb.
"""

from django.db import models

from portal.kept import forget, forget_on_writes
from portal.models import Event

_event_types: dict[str, models.TextChoices] = {}
_notify_cbs: set[str] = set()


def event_types(enum=None, *, notify_cbs=()):
    """Register an app's event-type enum (a ``TextChoices``); usable with or without arguments."""

    def register(enum):
        for member in enum:
            if member.value in _event_types:
                raise ValueError(f"Event type {member.value!r} is declared twice.")
            _event_types[member.value] = member
        _notify_cbs.update(enum[name].value for name in notify_cbs)
        return enum

    return register(enum) if enum is not None else register


def event_type(verb: str):
    """The declared enum member for a stored verb, or None."""
    return _event_types.get(verb)


def event_label(verb: str, default: str = "") -> str:
    member = _event_types.get(verb)
    return str(member.label) if member is not None else (default or verb)


def notifies_cbs(verb: str) -> bool:
    return verb in _notify_cbs


def notify_cbs_verbs() -> frozenset[str]:
    return frozenset(_notify_cbs)


def record(
    *,
    verb: str,
    by=None,
    target: models.Model | None = None,
    description: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
    project=None,
    person=None,
    at=None,
) -> Event:
    """Record one event (``at``: when it happened, if not now, as the demo's history says)."""
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return Event.objects.create(
        actor=actor,
        actor_name=str(actor.display_name if actor else "")[:200],
        verb=verb,
        description=str(description)[:500],
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        project=project,
        person=person,
        **({"created_at": at} if at is not None else {}),
    )


def _events_stamp_key(project_id) -> str:
    return f"portal.events.stamp.{project_id}"


EVERY_PROJECT = "every"


def project_events_stamps(project_id) -> list[str]:
    """The stamps of a result that shows a project's events, kept until one is recorded about
    the project (``portal.kept``): events are only added, and changed only by a redaction, which
    forgets every project's (``Event.objects.redact``)."""
    return [_events_stamp_key(project_id), _events_stamp_key(EVERY_PROJECT)]


def forget_project_events(project_id) -> None:
    """What was kept of this project's events (EVERY_PROJECT: of all) is computed again on its
    next read, once the current transaction has committed."""
    forget([_events_stamp_key(project_id)])


def _event_written(sender, instance, **kwargs) -> None:
    if instance.project_id is not None:
        forget_project_events(instance.project_id)


def connect() -> None:
    """From portal's ready(): an event recorded about a project forgets what was kept of its
    events."""
    forget_on_writes([Event], _event_written, "portal.audit.events")


def field_changes(old: dict, new: dict) -> dict:
    """{"field": [old, new]} for each field whose value changed, as strings."""
    return {
        name: [_plain(old.get(name)), _plain(value)]
        for name, value in new.items()
        if old.get(name) != value
    }


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
