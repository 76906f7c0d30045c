"""Writes of the portal's own objects: the service levels of the work queue."""

from django.db import transaction

from portal.audit import record
from portal.events import WorkQueueEvent
from portal.models import ServiceLevel
from portal.refusals import Refusal


@transaction.atomic
def service_level_set(*, kind: str, working_days: int | None, days: int | None, by) -> ServiceLevel:
    """CBS sets within how many working days (or calendar days) a kind of work should be done;
    at most one of the two (neither: no service level)."""
    from django.utils.translation import gettext as _

    from portal.workqueue import work_kinds

    if kind not in {k.key for k in work_kinds()}:
        raise Refusal([_("This kind of work does not exist.")], field="kind")
    if working_days is not None and days is not None:
        raise Refusal([_("Give working days or calendar days, not both.")], field="days")
    level, _created = ServiceLevel.objects.update_or_create(
        kind=kind, defaults={"working_days": working_days, "days": days}
    )
    record(
        verb=WorkQueueEvent.SERVICE_LEVEL,
        by=by,
        target=level,
        data={"working_days": working_days, "days": days},
    )
    return level
