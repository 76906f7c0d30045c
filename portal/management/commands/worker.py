"""The task worker of production (Procfile, docker compose): django-tasks-db's ``db_worker``, plus

- every second it also delivers the mail that is due (later tries after a mail-server outage, and
  mail whose worker died while sending it; see portal.mail);
- a database that is down or restarting does not end it: it waits and carries on;
- it says it is alive (``Heartbeat`` "worker", shown by readiness and the metrics).

The options are db_worker's (``--batch`` is how it runs inside; ``--max-tasks`` is not used).
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from portal.health import beat
from portal.mail import deliver_due_mail

logger = logging.getLogger("portal.worker")


class _OncePerStart(logging.Filter):
    """The inner worker starts and finishes a batch every second: say so once, not each time."""

    seen: set[str] = set()

    def filter(self, record):
        if record.msg.startswith(("Starting worker", "No more tasks")):
            first = record.msg not in self.seen
            self.seen.add(record.msg)
            return first and record.msg.startswith("Starting")
        return True


class Command(DbWorkerCommand):
    help = "Run the task worker: Django Tasks (database backend) and the mail outbox."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        backend_name,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        logging.getLogger("django_tasks_db").addFilter(_OncePerStart())
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=True,  # run what is ready, then return here
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        while worker.running:
            try:
                beat("worker")  # readiness: the worker is alive
                worker.running_task = True  # a stop signal waits for the mail being sent
                deliver_due_mail()
                worker.running_task = False
                worker.run()
            except (OperationalError, InterfaceError) as error:
                worker.running_task = False
                logger.warning("Database unavailable (%s); trying again shortly.", error)
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
                time.sleep(max(interval, 1))
                continue
            if worker.running:
                time.sleep(interval)
