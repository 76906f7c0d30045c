"""Prometheus metrics at ``/metrics`` (staff, or ``Authorization: Bearer <MONITORING_TOKEN>``).

Per request (``MetricsMiddleware``, counted in every gunicorn worker and added up at a scrape
through prometheus-client's multiprocess mode, set up in gunicorn.conf.py):

- ``portal_requests_total{view,method,status}``, ``portal_request_seconds{view}`` (histogram),
  ``portal_database_queries_total{view}``.

The portal's own, read from the database at each scrape (a handful of queries):

- ``portal_mail_waiting``, ``portal_mail_oldest_waiting_seconds``, ``portal_mail_failed``;
- ``portal_work_waiting{kind}``, ``portal_work_overdue{kind}`` (the back office's work queue);
- ``portal_tasks_failed`` (Django Tasks that ended in an error);
- ``portal_job_last_success_timestamp_seconds{job}``, ``portal_job_late{job}`` (the scheduler);
- ``portal_heartbeat_age_seconds{process}`` (worker, scheduler).
"""

import os
import time

from django.db import connection
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

REQUESTS = Counter("portal_requests", "Requests answered", ["view", "method", "status"])
LATENCY = Histogram(
    "portal_request_seconds",
    "Time to answer a request",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Counter("portal_database_queries", "Database queries made by requests", ["view"])


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.monotonic()
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "other"
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.monotonic() - began)
        if queries[0]:
            QUERIES.labels(view).inc(queries[0])
        return response


class PortalCollector:
    """The portal's own gauges, read at the scrape."""

    def collect(self):
        from django.db.models import Count, Q
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from portal.health import heartbeat_ages, mail_state
        from portal.scheduler import JOBS, last_successes
        from portal.workqueue import work_queue

        mail = mail_state()
        yield GaugeMetricFamily("portal_mail_waiting", "Mails not sent yet", mail["waiting"])
        yield GaugeMetricFamily(
            "portal_mail_oldest_waiting_seconds",
            "Age of the oldest mail not sent yet",
            mail["oldest_seconds"],
        )
        yield GaugeMetricFamily("portal_mail_failed", "Mails given up on", mail["failed"])

        waiting = GaugeMetricFamily("portal_work_waiting", "Work waiting on CBS", labels=["kind"])
        overdue = GaugeMetricFamily("portal_work_overdue", "Work past its service level",
                                    labels=["kind"])  # fmt: skip
        for section in work_queue(user=None, limit=0):
            waiting.add_metric([section.kind.key], section.total)
            overdue.add_metric([section.kind.key], section.overdue_count)
        yield waiting
        yield overdue

        failed = DBTaskResult.objects.aggregate(n=Count("pk", filter=Q(status="FAILED")))["n"]
        yield GaugeMetricFamily("portal_tasks_failed", "Tasks that ended in an error", failed)

        now = timezone.now()
        last = GaugeMetricFamily("portal_job_last_success_timestamp_seconds",
                                 "Latest moment a job succeeded for", labels=["job"])  # fmt: skip
        late = GaugeMetricFamily("portal_job_late", "1: not succeeded within its interval",
                                 labels=["job"])  # fmt: skip
        for name, moment in last_successes().items():
            last.add_metric([name], moment.timestamp() if moment else 0)
            late.add_metric([name], int(JOBS[name].late(moment, now)))
        yield last
        yield late

        ages = GaugeMetricFamily("portal_heartbeat_age_seconds", "Seconds since a process said "
                                 "it runs (-1: never)", labels=["process"])  # fmt: skip
        for name, age in heartbeat_ages().items():
            ages.add_metric([name], -1 if age is None else age)
        yield ages


@never_cache
@require_safe
def metrics(request):
    from portal.health import may_see_details

    if not may_see_details(request):
        return HttpResponseForbidden("Staff, or Authorization: Bearer <MONITORING_TOKEN>.")
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # every gunicorn worker's counts, added up
        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, QUERIES):
            registry.register(metric)
    registry.register(PortalCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
