"""Fill the database at scale for benchmarks and query-count checks: ``seed_scale --scale N``.

At N=1: 200 institutions, 5,000 persons (1,000 with a login and a verified email address),
10,000 projects with their three bijlagen, 40,000 team memberships, 20,000 project files (some
with documents), services, publications, cost overviews with lines for every project past
"Contract opstellen", 50,000 actions, 2,000 awareness attempts (with their answers) of the one
active test, user declaration signatures, confidentiality declarations, account requests,
tariffs and an audit trail. Every table of our apps gets rows, consistent with each other:

- a project's status fits its bijlagen (final once submitted) and its cost overviews (one sent
  overview and an open cost review action for each project leader and signatory when the
  status is "Kostenoverzicht ter goedkeuring", an agreed one with sent actions afterwards);
- a sent action carries what it was about: a signed user declaration its signature, a
  confidentiality declaration its uploaded document, an awareness test its passed attempt;
- allauth's EmailAddress rows exist for every login (bulk inserts send no signals).

Deterministic (seeded random, no clock in the random choices), bulk inserts, one transaction.
It refuses to run twice.

The benchmark user ``BENCH_EMAIL`` (password ``BENCH_PASSWORD``) leads 40 projects (ten awaiting
the approval of a sent cost overview, with its PDF), is on 20 more, and has 30 open and 30 sent
actions: a busy researcher, as the benchmark wants.
"""

