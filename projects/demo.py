"""Demo projects of the mock-up: 10014 Demo projectaanvraag and 10013 Test proces projectaanvraag."""

import datetime

from accounts.demo import person
from accounts.models import Institution, User
from portal.audit import record
from portal.models import Event
from portal.reminders import forget_expiring
from projects import readiness
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.card import forget_cards
from projects.events import ProjectEvent
from projects.models import (
    Bijlage,
    BijlageStatus,
    BijlageVersion,
    DataFile,
    FileKind,
    Project,
    ProjectFile,
    ProjectService,
    Publication,
    Role,
    Service,
    Status,
    TeamMember,
)

DATA_FILES = [
    (
        "B99999",
        "Bestand serviceportal",
        "Data file service portal",
        "Testbestand van het serviceportal.",
        "Test file of the service portal.",
    ),
    (
        "B10001",
        "GBA-persoonstab",
        "Municipal personal records",
        "Persoonskenmerken uit de Basisregistratie Personen.",
        "Personal characteristics from the Personal Records Database.",
    ),
    (
        "B10002",
        "SPOLISBUS",
        "Jobs and wages (SPOLIS)",
        "Banen en lonen per maand.",
        "Jobs and wages per month.",
    ),
]
SERVICES = [
    (
        "D99999",
        "Dienst serviceportal",
        "Service portal service",
        "Testdienst van het serviceportal.",
        "Test service of the service portal.",
    ),
    (
        "D10001",
        "Maatwerkbestand",
        "Custom data file",
        "CBS stelt een bestand op maat samen.",
        "CBS compiles a custom data file.",
    ),
    (
        "D10002",
        "Koppelen eigen data",
        "Linking own data",
        "CBS koppelt uw eigen bestand aan CBS-microdata.",
        "CBS links your own file to CBS microdata.",
    ),
]


GOAL = (
    "<p>Lorem ipsum odor amet, consectetuer adipiscing elit. Auctor risus scelerisque nisi sagittis "
    "lacus taciti mi mauris. Phasellus integer mauris ridiculus cursus eros mus ex ultricies "
    "faucibus. Pretium fusce quisque nisi maecenas pretium faucibus. Taciti pulvinar turpis taciti "
    "mauris fermentum. Aenean ornare cursus quam dignissim ante. Tincidunt varius morbi a varius "
    "quisque malesuada imperdiet quam? Dictumst rhoncus dictum ipsum tortor amet eros class tellus.</p>"
)
QUESTIONS = (
    "<p>Congue elit fermentum commodo a purus. Nulla mattis vel nunc inceptos semper neque. Aenean "
    "praesent feugiat felis metus ridiculus consectetur mus. Nisi platea posuere nunc efficitur vel. "
    "Duis phasellus phasellus tellus penatibus mollis iaculis. Auctor ultricies elit torquent "
    "sodales per leo.</p>"
)
STANDARD_FILE_EXPLANATION = (
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua.</p>"
)
CUSTOM_FILE_EXPLANATION = (
    "<p>Ik wil graag een maatwerkbestand op basis van scelerisque ornare: alle personen met een "
    "baan in de periode 2015-2023, met hun opleidingsniveau en woonregio.</p>"
)


