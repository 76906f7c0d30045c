"""The working-day calendar in the database, filled from ``portal.workdays``.

The work queue decides "overdue" in Python for the few rows it shows and with one cut-off day
for its counts; the reports must decide "answered within N working days" for every row of a
period at once. Each ``Day`` carries its working-day number (working days from the calendar's
start up to and including it), so the working days after ``a`` up to and including ``b`` are
``number(b) - number(a)``: ``portal.workdays.working_days_between`` as a subtraction.

The rows follow the one definition: ``sync_days`` rebuilds them when they differ from it (after
every ``migrate``, and after a test database is flushed).
"""

import datetime

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate

from portal.workdays import is_working_day

FIRST = datetime.date(2010, 1, 1)
LAST = datetime.date(2049, 12, 31)


def expected_days():
    number, day = 0, FIRST
    while day <= LAST:
        number += day != FIRST and is_working_day(day)
        yield day, day.toordinal(), number
        day += datetime.timedelta(days=1)


def sync_days(*, using: str = DEFAULT_DB_ALIAS, model=None) -> bool:
    """Make the calendar rows agree with ``portal.workdays``; True when they were rebuilt."""
    from reports.models import Day

    model = model or Day
    rows = list(expected_days())
    days = model.objects.using(using)
    last = days.filter(date=LAST).values_list("working_day_number", flat=True).first()
    if days.count() == len(rows) and last == rows[-1][2]:
        return False
    with transaction.atomic(using=using):
        days.all().delete()
        _insert(model, rows, using=using)
    from reports.keep import forget_series

    forget_series([Day])  # written in bulk: no post_save
    return True


def _insert(model, rows, *, using: str) -> None:
    """The calendar's 14,610 rows in one ``executemany`` of Django's own connection: they are
    made after every ``migrate`` and after each test that commits (the flush empties them), and
    ``bulk_create`` spent most of its 0.42-0.46 s making a model instance a row and its SQL
    (0.07 s on SQLite, 0.23 s on PostgreSQL this way)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in ("date", "ordinal", "working_day_number")]
    columns = ", ".join(quote(field.column) for field in fields)
    insert = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES (%s, %s, %s)"  # noqa: S608 - the model's own names
    with connection.cursor() as cursor:
        cursor.executemany(
            insert, [(connection.ops.adapt_datefield_value(d), o, n) for d, o, n in rows]
        )


def sync_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=None, **kwargs) -> None:
    """post_migrate receiver: ``migrate`` passes the migrated state's models, ``flush`` none."""
    sync_days(using=using, model=apps.get_model("reports", "Day") if apps is not None else None)


def local_days(*moments: str) -> dict:
    """Aliases ``<moment>_day``: the day in the Netherlands of each moment (a field or
    annotation), for ``day_number``: ``rows.alias(**local_days("asked_at"))``."""
    return {f"{moment}_day": TruncDate(moment) for moment in moments}


def day_number(moment, field: str = "working_day_number") -> Subquery:
    """The working-day number (or with ``field="ordinal"`` the day number) of a day: a date, or
    the day of ``moment`` in the outer query (aliased there by ``local_days``)."""
    from reports.models import Day

    if isinstance(moment, datetime.date):
        days = Day.objects.filter(date=moment)
    else:
        days = Day.objects.filter(date=OuterRef(f"{moment}_day"))
    return Subquery(days.order_by().values(field)[:1])
