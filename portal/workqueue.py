"""The back office's work queue ("Werkvoorraad"): what waits on CBS, from every app.

portal imports no app. Each app registers the kinds of work it has, in its ``workqueue.py``
(found by autodiscovery, like ``permissions.py``)::

    from portal.workqueue import WorkItem, work_kind

    @work_kind("output_check", label=_("Output checks"), sla_working_days=3)
    def open_output_checks(*, user, mine: bool) -> Iterable[WorkItem]:
        ...  # a constant number of queries, whatever the amount of work

``since`` is when the work started waiting on CBS. An item is overdue when its kind has a
service level and ``since`` plus that many working days has passed. ``assignee_ids`` are the
staff users for whom it counts as "Mijn werk" (assigned to them, or their projects as CBS
contact); a source may also filter on ``mine`` itself to keep its query small.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Source = Callable[..., Iterable["WorkItem"]]


@dataclass(frozen=True)
class WorkItem:
    title: str
    since: datetime.datetime
    url: str
    assignee_ids: frozenset[int] = field(default_factory=frozenset)
    detail: str = ""


@dataclass(frozen=True)
class WorkKind:
    key: str
    label: str
    source: Source
    sla_working_days: int | None = None
    sla_days: int | None = None


_kinds: dict[str, WorkKind] = {}


def work_kind(key: str, *, label, sla_working_days: int | None = None, sla_days: int | None = None):
    def register(source: Source) -> Source:
        if key in _kinds:
            raise ValueError(f"A work kind {key!r} is already registered.")
        _kinds[key] = WorkKind(key, label, source, sla_working_days, sla_days)
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
    mine: bool


@dataclass(frozen=True)
class QueueSection:
    kind: WorkKind
    working_days: int | None  # the service level in force (CBS's setting or the default)
    days: int | None
    items: list[QueueItem]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.items if row.overdue)

    @property
    def counts_working_days(self) -> bool:
        return self.days is None


def service_levels() -> dict[str, tuple[int | None, int | None]]:
    """Per kind: (working days, days) in force. One query."""
    from portal.models import ServiceLevel

    levels = {kind.key: (kind.sla_working_days, kind.sla_days) for kind in _kinds.values()}
    for row in ServiceLevel.objects.all():
        if row.kind in levels:
            levels[row.kind] = (row.working_days, row.days)
    return levels


def work_queue(
    *, user, mine: bool = False, today: datetime.date | None = None
) -> list[QueueSection]:
    """Every registered kind with its open items, oldest first, each with its age and whether
    it is past the service level (``user=None``: everybody's work, nobody's own). One query
    for the service levels plus each source's own."""
    from django.utils import timezone

    from portal.workdays import add_working_days, working_days_between

    today = today or timezone.localdate()
    levels = service_levels()
    sections = []
    for kind in _kinds.values():
        working_days, days = levels[kind.key]
        rows = []
        for item in kind.source(user=user, mine=mine):
            since = timezone.localtime(item.since).date() if item.since else today
            if days is not None:
                age = (today - since).days
                due = since + datetime.timedelta(days=days)
            else:
                age = working_days_between(since, today)
                due = add_working_days(since, working_days) if working_days is not None else None
            is_mine = user is not None and user.pk in item.assignee_ids
            if mine and not is_mine:
                continue
            rows.append(QueueItem(item, age, due, due is not None and today > due, is_mine))
        rows.sort(key=lambda row: (row.item.since is None, row.item.since or 0))
        sections.append(QueueSection(kind, working_days, days, rows))
    return sections
