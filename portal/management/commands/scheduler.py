"""The scheduler (Procfile ``scheduler``): runs the jobs of portal/scheduler.py at their moments.

Checks every ``--interval`` seconds what is due; says it is alive (``Heartbeat`` "scheduler");
waits out a database that is away; on SIGTERM or SIGINT it lets the running job finish, then
stops. Run as many as you like: each job runs once per moment (``JobRun``).
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from portal.health import beat
from portal.scheduler import run_due

logger = logging.getLogger("portal.scheduler")


class Command(BaseCommand):
    help = "Run the scheduled jobs (portal/scheduler.py) at their moments."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20, help="seconds between checks")
        parser.add_argument("--once", action="store_true", help="run what is due, then stop")

    def handle(self, *, interval, once, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        logger.info("Scheduler started")
        while self.running:
            try:
                beat("scheduler")
                run_due()
            except (OperationalError, InterfaceError) as error:
                logger.warning("Database unavailable (%s); trying again shortly.", error)
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(1, interval))
        logger.info("Scheduler stopped")
