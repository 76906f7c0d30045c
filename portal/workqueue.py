"""The back office's work queue ("Werkvoorraad"): what waits on CBS, from every app.

portal imports no app. Each app registers the kinds of work it has, in its ``workqueue.py``
(found by autodiscovery, like ``permissions.py``)::

    from portal.workqueue import Waiting, WorkItem, work_kind

    @work_kind("output_check", label=_("Output checks"), sla_working_days=3,
               reads=[OutputCheck, Project])
    def open_output_checks(*, user, mine: bool) -> Waiting:
        rows = OutputCheck.objects.open().select_related("project")
        if mine:
            rows = rows.filter(project__cbs_contact=user)
        return Waiting(rows.order_by("asked_at", "pk"), since="asked_at", item=_item,
                       list_url=reverse("admin:changes_outputcheck_changelist"))

A kind returns its waiting rows as a queryset, oldest first, with the field (or annotation)
saying since when each waits on CBS, and how to show one row (``item``). The queue reads per
kind how many wait and how many are past the service level in one query, and the oldest
``limit`` rows in another, whatever the amount of work: the page lists the oldest few of each
kind and links to the whole list (``list_url``).

An item is due on ``due_day``: the day it came in plus its kind's service level in working days
(or days), CBS's setting in force or the kind's default; it is overdue from the day after
(``overdue_q`` says the same in the database, for the queue's counts and the kinds' own admin
lists). With ``mine`` a kind keeps only the user's own work ("Mijn werk": assigned to them, or
on their projects as CBS contact), each kind by its own filter.

The admin index shows the queue kept (``portal.kept``) per language, day, set of permissions and,
for "Mijn werk", person: each kind names the models it reads (``reads``), and a save or delete
of one of their rows forgets every kept queue once it has committed (``connect_reads``); the
services that write such rows in bulk call ``forget_work_queue`` themselves. A kind whose rows
change with the clock, not only with a write, tells when next (``Waiting.changes_at``).
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Source = Callable[..., "Waiting"]


@dataclass(frozen=True)
class WorkItem:
    title: str
    since: datetime.datetime
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Waiting:
    """What one kind has waiting on CBS: ``rows`` (a queryset, oldest first), the field or
    annotation ``since`` of each, how to show a row as a WorkItem, and the admin list of them
    all. Rows wait on CBS ``after`` their ``since`` (an account request: two weeks after it
    was made). Iterating gives every item (for tests and small lists)."""

    rows: Any
    since: str
    item: Callable[[Any], WorkItem]
    list_url: str = ""
    after: datetime.timedelta = datetime.timedelta(0)
    # The next moment the rows change without a write (an account request starts waiting on
    # CBS two weeks after it was made), or None: a kept queue is computed again from then.
    changes_at: Callable[[], datetime.datetime | None] | None = None

    def __iter__(self) -> Iterator[WorkItem]:
        return (self.item(row) for row in self.rows)


@dataclass(frozen=True)
class WorkKind:
    key: str
    label: str
    source: Source
    sla_working_days: int | None = None
    sla_days: int | None = None
    reads: tuple = ()  # the models (or "app_label.Model") whose rows its items show or select


_kinds: dict[str, WorkKind] = {}


def work_kind(
    key: str,
    *,
    label,
    reads,
    sla_working_days: int | None = None,
    sla_days: int | None = None,
):
    """Register a kind of work; ``reads``: every model whose rows its items show or select
    (a write of one forgets the kept queue)."""

    def register(source: Source) -> Source:
        if key in _kinds:
            raise ValueError(f"A work kind {key!r} is already registered.")
        _kinds[key] = WorkKind(key, label, source, sla_working_days, sla_days, tuple(reads))
        return source

    return register


def work_kinds() -> list[WorkKind]:
    return list(_kinds.values())


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return kind.label if kind else key


@dataclass(frozen=True)
class QueueItem:
    item: WorkItem
    age: int  # in the kind's unit: working days when its service level counts those, else days
    due: datetime.date | None
    overdue: bool
    in_working_days: bool = True

    @property
    def age_text(self) -> str:
        """The age with its unit in the active language ("3 werkdagen"). The queue shows one a
        row: Python's ngettext here instead of a {% blocktranslate count %} in the template cut
        the queue's rendering from 8.9 to 6.4 ms of CPU (scale-1 data, a hundred rows)."""
        from django.utils.translation import ngettext

        if self.in_working_days:
            text = ngettext("%(counter)s working day", "%(counter)s working days", self.age)
        else:
            text = ngettext("%(counter)s day", "%(counter)s days", self.age)
        return text % {"counter": self.age}


