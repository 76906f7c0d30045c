"""The scheduled jobs: what runs when, one definition for every way the portal is run.

``manage.py scheduler`` (the Procfile's ``scheduler`` line: honcho, docker compose, the systemd
unit in deploy/systemd/) runs each job at its moments, times in Europe/Amsterdam. Why our own
small loop and not cron, systemd timers or a scheduling library:

- one schedule, here, whatever runs the portal (a container has no cron; timers exist only on
  hosts with systemd; cron and timers would each need the schedule written again);
- each run is a ``JobRun`` row, unique per job and moment: a second scheduler (two hosts, a
  restart during a run) cannot run a job twice, and a restart does not run the jobs again
  (the ``while true; sleep 86400`` loops did, and drifted);
- after the scheduler was away, a job that missed its moment runs once, not once per missed
  moment; readiness (portal/health.py) and the metrics say when a job has not succeeded within
  its interval;
- the jobs are idempotent management commands, each of which decides what is due itself;
  a library (APScheduler, Celery beat) would add a dependency and keep less of this.

``manage.py run_job NAME`` runs one by hand, recorded the same way.
"""

import dataclasses
import io
import logging
from datetime import datetime, timedelta

from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from portal import logs
from portal.models import JobRun

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]
    every: timedelta
    at: timedelta = timedelta(0)  # after local midnight: the first moment of the day
    what: str = ""

    def slot(self, now: datetime) -> datetime:
        """The latest moment this job was due at, at or before ``now``."""
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        start = midnight + self.at
        if start > now:
            start -= timedelta(days=1)
        return start + (now - start) // self.every * self.every

    def late(self, last_success: datetime | None, now: datetime) -> bool:
        """No moment within its interval (and a quarter of an hour to run) has succeeded."""
        return last_success is None or now - last_success > self.every + timedelta(minutes=15)


DAY = timedelta(days=1)
JOBS = {
    job.name: job
    for job in (
        Job("cbs_digest", ("send_cbs_digest",), timedelta(minutes=15),
            what="CBS contacts' digest of what customers did"),
        Job("clear_sessions", ("clearsessions",), DAY, at=timedelta(hours=3),
            what="expired sessions removed (Django's clearsessions)"),
        Job("archive_retention", ("archive_retention",), DAY, at=timedelta(hours=3, minutes=30),
            what="closed projects past their archive period"),
        Job("leaves", ("apply_leaves",), DAY, at=timedelta(hours=2),
            what="people reported as left whose day has come (Uit dienst melden)"),
        Job("reminders", ("send_reminders",), DAY, at=timedelta(hours=6),
            what="every reminder before something expires"),
        Job("work_summaries", ("send_work_summaries",), DAY, at=timedelta(hours=7),
            what="the weekly summary of open work to CBS staff"),
    )
}  # fmt: skip


def run(job: Job, *, slot: datetime) -> JobRun | None:
    """Run ``job`` for ``slot`` and record how it went; None when it already ran for it."""
    try:
        record = JobRun.objects.create(job=job.name, slot=slot, started_at=timezone.now())
    except IntegrityError:
        return None  # another scheduler has it
    output = io.StringIO()
    # The job's log lines and the mail it writes carry this id, as a request's do.
    token = logs.request_id.set(f"job-{job.name}-{record.pk}")
    logger.info("Job started", extra={"job": job.name})
    try:
        call_command(*job.command, stdout=output, stderr=output)
    except Exception as error:  # recorded and reported; the next moment tries again
        logger.exception("Job failed", extra={"job": job.name})
        record.outcome = JobRun.Outcome.FAILED
        record.detail = f"{type(error).__name__}: {error}"[:2000]
    else:
        logger.info("Job succeeded", extra={"job": job.name})
        record.outcome = JobRun.Outcome.OK
        record.detail = output.getvalue()[-2000:]
    finally:
        logs.request_id.reset(token)
    record.finished_at = timezone.now()
    record.save(update_fields=["outcome", "detail", "finished_at"])
    return record


def run_due(now: datetime | None = None) -> list[JobRun]:
    """Run every job whose latest moment has no run yet (one query when nothing is due)."""
    now = now or timezone.now()
    slots = {name: job.slot(now) for name, job in JOBS.items()}
    done = set(
        JobRun.objects.filter(job__in=slots, slot__in=set(slots.values())).values_list(
            "job", "slot"
        )
    )
    ran = []
    for name, slot in slots.items():
        if (name, slot) not in done and (record := run(JOBS[name], slot=slot)):
            ran.append(record)
    return ran


def last_successes() -> dict[str, datetime | None]:
    """Each job's latest moment that succeeded (one query)."""
    from django.db.models import Max

    found = dict(
        JobRun.objects.filter(outcome=JobRun.Outcome.OK)
        .values_list("job")
        .annotate(last=Max("slot"))
        .values_list("job", "last")
    )
    return {name: found.get(name) for name in JOBS}


def late_jobs(now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    return [name for name, last in last_successes().items() if JOBS[name].late(last, now)]
