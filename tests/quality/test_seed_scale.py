import io

import pytest
from django.db import connection, transaction

from accounts.models import Institution, User
from benchmarks.seed.load import SeedRefused, seed_scale
from projects.models import Bijlage, Project, TeamMember
from requests_inbox.models import Action

pytestmark = pytest.mark.django_db


def test_seed_scale_fills_the_database_in_proportion_and_refuses_twice():
    out = io.StringIO()
    seed_scale(scale=0.02, stdout=out)
    assert Institution.objects.count() == 4
    assert Project.objects.count() == 200
    assert Bijlage.objects.count() == 600
    assert TeamMember.objects.count() >= 800
    assert Action.objects.count() == 1000
    bench = User.objects.get(email="schaal.onderzoeker@example.nl")
    assert bench.check_password("Schaal-benchmark-2026")
    assert Action.objects.filter(person=bench.person, completed_at__isnull=True).count() >= 30
    assert "Scale data loaded" in out.getvalue()
    with pytest.raises(SeedRefused):
        seed_scale(scale=0.02, stdout=io.StringIO())


def test_seed_scale_leaves_planner_statistics():
    """After the bulk load the planner knows the tables' sizes (ANALYZE), autovacuum or not."""
    seed_scale(scale=0.02, stdout=io.StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class"
                " WHERE relname IN ('projects_project', 'accounts_person')"
            )
        else:
            cursor.execute(
                "SELECT tbl, CAST(stat AS INTEGER) FROM sqlite_stat1"
                " WHERE tbl IN ('projects_project', 'accounts_person') AND idx IS NOT NULL"
            )
        estimates = dict(cursor.fetchall())
    assert estimates["projects_project"] == Project.objects.count() == 200
    assert estimates["accounts_person"] >= 100


class _Rollback(Exception):
    pass


def _seed_and_read(seed: int) -> list:
    try:
        with transaction.atomic():
            seed_scale(scale=0.01, seed=seed, stdout=io.StringIO())
            rows = list(Project.objects.order_by("number").values_list("title", "status"))
            raise _Rollback
    except _Rollback:
        return rows


def test_seed_scale_is_deterministic():
    first = _seed_and_read(7)
    assert len(first) == 100
    assert _seed_and_read(7) == first
    assert _seed_and_read(8) != first
