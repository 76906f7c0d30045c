"""The project lifecycle: one explicit table of allowed moves with their guards.

Used by the services (which perform moves), the views and templates (which offer them) and
the admin (which performs CBS's moves). Nothing changes a project's status any other way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from projects.models import BijlageStatus, PreparationStatus, Project, Status
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
    # CBS may make the move although something is missing, by giving a reason (recorded).
    overridable: bool = False
    # The URL name of the page of its own where the move is made (a checklist or a form first);
    # such moves are not offered in the status menu or as a plain admin button.
    page: str = ""

    def missing(self, project: Project) -> list[str]:
        found = list(self.guard(project)) if self.guard else []
        for guard in _added_guards.get(self.name, ()):
            found.extend(guard(project))
        return found

    @property
    def roles(self) -> frozenset:
        """The project roles that hold this move's permission (read from ROLE_PERMISSIONS)."""
        return ROLE_PERMISSIONS[self.permission] if self.permission else frozenset()


# Guards of apps above projects (which projects may not import), added by them at start-up:
# {move name: [guard, ...]}. See ``add_guard``.
_added_guards: dict[str, list[Callable[[Project], list[str]]]] = {}


def add_guard(move: str, guard: Callable[[Project], list[str]]) -> None:
    """Let a higher app guard a move (e.g. agreements: "Overeenkomst getekend" needs the
    countersigned agreement). The move stays in this one table; only its guard grows."""
    if move not in MOVES:
        raise ValueError(f"No move {move!r} to guard.")
    guards = _added_guards.setdefault(move, [])
    if guard not in guards:
        guards.append(guard)


def files_not_ready(project: Project) -> list[str]:
    """Data files that are not ready in the Remote Access environment yet (not Vervallen)."""
    waiting = (
        project.files.exclude(
            preparation_status__in=[PreparationStatus.READY, PreparationStatus.CANCELLED]
        )
        .select_related("data_file")
        .order_by("pk")
    )
    return [
        _("File not ready in the RA: %(file)s (%(status)s).")
        % {"file": str(item), "status": item.get_preparation_status_display()}
        for item in waiting
    ]


class Missing(str):
    """An item a guard finds missing: the message, and optionally the short thing to do about
    it (``todo``, e.g. "Bijlage 2 invullen") with the URL name and arguments of where to do it.
    Still a plain string for everyone that only shows messages; the timeline links the todo."""

    todo: str
    url_name: str
    url_args: tuple

    def __new__(cls, message, *, todo="", url_name="", url_args=()):
        item = super().__new__(cls, message)
        item.todo, item.url_name, item.url_args = str(todo), url_name, tuple(url_args)
        return item


def submission_missing(project: Project) -> list[str]:
    """What must be done before "Indienen ter beoordeling"; empty when ready."""
    missing = []
    statuses = {b.kind: b.status for b in project.bijlagen.all()}
    from projects.bijlagen import BIJLAGE_DEFINITIONS

    for kind, definition in BIJLAGE_DEFINITIONS.items():
        if statuses.get(kind) != BijlageStatus.FINAL:
            missing.append(
                Missing(
                    _("%(bijlage)s is not final yet.") % {"bijlage": definition.title},
                    todo=_("Fill in appendix %(number)s") % {"number": kind},
                    url_name="projects:bijlage",
                    url_args=(project.number, kind),
                )
            )
    if not has_signatory(project):
        missing.append(
            Missing(
                _("No authorized signatory (Tekenbevoegde) has been added to the team."),
                todo=_("Add an authorized signatory to the team"),
                url_name="projects:team_add",
                url_args=(project.number,),
            )
        )
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
        # Made on its own page: the closure checklist first (projects.closure).
        Move(
            "request_closure",
            _("Request closure"),
            _statuses(Status.RUNNING),
            Status.CLOSURE_REQUESTED,
            CUSTOMER,
            permission="projects.change_status",
            via_action=True,
            page="projects:closure_request",
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
        # Made by countersigning the signed agreement (agreements.services), never by a click;
        # its guard (the countersigned agreement) is added by the agreements app.
        Move(
            "mark_agreement_signed",
            _("Mark agreement signed"),
            _statuses(Status.AGREEMENT),
            Status.PREPARING,
            CBS,
            via_action=True,
        ),
        # Guarded: the files ready in the RA; the agreements app adds the researchers' readiness.
        Move(
            "start_execution",
            _("Start execution"),
            _statuses(Status.PREPARING),
            Status.RUNNING,
            CBS,
            guard=files_not_ready,
            overridable=True,
        ),
        # Made by approving a change request "Project tijdelijk bevriezen" (changes.services).
        Move(
            "freeze",
            _("Freeze temporarily"),
            _statuses(Status.RUNNING),
            Status.FROZEN,
            CBS,
            via_action=True,
        ),
        Move(
            "unfreeze",
            _("End the freeze"),
            _statuses(Status.FROZEN),
            Status.RUNNING,
            CBS,
        ),
        # Made in the admin with the archive period (projects.closure.project_close).
        Move(
            "close",
            _("Close"),
            _statuses(Status.RUNNING, Status.CLOSURE_REQUESTED),
            Status.CLOSED,
            CBS,
            via_action=True,
            page="admin:projects_project_close",
        ),
        # Decided by CBS on the leader's request "Project heropenen" (projects.closure).
        Move(
            "reopen",
            _("Reopen project"),
            _statuses(Status.CLOSED),
            Status.RUNNING,
            CBS,
            via_action=True,
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
