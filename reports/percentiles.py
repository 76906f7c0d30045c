"""Percentiles per group, computed by the database.

PostgreSQL has them: ``percentile_cont(f) WITHIN GROUP (ORDER BY value)``. Elsewhere (SQLite)
the same continuous percentile is read off the rows ranked by the database: per group the rank
of each row (``ROW_NUMBER``) and the group's size (``COUNT`` over the group) pick the one or two
rows around position ``1 + f * (n - 1)``; the query returns only those, and the percentile lies
between their two values. Both give PostgreSQL's answer for the same rows.
"""

from django.db import connection
from django.db.models import Aggregate, Count, F, Q, Window
from django.db.models.functions import RowNumber


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile; ``percent`` a whole number (50 for the median)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, *, percent: int, **extra):
        if not 0 <= int(percent) <= 100:
            raise ValueError("A percentile is between 0 and 100.")
        super().__init__(expression, fraction=f"{int(percent) / 100:.2f}", **extra)


def percentiles(rows, *, group, value, percents=(50, 90), output_field=None) -> dict:
    """{group value: {percent: percentile of ``value``}} for the rows of the queryset ``rows``
    grouped by the expression ``group``. Groups without rows are absent."""
    if connection.vendor == "postgresql":
        found = (
            rows.annotate(group=group)
            .order_by()
            .values("group")
            .annotate(
                **{
                    f"p{p}": PercentileCont(value, percent=p, output_field=output_field)
                    for p in percents
                }
            )
        )
        return {row["group"]: {p: row[f"p{p}"] for p in percents} for row in found}
    return _ranked_percentiles(rows, group=group, value=value, percents=percents)


def _ranked_percentiles(rows, *, group, value, percents) -> dict:
    ranked = rows.annotate(
        group=group,
        value=value,
        rank=Window(RowNumber(), partition_by=[group], order_by=[value.asc(), F("pk").asc()]),
        size=Window(Count("pk"), partition_by=[group]),
    )
    # Position 1 + p(n-1)/100: its whole part ``low`` and the row after it.
    wanted = Q()
    for p in percents:
        low = 1 + (p * (F("size") - 1)) / 100
        wanted |= Q(rank=low) | Q(rank=low + 1)
    picked = ranked.filter(wanted).order_by().values_list("group", "size", "rank", "value")
    by_group: dict = {}
    for key, size, rank, found in picked:  # at most two rows per group and percentile
        by_group.setdefault(key, {"size": size})[rank] = found
    result = {}
    for key, ranks in by_group.items():
        size = ranks["size"]
        result[key] = {}
        for p in percents:
            low, rest = divmod(p * (size - 1), 100)
            below = ranks[low + 1]
            above = ranks.get(low + 2, below)
            result[key][p] = below + (above - below) * rest / 100 if rest else below
    return result
