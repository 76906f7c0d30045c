"""Remove closed projects' archives after their archive period (the retention rule).

Daily, idempotent (``manage.py archive_retention``): for each closed project whose archive
period has passed, ``projects.services_closure.archive_remove`` removes its documents (files and
rows) and the personal data it holds (its team), records an audit event, and keeps the project's
number, title, status and audit events. A project already done is not touched again.
"""

from django.core.management.base import BaseCommand

from projects.services_closure import archive_remove, archives_due


class Command(BaseCommand):
    help = "Remove the documents and personal data of closed projects after the archive period."

    def handle(self, *args, **options):
        done = 0
        for project in archives_due().order_by("number"):
            counts = archive_remove(project=project)
            if counts:
                done += 1
                self.stdout.write(f"Project {project.number}: archive removed ({counts}).")
        self.stdout.write(f"Archives removed: {done}.")
