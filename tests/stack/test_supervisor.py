"""deploy/supervisord.conf, for hosts without Docker or systemd: supervisord runs the Procfile's
web, worker and scheduler; each killed in turn (SIGKILL, nothing to tidy up) is started again and
works again: the home page answers from a new gunicorn master, the new worker says it is alive and
delivers a mail, the new scheduler says it is alive."""

import contextlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.portal.test_deployment_files import supervisord_config_here
from tests.stack.conftest import MONITORING_TOKEN, Browser, free_ports, wait_until

SUPERVISORCTL = str(Path(sys.executable).parent / "supervisorctl")
SUPERVISORD = str(Path(sys.executable).parent / "supervisord")
HEARTBEAT = "SELECT seen_at FROM portal_heartbeat WHERE name = %s"


def children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    with contextlib.suppress(OSError):
        return {int(child) for child in path.read_text().split()}
    return set()


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def test_supervisord_starts_each_killed_service_again(stack):
    folder = Path(tempfile.mkdtemp(prefix="kp-sv-"))  # short: the control socket's path
    config = supervisord_config_here(folder)
    (port,) = free_ports(1)
    browser = Browser(port)

    def supervised_pid(name: str) -> int:
        """The pid supervisord started ``name`` as, 0 while it is not running."""
        result = subprocess.run([SUPERVISORCTL, "-c", str(config), "pid", name],
                                capture_output=True, text=True, check=False)  # fmt: skip
        return int(result.stdout.strip()) if result.stdout.strip().isdigit() else 0

    def restarted(name: str, old: int) -> int:
        return wait_until(lambda: (pid := supervised_pid(name)) not in (0, old) and pid,
                          timeout=30, what=f"{name} started again")  # fmt: skip

    def home():
        with contextlib.suppress(OSError, http.client.HTTPException):
            return browser.get("/", timeout=5).status == 200

    def heartbeat(name: str):
        """When ``name`` last said it is alive (the start of this test if never)."""
        rows = stack.sql(HEARTBEAT, (name,))
        return rows[0][0] if rows else started

    def now():
        return stack.sql("SELECT now()")[0][0]

    # The supervised worker is the only one, so its heartbeat and the mail it sends are its own.
    stack.worker.stop()
    supervisord = stack.add("supervisord", [SUPERVISORD, "-n", "-c", str(config)],
                            env={**stack.env, "PORT": str(port)})  # fmt: skip
    started = now()
    try:
        supervisord.start()
        wait_until(home, timeout=90, what="the home page from the supervised gunicorn")
        page = browser.get("/")
        assert page.status == 200 and "CBS Microdata" in page.text

        # The app server: its master killed. Its workers, orphaned, answer one more request each
        # (or wait out half of gunicorn's timeout) and stop; then the new master has the port.
        master = wait_until(lambda: supervised_pid("web"), timeout=10, what="web's pid")
        workers = children(master)
        assert workers, "gunicorn's workers"
        os.kill(master, signal.SIGKILL)
        restarted("web", master)
        wait_until(lambda: (home(), not any(alive(pid) for pid in workers | {master}))[1],
                   timeout=60, what="the old workers gone")  # fmt: skip
        wait_until(home, timeout=60, what="the home page from the new gunicorn")
        new_master = supervised_pid("web")
        assert new_master != master and children(new_master)
        assert browser.get("/").status == 200

        # The worker: says it is alive again and delivers a mail asked for after the kill.
        worker = wait_until(lambda: supervised_pid("worker"), timeout=10, what="worker's pid")
        wait_until(lambda: heartbeat("worker") > started, timeout=60, what="its heartbeat")
        killed = now()
        os.kill(worker, signal.SIGKILL)
        restarted("worker", worker)
        wait_until(lambda: heartbeat("worker") > killed, timeout=60,
                   what="the new worker's heartbeat")  # fmt: skip
        email = "lotte.meijer@example.nl"
        asked = browser.post("/accounts/password/reset/", {"email": email})
        assert asked.status == 302, asked.text[:2000]
        _, _, message_id, _ = wait_until(
            lambda: (row := stack.outbox(email)) and row[0] == "sent" and row,
            timeout=60, what="the mail sent by the new worker",
        )  # fmt: skip
        assert stack.delivered(message_id) == 1

        # The scheduler, once its first look at what is due has finished (no job cut off).
        scheduler = wait_until(lambda: supervised_pid("scheduler"), timeout=10, what="its pid")
        wait_until(lambda: heartbeat("scheduler") > started, timeout=60, what="its heartbeat")
        wait_until(
            lambda: not stack.sql("SELECT 1 FROM portal_jobrun WHERE finished_at IS NULL"),
            timeout=180, what="no job running",
        )  # fmt: skip
        killed = now()
        os.kill(scheduler, signal.SIGKILL)
        restarted("scheduler", scheduler)
        wait_until(lambda: heartbeat("scheduler") > killed, timeout=60,
                   what="the new scheduler's heartbeat")  # fmt: skip

        ready = browser.get("/readyz", headers={"Authorization": f"Bearer {MONITORING_TOKEN}"})
        checks = json.loads(ready.body)["checks"]
        assert checks["worker"]["ok"] and checks["scheduler"]["ok"], checks
    finally:
        # supervisord stops its programs (TERM, each lets its work finish), then itself.
        supervisord.stop(timeout=60)
        stack.worker.start()
        shutil.rmtree(folder, ignore_errors=True)
