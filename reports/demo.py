"""Demo of Rapportages: two years of CBS's work behind Jan Visser's charts.

Projects 10500-10547 went through their phases at moments spread over the last 24 months (their
status changes recorded as the lifecycle records them), with output checks, change requests and
questions to Klantenservice answered sooner or later, researchers of five institutions on the
running ones, awareness tests handed in every month, and declarations and RSA tokens ending
in the coming 90 days. Idempotent: nothing is added when project 10500 exists.

The history is written as it happened: while each row is written the clock reads its moment
(``_at``), so the audit events keep the time of the status change they record.
"""

import datetime
import random
from contextlib import contextmanager
from unittest import mock

from django.db import transaction
from django.utils import timezone

from accounts.demo import STAFF_EMAIL
from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Institution,
    Person,
    User,
)
from awareness.models import Attempt, AwarenessTest
from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from changes.services import expected_answer_date
from messaging.models import Message, Thread
from portal.audit import record
from portal.workdays import add_working_days
from projects.events import ProjectEvent, move_event
from projects.models import Project, Role, Status, TeamMember

FIRST_NUMBER = 10500
PROJECTS = 48
INSTITUTIONS = [
    "AFAS Software",
    "Universiteit Utrecht",
    "Erasmus Universiteit Rotterdam",
    "Rijksuniversiteit Groningen",
    "RIVM",
]
RESEARCHERS = [
    ("Anouk", "de Vries"),
    ("Bram", "Jansen"),
    ("Chantal", "Mulder"),
    ("Daan", "Smit"),
    ("Eva", "Bos"),
    ("Finn", "Dekker"),
    ("Griet", "Peters"),
    ("Hamza", "El Amrani"),
    ("Iris", "Hendriks"),
    ("Joost", "Kok"),
    ("Kim", "Vermeulen"),
    ("Lars", "Brouwer"),
    ("Mila", "de Graaf"),
    ("Noah", "Willems"),
    ("Olga", "Koster"),
]
TITLES = [
    "Arbeidsmarktpositie van statushouders",
    "Schuldhulp en gezondheid",
    "Mantelzorg en werk",
    "Woningmarkt en verhuisgedrag",
    "Onderwijsloopbanen in het mbo",
    "Pensioenopbouw van zzp'ers",
    "Zorgkosten in het laatste levensjaar",
    "Armoede onder werkenden",
]
# The lifecycle's path from submission to running, and the days each step took.
PATH = [
    ("submit", Status.SUBMITTED, (0, 0)),
    ("take_into_review", Status.IN_REVIEW, (2, 9)),
    ("start_contract", Status.CONTRACT, (10, 45)),
    ("send_cost_overview", Status.COSTS_SENT, (3, 10)),
    ("approve_costs", Status.AGREEMENT, (2, 12)),
    ("mark_agreement_signed", Status.PREPARING, (3, 15)),
    ("start_execution", Status.RUNNING, (10, 50)),
]


