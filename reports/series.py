"""The numbers of Rapportages: one function per chart, each returning a ``Series`` that the
chart, the table beside it and its CSV download all show. Every number is counted by the
database (aggregates per group); Python only names the groups and fills months without rows.

Each series costs a fixed number of queries, whatever the amount of data. Each declares beside
it the models it reads (``@reads``): its numbers change only when a row of one of those is
written, or with the day, and the page keeps them until then (``reports.keep``). A series
without a declaration is counted on every request.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, NullIf, TruncMonth, TruncQuarter
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus, Institution, Person
from awareness.models import Attempt
from changes.models import ChangeRequest, ChangeStatus, OutputCheck
from messaging.models import Message, Thread
from portal.models import Event, ServiceLevel
from portal.workqueue import first_on_time, kept_totals, kind_label, service_levels
from projects.models import (
    OPEN_STATUSES,
    PHASE_OF_STATUS,
    Phase,
    Project,
    Role,
    Status,
    TeamMember,
)
from reports.calendar import day_number, local_days
from reports.models import Day
from reports.percentiles import percentiles

# Projects that ended (closed, rejected) are in no phase any more: the charts count open ones.
PHASE_STATUSES = {
    phase: [
        status for status, of in PHASE_OF_STATUS.items() if of == phase and status in OPEN_STATUSES
    ]
    for phase in Phase
}
RESEARCHER_ROLES = [Role.LEADER, Role.RESEARCHER_PLUS, Role.RESEARCHER]
TOP_INSTITUTIONS = 20
LAPSING_DAYS = 90
PROJECT_MOVES = {"target_type": "projects.project", "to_state__in": Status.values}


# What each series reads, by its key: {series key: the models whose rows it counts}.
READS: dict[str, frozenset] = {}


def series_key(function) -> str:
    return function.__name__.replace("_", "-")


def reads(*models):
    """Declares the models a series reads: a save or delete of one of their rows (or a service's
    write in bulk, which says so) may change its numbers; nothing else does but the day."""

    def declare(function):
        READS[series_key(function)] = frozenset(models)
        return function

    return declare


@dataclass(frozen=True)
class Filters:
    """The period (whole months from ``start`` up to and including ``end``) and institution."""

    start: datetime.date
    end: datetime.date
    institution: object = None
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def months(self) -> list[datetime.date]:
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    @property
    def quarters(self) -> list[datetime.date]:
        return sorted({m.replace(month=(m.month - 1) // 3 * 3 + 1) for m in self.months})

    def moment(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    @property
    def since(self) -> datetime.datetime:
        return self.moment(self.months[0])

    @property
    def until(self) -> datetime.datetime:
        """The moment the period ends: the start of the month after ``end``."""
        return self.moment((self.months[-1] + datetime.timedelta(days=32)).replace(day=1))

    def of_institution(self, rows, path: str):
        return rows.filter(**{path: self.institution}) if self.institution else rows


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    summary: str  # the conclusion in words: the chart's description and the table's caption
    chart: str  # "bar", "stacked", "line" or "hbar"
    label: str  # what the rows are (the first column's heading)
    columns: list[str]
    rows: list[tuple]  # (row label, value per column); None where there is nothing to count
    unit: str = ""  # "%" or "days": how the values read


def month_label(month: datetime.date) -> str:
    return formats.date_format(month, "M Y")


def quarter_label(quarter: datetime.date) -> str:
    return f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"


def _number(value) -> str:
    """A number with one decimal as the language writes it ("16,5"); a dash for none."""
    return "–" if value is None else formats.number_format(value, decimal_pos=1)


def _as_day(value) -> datetime.date:
    """A date, also where PostgreSQL answers a moment (a CASE of a date and a truncated moment)."""
    return value.date() if isinstance(value, datetime.datetime) else value


def _phase_case(field_name: str):
    return Case(
        *[
            When(**{f"{field_name}__in": statuses}, then=Value(int(phase)))
            for phase, statuses in PHASE_STATUSES.items()
        ],
        default=Value(0),
        output_field=IntegerField(),
    )


def _percent(part: str, whole):
    """100 × part / whole as a float, in the database; NULL when ``whole`` is 0."""
    return Cast(Value(100.0) * Cast(F(part), FloatField()) / NullIf(whole, 0), FloatField())


@reads(Project)
def phases_now(filters: Filters) -> Series:
    rows = filters.of_institution(Project.objects.all(), "institution")
    counts = dict(
        rows.annotate(phase=_phase_case("status"))
        .exclude(phase=0)
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    table = [(str(phase.label), counts.get(phase, 0)) for phase in Phase]
    busiest = max(table, key=lambda row: row[1])
    return Series(
        "phases-now",
        _("Projects per phase now"),
        _("%(total)s projects are in progress; most are in phase %(phase)s (%(count)s).")
        % {"total": sum(row[1] for row in table), "phase": busiest[0], "count": busiest[1]},
        "bar",
        _("Phase"),
        [_("Projects")],
        table,
    )


@reads(Event, Project)
def phases_by_month(filters: Filters) -> Series:
    """How many projects were in each phase at the end of each month: every recorded status
    change moves a project into its new status's phase and out of its old one; the changes
    before the period are counted in its first month."""
    months = filters.months
    moves = filters.of_institution(
        Event.objects.filter(**PROJECT_MOVES, created_at__lt=filters.until), "project__institution"
    )
    month = Case(
        When(created_at__lt=filters.since, then=Value(months[0])),
        default=TruncMonth("created_at", output_field=DateField()),
        output_field=DateField(),
    )
    # Into and out of each phase by the statuses themselves (never empty; "" when none), not
    # by a CASE naming the phase of each status: that CASE was written out in each of the
    # twenty counts, per row. At scale 1: 8.3-8.6 -> 4.5 ms CPU to build, the database 87-168
    # -> 69-98 ms (the same table).
    deltas = {}
    for phase, statuses in PHASE_STATUSES.items():
        into, out_of = Q(to_state__in=statuses), Q(from_state__in=statuses)
        deltas[f"d{int(phase)}"] = Count("pk", filter=into & ~out_of) - Count(
            "pk", filter=out_of & ~into
        )
    found = {
        _as_day(row["month"]): row
        for row in moves.annotate(month=month).order_by().values("month").annotate(**deltas)
    }
    table, running = [], dict.fromkeys(deltas, 0)
    for each in months:  # the monthly changes summed up to each month's end
        for key in running:
            running[key] += found.get(each, {}).get(key, 0)
        table.append((month_label(each), *(running[f"d{int(phase)}"] for phase in Phase)))
    last = table[-1]
    return Series(
        "phases-by-month",
        _("Projects per phase, month by month"),
        _("At the end of %(month)s: %(counts)s.")
        % {
            "month": last[0],
            "counts": ", ".join(
                f"{phase.label} {count}" for phase, count in zip(Phase, last[1:], strict=True)
            ),
        },
        "stacked",
        _("Month"),
        [str(phase.label) for phase in Phase],
        table,
    )


def _first_move(statuses, before: str | None = None):
    """The moment the outer event's project first came into one of ``statuses``."""
    moves = Event.objects.filter(
        target_type="projects.project", project=OuterRef("project"), to_state__in=statuses
    )
    return Subquery(moves.order_by("created_at", "pk").values("created_at")[:1])


