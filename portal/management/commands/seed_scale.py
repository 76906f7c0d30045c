"""Fill the database at scale for benchmarks and query-count checks: ``seed_scale --scale N``.

At N=1: 200 institutions, 5,000 persons (1,000 with a login), 10,000 projects with their three
bijlagen, 40,000 team memberships, 20,000 project files, 50,000 actions, 2,000 awareness
attempts (with their answers), and a cost overview for each project of the benchmark user.
Deterministic (seeded random), bulk inserts, one transaction. It refuses to run twice.

The benchmark user ``BENCH_EMAIL`` (password ``BENCH_PASSWORD``) leads 40 projects, is on 20
more, and has 30 open and 30 sent actions: a busy researcher, as the benchmark wants.
"""

import datetime
import random
import time
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Institution, Person, User
from awareness.models import Answer, Attempt, AwarenessTest, Choice, Question
from portal.staff import EDITOR_GROUP
from projects.models import (
    Bijlage,
    BijlageStatus,
    DataFile,
    Project,
    ProjectFile,
    Role,
    Service,
    Status,
    TeamMember,
)
from requests_inbox.models import (
    Action,
    ActionKind,
    ActionStatus,
    CostLine,
    CostOverview,
    CostOverviewStatus,
)

BENCH_EMAIL = "schaal.onderzoeker@example.nl"
STAFF_EMAIL = "schaal.medewerker@example.nl"
BENCH_PASSWORD = "Schaal-benchmark-2026"  # noqa: S105 - local scale data only
MARKER = "Schaalinstelling 0000"
BATCH = 2000

FIRST = ["Anna", "Bram", "Carla", "Daan", "Eva", "Finn", "Greet", "Hugo", "Iris", "Joost", "Kim",
         "Lars", "Mila", "Noor", "Otto", "Pien", "Ruben", "Sara", "Tom", "Vera"]  # fmt: skip
LAST = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker"]  # fmt: skip
TOPICS = ["arbeidsmarkt", "gezondheid", "onderwijs", "wonen", "inkomen", "mobiliteit",
          "energie", "criminaliteit", "migratie", "pensioenen"]  # fmt: skip
OPEN_STATUS = {
    ActionKind.USER_DECLARATION: ActionStatus.TO_SIGN,
    ActionKind.CONFIDENTIALITY: ActionStatus.UPLOAD_DOCUMENT,
    ActionKind.NEW_CONTACT_PERSON: ActionStatus.UPLOAD_DOCUMENT,
    ActionKind.COST_REVIEW: ActionStatus.TO_REVIEW,
    ActionKind.QUESTION: ActionStatus.TO_ANSWER,
    ActionKind.AWARENESS_TEST: ActionStatus.TO_TAKE,
}
DONE_STATUS = {
    ActionKind.USER_DECLARATION: ActionStatus.SIGNED,
    ActionKind.CONFIDENTIALITY: ActionStatus.AWAITING_CBS,
    ActionKind.NEW_CONTACT_PERSON: ActionStatus.APPROVED,
    ActionKind.COST_REVIEW: ActionStatus.AGREED,
    ActionKind.QUESTION: ActionStatus.ANSWERED,
    ActionKind.AWARENESS_TEST: ActionStatus.PASSED,
}


