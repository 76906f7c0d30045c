"""Demo of Uitvoering: a running project of Piet's (10021) with an open change request ("In
behandeling bij CBS"), an output check CBS asked to adjust, and a publication expected within
14 days (its reminder is due). Made through the services, so history and mails are real.
Idempotent: each part only when it is not there yet."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.demo import STAFF_EMAIL, person
from accounts.models import Institution, User
from changes import services
from changes.models import OutputStatus
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import Bijlage, BijlageStatus, Project, Publication, Role, Status, TeamMember

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
    project, created = Project.objects.get_or_create(
        number=NUMBER,
        defaults=dict(
            title="Gezondheid en werk na pensionering",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2027, 12, 31),
            institution=Institution.objects.get(name="AFAS Software"),
            reference_number="IO 12401",
            cbs_contact=staff,
            status=Status.RUNNING,
        ),
    )
    for kind in Bijlage.Kind.values:
        Bijlage.objects.get_or_create(
            project=project,
            kind=kind,
            defaults=dict(
                status=BijlageStatus.FINAL,
                version=1,
                sections={
                    section.key: "<p>Zie het onderzoeksvoorstel van 1 december 2024.</p>"
                    for section in BIJLAGE_DEFINITIONS[kind].sections
                },
            ),
        )
    for member, role in [(piet, Role.LEADER), (gerro, Role.SIGNATORY), (eline, Role.RESEARCHER)]:
        TeamMember.objects.get_or_create(
            project=project,
            person=member,
            defaults=dict(role=role, start_date=project.start_date, end_date=None),
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

    Publication.objects.get_or_create(
        project=project,
        title="Doorwerken na de AOW-leeftijd: wie en waarom?",
        defaults=dict(
            authors="P. Bakker, E. Jager",
            year=timezone.localdate().year,
            kind="article",
            expected_date=timezone.localdate() + datetime.timedelta(days=10),
            created_by=piet.user,
        ),
    )
    stdout.write(
        f"Uitvoering: project {NUMBER} runs, with a change request in review, an output check to "
        "adjust and a publication expected within 14 days."
    )


def load_work_queue(stdout) -> None:
    """A second output check of project 10021, asked and not yet answered (the work queue)."""
    project = Project.objects.get(number=NUMBER)
    if project.output_checks.filter(package_name="export-2026-11-figuren").exists():
        return
    services.output_check_ask(
        project=project,
        by=person("Piet", "Bakker").user,
        description="Figuren 1 en 2: arbeidsparticipatie na pensionering per jaar.",
        package_name="export-2026-11-figuren",
        light=False,
        upload=SimpleUploadedFile("Outputcontroleformulier.pdf", FORM_PDF, "application/pdf"),
    )
    stdout.write("Work queue: an output check of project 10021 waits on CBS.")
