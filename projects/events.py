"""The event types of projects: each recorded verb once, with how history shows it.

The stored verbs stay as they were (existing events keep their meaning). Every lifecycle move
is an event type ``project.<move>``, labelled as the move; ``projects.services`` records them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"SUBMIT", "WITHDRAW", "REQUEST_CLOSURE", "APPROVE_COSTS", "REJECT_COSTS"})
class ProjectEvent(models.TextChoices):
    CREATE = "project.create", _("Project created")
    SETTINGS = "project.settings", _("Settings changed")
    # The lifecycle moves (projects/lifecycle.py MOVES), labelled as the move.
    SUBMIT = "project.submit", _("Submit for review")
    WITHDRAW = "project.withdraw", _("Withdraw submission")
    REQUEST_CLOSURE = "project.request_closure", _("Request closure")
    APPROVE_COSTS = "project.approve_costs", _("Approve")
    REJECT_COSTS = "project.reject_costs", _("Do not approve")
    TAKE_INTO_REVIEW = "project.take_into_review", _("Take into review")
    RETURN_TO_ORIENTATION = "project.return_to_orientation", _("Return to orientation")
    START_CONTRACT = "project.start_contract", _("Start drawing up the contract")
    SEND_COST_OVERVIEW = "project.send_cost_overview", _("Send cost overview")
    MARK_AGREEMENT_SIGNED = "project.mark_agreement_signed", _("Mark agreement signed")
    START_EXECUTION = "project.start_execution", _("Start execution")
    CLOSE = "project.close", _("Close")
    REOPEN = "project.reopen", _("Reopen project")
    REJECT = "project.reject", _("Reject")
    FREEZE = "project.freeze", _("Freeze temporarily")
    UNFREEZE = "project.unfreeze", _("End the freeze")
    # Uitvoering: a change request's extension, a publication completed.
    EXTEND = "project.extend", _("End date extended")
    # The project's parts.
    BIJLAGE_SAVE = "bijlage.save", _("Attachment saved as draft")
    BIJLAGE_FINALIZE = "bijlage.finalize", _("Attachment made final")
    TEAM_ADD = "team.add", _("Team member added")
    TEAM_CHANGE = "team.change", _("Team member changed")
    TEAM_REMOVE = "team.remove", _("Team member removed")
    FILE_ADD = "file.add", _("File added")
    SERVICE_ADD = "service.add", _("Service added")
    PUBLICATION_ADD = "publication.add", _("Publication registered")
    PUBLICATION_COMPLETE = "publication.complete", _("Publication completed")


# Afsluiting besides its moves (projects.services_closure, projects.services_copy).
@event_types
class ClosureEvent(models.TextChoices):
    ARCHIVE_EXTENDED = "project.archive_extend", _("Archive period extended")
    ARCHIVE_REMOVED = "project.archive_remove", _("Archive removed after the archive period")
    COPIED = "project.copy", _("Copied as a new project")


def move_event(move_name: str) -> ProjectEvent:
    """The event type of a lifecycle move (every move has one: a test checks)."""
    return ProjectEvent(f"project.{move_name}")
