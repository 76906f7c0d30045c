"""The working-day calendar in the database agrees with portal.workdays, its one definition."""

import datetime

import pytest

from portal.workdays import working_days_between
from reports.calendar import FIRST, LAST, sync_days
from reports.models import Day

pytestmark = pytest.mark.django_db


def number(day: datetime.date) -> int:
    return Day.objects.get(date=day).working_day_number


def test_the_calendar_is_filled_after_migrate_and_counts_as_workdays():
    assert Day.objects.count() == (LAST - FIRST).days + 1
    for start, end in [
        (datetime.date(2025, 4, 16), datetime.date(2025, 4, 22)),  # Easter
        (datetime.date(2025, 12, 24), datetime.date(2026, 1, 2)),  # Christmas, New Year
        (datetime.date(2026, 4, 24), datetime.date(2026, 5, 6)),  # King's Day, 5 May
        (datetime.date(2030, 1, 1), datetime.date(2030, 12, 31)),
    ]:
        assert number(end) - number(start) == working_days_between(start, end)
    day = datetime.date(2026, 12, 6)
    assert Day.objects.get(date=day).ordinal == day.toordinal()


def test_the_period_form_refuses_days_the_calendar_does_not_have():
    from reports.forms import FilterForm

    form = FilterForm({"start": (FIRST - datetime.timedelta(days=1)).isoformat()})
    assert not form.is_valid() and "start" in form.errors


def test_sync_rebuilds_a_calendar_that_differs_and_leaves_a_right_one_alone():
    assert sync_days() is False
    Day.objects.filter(date=LAST).update(working_day_number=0)
    assert sync_days() is True
    assert number(LAST) - number(FIRST) == working_days_between(FIRST, LAST)
    Day.objects.filter(date__gte=datetime.date(2049, 1, 1)).delete()
    assert sync_days() is True
    assert Day.objects.count() == (LAST - FIRST).days + 1


@pytest.mark.django_db(transaction=True)
def test_the_calendar_is_filled_again_after_a_flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert Day.objects.count() == (LAST - FIRST).days + 1