def load(stdout) -> None:
    for code, name, name_en, description, description_en in DATA_FILES:
        DataFile.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name, name_en=name_en, description=description, description_en=description_en
            ),
        )
    for code, name, name_en, description, description_en in SERVICES:
        Service.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name, name_en=name_en, description=description, description_en=description_en
            ),
        )

    afas = Institution.objects.get(name="AFAS Software")
    cbs_contact = User.objects.filter(is_staff=True).order_by("pk").first()
    demo, _ = Project.objects.get_or_create(
        number=10014,
        defaults=dict(
            title="Demo projectaanvraag",
            start_date=datetime.date(2024, 11, 1),
            end_date=datetime.date(2027, 11, 1),
            institution=afas,
            reference_number="IO 12345",
            cbs_contact=cbs_contact,
            status=Status.ORIENTATION,
        ),
    )
    test, _ = Project.objects.get_or_create(
        number=10013,
        defaults=dict(
            title="Test proces projectaanvraag",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2028, 1, 1),
            institution=afas,
            cbs_contact=cbs_contact,
            status=Status.CONTRACT,
        ),
    )
    # Not in the mock-up's list: a project of Piet's further along, whose cost overview CBS
    # sends (requests_inbox.demo), so the demo shows "Beoordelen kostenoverzicht" to Piet.
    labour, _ = Project.objects.get_or_create(
        number=10015,
        defaults=dict(
            title="Arbeidsmarktpositie van afgestudeerden",
            start_date=datetime.date(2025, 3, 1),
            end_date=datetime.date(2028, 3, 1),
            institution=afas,
            reference_number="IO 12377",
            cbs_contact=cbs_contact,
            status=Status.CONTRACT,
        ),
    )
    for project in (demo, test):
        for kind in Bijlage.Kind.values:
            Bijlage.objects.get_or_create(project=project, kind=kind)
    for kind in Bijlage.Kind.values:
        Bijlage.objects.get_or_create(
            project=labour,
            kind=kind,
            defaults=dict(
                status=BijlageStatus.FINAL,
                version=1,
                sections={
                    section.key: "<p>Zie het onderzoeksvoorstel van 1 maart 2025.</p>"
                    for section in BIJLAGE_DEFINITIONS[kind].sections
                },
            ),
        )

    members = [
        (demo, person("Piet", "Bakker"), Role.LEADER, datetime.date(2024, 11, 1)),
        (demo, person("Eline", "Jager"), Role.RESEARCHER, datetime.date(2024, 11, 1)),
        (demo, person("Patricia", "Bouwer"), Role.RESEARCHER, datetime.date(2024, 11, 1)),
        (test, person("Piet", "Bakker"), Role.VIEWER, datetime.date(2025, 1, 1)),
        (test, person("Gerro", "Jager"), Role.LEADER, datetime.date(2025, 1, 1)),
        (labour, person("Piet", "Bakker"), Role.LEADER, datetime.date(2025, 3, 1)),
        (labour, person("Gerro", "Jager"), Role.SIGNATORY, datetime.date(2025, 3, 1)),
        (labour, person("Eline", "Jager"), Role.RESEARCHER, datetime.date(2025, 3, 1)),
    ]
    for project, member, role, start in members:
        TeamMember.objects.get_or_create(
            project=project,
            person=member,
            defaults=dict(role=role, start_date=start, end_date=project.end_date),
        )

    _demo_contents(demo)


def _demo_contents(demo: Project) -> None:
    """Bijlage 1 in Concept with the mock-up's texts; the mock-up's file, custom file and service."""
    piet = person("Piet", "Bakker")
    piet_user = getattr(piet, "user", None)
    bijlage = Bijlage.objects.get(project=demo, kind=Bijlage.Kind.RESEARCH_PROPOSAL)
    if not bijlage.sections:
        bijlage.sections = {"goal": GOAL, "questions": QUESTIONS}
        bijlage.status = BijlageStatus.DRAFT
        bijlage.version = 1
        bijlage.updated_by = piet_user
        bijlage.save()
    ProjectFile.objects.get_or_create(
        project=demo,
        kind=FileKind.STANDARD,
        data_file=DataFile.objects.get(code="B99999"),
        defaults=dict(explanation=STANDARD_FILE_EXPLANATION, created_by=piet_user),
    )
    ProjectFile.objects.get_or_create(
        project=demo,
        kind=FileKind.CUSTOM,
        defaults=dict(explanation=CUSTOM_FILE_EXPLANATION, created_by=piet_user),
    )
    ProjectService.objects.get_or_create(
        project=demo,
        service=Service.objects.get(code="D99999"),
        defaults=dict(explanation="", created_by=piet_user),
    )
    _demo_history(demo, piet_user)


def _demo_history(demo: Project, piet_user) -> None:
    """Geschiedenis of the demo project: what Piet did above, as the services record it."""
    if Event.objects.filter(project=demo).exists():
        return
    record(verb=ProjectEvent.CREATE, by=piet_user, target=demo, project=demo, to_state=demo.status)
    for member in demo.team.select_related("person").order_by("pk"):
        record(
            verb=ProjectEvent.TEAM_ADD,
            by=piet_user,
            target=member,
            project=demo,
            person=member.person,
            data={"role": member.role},
        )
    bijlage = Bijlage.objects.get(project=demo, kind=Bijlage.Kind.RESEARCH_PROPOSAL)
    record(
        verb=ProjectEvent.BIJLAGE_SAVE,
        by=piet_user,
        target=bijlage,
        project=demo,
        to_state=bijlage.status,
    )
    for project_file in demo.files.order_by("pk"):
        record(verb=ProjectEvent.FILE_ADD, by=piet_user, target=project_file, project=demo)
    for service in demo.services.order_by("pk"):
        record(verb=ProjectEvent.SERVICE_ADD, by=piet_user, target=service, project=demo)


