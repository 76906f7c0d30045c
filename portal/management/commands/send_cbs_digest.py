"""Tell CBS what customers did: one digest mail per recipient per quarter of an hour
(portal/digest.py). Run every 15 minutes; idempotent."""

from django.core.management.base import BaseCommand

from portal.digest import send_cbs_digest


class Command(BaseCommand):
    help = "Mail CBS contacts a digest of what customers did since their previous digest."

    def handle(self, *args, **options):
        self.stdout.write(f"Digest mails sent: {send_cbs_digest()}.")
