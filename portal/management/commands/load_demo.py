"""Load the demo data of the mock-up. Idempotent: running it twice changes nothing.

Each app contributes its part in ``<app>/demo.py`` (a ``load(stdout)`` function), in order.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

DEMO_LOADERS = [
    "accounts.demo.load",
    "projects.demo.load",
    "requests_inbox.demo.load",
    "requests_inbox.demo.load_expiring",
    "awareness.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo data of the mock-up (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            for path in DEMO_LOADERS:
                import_string(path)(self.stdout)
        # After the commit, so the demo's mails (printed in development) come before the logins.
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        import_string("accounts.demo.print_logins")(self.stdout)
