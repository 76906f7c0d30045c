"""The project lifecycle: one explicit table of allowed moves with their guards.

Used by the services (which perform moves), the views and templates (which offer them) and
the admin (which performs CBS's moves). Nothing changes a project's status any other way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from projects.models import BijlageStatus, Project, Status
from projects.permissions import ROLE_PERMISSIONS, is_entitled_signatory

CUSTOMER = "customer"
CBS = "cbs"


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset
    target: Status
    side: str  # CUSTOMER or CBS
    # For customer moves: the permission (projects/permissions.py) that makes it.
    permission: str = ""
    reason_required: bool = False
    # Returns what is missing (human-readable); an empty list means the move may be made.
    guard: Callable[[Project], list[str]] | None = None
    # Customer moves made through an action (the cost overview), not the status menu.
    via_action: bool = False
    # Reopen the checklist bijlagen (Definitief -> Concept) when made.
    reopens_bijlagen: bool = False

    def missing(self, project: Project) -> list[str]:
        return list(self.guard(project)) if self.guard else []

    @property
    def roles(self) -> frozenset:
        """The project roles that hold this move's permission (read from ROLE_PERMISSIONS)."""
        return ROLE_PERMISSIONS[self.permission] if self.permission else frozenset()


def submission_missing(project: Project) -> list[str]:
    """What must be done before "Indienen ter beoordeling"; empty when ready."""
    missing = []
    statuses = {b.kind: b.status for b in project.bijlagen.all()}
    from projects.bijlagen import BIJLAGE_DEFINITIONS

    for kind, definition in BIJLAGE_DEFINITIONS.items():
        if statuses.get(kind) != BijlageStatus.FINAL:
            missing.append(_("%(bijlage)s is not final yet.") % {"bijlage": definition.title})
    if not has_signatory(project):
        missing.append(_("No authorized signatory (Tekenbevoegde) has been added to the team."))
    return missing


def has_signatory(project: Project) -> bool:
    """A Tekenbevoegde on the team today who may sign for the project's own institution
    (uses the prefetched team)."""
    return any(is_entitled_signatory(member, project) for member in project.team.all())


def _statuses(*names):
    return frozenset(names)


MOVES: dict[str, Move] = {
    move.name: move
    for move in [
        Move(
            "submit",
            _("Submit for review"),
            _statuses(Status.ORIENTATION),
            Status.SUBMITTED,
            CUSTOMER,
            permission="projects.change_status",
            guard=submission_missing,
        ),
        Move(
            "withdraw",
            _("Withdraw submission"),
            _statuses(Status.SUBMITTED),
            Status.ORIENTATION,
            CUSTOMER,
            permission="projects.change_status",
            reopens_bijlagen=True,
        ),
        Move(
            "request_closure",
            _("Request closure"),
            _statuses(Status.RUNNING),
            Status.CLOSURE_REQUESTED,
            CUSTOMER,
            permission="projects.change_status",
        ),
        Move(
            "approve_costs",
            _("Approve"),
            _statuses(Status.COSTS_SENT),
            Status.AGREEMENT,
            CUSTOMER,
            permission="projects.decide_costs",
            via_action=True,
        ),
        Move(
            "reject_costs",
            _("Do not approve"),
            _statuses(Status.COSTS_SENT),
            Status.CONTRACT,
            CUSTOMER,
            permission="projects.decide_costs",
            reason_required=True,
            via_action=True,
        ),
        Move(
            "take_into_review",
            _("Take into review"),
            _statuses(Status.SUBMITTED),
            Status.IN_REVIEW,
            CBS,
        ),
        Move(
            "return_to_orientation",
            _("Return to orientation"),
            _statuses(Status.SUBMITTED, Status.IN_REVIEW),
            Status.ORIENTATION,
            CBS,
            reason_required=True,
            reopens_bijlagen=True,
        ),
        Move(
            "start_contract",
            _("Start drawing up the contract"),
            _statuses(Status.IN_REVIEW),
            Status.CONTRACT,
            CBS,
        ),
        # Made by sending a cost overview (requests_inbox.services.cost_overview_send).
        Move(
            "send_cost_overview",
            _("Send cost overview"),
            _statuses(Status.CONTRACT),
            Status.COSTS_SENT,
            CBS,
            via_action=True,
        ),
        Move(
            "mark_agreement_signed",
            _("Mark agreement signed"),
            _statuses(Status.AGREEMENT),
            Status.PREPARING,
            CBS,
        ),
        Move(
            "start_execution",
            _("Start execution"),
            _statuses(Status.PREPARING),
            Status.RUNNING,
            CBS,
        ),
        Move(
            "close",
            _("Close"),
            _statuses(Status.RUNNING, Status.CLOSURE_REQUESTED),
            Status.CLOSED,
            CBS,
        ),
        Move(
            "reject",
            _("Reject"),
            _statuses(Status.SUBMITTED, Status.IN_REVIEW),
            Status.REJECTED,
            CBS,
            reason_required=True,
        ),
    ]
}


def moves_from(status: str, side: str | None = None) -> list[Move]:
    return [m for m in MOVES.values() if status in m.sources and (side is None or m.side == side)]
