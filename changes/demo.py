"""Demo of Uitvoering: a running project of Piet's (10021) with an open change request ("In
behandeling bij CBS"), an output check CBS asked to adjust, and a publication expected within
14 days (its reminder is due). Made through the services, so history and mails are real.
Idempotent: each part only when it is not there yet."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import STAFF_EMAIL, person
from accounts.models import Institution, User
from changes import services
from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.demo import demo_project, demo_publication
from projects.models import Bijlage, BijlageStatus, Project, Role, Status

NUMBER = 10021
# A minimal real PDF (the upload check reads the content, not the name).
FORM_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def load(stdout) -> None:
    staff = User.objects.get(email=STAFF_EMAIL)
    piet, gerro, eline = (
        person("Piet", "Bakker"),
        person("Gerro", "Jager"),
        person("Eline", "Jager"),
    )
    project, _created = demo_project(
        NUMBER,
        title="Gezondheid en werk na pensionering",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        institution=Institution.objects.get(name="AFAS Software"),
        reference_number="IO 12401",
        cbs_contact=staff,
        status=Status.RUNNING,
        bijlagen={
            kind: dict(
                status=BijlageStatus.FINAL,
                version=1,
                sections={
                    section.key: "<p>Zie het onderzoeksvoorstel van 1 december 2024.</p>"
                    for section in BIJLAGE_DEFINITIONS[kind].sections
                },
            )
            for kind in Bijlage.Kind.values
        },
        team=[
            (member, role, dict(start_date=datetime.date(2025, 1, 1), end_date=None))
            for member, role in [
                (piet, Role.LEADER),
                (gerro, Role.SIGNATORY),
                (eline, Role.RESEARCHER),
            ]
        ],
    )

    if not project.change_requests.exists():
        change = services.change_request_ask(
            project=project,
            by=piet.user,
            kind="extend_end_date",
            data={"end_date": "2028-06-30"},
            summary="30-06-2028",
            explanation="De koppeling met de zorgdata is later geleverd dan gepland; we hebben "
            "een half jaar extra nodig voor de analyses.",
        )
        services.change_request_take(change_request=change, by=staff)

    if not project.output_checks.exists():
        check = services.output_check_ask(
            project=project,
            by=eline.user if hasattr(eline, "user") else piet.user,
            description="Tabellen 1 tot en met 4 van het werkdocument: arbeidsparticipatie na "
            "pensionering naar leeftijd en regio.",
            package_name="export-2026-11-tabellen",
            light=False,
            upload=SimpleUploadedFile("Outputcontroleformulier.pdf", FORM_PDF, "application/pdf"),
        )
        services.output_check_decide(
            output_check=check,
            by=staff,
            status=OutputStatus.ADJUST,
            comments="Tabel 3 bevat cellen met minder dan tien personen (regio Zeeland, 67 jaar "
            "en ouder). Voeg regio's samen of rond af en dien het pakket opnieuw in.",
        )

    demo_publication(
        project,
        "Doorwerken na de AOW-leeftijd: wie en waarom?",
        authors="P. Bakker, E. Jager",
        year=timezone.localdate().year,
        kind="article",
        expected_date=timezone.localdate() + datetime.timedelta(days=10),
        created_by=piet.user,
    )
    stdout.write(
        f"Uitvoering: project {NUMBER} runs, with a change request in review, an output check to "
        "adjust and a publication expected within 14 days."
    )


# The second output check was asked this many days ago: past its three working days, so the
# admin's queue flags it overdue.
OVERDUE_DAYS = 8


def load_work_queue(stdout) -> None:
    """A second output check of project 10021, asked a week ago and not yet answered: it waits
    on CBS in the work queue, overdue."""
    project = Project.objects.get(number=NUMBER)
    if project.output_checks.filter(package_name="export-2026-11-figuren").exists():
        return
    check = services.output_check_ask(
        project=project,
        by=person("Piet", "Bakker").user,
        description="Figuren 1 en 2: arbeidsparticipatie na pensionering per jaar.",
        package_name="export-2026-11-figuren",
        light=False,
        upload=SimpleUploadedFile("Outputcontroleformulier.pdf", FORM_PDF, "application/pdf"),
    )
    asked = timezone.now() - datetime.timedelta(days=OVERDUE_DAYS)
    type(check).objects.filter(pk=check.pk).update(
        asked_at=asked,
        expected_answer_date=services.expected_answer_date(timezone.localtime(asked).date()),
    )
    stdout.write("Work queue: an output check of project 10021 waits on CBS, overdue.")


# Rapportages' two years of history (reports.demo) writes these rows through here; their form
# is one document in the storage (so downloads, backups and retention find it).
HISTORY_FORM = "output-checks/demo-outputcontroleformulier.pdf"


def demo_output_check(project: Project, *, asked_at, decided_at=None, status=None, by=None):
    """An output check asked at ``asked_at``; answered (``status``) at ``decided_at``."""
    if not default_storage.exists(HISTORY_FORM):
        default_storage.save(HISTORY_FORM, ContentFile(FORM_PDF))
    check = OutputCheck.objects.create(
        project=project,
        description="Tabellen voor het werkdocument.",
        package_name=f"export-{asked_at:%Y-%m-%d}",
        form_document=HISTORY_FORM,
        form_name="Outputcontroleformulier.pdf",
        content_type="application/pdf",
        size=len(FORM_PDF),
        expected_answer_date=services.expected_answer_date(asked_at.date()),
    )
    answer = dict(status=status, decided_at=decided_at, decided_by=by) if decided_at else {}
    OutputCheck.objects.filter(pk=check.pk).update(asked_at=asked_at, **answer)


def demo_change_request(project: Project, *, end_date, asked_at, decided_at=None, by=None):
    """A request to extend the end date asked at ``asked_at``, approved at ``decided_at``."""
    change = ChangeRequest.objects.create(
        project=project,
        kind="extend_end_date",
        data={"end_date": end_date.isoformat()},
        summary=f"{end_date:%d-%m-%Y}",
        explanation="Meer tijd nodig voor de analyses.",
    )
    answer = (
        dict(status=ChangeStatus.APPROVED, taken_at=asked_at, decided_at=decided_at, decided_by=by)
        if decided_at
        else {}
    )
    ChangeRequest.objects.filter(pk=change.pk).update(asked_at=asked_at, **answer)