@dataclass(frozen=True)
class QueueSection:
    kind: WorkKind
    working_days: int | None  # the service level in force (CBS's setting or the default)
    days: int | None
    items: list[QueueItem]  # the oldest ``limit``
    total: int = 0  # how many wait, the items shown included
    overdue_count: int = 0
    list_url: str = ""
    changes_at: Callable[[], datetime.datetime | None] | None = None  # the kind's (Waiting)

    @property
    def counts_working_days(self) -> bool:
        return self.days is None

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def service_levels() -> dict[str, tuple[int | None, int | None]]:
    """Per kind: (working days, days) in force. One query."""
    from portal.models import ServiceLevel

    levels = {kind.key: (kind.sla_working_days, kind.sla_days) for kind in _kinds.values()}
    for row in ServiceLevel.objects.all():
        if row.kind in levels:
            levels[row.kind] = (row.working_days, row.days)
    return levels


def due_day(since: datetime.date, *, working_days: int | None, days: int | None):
    """THE due day of work that came in on ``since`` under a service level: ``working_days``
    working days after it (portal.workdays: weekends and Dutch public holidays not counted, the
    day itself not counted), or ``days`` days after it; None without a level. Work is overdue
    when today is past its due day."""
    from portal.workdays import add_working_days

    if days is not None:
        return since + datetime.timedelta(days=days)
    if working_days is None:
        return None
    return add_working_days(since, working_days)


def kind_due_day(key: str, since: datetime.date):
    """The due day of work of kind ``key`` that came in on ``since``, under the service level
    in force (CBS's setting, else the kind's default)."""
    working_days, days = service_levels()[key]
    return due_day(since, working_days=working_days, days=days)


def first_on_time(today: datetime.date, working_days: int | None, days: int | None):
    """The earliest day an item may have started waiting and still not be overdue today (an
    item is overdue when today is past its due day), or None without a service level."""
    from portal.workdays import working_days_back

    if days is not None:
        return today - datetime.timedelta(days=days)
    if working_days is None:
        return None
    return working_days_back(today, working_days)


def _late(today, working_days, days, *, since: str, after=datetime.timedelta(0)):
    from django.db.models import Q
    from django.utils import timezone

    on_time = first_on_time(today, working_days, days)
    if on_time is None:
        return None
    start = timezone.make_aware(datetime.datetime.combine(on_time, datetime.time.min))
    return Q(**{f"{since}__lt": start - after})


def overdue_q(key: str, *, since: str, today: datetime.date | None = None):
    """The rows of kind ``key`` past their due day (``due_day`` under the level in force) as a
    filter on their field ``since``: what the queue counts, for a kind's own admin list."""
    from django.db.models import Q
    from django.utils import timezone

    working_days, days = service_levels()[key]
    late = _late(today or timezone.localdate(), working_days, days, since=since)
    return Q(pk__in=[]) if late is None else late


LIMIT = 10  # items shown per kind; the rest are counted and linked


def may_view_rows(user, rows) -> bool:
    """May ``user`` see the objects of a kind (its rows' model) in the back office? The admin's
    own rule: the model's view or change permission. A kind shows only to those who may."""
    opts = rows.model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _counts(waiting: dict, levels, today) -> dict[str, tuple[int, int]]:
    """Per kind key, how many of its ``waiting`` rows wait (``total``) and how many of them are
    overdue: one query, each kind's counts one row of a UNION ALL (instead of one aggregate
    query per kind: 4 of the work queue's 20 ms of CPU, 9 queries fewer)."""
    from django.db.models import CharField, Count, IntegerField, Value

    counts = []
    for key, kind_waiting in waiting.items():
        working_days, days = levels[key]
        late = _late(today, working_days, days, since=kind_waiting.since, after=kind_waiting.after)
        overdue = Value(0, IntegerField()) if late is None else Count("pk", filter=late)
        counts.append(
            kind_waiting.rows.order_by()
            .values(work_kind=Value(key, CharField()))
            .annotate(total=Count("pk"), overdue=overdue)
        )
    if not counts:
        return {}
    union = counts[0].union(*counts[1:], all=True).order_by("work_kind")
    return {row["work_kind"]: (row["total"], row["overdue"]) for row in union}


