"""Run one scheduled job now, by hand (portal/scheduler.py), recorded as a ``JobRun``."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.models import JobRun
from portal.scheduler import JOBS, run


class Command(BaseCommand):
    help = "Run one scheduled job now: " + ", ".join(JOBS)

    def add_arguments(self, parser):
        parser.add_argument("job", choices=sorted(JOBS))

    def handle(self, *, job, **options):
        record = run(JOBS[job], slot=timezone.now())
        self.stdout.write(f"{job}: {record.get_outcome_display()}\n{record.detail}")
        if record.outcome != JobRun.Outcome.OK:
            raise CommandError(f"{job} failed.")