def _lead_times(filters: Filters, *, start_statuses, end_statuses) -> dict:
    """Per quarter: the median and 90th percentile of the calendar days from the moment a
    project first came into ``start_statuses`` to the moment it first came into
    ``end_statuses`` (the quarter of that second moment)."""
    earlier = Event.objects.filter(
        target_type="projects.project",
        project=OuterRef("project"),
        to_state__in=end_statuses,
        created_at__lt=OuterRef("created_at"),
    )
    arrivals = filters.of_institution(
        Event.objects.filter(
            target_type="projects.project",
            to_state__in=end_statuses,
            created_at__gte=filters.since,
            created_at__lt=filters.until,
        ),
        "project__institution",
    )
    # ``began`` is a subquery written out wherever it is named: named once in the filter (a
    # project that never came into ``start_statuses`` has NULL, which is not <=). With a
    # separate ``began__isnull=False`` PostgreSQL estimated the query above its JIT threshold
    # and compiled it on every page: at scale 1 283 ms -> 39 ms of database time a query.
    arrivals = (
        arrivals.annotate(began=_first_move(start_statuses))
        .filter(began__lte=F("created_at"))
        .exclude(Exists(earlier))
    )
    arrivals = arrivals.alias(**local_days("created_at", "began"))
    days = day_number("created_at", "ordinal") - day_number("began", "ordinal")
    return percentiles(
        arrivals,
        group=TruncQuarter("created_at", output_field=DateField()),
        value=days,
        output_field=FloatField(),
    )


