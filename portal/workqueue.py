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