import contextlib
import datetime
import random
import time
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Institution,
    Person,
    User,
    UserDeclarationSignature,
    UserDeclarationText,
)
from awareness.models import Answer, Attempt, AwarenessTest, Choice, Question
from messaging.scale import seed as seed_messaging
from portal.models import CbsDigest, Event, ReminderRun, SentReminder
from portal.staff import EDITOR_GROUP
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import (
    Bijlage,
    BijlageStatus,
    DataFile,
    FileKind,
    Project,
    ProjectFile,
    ProjectFileDocument,
    ProjectService,
    Publication,
    PublicationKind,
    Role,
    Service,
    Status,
    TeamMember,
)
from requests_inbox.models import (
    Action,
    ActionAttachment,
    ActionKind,
    ActionStatus,
    CostLine,
    CostOverview,
    CostOverviewStatus,
    Tariff,
    TariffKind,
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

# The statuses in which the customer still writes the bijlagen; from "submitted" on they are final.
EDITABLE = {Status.ORIENTATION}
# A sent cost overview awaits approval; from "agreement" on it was agreed.
AGREED_STATUSES = {Status.AGREEMENT, Status.PREPARING, Status.RUNNING, Status.CLOSURE_REQUESTED,
                   Status.CLOSED}  # fmt: skip
PUBLISHING = {Status.RUNNING, Status.CLOSURE_REQUESTED, Status.CLOSED}
COST_DECIDERS = {Role.LEADER, Role.SIGNATORY}
# The kinds of actions besides cost reviews (those come from the cost overviews).
OTHER_KINDS = [ActionKind.QUESTION, ActionKind.USER_DECLARATION, ActionKind.CONFIDENTIALITY,
               ActionKind.NEW_CONTACT_PERSON, ActionKind.AWARENESS_TEST]  # fmt: skip
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
# A tiny valid PDF: the one stored document every seeded file field points at.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
DECLARATION_TEXT = (
    "Ik gebruik de microdata van CBS alleen voor het onderzoek waarvoor ze beschikbaar zijn "
    "gesteld en maak geen personen of bedrijven herkenbaar."
)


@contextlib.contextmanager
def explicit_times(*fields):
    """Let bulk inserts give ``auto_now_add`` fields their own past moments (then restore)."""
    saved = [(field, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now_add = False
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


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
        timed = [Action._meta.get_field("created_at"), Attempt._meta.get_field("started_at"),
                 ConfidentialityDeclaration._meta.get_field("uploaded_at")]  # fmt: skip
        with transaction.atomic(), explicit_times(*timed):
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
        self.analyze()
        seconds = time.monotonic() - started
        for label, count in counts.items():
            self.stdout.write(f"  {label:30} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Scale data loaded in {seconds:.1f} s."))
        self.stdout.write(f"Benchmark logins: {BENCH_EMAIL}, {STAFF_EMAIL} / {BENCH_PASSWORD}")

    def analyze(self):
        """Planner statistics for the tables just filled, as after any bulk load.

        Without them PostgreSQL plans for nearly empty tables (a team query scanned all 5,000
        persons) until autovacuum gets to them, and autovacuum may be off or slow; SQLite's
        planner uses them too.
        """
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def bulk(self, model, objects):
        return model.objects.bulk_create(objects, batch_size=BATCH)

    def placeholder(self, folder: str) -> str:
        """The name of one stored placeholder PDF in ``folder`` (shared by all seeded rows)."""
        return default_storage.save(f"{folder}/schaal.pdf", ContentFile(PLACEHOLDER_PDF))

    def ago(self, days: int) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)

    def seed(self, *, institutions, persons, users, projects, members, files, actions, attempts):
        counts = {}
        self.seed_people(counts, institutions, persons, users)
        self.seed_catalogue(counts)
        self.seed_projects(counts, projects, members, files)
        self.seed_awareness(counts, attempts)
        self.seed_actions(counts, actions)
        self.seed_account_requests(counts, max(1, institutions // 2))
        self.seed_events(counts)
        counts |= seed_messaging(projects=self.projects, team=self.team, users=self.users,
                                 staff=self.staff, now=self.now,
                                 placeholder=self.placeholder("message-attachments"),
                                 pdf_size=len(PLACEHOLDER_PDF))  # fmt: skip
        return counts

    # --- people ---------------------------------------------------------------------------

    def seed_people(self, counts, institutions, persons, users):
        rng, today = self.rng, self.today
        self.institutions = self.bulk(
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
        counts["institutions"] = len(self.institutions)
        insts = self.institutions
        # Persons 0 .. users-1 have a login; half of them work through Remote Access (PID code).
        self.people = self.bulk(
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
                    pid_code=f"PID{i:05d}" if i < users and i % 2 == 0 else "",
                )
                for i in range(persons)
            ],
        )
        counts["persons"] = len(self.people)
        # One password hash for every scale user (hashing thousands would take minutes).
        password = make_password(BENCH_PASSWORD)
        emails = [BENCH_EMAIL] + [f"gebruiker{i}@schaal.example.nl" for i in range(1, users)]
        logins = [
            User(email=email, password=password, person=self.people[i])
            for i, email in enumerate(emails)
        ]
        staff = User(email=STAFF_EMAIL, password=password, is_staff=True)
        created = self.bulk(User, [*logins, staff])
        self.users, self.staff = created[:-1], created[-1]
        self.user_of = {user.person_id: user for user in self.users}
        self.staff.groups.add(Group.objects.get_or_create(name=EDITOR_GROUP)[0])
        # allauth lets only verified addresses sign in; bulk inserts send no post_save, so the
        # rows accounts.signals makes for a new user are made here.
        self.bulk(
            EmailAddress,
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in created
            ],
        )
        counts["users"] = len(created)
        self.bench_person = self.people[0]

    # --- catalogue -------------------------------------------------------------------------

    def seed_catalogue(self, counts):
        self.data_files = self.bulk(
            DataFile,
            [DataFile(code=f"B{50000 + i}", name=f"Schaalbestand {i}") for i in range(50)],
        )
        self.services = self.bulk(
            Service, [Service(code=f"D{50000 + i}", name=f"Schaaldienst {i}") for i in range(20)]
        )
        tariffs = [
            Tariff(description="Schaal: opstarten nieuw project", kind=TariffKind.STARTUP,
                   unit_price=Decimal("1850.00")),
            Tariff(description="Schaal: per bestand", kind=TariffKind.FILE,
                   unit_price=Decimal("450.00")),
            Tariff(description="Schaal: per onderzoeker", kind=TariffKind.RESEARCHER,
                   unit_price=Decimal("300.00")),
        ] + [
            Tariff(description=f"Schaal: {service.name}", kind=TariffKind.SERVICE,
                   unit_price=Decimal("250.00"), service=service)
            for service in self.services
        ]  # fmt: skip
        counts["tariffs"] = len(self.bulk(Tariff, tariffs))

    # --- projects --------------------------------------------------------------------------

    def seed_projects(self, counts, projects, members, files):
        rng, today = self.rng, self.today
        people, bench_person = self.people, self.bench_person
        insts = self.institutions
        statuses = list(Status.values)
        bench_inst = bench_person.institution_id
        project_objs = []
        bench_led = 0
        for i in range(projects):
            start = today - datetime.timedelta(days=rng.randint(0, 1500))
            institution = insts[i % len(insts)]
            status = rng.choice(statuses)
            if institution.pk == bench_inst and bench_led < 40:
                # The benchmark user's first ten projects await their cost approval.
                status = Status.COSTS_SENT if bench_led < 10 else status
                bench_led += 1
            project_objs.append(
                Project(
                    number=100_000 + i,
                    title=f"Onderzoek naar {rng.choice(TOPICS)} {i}",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(365, 1500)),
                    status=status,
                    institution=institution,
                    reference_number=f"IO {i:05d}",
                    cbs_contact=self.staff,
                    created_by=self.user_of.get(people[i % len(people)].pk),
                )
            )
        self.projects = project_objs = self.bulk(Project, project_objs)
        counts["projects"] = len(project_objs)

        bijlagen = []
        for project in project_objs:
            for kind, definition in BIJLAGE_DEFINITIONS.items():
                status = (
                    rng.choice(BijlageStatus.values)
                    if project.status in EDITABLE
                    else BijlageStatus.FINAL
                )
                sections = (
                    {}
                    if status == BijlageStatus.TO_FILL
                    else {
                        section.key: f"<p>{section.key.capitalize()} van project "
                        f"{project.number}.</p>"
                        for section in definition.sections
                    }
                )
                bijlagen.append(
                    Bijlage(project=project, kind=kind, status=status, sections=sections)
                )
        counts["bijlagen"] = len(self.bulk(Bijlage, bijlagen))

        # Team: the persons of the project's own institution; the bench person leads 40 projects
        # and is a researcher on 20 more (all at their institution, so their pages are full).
        by_institution: dict[int, list[Person]] = {}
        for person in people:
            by_institution.setdefault(person.institution_id, []).append(person)
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

        self.bench_projects = [p for p in project_objs if p.institution_id == bench_inst]
        for index, project in enumerate(self.bench_projects[:60]):
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
        self.team = self.bulk(TeamMember, team)
        counts["team memberships"] = len(self.team)

        project_files = self.bulk(
            ProjectFile,
            [
                ProjectFile(
                    project=project_objs[i % len(project_objs)],
                    kind=FileKind.STANDARD if i % 10 else FileKind.CUSTOM,
                    data_file=rng.choice(self.data_files) if i % 10 else None,
                    explanation="<p>Nodig voor de analyse.</p>",
                )
                for i in range(files)
            ],
        )
        counts["project files"] = len(project_files)
        document = self.placeholder("project-files")
        counts["project file documents"] = len(
            self.bulk(
                ProjectFileDocument,
                [
                    ProjectFileDocument(
                        project_file=item,
                        document=document,
                        original_name=f"Beschrijving eigen bestand {item.pk}.pdf",
                        content_type="application/pdf",
                        size=len(PLACEHOLDER_PDF),
                    )
                    for item in project_files
                    if item.kind == FileKind.CUSTOM
                ],
            )
        )
        counts["project services"] = len(
            self.bulk(
                ProjectService,
                [
                    ProjectService(
                        project=project,
                        service=self.services[i % len(self.services)],
                        explanation="<p>Ondersteuning bij de analyse.</p>",
                    )
                    for i, project in enumerate(project_objs)
                    if i % 3 == 0
                ],
            )
        )
        counts["publications"] = len(
            self.bulk(
                Publication,
                [
                    Publication(
                        project=project,
                        title=f"Resultaten over {project.title.lower()}",
                        authors="Schaal, A. en Bakker, B.",
                        year=project.end_date.year,
                        kind=rng.choice(PublicationKind.values),
                        expected_date=project.end_date,
                        actual_date=project.end_date if project.status == Status.CLOSED else None,
                    )
                    for project in project_objs
                    if project.status in PUBLISHING
                ],
            )
        )
        self.seed_cost_overviews(counts)

    def seed_cost_overviews(self, counts):
        """One overview per project past "Contract opstellen": sent (awaiting approval) or
        agreed, with lines; the sent ones carry their PDF as sent."""
        pdf = self.placeholder("cost-overviews")
        overviews = []
        for project in self.projects:
            if project.status == Status.COSTS_SENT:
                status, decided = CostOverviewStatus.SENT, None
            elif project.status in AGREED_STATUSES:
                status, decided = CostOverviewStatus.AGREED, self.ago(20)
            else:
                continue
            overviews.append(
                CostOverview(
                    project=project,
                    status=status,
                    created_by=self.staff,
                    sent_at=self.ago(30),
                    pdf=pdf,
                    decided_at=decided,
                )
            )
        self.overviews = self.bulk(CostOverview, overviews)
        self.bulk(
            CostLine,
            [
                CostLine(
                    overview=overview,
                    position=line,
                    kind=TariffKind.STARTUP if line == 0 else TariffKind.FILE,
                    description="Opstarten nieuw project" if line == 0 else f"Bestand {line}",
                    quantity=Decimal(1 + line % 3),
                    unit_price=Decimal("1850.00") if line == 0 else Decimal("450.00"),
                )
                for overview in self.overviews
                for line in range(6)
            ],
        )
        counts["cost overviews"] = len(self.overviews)

    # --- awareness -------------------------------------------------------------------------

    def seed_awareness(self, counts, attempts):
        rng, today = self.rng, self.today
        # The one active test, unless the database already has one (awareness_one_active_test).
        active = not AwarenessTest.objects.filter(is_active=True).exists()
        test = AwarenessTest.objects.create(
            name=f"Awarenesstoets schaal {today.year}", year=today.year, version=99,
            is_active=active,
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
        # Attempts of people with Remote Access; the answers fit the score.
        remote = [p for p in self.people if p.pid_code] or self.people[:1]
        attempt_objs, answer_plan = [], []
        for i in range(attempts):
            person = remote[i % len(remote)]
            picks = [rng.random() < 0.85 for _ in questions]
            correct = sum(picks)
            score = round(100 * correct / len(questions))
            passed = score >= test.pass_mark
            attempt_objs.append(
                Attempt(
                    test=test,
                    person=person,
                    number=1 + i // len(remote),
                    started_at=self.ago(400 - i % 365),
                    submitted_at=self.ago(400 - i % 365),
                    correct=correct,
                    total=len(questions),
                    score=score,
                    passed=passed,
                    valid_until=today + datetime.timedelta(days=365 - i % 365) if passed else None,
                )
            )
            answer_plan.append(picks)
        self.attempts = self.bulk(Attempt, attempt_objs)
        counts["awareness attempts"] = len(self.attempts)
        answers = [
            Answer(
                attempt=attempt,
                question=question,
                choice=choices_of[question.pk][0] if right else choices_of[question.pk][1],
            )
            for attempt, picks in zip(self.attempts, answer_plan, strict=True)
            for question, right in zip(questions, picks, strict=True)
        ]
        counts["awareness answers"] = len(self.bulk(Answer, answers))
        self.passed_by = {a.person_id: a for a in self.attempts if a.passed}

    # --- actions ---------------------------------------------------------------------------

    def seed_actions(self, counts, actions):
        rng = self.rng
        people, bench_person = self.people, self.bench_person
        text = UserDeclarationText.objects.order_by("-version").first()
        if text is None:
            text = UserDeclarationText.objects.create(
                version=1, text=DECLARATION_TEXT, published_at=self.ago(800)
            )
        deciders: dict[int, list[int]] = {}
        for member in self.team:
            if member.role in COST_DECIDERS and member.end_date is None:
                deciders.setdefault(member.project_id, []).append(member.person_id)

        action_objs: list[Action] = []

        def add(person_id, kind, *, done, i, **fields):
            user = self.user_of.get(person_id)
            created = self.ago(10 + i % 300)
            action_objs.append(
                Action(
                    person_id=person_id,
                    kind=kind,
                    subject=f"{ActionKind(kind).label} {i}",
                    status=DONE_STATUS[kind] if done else OPEN_STATUS[kind],
                    created_at=created,
                    created_by=self.staff,
                    completed_at=created + datetime.timedelta(days=1 + i % 9) if done else None,
                    completed_by=user if done else None,
                    **fields,
                )
            )

        # Cost reviews: the leaders and signatories of each project with an overview decide.
        for overview in self.overviews:
            done = overview.status != CostOverviewStatus.SENT
            for person_id in deciders.get(overview.project_id, []):
                add(
                    person_id, ActionKind.COST_REVIEW, done=done, i=len(action_objs),
                    project_id=overview.project_id, cost_overview=overview,
                    regarding=f"Projectaanvraag {overview.project.number}",
                )  # fmt: skip
        # The bench person's other actions: up to 30 open and 30 sent in all.
        bench_open = sum(1 for a in action_objs if a.person_id == bench_person.pk and a.is_open)
        bench_sent = sum(1 for a in action_objs if a.person_id == bench_person.pk and not a.is_open)
        plan = [(bench_person.pk, False)] * max(0, 30 - bench_open) + [
            (bench_person.pk, True)
        ] * max(0, 30 - bench_sent)
        while len(action_objs) + len(plan) < actions:
            # Everybody else (the benchmark user has exactly 30 open and 30 sent).
            others = people[1:] or people
            plan.append((others[rng.randrange(len(others))].pk, rng.random() < 0.5))
        plan = plan[: max(0, actions - len(action_objs))]
        remote = {person.pk for person in people if person.pid_code}
        for index, (person_id, done) in enumerate(plan):
            kind = OTHER_KINDS[index % len(OTHER_KINDS)]
            if kind == ActionKind.AWARENESS_TEST and (
                person_id not in remote or done != (person_id in self.passed_by)
            ):
                # Only people with Remote Access take the test; sent means a passed attempt.
                kind = ActionKind.QUESTION
            i = len(action_objs)
            fields = {"regarding": "Microdata Services"}
            if kind == ActionKind.QUESTION and done:
                fields["response"] = "Dat klopt, zie de bijlage van het project."
            add(person_id, kind, done=done, i=i, **fields)
        self.actions = self.bulk(Action, action_objs)
        counts["actions"] = len(self.actions)

        # What the sent actions were about.
        document = self.placeholder("declarations")
        signatures, declarations, declared = [], [], []
        person_of = {person.pk: person for person in self.people}
        for action in self.actions:
            if action.is_open:
                continue
            person = person_of[action.person_id]
            if action.kind == ActionKind.USER_DECLARATION:
                signatures.append(
                    UserDeclarationSignature(
                        person=person, text_version=text, signed_at=action.completed_at,
                        signed_name=f"{person.first_name} {person.last_name}",
                        text_hash=text.text_hash,
                    )
                )  # fmt: skip
            elif action.kind == ActionKind.CONFIDENTIALITY:
                declarations.append(
                    ConfidentialityDeclaration(
                        person=person,
                        document=document,
                        uploaded_at=action.completed_at,
                        status=ConfidentialityStatus.SUBMITTED,
                    )
                )
                declared.append(action)
        counts["declaration signatures"] = len(self.bulk(UserDeclarationSignature, signatures))
        declarations = self.bulk(ConfidentialityDeclaration, declarations)
        for action, declaration in zip(declared, declarations, strict=True):
            action.declaration = declaration
        Action.objects.bulk_update(declared, ["declaration"], batch_size=BATCH)
        counts["confidentiality declarations"] = len(declarations)
        attachment = self.placeholder("action-attachments")
        questions = [a for a in self.actions if a.kind == ActionKind.QUESTION]
        counts["action attachments"] = len(
            self.bulk(
                ActionAttachment,
                [
                    ActionAttachment(action=action, document=attachment, name="Toelichting.pdf")
                    for action in questions[::5]
                ],
            )
        )

    # --- account requests and the audit trail ---------------------------------------------

    def seed_account_requests(self, counts, number):
        rng = self.rng
        requests = []
        for i in range(number):
            status = [AccountRequestStatus.OPEN, AccountRequestStatus.APPROVED,
                      AccountRequestStatus.REJECTED][i % 3]  # fmt: skip
            requests.append(
                AccountRequest(
                    institution=self.institutions[i % len(self.institutions)],
                    initials="A.",
                    first_name=FIRST[i % len(FIRST)],
                    last_name=f"{rng.choice(LAST)} aanvraag {i}",
                    birth_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=i),
                    gender=rng.choice("mvx"),
                    email=f"aanvraag{i}@schaal.example.nl",
                    status=status,
                    decided_at=None if status == AccountRequestStatus.OPEN else self.ago(10),
                    reason="Geen onderzoeker van de instelling."
                    if status == AccountRequestStatus.REJECTED
                    else "",
                )
            )
        counts["account requests"] = len(self.bulk(AccountRequest, requests))

    def seed_events(self, counts):
        """The audit trail of what the data says happened: each project's creation and its
        current status, each sent cost overview."""
        events = []
        for project in self.projects:
            events.append(
                Event(
                    verb="project.create", target_type="projects.project",
                    target_id=str(project.pk), target_repr=str(project)[:300],
                    to_state=Status.ORIENTATION, project=project,
                    description="Project aangemaakt",
                )
            )  # fmt: skip
            if project.status != Status.ORIENTATION:
                events.append(
                    Event(
                        actor=self.staff, actor_name=self.staff.email, verb="project.status",
                        target_type="projects.project", target_id=str(project.pk),
                        target_repr=str(project)[:300], from_state=Status.ORIENTATION,
                        to_state=project.status, project=project,
                        description="Status gewijzigd",
                    )
                )  # fmt: skip
        for overview in self.overviews:
            events.append(
                Event(
                    actor=self.staff, actor_name=self.staff.email, verb="cost_overview.send",
                    target_type="requests_inbox.costoverview", target_id=str(overview.pk),
                    target_repr=f"Bijlage 4 Kostenoverzicht – {overview.project}"[:300],
                    from_state=CostOverviewStatus.DRAFT, to_state=CostOverviewStatus.SENT,
                    project=overview.project,
                )
            )  # fmt: skip
        counts["events"] = len(self.bulk(Event, events))
        self.seed_reminders(counts)

    def seed_reminders(self, counts):
        """What the daily reminders and the CBS digest have sent so far: a reminder for every
        tenth person's RSA token, one digest mail a day for the staff member."""
        reminders = [
            SentReminder(
                kind="rsa_token", thing=f"rsa_token:{person.pk}:scale", moment=30,
                person=person, what="RSA-token", due_date=self.today,
            )
            for person in self.people[::10]
        ]  # fmt: skip
        counts["sent reminders"] = len(self.bulk(SentReminder, reminders))
        self.bulk(ReminderRun, [ReminderRun(kind="rsa_token", ran_at=self.now)])
        digests = [
            CbsDigest(recipient=self.staff.email, last_event_id=0, event_count=3)
            for _ in range(max(1, len(self.projects) // 100))
        ]
        counts["digest mails"] = len(self.bulk(CbsDigest, digests))
