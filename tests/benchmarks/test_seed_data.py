"""The scale data is consistent: every table of our apps is filled, and rows agree with each other
(what the benchmark measures must be what real data looks like)."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from awareness.models import AwarenessTest
from benchmarks.seed.load import seed_scale
from projects.models import Bijlage, BijlageStatus, Project, Status
from requests_inbox.models import Action, ActionKind, CostOverview, CostOverviewStatus
from tests.quality.discovery import own_models

pytestmark = pytest.mark.django_db

BENCH = "schaal.onderzoeker@example.nl"


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_scale(scale=0.02, stdout=io.StringIO())


def test_every_table_of_our_apps_is_filled(seeded):
    empty = [m._meta.label for m in own_models() if not m._default_manager.exists()]
    assert not empty, f"the scale data leaves these tables empty: {empty}"


def test_rows_agree_with_each_other(seeded):
    users = User.objects.count()
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == users
    assert AwarenessTest.objects.filter(is_active=True).count() == 1
    # Bijlagen are final once a project is submitted.
    assert not (
        Bijlage.objects.exclude(project__status=Status.ORIENTATION)
        .exclude(status=BijlageStatus.FINAL)
        .exists()
    )
    # A project awaiting cost approval has exactly its sent overview, with open reviews.
    for project in Project.objects.filter(status=Status.COSTS_SENT):
        sent = CostOverview.objects.get(project=project, status=CostOverviewStatus.SENT)
        assert sent.pdf and sent.lines.exists()
    assert (
        not CostOverview.objects.filter(status=CostOverviewStatus.SENT)
        .exclude(project__status=Status.COSTS_SENT)
        .exists()
    )
    reviews = Action.objects.filter(kind=ActionKind.COST_REVIEW)
    assert not reviews.filter(cost_overview__isnull=True).exists()
    assert not reviews.open().exclude(cost_overview__status=CostOverviewStatus.SENT).exists()
    # Sent actions carry what they were about.
    sent = Action.objects.sent()
    assert not sent.filter(kind=ActionKind.CONFIDENTIALITY, declaration__isnull=True).exists()
    for action in sent.filter(kind=ActionKind.USER_DECLARATION):
        assert action.person.declaration_signatures.exists()
    for action in sent.filter(kind=ActionKind.AWARENESS_TEST):
        assert action.person.awareness_attempts.filter(passed=True).exists()


def test_benchmark_user_has_a_busy_week_and_a_cost_pdf(seeded):
    bench = User.objects.get(email=BENCH)
    actions = Action.objects.filter(person=bench.person)
    assert actions.open().count() == 30 and actions.sent().count() == 30
    review = actions.open().filter(kind=ActionKind.COST_REVIEW).first()
    assert review is not None
    client = Client()
    client.force_login(bench)
    response = client.get(reverse("requests_inbox:cost_pdf", args=[review.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_benchmark_user_has_the_pages_of_phases_2_and_3(seeded):
    """An agreement to sign (its action page opens) and a running project with change
    requests and output checks: the benchmark measures those pages."""
    bench = User.objects.get(email=BENCH)
    client = Client()
    client.force_login(bench)
    signing = Action.objects.open().filter(person=bench.person, kind="agreement_signing").first()
    assert signing is not None
    assert client.get(reverse("agreements:action", args=[signing.pk])).status_code == 200
    running = bench.person.memberships.filter(role="leader", project__status="running").first()
    assert running is not None
    number = running.project.number
    assert running.project.change_requests.exists() and running.project.output_checks.exists()
    assert client.get(reverse("changes:change_new", args=[number])).status_code == 200
    assert client.get(reverse("changes:output_new", args=[number])).status_code == 200


def test_moments_are_in_order(seeded):
    from django.db.models import F

    from awareness.models import Attempt

    assert not Action.objects.filter(completed_at__lt=F("created_at")).exists()
    assert not Attempt.objects.filter(submitted_at__lt=F("started_at")).exists()
    field = Action._meta.get_field("created_at")
    assert field.auto_now_add  # restored after seeding
