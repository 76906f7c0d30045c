"""Demo of Rapportages: two years of CBS's work behind Jan Visser's charts.

Projects 10500-10547 went through their phases at moments spread over the last 24 months (their
status changes recorded as the lifecycle records them), with output checks, change requests and
questions to Klantenservice answered sooner or later, researchers of five institutions on the
running ones, awareness tests handed in every month, and declarations and RSA tokens ending
in the coming 90 days. Idempotent: nothing is added when project 10500 exists. The rows are
written by their own apps' demo helpers.

The history is written as it happened: while each row is written the clock reads its moment
(``_at``), so the audit events keep the time of the status change they record.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from accounts.demo import (
    STAFF_EMAIL,
    demo_declaration,
    demo_institution,
    demo_login,
    demo_person,
    demo_rsa_token,
)
from accounts.models import User
from awareness.demo import demo_attempt
from awareness.models import AwarenessTest
from changes.demo import demo_change_request, demo_output_check
from changes.models import OutputStatus
from messaging.demo import demo_question
from portal.audit import record
from portal.workdays import add_working_days
from projects.demo import demo_project
from projects.events import ProjectEvent, move_event
from projects.models import Project, Role, Status
from reports.keep import forget_series

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


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _working_day(day: datetime.date) -> datetime.date:
    return add_working_days(day - datetime.timedelta(days=1), 1)


@transaction.atomic
def load(stdout) -> None:
    # Every app's demo backdates its rows in bulk (no post_save): the kept series are counted
    # again (this loader runs after theirs).
    forget_series()
    if Project.objects.filter(number=FIRST_NUMBER).exists():
        stdout.write("Reports: the two years of history are there already.")
        return
    rng = random.Random(35)  # the same demo every time
    today = timezone.localdate()
    staff = User.objects.get(email=STAFF_EMAIL)
    institutions = [demo_institution(name) for name in INSTITUTIONS]
    people = [
        demo_person(
            institutions[index % len(institutions)],
            first,
            last,
            initials=f"{first[0]}.",
            email=f"{first.lower()}@example.org",
        )
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
        team = []
        if last_status == Status.RUNNING:
            team = [
                (
                    people[(index + offset * 5) % len(people)],
                    Role.LEADER if offset == 0 else Role.RESEARCHER,
                    {"start_date": submitted},
                )
                for offset in range(3)
            ]
        project, _created = demo_project(
            FIRST_NUMBER + index,
            team=team,
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
            at=_moment(created),
        )
        previous = Status.ORIENTATION
        for move, status, day in moments:
            record(
                verb=move_event(move),
                by=staff,
                target=project,
                project=project,
                from_state=previous,
                to_state=status,
                at=_moment(day, 11),
            )
            previous = status
        if last_status == Status.RUNNING:
            running.append(project)
    return running


def _output_checks(rng, today, staff, running) -> None:
    """About one a week on the running projects; most answered within three working days,
    some later, and two still waiting past their day."""
    for days_ago in range(700, 0, -7):
        asked_day = _working_day(today - datetime.timedelta(days=days_ago))
        project = running[days_ago % len(running)]
        if asked_day < project.status_since.date() or asked_day >= today:
            continue
        answered = add_working_days(asked_day, rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 6]))
        open_now = answered >= today or days_ago in (14, 21)
        demo_output_check(
            project,
            asked_at=_moment(asked_day, 9),
            decided_at=None if open_now else _moment(answered, 15),
            status=rng.choice([OutputStatus.RELEASED] * 4 + [OutputStatus.ADJUST]),
            by=staff,
        )


def _change_requests(rng, today, staff, running) -> None:
    for days_ago in range(690, 0, -23):
        asked_day = _working_day(today - datetime.timedelta(days=days_ago))
        project = running[days_ago % len(running)]
        if asked_day >= today:
            continue
        answered = add_working_days(asked_day, rng.choice([2, 3, 4, 5, 5, 7, 9]))
        demo_change_request(
            project,
            end_date=project.end_date + datetime.timedelta(days=180),
            asked_at=_moment(asked_day, 14),
            decided_at=_moment(answered, 10) if answered < today else None,
            by=staff,
        )


def _questions(rng, today, staff, people) -> None:
    """Questions of five researchers (their own logins, so the demo's people keep their own
    Mijn vragen), each answered within one to four working days."""
    askers = [demo_login(person, person.email) for person in people[:5]]
    for days_ago in range(720, 3, -19):
        asked = _moment(_working_day(today - datetime.timedelta(days=days_ago)), 9)
        answered = _moment(add_working_days(asked.date(), rng.choice([1, 1, 2, 2, 3, 4])), 13)
        demo_question(
            asker=askers[days_ago % len(askers)],
            staff=staff,
            subject="Vraag over toegang tot Remote Access",
            asked_at=asked,
            answered_at=answered,
        )


def _attempts(rng, today, people) -> None:
    """An awareness test handed in every nine days, in turn by each researcher; one that
    fails takes it again a few days later and passes, so everybody holds a valid pass."""
    test = AwarenessTest.objects.order_by("-year", "-version").first()
    if test is None:
        return
    numbers: dict[int, int] = {}

    def hand_in(person, submitted, passed):
        numbers[person.pk] = numbers.get(person.pk, 0) + 1
        demo_attempt(test, person, number=numbers[person.pk], submitted_at=submitted, passed=passed)

    for turn, days_ago in enumerate(range(720, 3, -9)):
        person = people[turn % len(people)]
        submitted = _moment(today - datetime.timedelta(days=days_ago), 10)
        passed = rng.random() < 0.8
        hand_in(person, submitted, passed)
        if not passed:
            hand_in(person, submitted + datetime.timedelta(days=3), True)


def _lapsing(today, staff, people) -> None:
    for index, person in enumerate(people[:8]):
        ends = today + datetime.timedelta(days=8 + index * 11)
        if index % 2 == 0:
            demo_declaration(
                person,
                valid_until=ends,
                reviewed_at=_moment(ends - datetime.timedelta(days=698)),
                by=staff,
            )
        demo_rsa_token(
            person, f"RSA-{500100 + index}", today + datetime.timedelta(days=5 + index * 10)
        )
