"""Demo of Mijn instelling: a researcher of AFAS who left (he can no longer sign in; CBS has a
change request "Teamlid uit dienst" for his project to decide), and one who leaves next month
(Gerro can still undo it). Idempotent."""

import datetime

from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, person
from accounts.models import Institution, Person, User
from accounts.services import person_leave
from projects.models import Project, Role, TeamMember

LEAVER_EMAIL = "kees.smit@example.nl"
LEAVER_PROJECT = 10017


def load(stdout) -> None:
    afas = Institution.objects.get(name="AFAS Software")
    gerro = person("Gerro", "Jager").user
    kees, _ = Person.objects.update_or_create(
        institution=afas,
        first_name="Kees",
        last_name="Smit",
        defaults=dict(
            initials="K.",
            gender="m",
            birth_date=datetime.date(1990, 3, 14),
            email=LEAVER_EMAIL,
            pid_code="PID-4711",
            rsa_token_id="000412345",
            rsa_token_expires=datetime.date(2027, 6, 30),
        ),
    )
    if not User.objects.filter(email=LEAVER_EMAIL).exists():
        User.objects.create_user(LEAVER_EMAIL, DEMO_PASSWORD, person=kees)
    project = Project.objects.get(number=LEAVER_PROJECT)
    TeamMember.objects.get_or_create(
        project=project,
        person=kees,
        defaults=dict(role=Role.RESEARCHER, start_date=project.start_date, end_date=None),
    )
    today = timezone.localdate()
    if kees.left_on is None:
        person_leave(person=kees, on=today - datetime.timedelta(days=1), by=gerro)
        stdout.write(f"Kees Smit (AFAS) left yesterday: CBS decides on {LEAVER_PROJECT}'s team.")
    eline = person("Eline", "Jager")
    if eline.left_on is None:
        person_leave(person=eline, on=today + datetime.timedelta(days=30), by=gerro)
