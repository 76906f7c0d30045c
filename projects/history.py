"""The project's history as people read it: recorded events with labels in their language."""

from portal.audit import event_label
from projects.models import BijlageStatus, Status

STATE_LABELS = {**dict(Status.choices), **dict(BijlageStatus.choices)}


def verb_label(verb: str, description: str = "") -> str:
    """How an event reads: its declared type's label (each app's events.py), else its text."""
    return event_label(verb, default=description)


def history_rows(events) -> list[dict]:
    return [
        {
            "when": event.created_at,
            "who": event.actor_name,
            "what": verb_label(event.verb, event.description),
            "subject": event.target_repr if event.verb.startswith(("team.", "bijlage.")) else "",
            "from": STATE_LABELS.get(event.from_state, event.from_state),
            "to": STATE_LABELS.get(event.to_state, event.to_state),
            "reason": event.reason,
        }
        for event in events
    ]