def work_queue(
    *, user, mine: bool = False, today: datetime.date | None = None, limit: int = LIMIT
) -> list[QueueSection]:
    """Every registered kind ``user`` may view (``may_view_rows``): how many wait and how many
    are overdue, and the oldest ``limit`` with their age and due day (``user=None``: everybody's
    work, nobody's own). One query for the service levels, one for every kind's counts and one
    per kind for its oldest rows, whatever the amount of work."""
    from django.utils import timezone

    from portal.workdays import working_days_between

    today = today or timezone.localdate()
    levels = service_levels()
    waiting = {}
    for kind in _kinds.values():
        kind_waiting = kind.source(user=user, mine=mine)
        if user is None or may_view_rows(user, kind_waiting.rows):
            waiting[kind.key] = kind_waiting
    counts = _counts(waiting, levels, today)
    sections = []
    for key, kind_waiting in waiting.items():
        kind = _kinds[key]
        working_days, days = levels[key]
        rows = []
        for item in map(kind_waiting.item, kind_waiting.rows[:limit]):
            since = timezone.localtime(item.since).date() if item.since else today
            age = (today - since).days if days is not None else working_days_between(since, today)
            due = due_day(since, working_days=working_days, days=days)
            is_overdue = due is not None and today > due
            rows.append(QueueItem(item, age, due, is_overdue, in_working_days=days is None))
        total, overdue = counts.get(key, (0, 0))  # none of an empty queryset (``none()``)
        sections.append(
            QueueSection(
                kind,
                working_days,
                days,
                rows,
                total,
                overdue,
                kind_waiting.list_url,
                kind_waiting.changes_at,
            )
        )
    return sections


# The queue kept until a write (see the module doc) ---------------------------------------------

STAMP = "portal.workqueue.stamp"


def kept_work_queue(key: str, render: Callable[[], tuple[object, list[QueueSection]]], *, today):
    """What ``render()`` makes of the queue (its HTML, or its totals) from the sections it
    returns beside it, kept under ``key`` (which names the language, the set of permissions and
    whose work) for ``today`` until a write of what a kind reads forgets it, or a kind's rows
    change with the clock."""
    from django.utils import timezone

    from portal.kept import kept

    def compute():
        value, sections = render()
        moments = [section.changes_at() for section in sections if section.changes_at]
        return value, min((moment for moment in moments if moment), default=None)

    value, _changes_at = kept(
        f"portal.workqueue.{key}",
        compute,
        stamps=[STAMP],
        also=(today,),
        ends=lambda kept_value: kept_value[1] is not None and timezone.now() >= kept_value[1],
    )
    return value


def kept_totals(*, today) -> list[tuple[str, int, int]]:
    """Each kind's key, how many wait and how many of them are overdue, in the whole queue
    (``work_queue(user=None, limit=0)``: everybody's work, rows not read), kept as the queue is
    (``kept_work_queue``)."""

    def totals():
        sections = work_queue(user=None, today=today, limit=0)
        return [(s.kind.key, s.total, s.overdue_count) for s in sections], sections

    return kept_work_queue("totals", totals, today=today)


def forget_work_queue() -> None:
    """Every kept queue is computed again on its next read, once the transaction has committed."""
    from portal.kept import forget

    forget([STAMP])


def _forget_read(sender, instance, **kwargs) -> None:
    forget_work_queue()


def connect_reads() -> None:
    """Forget the kept queue when a row that a kind reads (or a service level) is saved or
    deleted (called once, from portal's AppConfig.ready(), after the workqueue modules)."""
    from django.apps import apps

    from portal.kept import forget_on_writes
    from portal.models import ServiceLevel

    models = {ServiceLevel}
    for kind in _kinds.values():
        models.update(apps.get_model(m) if isinstance(m, str) else m for m in kind.reads)
    forget_on_writes(models, _forget_read, "portal.workqueue")
