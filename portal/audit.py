"""Record domain events. Every service that writes calls ``record`` once."""

from django.db import models

from portal.models import Event


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
) -> Event:
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
    )


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
