"""Give everyone with Remote Access whose awareness test is due an action and an email.

Idempotent: run it daily from cron or the worker (``manage.py awareness_reminders``).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from awareness.services import awareness_refresh_actions


class Command(BaseCommand):
    help = "Create the 'Awarenesstoets' actions (and emails) for people whose test is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Pretend today is this date (YYYY-MM-DD), e.g. to check ahead."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        result = awareness_refresh_actions(today=today)
        self.stdout.write(
            f"Awareness test actions: {result.created} created, {result.withdrawn} withdrawn."
        )
