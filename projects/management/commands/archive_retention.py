"""The retention rules of the register of personal data (``portal.privacy``), daily and
idempotent (``manage.py archive_retention``):

1. each closed project whose archive period has passed: ``archive_remove`` removes every kind
   the register says goes at the archive's end, in one transaction per project, files too;
2. what has a period of its own (declined account requests, mail bodies, questions to
   Klantenservice, contracts after ``AGREEMENT_YEARS``, the back office's log);
3. people who left ``PERSON_LEFT_DAYS`` ago are anonymised where nothing requires their data.
"""

from django.core.management.base import BaseCommand

from accounts.services_privacy import person_anonymise, persons_left
from portal.privacy import register
from projects.services_closure import archive_remove, archives_due


class Command(BaseCommand):
    help = "Remove or anonymise personal data whose retention period has passed."

    def handle(self, *args, **options):
        done = 0
        for project in archives_due().order_by("number"):
            counts = archive_remove(project=project)
            if counts:
                done += 1
                self.stdout.write(f"Project {project.number}: archive removed ({counts}).")
        self.stdout.write(f"Archives removed: {done}.")
        for key, count in register.expire().items():
            self.stdout.write(f"Removed after its period: {key} ({count}).")
        anonymised = 0
        for person in persons_left().order_by("pk"):
            if person_anonymise(person=person):
                anonymised += 1
        self.stdout.write(f"People anonymised: {anonymised}.")
