"""The project's timeline: the four phases, the step it is at, who is to act and what next.

Derived, never kept by hand: the phase from ``PHASE_OF_STATUS``, who is to act from
``whose_turn`` (the one definition, also shown in the admin), the next step from the lifecycle
table (``MOVES``: the forward move out of the status, its side, roles, guard and page) and the
viewer's open actions on the project. A few queries, whatever the project holds (the guards read
the team and bijlagen the project page has prefetched).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from portal.models import Event
from projects.lifecycle import CBS, MOVES, Missing, Move, moves_from
from projects.models import PHASE_OF_STATUS, Phase, Project, Role, Status
from projects.permissions import project_role
from projects.registry import timeline_turns

# How the timeline names a role that is to act ("Aan zet: de Tekenbevoegde").
ROLE_PHRASES = {
    Role.LEADER: gettext_lazy("the project leader"),
    Role.RESEARCHER_PLUS: gettext_lazy("a researcher+"),
    Role.RESEARCHER: gettext_lazy("a researcher"),
    Role.SIGNATORY: gettext_lazy("the authorized signatory"),
    Role.VIEWER: gettext_lazy("a viewer"),
}
STATE_LABELS = {
    "done": pgettext_lazy("timeline phase", "done"),
    "current": pgettext_lazy("timeline phase", "current"),
    "coming": pgettext_lazy("timeline phase", "coming"),
    "not_reached": pgettext_lazy("timeline phase", "not reached"),
}
YOU, CBS_TURN, OTHERS = "you", "cbs", "others"


@dataclass(frozen=True)
class TimelinePhase:
    number: int
    label: str
    state: str  # done, current, coming, not_reached

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass(frozen=True)
class Timeline:
    phases: list[TimelinePhase]
    step: str  # the status, as shown
    turn: str  # YOU, CBS_TURN, OTHERS, or "" when nobody is to act
    turn_label: str  # "you", "CBS", "the authorized signatory"
    next_label: str = ""
    next_url: str = ""
    note: str = ""


def _rank(status: str) -> tuple[int, int]:
    """Order of statuses along the life of a project: by phase, then as declared."""
    order = list(Status)
    return (int(PHASE_OF_STATUS.get(status, 0)), order.index(status))


def _is_end(status: str) -> bool:
    """A status no move leaves (Afgewezen): not a step forward on the way."""
    return not any(status in move.sources for move in MOVES.values())


def is_detour(target: str, status: str) -> bool:
    """A status the project only leaves by coming back (tijdelijk bevroren -> lopend; afgesloten
    -> heropend): a side step from ``status``, not the way forward."""
    outs = moves_from(target)
    return bool(outs) and all(m.target == status or _is_end(m.target) for m in outs)


def next_move(status: str) -> Move | None:
    """The move that takes the project a step further: forward, to the nearest status that is
    neither a dead end nor a detour. Withdrawing, returning, rejecting and freezing are ways out
    or side steps, not the next step. Where nothing leads forward (a side step itself), the way
    back that CBS makes itself (not on a request) is the next step."""
    forward = [
        move
        for move in moves_from(status)
        if _rank(move.target) > _rank(status)
        and not _is_end(move.target)
        and not is_detour(move.target, status)
    ]
    if forward:
        return min(forward, key=lambda move: _rank(move.target))
    back = [move for move in moves_from(status) if not move.via_action and not move.page]
    return back[0] if back else None


@dataclass(frozen=True)
class Turn:
    """Who is to act on a project now, and what they are to do: CBS, or the team members in
    ``roles`` (of them only the people in ``persons``, when given)."""

    side: str  # CBS or CUSTOMER
    label: str  # what is to be done
    roles: frozenset = frozenset()
    persons: frozenset | None = None  # person ids; None: everyone in ``roles``
    move: Move | None = None  # the lifecycle move that is the step, when it is one

    def includes(self, user, project: Project) -> bool:
        """Whether ``user`` is one of those to act (never for CBS's turn)."""
        if self.side == CBS or project_role(user, project) not in self.roles:
            return False
        return self.persons is None or getattr(user, "person_id", None) in self.persons


# Where a status holds steps of a higher app (the agreement: drawn up by CBS, signed by the
# Tekenbevoegde, countersigned by CBS), that app says whose turn it is: {status: [function]},
# and what to prefetch so that many projects' turns are read in a constant number of queries.
_turns: dict[str, list[Callable[[Project], Turn | None]]] = {}
_turn_prefetches: list = []


def add_turn(status: str, turn: Callable[[Project], Turn | None], *, prefetch=None) -> None:
    """Let a higher app say who is to act in ``status`` (``turn(project)``; None: the lifecycle
    table's next move decides). ``prefetch``: a ``Prefetch`` (or lookup) that ``turn`` reads
    through ``.all()``, so ``with_turns`` serves many projects at once."""
    turns = _turns.setdefault(Status(status), [])
    if turn not in turns:
        turns.append(turn)
    if prefetch is not None and prefetch not in _turn_prefetches:
        _turn_prefetches.append(prefetch)


def with_turns(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` with what ``whose_turn`` reads prefetched (a list of many projects)."""
    return projects.prefetch_related(*_turn_prefetches)


def whose_turn(project: Project) -> Turn | None:
    """Who is to act on ``project`` now: the one definition (None: nobody, as when closed)."""
    for turn in _turns.get(project.status, ()):
        found = turn(project)
        if found is not None:
            return found
    return _table_turn(project.status)


def _table_turn(status: str) -> Turn | None:
    """The lifecycle table's answer: the next move's side, roles and label."""
    if status == Status.CLOSED:
        return None  # reopening is CBS's answer to a request, not a step that waits
    move = next_move(status)
    if move is None:
        return None
    return Turn(move.side, str(move.label), move.roles, move=move)


def turn_summary(project: Project) -> str:
    """Whose turn it is and what, in one line for CBS ("de Tekenbevoegde: Projectovereenkomst
    ondertekenen"); "–" when nobody is to act."""
    turn = whose_turn(project)
    if turn is None:
        return "–"
    who = _("CBS") if turn.side == CBS else _roles_phrase(turn.roles)
    return _("%(who)s: %(what)s") % {"who": who, "what": turn.label}


def _phases(project: Project) -> list[TimelinePhase]:
    current = PHASE_OF_STATUS.get(project.status, Phase.REQUEST)
    ended_early = project.status == Status.REJECTED
    phases = []
    for phase in Phase:
        if phase < current:
            state = "done"
        elif phase == current:
            state = "current"
        else:
            state = "not_reached" if ended_early else "coming"
        phases.append(TimelinePhase(int(phase), str(phase.label), state))
    return phases


def _roles_phrase(roles) -> str:
    phrases = [str(ROLE_PHRASES[role]) for role in Role if role in roles]
    return _(" or ").join(phrases) if phrases else _("the team")


def _waiting_since(project: Project):
    moment = (
        Event.objects.filter(project=project, to_state=project.status)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return timezone.localtime(moment or project.updated_at).date()


def _your_next_step(project: Project, move: Move) -> tuple[str, str]:
    """The one thing to do for the person who makes the customer's move, and where."""
    missing = move.missing(project)
    if missing:
        item = missing[0]
        if isinstance(item, Missing) and item.todo:
            url = reverse(item.url_name, args=item.url_args) if item.url_name else ""
            return item.todo, url
        return str(item), ""
    if move.page:
        return str(move.label), reverse(move.page, args=[project.number])
    if move.via_action:
        return str(move.label), ""
    return str(move.label), reverse("projects:detail", args=[project.number]) + "#status-heading"


def turn_of(project: Project) -> tuple[str, str]:
    """Who is to act, for a list of many projects (read them ``with_turns``): (CBS_TURN, "CBS"),
    (OTHERS, "the authorized signatory"), or ("", "") when nobody is."""
    turn = whose_turn(project)
    if turn is None:
        return "", ""
    if turn.side == CBS:
        return CBS_TURN, _("CBS")
    return OTHERS, _roles_phrase(turn.roles)


def project_timeline(*, project: Project, user) -> Timeline:
    phases = _phases(project)
    step = str(project.get_status_display())
    for turn in timeline_turns:
        if (yours := turn(project, user)) is not None:
            label, url = yours
            return Timeline(phases, step, YOU, pgettext("timeline", "you"), label, url)
    if project.status == Status.CLOSED:
        note = ""
        if project.archive_removed_at:
            note = _("The archive of this project has been removed.")
        elif project.archive_until:
            note = _("Archived until %(date)s; the team can read the project until then.") % {
                "date": project.archive_until.strftime("%d-%m-%Y")
            }
        return Timeline(phases, step, "", "", note=note)
    turn = whose_turn(project)
    if turn is None:
        return Timeline(phases, step, "", "")
    if turn.side == CBS:
        since = _waiting_since(project).strftime("%d-%m-%Y")
        return Timeline(
            phases,
            step,
            CBS_TURN,
            _("CBS"),
            _("Waiting for CBS (%(step)s) since %(date)s")
            % {"step": turn.label.lower(), "date": since},
        )
    if turn.includes(user, project):
        label, url = _your_next_step(project, turn.move) if turn.move else (turn.label, "")
        return Timeline(phases, step, YOU, pgettext("timeline", "you"), label, url)
    return Timeline(phases, step, OTHERS, _roles_phrase(turn.roles), turn.label)
