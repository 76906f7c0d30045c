"""Mail each CBS staff member the summary of their open work, once a week (portal/work_summary.py).
Run daily; idempotent (one per person per ISO week). Off with WORK_SUMMARY_WEEKLY=0."""

from django.core.management.base import BaseCommand

from portal.work_summary import send_work_summaries


class Command(BaseCommand):
    help = "Mail CBS staff a weekly summary of their open work in the work queue."

    def handle(self, *args, **options):
        self.stdout.write(f"Work summaries sent: {send_work_summaries()}.")