@reads(Event, Project, Day)
def lead_times(filters: Filters) -> Series:
    phase2 = PHASE_STATUSES[Phase.PREPARATION]
    request = _lead_times(filters, start_statuses=[Status.SUBMITTED], end_statuses=phase2)
    preparation = _lead_times(filters, start_statuses=phase2, end_statuses=[Status.RUNNING])

    def days(found, quarter, p):
        value = found.get(quarter, {}).get(p)
        return None if value is None else round(float(value), 1)

    table = [
        (
            quarter_label(quarter),
            days(request, quarter, 50),
            days(request, quarter, 90),
            days(preparation, quarter, 50),
            days(preparation, quarter, 90),
        )
        for quarter in filters.quarters
    ]
    latest = next(
        (row for row in reversed(table) if row[1] is not None or row[3] is not None), None
    )
    if latest is None:
        summary = _("No project moved on from its application or preparation in this period.")
    else:
        summary = _(
            "In %(quarter)s half of the applications took at most %(request)s days and half of "
            "the preparations at most %(preparation)s days."
        ) % {
            "quarter": latest[0],
            "request": _number(latest[1]),
            "preparation": _number(latest[3]),
        }
    return Series(
        "lead-times",
        _("Lead times from submission to running"),
        summary,
        "line",
        _("Quarter"),
        [
            _("Application: median"),
            _("Application: 90th percentile"),
            _("Preparation: median"),
            _("Preparation: 90th percentile"),
        ],
        table,
        unit="days",
    )