@contextmanager
def _at(moment: datetime.datetime):
    """The clock reads ``moment`` while the rows of that moment are written."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _working_day(day: datetime.date) -> datetime.date:
    return add_working_days(day - datetime.timedelta(days=1), 1)


@transaction.atomic
def load(stdout) -> None:
    if Project.objects.filter(number=FIRST_NUMBER).exists():
        stdout.write("Reports: the two years of history are there already.")
        return
    rng = random.Random(35)  # the same demo every time
    today = timezone.localdate()
    staff = User.objects.get(email=STAFF_EMAIL)
    institutions = [
        Institution.objects.get_or_create(name=name, defaults={"city": "Nederland"})[0]
        for name in INSTITUTIONS
    ]
    people = [
        Person.objects.get_or_create(
            institution=institutions[index % len(institutions)],
            first_name=first,
            last_name=last,
            defaults={"initials": f"{first[0]}.", "email": f"{first.lower()}@example.org"},
        )[0]
        for index, (first, last) in enumerate(RESEARCHERS)
    ]
    running = _projects(rng, today, staff, institutions, people)
    _output_checks(rng, today, staff, running)
    _change_requests(rng, today, staff, running)
    _questions(rng, today, staff, people)
    _attempts(rng, today, people)
    _lapsing(today, staff, people)
    stdout.write(
        f"Reports: projects {FIRST_NUMBER}-{FIRST_NUMBER + PROJECTS - 1} with two years of "
        "status changes, output checks, change requests, questions and awareness tests."
    )


def _projects(rng, today, staff, institutions, people) -> list[Project]:
    running = []
    for index in range(PROJECTS):
        submitted = today - datetime.timedelta(days=730 - index * 15 + rng.randint(0, 10))
        # The later the submission, the fewer steps it has taken by now.
        moments, day = [], submitted
        for move, status, (low, high) in PATH:
            day = _working_day(day + datetime.timedelta(days=rng.randint(low, high)))
            if day >= today:
                break
            moments.append((move, status, day))
        created = submitted - datetime.timedelta(days=rng.randint(10, 40))
        last_status = moments[-1][1] if moments else Status.ORIENTATION
        with _at(_moment(created)):
            project = Project.objects.create(
                number=FIRST_NUMBER + index,
                title=f"{TITLES[index % len(TITLES)]} ({index // len(TITLES) + 1})",
                start_date=submitted,
                end_date=submitted + datetime.timedelta(days=3 * 365),
                institution=institutions[index % len(institutions)],
                cbs_contact=staff,
                status=last_status,
                status_since=_moment(moments[-1][2]) if moments else _moment(created),
            )
            record(
                verb=ProjectEvent.CREATE,
                target=project,
                project=project,
                description="Project created",
                to_state=Status.ORIENTATION,
            )
        previous = Status.ORIENTATION
        for move, status, day in moments:
            with _at(_moment(day, 11)):
                record(
                    verb=move_event(move),
                    by=staff,
                    target=project,
                    project=project,
                    from_state=previous,
                    to_state=status,
                )
            previous = status
        if last_status == Status.RUNNING:
            running.append(project)
            for offset in range(3):
                TeamMember.objects.get_or_create(
                    project=project,
                    person=people[(index + offset * 5) % len(people)],
                    defaults={
                        "role": Role.LEADER if offset == 0 else Role.RESEARCHER,
                        "start_date": project.start_date,
                    },
                )
    return running


def _output_checks(rng, today, staff, running) -> None:
    """About four a month on the running projects; most answered within three working days,
    some later, and two still waiting past their day."""
    for days_ago in range(700, 0, -7):
        asked_day = _working_day(today - datetime.timedelta(days=days_ago))
        project = running[days_ago % len(running)]
        started = project.status_since.date() if project.status_since else asked_day
        if asked_day < started or asked_day >= today:
            continue
        took = rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 6])
        answered = add_working_days(asked_day, took)
        open_now = answered >= today or days_ago in (14, 21)
        with _at(_moment(asked_day, 9)):
            check = OutputCheck.objects.create(
                project=project,
                description="Tabellen voor het werkdocument.",
                package_name=f"export-{asked_day:%Y-%m-%d}",
                form_document="output-checks/demo-outputcontroleformulier.pdf",
                form_name="Outputcontroleformulier.pdf",
                content_type="application/pdf",
                size=1024,
                expected_answer_date=expected_answer_date(asked_day),
            )
        if not open_now:
            OutputCheck.objects.filter(pk=check.pk).update(
                status=rng.choice([OutputStatus.RELEASED] * 4 + [OutputStatus.ADJUST]),
                decided_at=_moment(answered, 15),
                decided_by=staff,
            )


def _change_requests(rng, today, staff, running) -> None:
    for days_ago in range(690, 0, -23):
        asked_day = _working_day(today - datetime.timedelta(days=days_ago))
        project = running[days_ago % len(running)]
        if asked_day >= today:
            continue
        answered = add_working_days(asked_day, rng.choice([2, 3, 4, 5, 5, 7, 9]))
        with _at(_moment(asked_day, 14)):
            change = ChangeRequest.objects.create(
                project=project,
                kind="extend_end_date",
                data={"end_date": (project.end_date + datetime.timedelta(days=180)).isoformat()},
                summary=f"{project.end_date + datetime.timedelta(days=180):%d-%m-%Y}",
                explanation="Meer tijd nodig voor de analyses.",
            )
        if answered < today:
            ChangeRequest.objects.filter(pk=change.pk).update(
                status=ChangeStatus.APPROVED,
                taken_at=_moment(asked_day, 16),
                decided_at=_moment(answered, 10),
                decided_by=staff,
            )


def _questions(rng, today, staff, people) -> None:
    askers = [
        person.user for person in Person.objects.filter(user__is_staff=False).order_by("pk")[:5]
    ]
    for days_ago in range(720, 3, -19):
        asked = _moment(_working_day(today - datetime.timedelta(days=days_ago)), 9)
        asker = askers[days_ago % len(askers)] if askers else None
        thread = Thread.objects.create(
            subject="Vraag over toegang tot Remote Access",
            started_by=asker,
            created_at=asked,
            last_message_at=asked,
        )
        Message.objects.create(
            thread=thread,
            author=asker,
            author_name=str(asker) if asker else "Onderzoeker",
            body="Hoe vraag ik een nieuw token aan?",
            created_at=asked,
        )
        answered = _moment(add_working_days(asked.date(), rng.choice([1, 1, 2, 2, 3, 4])), 13)
        Message.objects.create(
            thread=thread,
            author=staff,
            author_name=str(staff),
            from_cbs=True,
            body="Via het formulier op de pagina Mijn gegevens.",
            created_at=answered,
        )
        Thread.objects.filter(pk=thread.pk).update(last_message_at=answered)


def _attempts(rng, today, people) -> None:
    test = AwarenessTest.objects.order_by("-year", "-version").first()
    if test is None:
        return
    numbers: dict[int, int] = {}
    for days_ago in range(720, 0, -9):
        person = people[days_ago % len(people)]
        numbers[person.pk] = numbers.get(person.pk, 0) + 1
        submitted = _moment(today - datetime.timedelta(days=days_ago), 10)
        passed = rng.random() < 0.8
        with _at(submitted):
            Attempt.objects.create(
                test=test,
                person=person,
                number=numbers[person.pk],
                submitted_at=submitted,
                correct=9 if passed else 6,
                total=10,
                score=90 if passed else 60,
                passed=passed,
                valid_until=(submitted + datetime.timedelta(days=365)).date() if passed else None,
            )


def _lapsing(today, staff, people) -> None:
    for index, person in enumerate(people[:8]):
        ends = today + datetime.timedelta(days=8 + index * 11)
        if index % 2 == 0:
            with _at(_moment(ends - datetime.timedelta(days=700))):
                ConfidentialityDeclaration.objects.create(
                    person=person,
                    document="declarations/demo-geheimhoudingsverklaring.pdf",
                    status=ConfidentialityStatus.APPROVED,
                    reviewed_at=_moment(ends - datetime.timedelta(days=698)),
                    reviewed_by=staff,
                    valid_until=ends,
                )
        Person.objects.filter(pk=person.pk).update(
            rsa_token_id=f"RSA-{500100 + index}",
            rsa_token_expires=today + datetime.timedelta(days=5 + index * 10),
        )
