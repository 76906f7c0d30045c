import datetime

import factory

from reports.models import Day, Report

__all__ = ["DayFactory", "ReportFactory"]


class DayFactory(factory.django.DjangoModelFactory):
    """A day after the calendar's last (the calendar itself is filled after migrate)."""

    class Meta:
        model = Day

    date = factory.Sequence(lambda n: datetime.date(2100, 1, 1) + datetime.timedelta(days=n))
    ordinal = factory.LazyAttribute(lambda o: o.date.toordinal())
    working_day_number = factory.Sequence(lambda n: 20000 + n)


class ReportFactory(DayFactory):
    class Meta:
        model = Report
