import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Institution, User
from projects.models import Bijlage, Project, TeamMember
from requests_inbox.models import Action

pytestmark = pytest.mark.django_db


def test_seed_scale_fills_the_database_in_proportion_and_refuses_twice():
    out = io.StringIO()
    call_command("seed_scale", "--scale", "0.02", stdout=out)
    assert Institution.objects.count() == 4
    assert Project.objects.count() == 200
    assert Bijlage.objects.count() == 600
    assert TeamMember.objects.count() >= 800
    assert Action.objects.count() == 1000
    bench = User.objects.get(email="schaal.onderzoeker@example.nl")
    assert bench.check_password("Schaal-benchmark-2026")
    assert Action.objects.filter(person=bench.person, completed_at__isnull=True).count() >= 30
    assert "Scale data loaded" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_scale", "--scale", "0.02", stdout=io.StringIO())


class _Rollback(Exception):
    pass


def _seed_and_read(seed: str) -> list:
    try:
        with transaction.atomic():
            call_command("seed_scale", "--scale", "0.01", "--seed", seed, stdout=io.StringIO())
            rows = list(Project.objects.order_by("number").values_list("title", "status"))
            raise _Rollback
    except _Rollback:
        return rows


def test_seed_scale_is_deterministic():
    first = _seed_and_read("7")
    assert len(first) == 100
    assert _seed_and_read("7") == first
    assert _seed_and_read("8") != first
