"""The project's history as people read it: recorded events with labels in their language."""

from django.utils.translation import gettext_lazy as _

from portal.audit import event_label
from projects.lifecycle import MOVES
from projects.models import BijlageStatus, Status

VERB_LABELS = {
    "project.create": _("Project created"),
    "project.settings": _("Settings changed"),
    "bijlage.save": _("Attachment saved as draft"),
    "bijlage.finalize": _("Attachment made final"),
    "team.add": _("Team member added"),
    "team.change": _("Team member changed"),
    "team.remove": _("Team member removed"),
    "file.add": _("File added"),
    "service.add": _("Service added"),
    "publication.add": _("Publication registered"),
    "action.create": _("Action created"),
    "action.create_for_team": _("Action created for the team"),
    "question.answer": _("Question answered"),
    "cost_overview.propose": _("Cost overview proposed from the project"),
    "cost_overview.send": _("Cost overview sent"),
    "cost_overview.agree": _("Cost overview approved"),
    "cost_overview.not_agree": _("Cost overview not approved"),
    "admin.add": _("Added in the back office"),
    "admin.change": _("Changed in the back office"),
    "admin.delete": _("Deleted in the back office"),
}
STATE_LABELS = {**dict(Status.choices), **dict(BijlageStatus.choices)}


def verb_label(verb: str, description: str = "") -> str:
    if verb.startswith("project.") and verb.removeprefix("project.") in MOVES:
        return str(MOVES[verb.removeprefix("project.")].label)
    if verb in VERB_LABELS:
        return str(VERB_LABELS[verb])
    return event_label(verb, description or verb)  # declared in an app's events.py


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
