"""The scheduler from the Procfile: every job runs and is recorded; killed and started again it
runs nothing twice; readiness tells the scheduler and the worker are alive."""

import json
import signal
import time

from tests.stack.conftest import MONITORING_TOKEN, procfile, wait_until


def runs(stack) -> list[tuple]:
    return stack.sql("SELECT job, slot, outcome FROM portal_jobrun ORDER BY job, slot")


def test_scheduler_runs_each_job_once_per_moment_also_across_a_kill(stack):
    from portal.scheduler import JOBS

    scheduler = stack.add("scheduler", ["sh", "-c", procfile()["scheduler"]]).start()
    try:
        done = wait_until(
            lambda: (rows := runs(stack)) and {job for job, _, outcome in rows if outcome == "ok"}
            == set(JOBS) and rows,
            timeout=180, what="every job run once",
        )  # fmt: skip
        beat = "SELECT seen_at FROM portal_heartbeat WHERE name = 'scheduler'"
        before = stack.sql(beat)[0][0]
        scheduler.signal(signal.SIGKILL)
        scheduler.proc.wait(timeout=10)
        scheduler.start()
        wait_until(lambda: stack.sql(beat)[0][0] > before, timeout=60,
                   what="the restarted scheduler's heartbeat")  # fmt: skip
        time.sleep(3)  # its first look at what is due
        daily = [row for row in runs(stack) if row[0] != "cbs_digest"]
        assert daily == [row for row in done if row[0] != "cbs_digest"]  # nothing ran again
        ready = stack.browser("A").get(
            "/readyz", headers={"Authorization": f"Bearer {MONITORING_TOKEN}"}
        )
        checks = json.loads(ready.body)["checks"]
        assert checks["scheduler"]["ok"] and checks["worker"]["ok"], checks
        assert checks["jobs"] == {**checks["jobs"], "ok": True, "late": []}, checks["jobs"]
    finally:
        scheduler.stop()
