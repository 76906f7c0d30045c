"""Demo data of Afsluiting: a closed project in its archive period (10041) and one whose closure
Piet has requested (10042). Idempotent: running it twice changes nothing."""

import datetime

from accounts.demo import person
from accounts.models import Institution, User
from portal.audit import record
from portal.models import Event
from projects.events import ProjectEvent
from projects.models import (
    Bijlage,
    BijlageStatus,
    Project,
    Publication,
    PublicationKind,
    Role,
    Status,
    TeamMember,
)
from projects.services_closure import default_archive_until

CLOSED_ON = datetime.date(2025, 6, 30)
TEXT = "<p>Zie het onderzoeksvoorstel.</p>"


def _project(number, title, status, start, end, **fields) -> Project:
    afas = Institution.objects.get(name="AFAS Software")
    project, _ = Project.objects.get_or_create(
        number=number,
        defaults=dict(
            title=title,
            start_date=start,
            end_date=end,
            institution=afas,
            cbs_contact=User.objects.filter(is_staff=True).order_by("pk").first(),
            status=status,
            **fields,
        ),
    )
    for kind in Bijlage.Kind.values:
        Bijlage.objects.get_or_create(
            project=project,
            kind=kind,
            defaults=dict(status=BijlageStatus.FINAL, version=1, sections={"goal": TEXT}),
        )
    return project


def _member(project, first, last, role, start, end=None) -> None:
    TeamMember.objects.get_or_create(
        project=project,
        person=person(first, last),
        defaults=dict(role=role, start_date=start, end_date=end),
    )


def load(stdout) -> None:
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    closed = _project(
        10041,
        "Gezondheid en werk 2015-2020",
        Status.CLOSED,
        datetime.date(2022, 1, 1),
        datetime.date(2025, 6, 30),
        closed_on=CLOSED_ON,
        archive_until=default_archive_until(CLOSED_ON),
    )
    for first, last, role in [
        ("Piet", "Bakker", Role.LEADER),
        ("Gerro", "Jager", Role.SIGNATORY),
        ("Eline", "Jager", Role.RESEARCHER),
    ]:
        _member(closed, first, last, role, datetime.date(2022, 1, 1), CLOSED_ON)
    Publication.objects.get_or_create(
        project=closed,
        title="Gezondheid en arbeidsparticipatie",
        defaults=dict(
            authors="P. Bakker, E. Jager",
            year=2025,
            kind=PublicationKind.ARTICLE,
            actual_date=datetime.date(2025, 5, 1),
        ),
    )
    if not Event.objects.filter(project=closed, verb=ProjectEvent.CLOSE).exists():
        record(
            verb=ProjectEvent.CLOSE,
            by=staff,
            target=closed,
            project=closed,
            from_state=Status.CLOSURE_REQUESTED,
            to_state=Status.CLOSED,
            data={"archive_until": closed.archive_until.isoformat()},
        )

    requested = _project(
        10042,
        "Pendelgedrag van jonge werkenden",
        Status.CLOSURE_REQUESTED,
        datetime.date(2023, 9, 1),
        datetime.date(2026, 9, 1),
    )
    _member(requested, "Piet", "Bakker", Role.LEADER, datetime.date(2023, 9, 1))
    _member(requested, "Gerro", "Jager", Role.SIGNATORY, datetime.date(2023, 9, 1))
    Publication.objects.get_or_create(
        project=requested,
        title="Pendelen na de pandemie",
        defaults=dict(
            authors="P. Bakker",
            year=2026,
            kind=PublicationKind.REPORT,
            expected_date=datetime.date(2026, 12, 1),
        ),
    )
    if not Event.objects.filter(project=requested, verb=ProjectEvent.REQUEST_CLOSURE).exists():
        record(
            verb=ProjectEvent.REQUEST_CLOSURE,
            by=getattr(person("Piet", "Bakker"), "user", None),
            target=requested,
            project=requested,
            from_state=Status.RUNNING,
            to_state=Status.CLOSURE_REQUESTED,
            reason="Het rapport verschijnt bij de opdrachtgever; de analyses zijn klaar.",
            data={"open_items": ["“Pendelen na de pandemie” is nog niet als gepubliceerd gemeld."]},
        )
