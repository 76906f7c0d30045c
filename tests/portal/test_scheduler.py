"""The scheduler: each job once per moment, recorded; late jobs said; clearsessions among them."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from portal.models import Heartbeat, JobRun
from portal.scheduler import JOBS, Job, late_jobs, run_due

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def test_slots_are_moments_in_amsterdam_time_also_across_summer_time():
    daily = Job("x", ("check",), datetime.timedelta(days=1), at=datetime.timedelta(hours=6))
    assert daily.slot(at(2026, 3, 29, 5, 59)) == at(2026, 3, 28, 6)
    assert daily.slot(at(2026, 3, 29, 6, 0)) == at(2026, 3, 29, 6)  # the day summer time starts
    quarter = Job("y", ("check",), datetime.timedelta(minutes=15))
    assert quarter.slot(at(2026, 12, 6, 10, 14, 59)) == at(2026, 12, 6, 10)
    assert quarter.slot(at(2026, 12, 6, 10, 15)) == at(2026, 12, 6, 10, 15)


def test_each_job_runs_once_per_moment_and_its_outcome_is_recorded(db):
    # A moment with no daily job in the quarter after it (they run between 02:00 and 07:00).
    now = at(2026, 12, 7, 10, 5)
    first = run_due(now)
    assert {run.job for run in first} == set(JOBS)
    assert all(run.outcome == JobRun.Outcome.OK and run.finished_at for run in first)
    assert run_due(now) == []  # a restart, or a second scheduler: nothing again
    assert JobRun.objects.count() == len(JOBS)
    later = run_due(now + datetime.timedelta(minutes=15))
    assert [run.job for run in later] == ["cbs_digest"]
    assert late_jobs(now) == []


def test_a_missed_interval_is_late_and_a_failure_recorded(db, monkeypatch):
    now = timezone.now()
    run_due(now - datetime.timedelta(days=3))
    assert set(late_jobs(now)) == set(JOBS)
    from portal import scheduler

    broken = Job("broken", ("send_cbs_digest", "--no-such-option"), datetime.timedelta(hours=1))
    monkeypatch.setitem(scheduler.JOBS, "broken", broken)
    (run,) = [r for r in run_due(now) if r.job == "broken"]
    assert run.outcome == JobRun.Outcome.FAILED and "no-such-option" in run.detail
    assert "broken" in late_jobs(now)


def test_clear_sessions_job_removes_expired_sessions(db):
    Session.objects.create(session_key="old", session_data="x",
                           expire_date=timezone.now() - datetime.timedelta(days=1))  # fmt: skip
    Session.objects.create(session_key="new", session_data="x",
                           expire_date=timezone.now() + datetime.timedelta(days=1))  # fmt: skip
    call_command("run_job", "clear_sessions", stdout=__import__("io").StringIO())
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
    assert JobRun.objects.get(job="clear_sessions").outcome == JobRun.Outcome.OK


def test_scheduler_command_once_beats_and_runs_what_is_due(db):
    call_command("scheduler", "--once")
    assert Heartbeat.objects.filter(name="scheduler").exists()
    assert JobRun.objects.filter(outcome=JobRun.Outcome.OK).count() == len(JOBS)
