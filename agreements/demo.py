"""Demo data of Voorbereiding (idempotent): the agreement text; project 10016 in "Overeenkomst ter
ondertekening" with Gerro's open action "Ondertekenen projectovereenkomst"; project 10017 in
"Data voorbereiden" whose files show their preparation status. Made through the services, as
CBS and the customer would, so that the history and the PDFs are real."""

import datetime

from accounts.demo import STAFF_EMAIL, person
from accounts.models import Institution, User
from agreements import services
from agreements.models import AgreementText
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.demo import demo_files, demo_project
from projects.models import BijlageStatus, PreparationStatus, Project, Role, Status
from projects.services import project_transition
from requests_inbox.models import Action, ActionKind
from requests_inbox.services import (
    cost_overview_create,
    cost_overview_decide,
    cost_overview_propose_lines,
    cost_overview_send,
)

AGREEMENT_TEXT = """\
Artikel 1. Onderwerp
CBS stelt de instelling in staat om in de Remote Access-omgeving van CBS onderzoek te doen met \
de microdatabestanden die in deze overeenkomst en haar bijlagen zijn genoemd.

Artikel 2. Geheimhouding
De onderzoekers van de instelling gebruiken de microdata uitsluitend voor het onderzoek dat in \
Bijlage 1 is beschreven. Zij brengen geen gegevens over individuele personen, huishoudens of \
bedrijven naar buiten. Iedere onderzoeker tekent de Gebruikersverklaring en de \
Geheimhoudingsverklaring.

Artikel 3. Output
Resultaten verlaten de Remote Access-omgeving alleen na controle door CBS (outputcontrole).

Artikel 4. Kosten
De instelling betaalt de kosten volgens Bijlage 4 Kostenoverzicht.

Artikel 5. Looptijd
Deze overeenkomst geldt voor de looptijd van het project en eindigt met de afsluiting ervan.
"""

PROJECTS = [
    (10016, "Zorggebruik en inkomen", Status.AGREEMENT),
    (10017, "Woonmobiliteit van jongeren", Status.PREPARING),
]


def load(stdout) -> None:
    staff = User.objects.get(email=STAFF_EMAIL)
    AgreementText.objects.get_or_create(
        version=1,
        defaults=dict(
            title="Projectovereenkomst",
            text=AGREEMENT_TEXT,
            published_at=datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.UTC),
        ),
    )
    for number, title, target in PROJECTS:
        if Project.objects.filter(number=number).exists():
            continue
        project = _project_at_agreement(number, title, staff)
        if target == Status.PREPARING:
            _signed_and_prepared(project, staff)
    stdout.write("Voorbereiding demo: agreements of projects 10016 and 10017.")


def _project_at_agreement(number: int, title: str, staff) -> Project:
    """A complete request, submitted by Piet, reviewed by CBS, costs agreed by Gerro, and the
    agreement sent to Gerro for signature."""
    afas = Institution.objects.get(name="AFAS Software")
    piet, gerro = person("Piet", "Bakker"), person("Gerro", "Jager")
    start = datetime.date(2025, 9, 1)
    project, _created = demo_project(
        number,
        title=title,
        start_date=start,
        end_date=datetime.date(2028, 9, 1),
        institution=afas,
        cbs_contact=staff,
        status=Status.ORIENTATION,
        created_by=piet.user,
        team=[
            (member, role, dict(start_date=start, end_date=datetime.date(2028, 9, 1)))
            for member, role in [
                (piet, Role.LEADER),
                (gerro, Role.SIGNATORY),
                (person("Eline", "Jager"), Role.RESEARCHER),
            ]
        ],
        bijlagen={
            kind: dict(
                status=BijlageStatus.FINAL,
                version=1,
                updated_by=piet.user,
                sections={
                    section.key: f"<p>{section.label}: zie het onderzoeksvoorstel van {title}.</p>"
                    for section in definition.sections
                },
            )
            for kind, definition in BIJLAGE_DEFINITIONS.items()
        },
    )
    demo_files(
        project,
        codes=("B10001", "B10002"),
        custom="<p>Maatwerk: verhuizingen van personen van 18 tot 30 jaar.</p>",
        by=piet.user,
    )
    project_transition(project=project, move="submit", by=piet.user)
    project_transition(project=project, move="take_into_review", by=staff)
    project_transition(project=project, move="start_contract", by=staff)
    overview = cost_overview_create(project=project, by=staff)
    cost_overview_propose_lines(overview=overview, by=staff)
    cost_overview_send(overview=overview, by=staff)
    action = Action.objects.get(
        project=project, person=gerro, kind=ActionKind.COST_REVIEW, completed_at__isnull=True
    )
    cost_overview_decide(action=action, by=gerro.user, agree=True)
    agreement = services.agreement_draft(project=project, by=staff)
    services.agreement_send(agreement=agreement, by=staff)
    return project


def _signed_and_prepared(project: Project, staff) -> None:
    """Gerro signs, CBS countersigns, and CBS prepares the files (one ready, one in
    preparation, the custom file still requested)."""
    gerro = person("Gerro", "Jager")
    agreement = project.agreements.get()
    services.agreement_sign(
        agreement=agreement,
        by=gerro.user,
        typed_name=gerro.full_name,
        document_hash=agreement.document_hash,
        client_address="192.0.2.10",
    )
    services.agreement_countersign(agreement=agreement, by=staff)
    files = {f.data_file.code if f.data_file_id else "": f for f in project.files.all()}
    services.file_preparation_set(
        project_file=files["B10001"], by=staff, status=PreparationStatus.IN_PREPARATION
    )
    services.file_preparation_set(
        project_file=files["B10001"], by=staff, status=PreparationStatus.READY
    )
    services.file_preparation_set(
        project_file=files["B10002"], by=staff, status=PreparationStatus.IN_PREPARATION
    )


def load_work_queue(stdout) -> None:
    """Project 10018: signed by Gerro, waiting for CBS to countersign (the work queue)."""
    if Project.objects.filter(number=10018).exists():
        return
    staff = User.objects.get(email=STAFF_EMAIL)
    project = _project_at_agreement(10018, "Arbeidsmarkt en opleiding", staff)
    gerro = person("Gerro", "Jager")
    agreement = project.agreements.get()
    services.agreement_sign(
        agreement=agreement,
        by=gerro.user,
        typed_name=gerro.full_name,
        document_hash=agreement.document_hash,
        client_address="192.0.2.10",
    )
    stdout.write("Work queue: the agreement of project 10018 waits for CBS's countersignature.")
