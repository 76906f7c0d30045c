"""Rapportages' series and charts, kept until a write changes what they count (``portal.kept``).

A series' numbers change only when a row of a model it reads (``reports.series.reads``, declared
beside each series) is saved or deleted, and with the day; what the page shows of them also
with the filters and the language. Each series is kept per filters and language under a stamp
of its own, which a save or delete of a row it reads removes (``forget_on_writes``); the day
and the language are part of what it was kept under. Its chart (the SVG) is kept the same way.
A series that declares nothing is counted on every request.

Measured at scale 1 (``benchmarks/README.md``, "What did pay").
"""

import hashlib

import pygal
from django.utils import translation

from accounts.models import Institution
from portal.kept import forget, forget_on_writes, kept
from portal.models import Event
from projects.models import TeamMember
from projects.services import team_changed
from reports.series import READS, Filters, Series, series_key

# Of the rows of these models only some are counted: a write of another changes no series.
COUNTED = {Event: lambda event: event.target_type == "projects.project"}


# The filters' form lists every institution: rendered, it is kept until one is written.
FILTERS_READ = frozenset({Institution})
FILTERS_STAMP = "reports.filters.stamp"


def _stamp_key(key: str) -> str:
    return f"reports.{key}.stamp"


def _kept(function, filters: Filters, what: str, compute):
    key = series_key(function)
    if key not in READS:
        return compute()
    language = translation.get_language()
    institution = filters.institution.pk if filters.institution else ""
    return kept(
        f"reports.{key}.{what}.{language}.{filters.start}.{filters.end}.{institution}",
        compute,
        stamps=[_stamp_key(key)],
        also=(filters.today, language),
    )


def kept_series(function, filters: Filters) -> Series:
    """``function(filters)``: kept until a write of what it reads, or another day."""
    return _kept(function, filters, "series", lambda: function(filters))


def kept_chart(function, filters: Filters, render) -> str:
    """The series' chart, ``render(series)``: kept as its series is."""
    return _kept(
        function,
        filters,
        f"svg.{pygal.__version__}",
        lambda: render(kept_series(function, filters)),
    )


def kept_filters(form, query: str, render) -> str:
    """The filters' form as ``render()`` writes it (its choices, the values asked in ``query``
    and their errors): kept per query string and language until an institution is written,
    and for the day (what is in the future)."""
    language = translation.get_language()
    digest = hashlib.sha256(query.encode()).hexdigest()
    return kept(
        f"reports.filters.{language}.{digest}",
        render,
        stamps=[FILTERS_STAMP],
        also=(form.today, language),
    )


def forget_series(models=None) -> None:
    """The series that read any of ``models`` (None: every series) are counted again on their
    next read, once the current transaction has committed. For writes in bulk, which send no
    signal."""
    forget(
        _stamp_key(key)
        for key, reads in READS.items()
        if models is None or reads & {model._meta.concrete_model for model in models}
    )


def _forget_read(sender, instance, **kwargs) -> None:
    model = sender._meta.concrete_model  # a proxy's rows are its model's
    counted = COUNTED.get(model)
    if counted is None or counted(instance):
        forget_series([model])
    if model in FILTERS_READ:
        forget([FILTERS_STAMP])


def _team_changed(sender, **kwargs) -> None:
    forget_series([TeamMember])  # a team's end dates written in bulk (a project closed)


def connect_reads() -> None:
    """Forget the series a save or delete of a row concerns, and those that read the teams when
    a service says a team changed (from the AppConfig's ready()). The calendar
    (``reports.Day``) is rebuilt in bulk and forgets them itself."""
    from reports.models import Day

    models = set().union(FILTERS_READ, *READS.values()) - {Day}
    forget_on_writes(models, _forget_read, "reports.keep")
    team_changed.connect(_team_changed, dispatch_uid="reports.keep")
