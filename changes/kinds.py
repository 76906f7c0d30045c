"""The kinds of change request: a small registry.

Each kind says what it is called, who may ask it (a permission of the roles table,
``projects.permissions.ROLE_PERMISSIONS``), in which project statuses it may be asked, its form
(``changes.forms``), what it costs (cost lines for a supplementary cost overview; none means CBS's
approval applies it at once) and how it is applied (through the existing services).

Add a kind with ``register(ChangeKind(...))`` from any module imported at start-up; Afsluiting
(closed projects) adds its own kinds the same way.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from changes import forms
from projects.models import Status

# Statuses after Oriëntatie in which the project still runs (or is being prepared to run).
AFTER_ORIENTATION = frozenset(
    {
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.CONTRACT,
        Status.COSTS_SENT,
        Status.AGREEMENT,
        Status.PREPARING,
        Status.RUNNING,
    }
)
# Statuses in which an approved change costs money (a supplementary cost overview): the project's
# first cost overview has been agreed and the project runs.
RUNNING = frozenset({Status.RUNNING, Status.FROZEN})


@dataclass(frozen=True)
class CostItem:
    """A line of a supplementary cost overview (kind: a requests_inbox TariffKind value)."""

    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class ChangeKind:
    key: str
    label: str
    permission: str
    statuses: frozenset
    form: type[forms.ChangeKindForm]
    # apply(change_request, by): makes the change through the existing services.
    apply: Callable
    # costs(change_request) -> list[CostItem]: what the change costs; empty means nothing.
    costs: Callable = lambda change_request: []
    # Text shown above the form.
    help_text: str = ""


KINDS: dict[str, ChangeKind] = {}


def register(kind: ChangeKind) -> ChangeKind:
    if kind.key in KINDS:
        raise ValueError(f"A change request kind {kind.key!r} is already registered.")
    KINDS[kind.key] = kind
    return kind


def kind_for(key: str) -> ChangeKind | None:
    return KINDS.get(key)


# --- apply functions: each calls the service that makes the same change elsewhere -------------


def _apply_add_researcher(change_request, by) -> None:
    from accounts.models import Person
    from changes.readiness import ask_missing_for
    from projects.services import team_member_add

    data = change_request.data
    person = Person.objects.select_related("institution", "user").get(pk=data["person"])
    start = max(datetime.date.fromisoformat(data["start_date"]), _today())
    team_member_add(
        project=change_request.project,
        by=by,
        person=person,
        role=data["role"],
        start_date=start,
        end_date=None,
        ossc_access=bool(data.get("ossc_access")),
    )
    ask_missing_for(person=person, project=change_request.project, by=by)


def _apply_withdraw_researcher(change_request, by) -> None:
    from projects.models import TeamMember
    from projects.services import team_member_change

    data = change_request.data
    member = TeamMember.objects.get(pk=data["member"], project=change_request.project)
    end = max(datetime.date.fromisoformat(data["end_date"]), member.start_date)
    team_member_change(
        member=member,
        by=by,
        role=member.role,
        start_date=member.start_date,
        end_date=end,
        function=member.function,
        ossc_access=member.ossc_access,
    )


def _apply_add_file(change_request, by) -> None:
    from projects.models import DataFile
    from projects.services import project_file_add

    data = change_request.data
    data_file = DataFile.objects.get(pk=data["data_file"]) if data.get("data_file") else None
    project_file_add(
        project=change_request.project,
        by=by,
        kind=data["kind"],
        data_file=data_file,
        explanation=change_request.explanation,
    )


def _apply_add_service(change_request, by) -> None:
    from projects.models import Service
    from projects.services import project_service_add

    project_service_add(
        project=change_request.project,
        by=by,
        service=Service.objects.get(pk=change_request.data["service"]),
        explanation=change_request.explanation,
    )


def _apply_extend(change_request, by) -> None:
    from projects.services import project_end_date_extend

    project_end_date_extend(
        project=change_request.project,
        by=by,
        end_date=datetime.date.fromisoformat(change_request.data["end_date"]),
        reason=change_request.explanation,
    )


def _apply_freeze(change_request, by) -> None:
    from projects.services import project_transition

    project_transition(
        project=change_request.project, move="freeze", by=by, reason=change_request.explanation
    )


# --- costs: the tariffs of a running project -------------------------------------------------


def _tariff_items(tariff_kind: str) -> list[CostItem]:
    from requests_inbox.models import Tariff

    return [
        CostItem(tariff.kind, tariff.description, Decimal(1), tariff.unit_price)
        for tariff in Tariff.objects.filter(is_active=True, kind=tariff_kind).order_by("pk")
    ]


def _researcher_costs(change_request) -> list[CostItem]:
    from requests_inbox.models import TariffKind

    if change_request.project.status not in RUNNING:
        return []
    if change_request.data.get("role") not in {"researcher", "researcher_plus"}:
        return []
    return _tariff_items(TariffKind.RESEARCHER)


def _file_costs(change_request) -> list[CostItem]:
    from requests_inbox.models import TariffKind

    if change_request.project.status not in RUNNING:
        return []
    return _tariff_items(TariffKind.FILE)


def _service_costs(change_request) -> list[CostItem]:
    from projects.models import Service
    from requests_inbox.models import Tariff, TariffKind

    if change_request.project.status not in RUNNING:
        return []
    service = Service.objects.get(pk=change_request.data["service"])
    tariff = (
        Tariff.objects.filter(is_active=True, kind=TariffKind.SERVICE, service=service).first()
        or Tariff.objects.filter(
            is_active=True, kind=TariffKind.SERVICE, description=service.name
        ).first()
    )
    if tariff is None or not tariff.unit_price:
        return []
    return [CostItem(TariffKind.SERVICE, service.name, Decimal(1), tariff.unit_price)]


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


register(
    ChangeKind(
        key="add_researcher",
        label=_("Add researcher"),
        permission="projects.request_team_change",
        statuses=AFTER_ORIENTATION,
        form=forms.AddResearcherForm,
        apply=_apply_add_researcher,
        costs=_researcher_costs,
    )
)
register(
    ChangeKind(
        key="withdraw_researcher",
        label=_("Withdraw researcher"),
        permission="projects.request_team_change",
        statuses=AFTER_ORIENTATION | {Status.FROZEN, Status.CLOSURE_REQUESTED},
        form=forms.WithdrawResearcherForm,
        apply=_apply_withdraw_researcher,
    )
)
register(
    ChangeKind(
        key="add_file",
        label=_("Add file"),
        permission="projects.request_files",
        statuses=AFTER_ORIENTATION,
        form=forms.AddFileForm,
        apply=_apply_add_file,
        costs=_file_costs,
    )
)
register(
    ChangeKind(
        key="add_service",
        label=_("Add service"),
        permission="projects.request_services",
        statuses=AFTER_ORIENTATION,
        form=forms.AddServiceForm,
        apply=_apply_add_service,
        costs=_service_costs,
    )
)
register(
    ChangeKind(
        key="extend_end_date",
        label=_("Extend end date"),
        permission="projects.request_project_change",
        statuses=AFTER_ORIENTATION | {Status.FROZEN},
        form=forms.ExtendEndDateForm,
        apply=_apply_extend,
    )
)
register(
    ChangeKind(
        key="freeze",
        label=_("Freeze project temporarily"),
        permission="projects.request_project_change",
        statuses=frozenset({Status.RUNNING}),
        form=forms.FreezeForm,
        apply=_apply_freeze,
        help_text=_(
            "While the project is frozen, nobody has Remote Access. CBS ends the freeze when "
            "you ask for it."
        ),
    )
)
