"""Apply every reported leave whose day has come ("Uit dienst melden"). Run daily; idempotent.

Sign-in is refused from the day itself whether or not this ran (``accounts.backends``); this
ends the rest: the login, its sessions, open actions (``accounts.registry.leaving``).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from accounts.services import people_leave_apply_due


class Command(BaseCommand):
    help = "End the access of people whose day of leaving their institution has come."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        applied = people_leave_apply_due(today=today)
        self.stdout.write(f"Leaves applied: {applied}.")
