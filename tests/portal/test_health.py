"""Liveness (/healthz), readiness (/readyz) and what they say about the background work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.health import beat
from portal.models import Heartbeat, JobRun, OutgoingMail
from portal.scheduler import JOBS


def test_liveness_asks_nothing_of_the_database(client):
    """No db fixture: any query would fail the test."""
    assert client.get("/healthz").json() == {"status": "ok"}


def ready_everything(now=None):
    now = now or timezone.now()
    for name in ("worker", "scheduler"):
        Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    for job in JOBS.values():
        JobRun.objects.create(job=job.name, slot=now, started_at=now, finished_at=now,
                              outcome=JobRun.Outcome.OK)  # fmt: skip


def test_readiness_ok_when_every_check_passes(db, client):
    ready_everything()
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok", body
    assert set(body["checks"]) == {"database", "cache", "storage", "migrations", "worker",
                                   "scheduler", "mail", "jobs"}  # fmt: skip
    assert body["checks"]["database"] == {"ok": True, "critical": True}  # no details for anyone


def test_background_work_behind_makes_readiness_degraded_not_unavailable(db, client, settings):
    """A stopped worker, an old unsent mail and a job that missed its interval are for
    operators: the load balancer keeps sending visitors (200)."""
    settings.MONITORING_TOKEN = "s3cret-token-for-monitoring"
    ready_everything(timezone.now() - timedelta(days=2))
    mail = OutgoingMail.objects.create(to=["a@example.nl"], subject="s", text="t",
                                       message_id="<1@example.nl>")  # fmt: skip
    OutgoingMail.objects.filter(pk=mail.pk).update(created_at=timezone.now() - timedelta(hours=1))
    response = client.get("/readyz", HTTP_AUTHORIZATION="Bearer s3cret-token-for-monitoring")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    checks = body["checks"]
    assert checks["worker"]["ok"] is False and checks["worker"]["seconds_since_heartbeat"] > 3600
    assert checks["mail"]["ok"] is False and checks["mail"]["waiting"] == 1
    assert checks["mail"]["oldest_seconds"] >= 3600
    assert checks["jobs"]["ok"] is False and set(checks["jobs"]["late"]) == set(JOBS)
    assert checks["database"]["ok"] and checks["cache"]["ok"] and checks["storage"]["ok"]
    # without the token: only names and verdicts
    assert client.get("/readyz").json()["checks"]["mail"] == {"ok": False, "critical": False}
    wrong = client.get("/readyz", HTTP_AUTHORIZATION="Bearer wrong")
    assert wrong.json()["checks"]["mail"] == {"ok": False, "critical": False}


def test_a_critical_check_failing_answers_503(db, client, settings, tmp_path):
    """The documents folder cannot be written: this server cannot serve uploads."""
    ready_everything()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the documents folder should be")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(blocked / "documents")}}}  # fmt: skip
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["storage"] == {"ok": False, "critical": True}


def test_staff_see_the_details(client, staff):
    client.force_login(staff)
    checks = client.get("/readyz").json()["checks"]
    assert "waiting" in checks["mail"] and "backend" in checks["cache"]


def test_heartbeat_writes_at_most_every_few_seconds(db, django_assert_num_queries):
    beat("worker-test")
    first = Heartbeat.objects.get(name="worker-test").seen_at
    with django_assert_num_queries(0):
        beat("worker-test")
    assert Heartbeat.objects.get(name="worker-test").seen_at == first


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_are_never_cached(client, db, path):
    assert "no-cache" in client.get(path)["Cache-Control"]


def test_operators_page_in_the_back_office_shows_every_check(client, staff, leader):
    from django.urls import reverse

    url = reverse("admin:health")
    client.force_login(leader)
    assert client.get(url).status_code == 302  # not staff: the admin's sign-in
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Gezondheid van het portaal" in text
    for name in ("database", "cache", "storage", "migrations", "worker", "scheduler", "mail"):
        assert f"<code>{name}</code>" in text
    assert "seconds_since_heartbeat" in text  # the details