class Command(BaseCommand):
    help = "Fill the database at scale (bulk inserts, deterministic). Refuses to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 10,000 projects")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale: float, seed: int, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        if Institution.objects.filter(name=MARKER).exists():
            raise CommandError("The scale data is already loaded (run it on an empty database).")
        started = time.monotonic()
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        n = lambda count: max(1, round(count * scale))  # noqa: E731
        with transaction.atomic():
            counts = self.seed(
                institutions=n(200),
                persons=n(5000),
                users=n(1000),
                projects=n(10_000),
                members=n(40_000),
                files=n(20_000),
                actions=n(50_000),
                attempts=n(2000),
            )
        seconds = time.monotonic() - started
        for label, count in counts.items():
            self.stdout.write(f"  {label:24} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Scale data loaded in {seconds:.1f} s."))
        self.stdout.write(f"Benchmark logins: {BENCH_EMAIL}, {STAFF_EMAIL} / {BENCH_PASSWORD}")

    def bulk(self, model, objects):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        return created

    def seed(self, *, institutions, persons, users, projects, members, files, actions, attempts):
        rng, today = self.rng, self.today
        counts = {}

        insts = self.bulk(
            Institution,
            [
                Institution(
                    name=f"Schaalinstelling {i:04d}",
                    authorization_start=today - datetime.timedelta(days=rng.randint(30, 900)),
                    authorization_end=today + datetime.timedelta(days=rng.randint(30, 900)),
                    city=rng.choice(["Utrecht", "Leiden", "Groningen", "Tilburg", "Delft"]),
                    country="Nederland",
                )
                for i in range(institutions)
            ],
        )
        counts["institutions"] = len(insts)

        people = self.bulk(
            Person,
            [
                Person(
                    institution=insts[i % len(insts)],
                    initials=f"{FIRST[i % len(FIRST)][0]}.",
                    first_name=FIRST[i % len(FIRST)],
                    last_name=f"{rng.choice(LAST)} {i}",
                    email=f"persoon{i}@schaal.example.nl",
                    gender=rng.choice("mvx"),
                    birth_date=datetime.date(1960, 1, 1)
                    + datetime.timedelta(days=rng.randint(0, 14000)),
                    is_signatory=i % 25 == 1,
                    is_account_manager=i % 25 == 2,
                )
                for i in range(persons)
            ],
        )
        counts["persons"] = len(people)
        # One password hash for every scale user (hashing thousands would take minutes).
        password = make_password(BENCH_PASSWORD)
        emails = [BENCH_EMAIL] + [f"gebruiker{i}@schaal.example.nl" for i in range(1, users)]
        logins = self.bulk(
            User,
            [
                User(email=email, password=password, person=people[i])
                for i, email in enumerate(emails)
            ],
        )
        staff = User.objects.create(email=STAFF_EMAIL, password=password, is_staff=True)
        staff.groups.add(Group.objects.get_or_create(name=EDITOR_GROUP)[0])
        # allauth lets only verified addresses sign in.
        self.bulk(
            EmailAddress,
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in [*logins, staff]
            ],
        )
        counts["users"] = len(logins) + 1

        data_files = self.bulk(
            DataFile,
            [DataFile(code=f"B{50000 + i}", name=f"Schaalbestand {i}") for i in range(50)],
        )
        self.bulk(
            Service, [Service(code=f"D{50000 + i}", name=f"Schaaldienst {i}") for i in range(20)]
        )

        statuses = list(Status.values)
        project_objs = []
        for i in range(projects):
            start = today - datetime.timedelta(days=rng.randint(0, 1500))
            project_objs.append(
                Project(
                    number=100_000 + i,
                    title=f"Onderzoek naar {rng.choice(TOPICS)} {i}",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(365, 1500)),
                    status=rng.choice(statuses),
                    institution=insts[i % len(insts)],
                    reference_number=f"IO {i:05d}",
                )
            )
        project_objs = self.bulk(Project, project_objs)
        counts["projects"] = len(project_objs)

        section = "<p>Dit onderzoek gebruikt microdata van CBS.</p>"
        bijlagen = [
            Bijlage(
                project=project,
                kind=kind,
                status=rng.choice(BijlageStatus.values),
                sections={"goal": section},
            )
            for project in project_objs
            for kind in Bijlage.Kind.values
        ]
        counts["bijlagen"] = len(self.bulk(Bijlage, bijlagen))

        # Team: the persons of the project's own institution; the bench person leads 40 projects
        # and is a researcher on 20 more (all at their institution, so their pages are full).
        by_institution: dict[int, list[Person]] = {}
        for person in people:
            by_institution.setdefault(person.institution_id, []).append(person)
        bench_person = people[0]
        team, seen = [], set()

        def add(project, person, role, end_date=None):
            if (project.pk, person.pk) in seen:
                return
            seen.add((project.pk, person.pk))
            team.append(
                TeamMember(
                    project=project,
                    person=person,
                    role=role,
                    start_date=project.start_date,
                    end_date=end_date,
                )
            )

        bench_projects = [
            p for p in project_objs if p.institution_id == bench_person.institution_id
        ]
        for index, project in enumerate(bench_projects[:60]):
            add(project, bench_person, Role.LEADER if index < 40 else Role.RESEARCHER)
        roles = [Role.LEADER, Role.SIGNATORY, Role.RESEARCHER_PLUS, Role.RESEARCHER, Role.VIEWER]
        per_project = max(1, members // max(1, len(project_objs)))
        for project in project_objs:
            candidates = by_institution[project.institution_id]
            for slot in range(per_project):
                # Some left the team already (an end date in the past); most are on it.
                ended = project.start_date + datetime.timedelta(days=30) if slot == 4 else None
                add(project, rng.choice(candidates), roles[slot % len(roles)], ended)
        while len(team) < members:
            project = rng.choice(project_objs)
            add(project, rng.choice(by_institution[project.institution_id]), Role.RESEARCHER)
        counts["team memberships"] = len(self.bulk(TeamMember, team))

        counts["project files"] = len(
            self.bulk(
                ProjectFile,
                [
                    ProjectFile(
                        project=project_objs[i % len(project_objs)],
                        kind="standard",
                        data_file=rng.choice(data_files),
                        explanation="<p>Nodig voor de analyse.</p>",
                    )
                    for i in range(files)
                ],
            )
        )

        overviews = self.bulk(
            CostOverview,
            [
                CostOverview(project=project, status=CostOverviewStatus.SENT, sent_at=self.now)
                for project in bench_projects[:40]
            ],
        )
        self.bulk(
            CostLine,
            [
                CostLine(
                    overview=overview,
                    position=line,
                    kind="startup" if line == 0 else "file",
                    description="Opstarten nieuw project" if line == 0 else f"Bestand {line}",
                    quantity=Decimal(1 + line % 3),
                    unit_price=Decimal("1850.00") if line == 0 else Decimal("450.00"),
                )
                for overview in overviews
                for line in range(6)
            ],
        )
        counts["cost overviews"] = len(overviews)

        kinds = list(OPEN_STATUS)
        action_objs = []
        for i in range(actions):
            # The bench person gets 60 actions (30 open, 30 sent); the rest are spread.
            person = bench_person if i < 60 else people[rng.randrange(len(people))]
            kind = kinds[i % len(kinds)]
            done = i % 2 == 1
            # The bench person's cost reviews carry a sent cost overview (its PDF is measured).
            overview = (
                overviews[i % len(overviews)] if i < 60 and kind == ActionKind.COST_REVIEW else None
            )
            action_objs.append(
                Action(
                    person=person,
                    kind=kind,
                    subject=f"{ActionKind(kind).label} {i}",
                    status=DONE_STATUS[kind] if done else OPEN_STATUS[kind],
                    regarding=f"Project {100_000 + i % len(project_objs)}",
                    project=overview.project
                    if overview
                    else project_objs[i % len(project_objs)]
                    if kind == ActionKind.COST_REVIEW
                    else None,
                    cost_overview=overview,
                    completed_at=self.now if done else None,
                )
            )
        counts["actions"] = len(self.bulk(Action, action_objs))

        test = AwarenessTest.objects.create(
            name=f"Awarenesstoets schaal {seed_year(today)}", year=seed_year(today), version=99,
            is_active=False,
        )  # fmt: skip
        questions = self.bulk(
            Question,
            [Question(test=test, position=q, text=f"Schaalvraag {q}?") for q in range(10)],
        )
        choices = self.bulk(
            Choice,
            [
                Choice(question=question, position=c, text=f"Antwoord {c}", is_correct=c == 0)
                for question in questions
                for c in range(4)
            ],
        )
        choices_of = {}
        for choice in choices:
            choices_of.setdefault(choice.question_id, []).append(choice)
        attempt_objs = self.bulk(
            Attempt,
            [
                Attempt(
                    test=test,
                    person=people[i % len(people)],
                    number=1 + i // len(people),
                    submitted_at=self.now,
                    correct=8,
                    total=10,
                    score=80,
                    passed=True,
                    valid_until=today + datetime.timedelta(days=365),
                )
                for i in range(attempts)
            ],
        )
        counts["awareness attempts"] = len(attempt_objs)
        answers = [
            Answer(attempt=attempt, question=question, choice=rng.choice(choices_of[question.pk]))
            for attempt in attempt_objs
            for question in questions
        ]
        counts["awareness answers"] = len(self.bulk(Answer, answers))
        return counts


def seed_year(today) -> int:
    return today.year
