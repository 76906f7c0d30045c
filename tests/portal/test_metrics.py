"""Prometheus metrics at /metrics: protected; requests by view and status, database queries, and
the portal's own gauges."""

from django.utils import timezone

from portal.models import JobRun, OutgoingMail

TOKEN = "metrics-token-for-the-tests-0123"


def scrape(client, settings) -> str:
    settings.MONITORING_TOKEN = TOKEN
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text: str, prefix: str) -> float:
    (line,) = [line for line in text.splitlines() if line.startswith(prefix)]
    return float(line.rsplit(" ", 1)[1])


def test_metrics_need_the_token_or_staff(client, db, settings, staff):
    settings.MONITORING_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 403
    client.force_login(staff)
    assert client.get("/metrics").status_code == 200


def test_requests_queries_and_the_portals_own_gauges(client, leader, settings):
    client.force_login(leader)
    before = scrape(client, settings)
    counted = 'portal_requests_total{method="GET",status="200",view="projects:list"}'
    start = value(before, counted) if counted in before else 0
    assert client.get("/projecten/").status_code == 200
    OutgoingMail.objects.create(to=["a@example.nl"], subject="s", text="t", message_id="<m@x>")
    OutgoingMail.objects.create(to=["b@example.nl"], subject="s", text="t", message_id="<n@x>",
                                state=OutgoingMail.State.FAILED)  # fmt: skip
    now = timezone.now()
    JobRun.objects.create(job="reminders", slot=now, started_at=now, finished_at=now,
                          outcome=JobRun.Outcome.OK)  # fmt: skip
    text = scrape(client, settings)
    assert value(text, counted) == start + 1
    assert value(text, 'portal_database_queries_total{view="projects:list"}') > 0
    assert 'portal_request_seconds_bucket{le="0.25",view="projects:list"}' in text
    assert value(text, "portal_mail_waiting ") == 1
    assert value(text, "portal_mail_failed ") == 1
    assert value(text, "portal_mail_oldest_waiting_seconds ") >= 0
    assert 'portal_work_waiting{kind="' in text and 'portal_work_overdue{kind="' in text
    assert value(text, "portal_tasks_failed ") == 0
    assert value(text, 'portal_job_last_success_timestamp_seconds{job="reminders"}') == (
        now.timestamp()
    )
    assert value(text, 'portal_job_late{job="reminders"}') == 0
    assert value(text, 'portal_job_late{job="cbs_digest"}') == 1
    assert value(text, 'portal_heartbeat_age_seconds{process="worker"}') == -1
