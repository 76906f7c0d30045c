"""Send every kind of reminder that is due (portal/reminders.py). Run daily; idempotent.

``manage.py send_reminders`` (all kinds), ``--kind project_end`` (one), ``--today 2027-01-01``
(as if it were that day, e.g. to check ahead).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from portal.reminders import reminder_kinds, run_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due: each once per person, thing and moment."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", default=[], help="Only this kind.")
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        known = {kind.key for kind in reminder_kinds()}
        unknown = set(options["kind"]) - known
        if unknown:
            raise CommandError(
                f"Unknown kind: {', '.join(sorted(unknown))}; known: {sorted(known)}"
            )
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date as YYYY-MM-DD.") from exc
        result = run_reminders(today=today, kinds=options["kind"])
        for key, sent in result.sent.items():
            tidied = result.tidied.get(key, 0)
            extra = f", {tidied} tidied" if tidied else ""
            self.stdout.write(f"{key}: {sent} sent{extra}")
        self.stdout.write(f"Reminders sent: {result.total}.")
