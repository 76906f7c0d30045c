"""Rapportages: how CBS's service is doing. Two models, neither of them a domain object:

- ``Day``: the calendar the database counts working days with. Each day has its ordinal and
  how many working days (``portal.workdays``, the work queue's one definition) there are from
  the calendar's start up to and including it, so "answered within N working days" is a
  subtraction the database can do for every row (``reports.calendar``).
- ``Report``: the page's place in the back office and its permission ("Can view report");
  a proxy that has no rows of its own.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Day(models.Model):
    date = models.DateField(_("date"), primary_key=True)
    ordinal = models.PositiveIntegerField(_("day number"))
    # Working days after the calendar's first day up to and including this one.
    working_day_number = models.PositiveIntegerField(_("working day number"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        default_permissions = ()

    def __str__(self):
        return self.date.isoformat()


class NoRows(models.Manager):
    def get_queryset(self):
        return super().get_queryset().none()


class Report(Day):
    """Rapportages in the admin: a proxy (no table of its own) that lists nothing."""

    objects = NoRows()

    class Meta:
        proxy = True
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        default_permissions = ("view",)