def _on_time(filters: Filters, rows, *, asked: str, answered: str, level) -> dict:
    """Per month of asking: the share (%) answered within the service level ``level``
    ((working days, days), the work queue's), of those answered or already overdue. An item is
    late when answered after its due day, or still unanswered past it (as the work queue
    says "overdue": asked before ``first_on_time``, computed once for the request).

    The calendar is read twice a row (the working-day numbers of the days asked and answered)
    and the time taken compared once; the late ones follow from the on-time and due counts.
    Measured at scale 1, the three series: 16-18 ms CPU -> 11-12 ms, the database 22-30 ms ->
    2 ms per query (the waiting time read from the calendar per row, the time taken twice)."""
    working_days, days = level
    if days is None and working_days is None:
        return {}
    unit, limit = ("ordinal", days) if days is not None else ("working_day_number", working_days)
    overdue_from = filters.moment(first_on_time(filters.today, working_days, days))
    rows = rows.filter(**{f"{asked}__gte": filters.since, f"{asked}__lt": filters.until})
    rows = rows.alias(**local_days(asked, answered)).alias(
        took=day_number(answered, unit) - day_number(asked, unit)
    )
    done = Q(**{f"{answered}__isnull": False})
    found = (
        rows.annotate(month=TruncMonth(asked, output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(
            on_time=Count("pk", filter=done & Q(took__lte=limit)),
            # on time + late = answered + still waiting past the due day
            due=Count("pk", filter=done | Q(**{f"{asked}__lt": overdue_from})),
        )
        .annotate(share=_percent("on_time", F("due")))
    )
    return {row["month"]: row["share"] for row in found}


@reads(OutputCheck, ChangeRequest, Thread, Message, Person, Project, ServiceLevel, Day)
def on_time(filters: Filters) -> Series:
    levels = service_levels()
    checks = _on_time(
        filters,
        filters.of_institution(OutputCheck.objects.all(), "project__institution"),
        asked="asked_at",
        answered="decided_at",
        level=levels["output_check"],
    )
    changes = _on_time(
        filters,
        filters.of_institution(
            ChangeRequest.objects.exclude(status=ChangeStatus.COSTS_NOT_AGREED),
            "project__institution",
        ),
        asked="asked_at",
        answered="decided_at",
        level=levels["change_request"],
    )
    first_answer = (
        Message.objects.filter(thread=OuterRef("pk"), from_cbs=True, internal=False)
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    questions = _on_time(
        filters,
        filters.of_institution(
            Thread.objects.filter(project__isnull=True).annotate(
                answered_at=Subquery(first_answer)
            ),
            "started_by__person__institution",
        ),
        asked="created_at",
        answered="answered_at",
        level=levels["unanswered_messages"],
    )

    def share(found, month):
        value = found.get(month)
        return None if value is None else round(value, 1)

    table = [
        (month_label(m), share(checks, m), share(changes, m), share(questions, m))
        for m in filters.months
    ]
    latest = next((row for row in reversed(table) if row[1] is not None), None)
    if latest is None:
        summary = _("No output check was due in this period.")
    else:
        summary = _("In %(month)s %(share)s%% of the output checks were answered on time.") % {
            "month": latest[0],
            "share": _number(latest[1]),
        }
    return Series(
        "on-time",
        _("Answered on time"),
        summary,
        "line",
        _("Month"),
        [_("Output checks"), _("Change requests"), _("Questions")],
        table,
        unit="%",
    )


def overdue_now(filters: Filters) -> Series:
    """The work queue's own counts (every institution: the queue knows no institution), kept as
    the queue is (``kept_totals``)."""
    totals = kept_totals(today=filters.today)
    table = [(str(kind_label(key)), total, overdue) for key, total, overdue in totals]
    overdue = sum(row[2] for row in table)
    return Series(
        "overdue-now",
        _("Waiting and overdue now"),
        _("%(overdue)s of the %(total)s items waiting on CBS are overdue (all institutions).")
        % {"overdue": overdue, "total": sum(row[1] for row in table)},
        "hbar",
        _("Kind of work"),
        [_("Waiting"), _("Overdue")],
        table,
    )


@reads(TeamMember, Project, Person, Institution)
def researchers(filters: Filters) -> Series:
    """People on the team of a running project today, as researcher or leader, by their
    institution: the 20 institutions with most, and the rest together."""
    active = filters.of_institution(
        TeamMember.objects.current(filters.today).filter(
            role__in=RESEARCHER_ROLES, project__status__in=[Status.RUNNING, Status.FROZEN]
        ),
        "person__institution",
    )
    top = list(
        active.order_by()
        .values("person__institution", "person__institution__name")
        .annotate(n=Count("person", distinct=True))
        .order_by("-n", "person__institution__name")[:TOP_INSTITUTIONS]
    )
    rest = active.exclude(person__institution__in=[row["person__institution"] for row in top])
    others = rest.aggregate(n=Count("person", distinct=True))["n"]
    table = [(row["person__institution__name"], row["n"]) for row in top]
    if others:
        table.append((_("Other institutions"), others))
    if table:
        summary = _("%(institution)s has the most active researchers: %(count)s.") % {
            "institution": table[0][0],
            "count": table[0][1],
        }
    else:
        summary = _("Nobody works on a running project today.")
    return Series(
        "researchers",
        _("Active researchers per institution"),
        summary,
        "hbar",
        _("Institution"),
        [_("Researchers")],
        table,
    )


@reads(Attempt, Person)
def awareness(filters: Filters) -> Series:
    attempts = filters.of_institution(
        Attempt.objects.filter(
            submitted_at__gte=filters.since, submitted_at__lt=filters.until, passed__isnull=False
        ),
        "person__institution",
    )
    found = {
        row["month"]: row
        for row in attempts.annotate(month=TruncMonth("submitted_at", output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), passed_n=Count("pk", filter=Q(passed=True)))
        .annotate(rate=_percent("passed_n", F("n")))
    }
    table = [
        (month_label(m), round(found[m]["rate"], 1) if m in found else None) for m in filters.months
    ]
    totals = attempts.aggregate(n=Count("pk"), passed_n=Count("pk", filter=Q(passed=True)))
    summary = _("%(passed)s of %(count)s awareness tests handed in during this period passed.") % {
        "passed": totals["passed_n"],
        "count": totals["n"],
    }
    return Series(
        "awareness",
        _("Awareness test pass rate"),
        summary,
        "line",
        _("Month"),
        [_("Passed")],
        table,
        unit="%",
    )


@reads(ConfidentialityDeclaration, Person)
def lapsing(filters: Filters) -> Series:
    """Confidentiality declarations and RSA tokens that end in the next 90 days, by month: a
    declaration only when it is the person's last approved one."""
    until = filters.today + datetime.timedelta(days=LAPSING_DAYS)
    newer = ConfidentialityDeclaration.objects.filter(
        person=OuterRef("person"),
        status=ConfidentialityStatus.APPROVED,
        valid_until__gt=OuterRef("valid_until"),
    )
    declarations = filters.of_institution(
        ConfidentialityDeclaration.objects.filter(
            status=ConfidentialityStatus.APPROVED,
            valid_until__gte=filters.today,
            valid_until__lte=until,
        ).exclude(Exists(newer)),
        "person__institution",
    )
    tokens = filters.of_institution(
        Person.objects.filter(rsa_token_expires__gte=filters.today, rsa_token_expires__lte=until),
        "institution",
    )

    def by_month(rows, day_field):
        return dict(
            rows.annotate(month=TruncMonth(day_field, output_field=DateField()))
            .order_by()
            .values("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )

    ending, expiring = by_month(declarations, "valid_until"), by_month(tokens, "rsa_token_expires")
    months = Filters(filters.today, until).months
    table = [(month_label(m), ending.get(m, 0), expiring.get(m, 0)) for m in months]
    return Series(
        "lapsing",
        _("Declarations and RSA tokens ending in the next 90 days"),
        _(
            "In the next 90 days %(declarations)s confidentiality declarations and "
            "%(tokens)s RSA tokens end."
        )
        % {
            "declarations": sum(row[1] for row in table),
            "tokens": sum(row[2] for row in table),
        },
        "bar",
        _("Month"),
        [_("Confidentiality declarations"), _("RSA tokens")],
        table,
    )


@dataclass(frozen=True)
class Section:
    title: str
    series: tuple


SECTIONS = (
    Section(gettext_lazy("Projects"), (phases_now, phases_by_month, lead_times)),
    Section(gettext_lazy("On time"), (on_time, overdue_now)),
    Section(gettext_lazy("People"), (researchers, awareness, lapsing)),
)
SERIES = {series_key(function): function for section in SECTIONS for function in section.series}
