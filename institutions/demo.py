"""Demo of Mijn instelling: a researcher of AFAS who left (he can no longer sign in; CBS has a
change request "Teamlid uit dienst" for his project to decide), and one who leaves next month
(Gerro can still undo it). Idempotent."""

import datetime

from django.utils import timezone

from accounts.demo import person
from accounts.services import person_leave
from projects.demo import demo_project
from projects.models import Project, Role

LEAVER_EMAIL = "kees.smit@example.nl"
LEAVER_PROJECT = 10017


def load(stdout) -> None:
    gerro = person("Gerro", "Jager").user
    kees = person("Kees", "Smit")
    project = Project.objects.get(number=LEAVER_PROJECT)
    demo_project(
        LEAVER_PROJECT,
        team=[(kees, Role.RESEARCHER, {"start_date": project.start_date, "end_date": None})],
    )
    today = timezone.localdate()
    if kees.left_on is None:
        person_leave(person=kees, on=today - datetime.timedelta(days=1), by=gerro)
        stdout.write(f"Kees Smit (AFAS) left yesterday: CBS decides on {LEAVER_PROJECT}'s team.")
    eline = person("Eline", "Jager")
    if eline.left_on is None:
        person_leave(person=eline, on=today + datetime.timedelta(days=30), by=gerro)
