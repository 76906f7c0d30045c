"""Load the demo data of the mock-up. Idempotent: running it twice changes nothing.

Each app contributes its part in ``<app>/demo.py`` and registers it (``portal.demo``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo import load_demo_data, print_demo_notes


class Command(BaseCommand):
    help = (
        "Load the demo data of the mock-up (idempotent). It makes a superuser and people whose "
        "password is in the README: only with DEBUG, or --i-know on a server that is no portal."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know",
            action="store_true",
            help="Load the demo data without DEBUG (a test or demo server, never production).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or settings.TESTING or options["i_know"]):
            raise CommandError(
                "REFUSED: load_demo makes a superuser and demo people whose password is published "
                "in the README. DEBUG is off, so this looks like production. Nothing was loaded. "
                "On a demo or test server run it with DEBUG=1, or with --i-know."
            )
        if not (settings.DEBUG or settings.TESTING):
            self.stderr.write(
                self.style.WARNING(
                    "WARNING: loading demo people with published passwords without DEBUG "
                    "(--i-know). Never do this on a production portal."
                )
            )
        with transaction.atomic():
            load_demo_data(self.stdout)
        # After the commit, so the demo's mails (printed in development) come before the logins.
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        print_demo_notes(self.stdout)