def load_work_queue(stdout) -> None:
    """Two projects waiting on CBS in the back office's work queue (issue 20): one submitted
    (to take into review), one in review; Jan Visser is their CBS contact."""
    afas = Institution.objects.get(name="AFAS Software")
    staff = User.objects.get(email="medewerker@cbs.example.nl")
    for number, title, status in [
        (10019, "Schoolkeuze en woonomgeving", Status.SUBMITTED),
        (10020, "Energiearmoede in huurwoningen", Status.IN_REVIEW),
    ]:
        project, created = Project.objects.get_or_create(
            number=number,
            defaults=dict(
                title=title,
                start_date=datetime.date(2026, 1, 1),
                end_date=datetime.date(2028, 12, 31),
                institution=afas,
                cbs_contact=staff,
                status=status,
            ),
        )
        if created:
            record(
                verb=ProjectEvent.SUBMIT
                if status == Status.SUBMITTED
                else ProjectEvent.TAKE_INTO_REVIEW,
                target=project,
                project=project,
                to_state=status,
            )
    stdout.write("Work queue: project 10019 submitted, 10020 in review.")


# --- What the demos of the apps above build on: projects' rows, written here ------------------


def demo_project(number: int, *, team: list = (), bijlagen: dict | None = None, **fields):
    """The demo project ``number`` (made with ``fields`` when missing, else as it is), its
    bijlagen ({kind: defaults}, each made once) and its team ([(person, role, defaults)], each
    made once or, with ``update=True`` in the defaults, set again). Returns (project, created)."""
    project, created = Project.objects.get_or_create(number=number, defaults=fields)
    for kind, defaults in (bijlagen or {}).items():
        Bijlage.objects.get_or_create(project=project, kind=kind, defaults=defaults)
    for member, role, defaults in team:
        defaults = dict(defaults)
        if defaults.pop("update", False):
            TeamMember.objects.update_or_create(
                project=project, person=member, defaults=dict(role=role, **defaults)
            )
        else:
            TeamMember.objects.get_or_create(
                project=project, person=member, defaults=dict(role=role, **defaults)
            )
    return project, created


def demo_project_end(project: Project, end_date: datetime.date) -> None:
    Project.objects.filter(pk=project.pk).update(end_date=end_date)
    project.end_date = end_date
    # Written in bulk: what is kept of it is forgotten here (projects.card, portal.reminders).
    forget_cards([project.pk])
    forget_expiring(project.team.values_list("person_id", flat=True))


def demo_files(project: Project, *, codes=(), custom: str = "", by) -> None:
    """The project's standard files (by code) and a custom file (its explanation), requested."""
    for code in codes:
        ProjectFile.objects.create(
            project=project,
            kind=FileKind.STANDARD,
            data_file=DataFile.objects.get(code=code),
            created_by=by,
        )
    if custom:
        ProjectFile.objects.create(
            project=project, kind=FileKind.CUSTOM, explanation=custom, created_by=by
        )


def demo_publication(project: Project, title: str, **defaults):
    return Publication.objects.get_or_create(project=project, title=title, defaults=defaults)


def demo_submitted_version(project: Project, number: int, texts: dict, *, at, by):
    """Version ``number`` of the project's bijlagen as submitted (for comparing versions)."""
    return BijlageVersion.objects.create(
        project=project, number=number, texts=texts, submitted_at=at, submitted_by=by
    )


def demo_fill_bijlagen(project: Project, texts: dict, *, version: int, by) -> None:
    """The project's empty bijlagen filled with ``texts`` ({kind: sections}) and made final."""
    for kind, sections in texts.items():
        Bijlage.objects.filter(project=project, kind=int(kind), sections={}).update(
            sections=sections, status=BijlageStatus.FINAL, version=version, updated_by=by
        )
    forget_cards([project.pk])  # written in bulk


def forget_readiness(stdout) -> None:
    """After every loader (see projects' AppConfig): what they wrote in bulk is not kept."""
    readiness.forget_readiness(readiness.EVERYONE)
