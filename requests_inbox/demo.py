"""Demo data of the actions inbox (idempotent): the tariff list, Piet's three open actions of
the mock-up, a user declaration text, a draft cost overview of 10014 with the mock-up's lines
and a sent cost overview of 10015 with its open actions for Piet (leader) and Gerro (TB)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.demo import STAFF_EMAIL, declaration_text, expiring_soon, person
from accounts.models import User
from projects.demo import demo_project, demo_project_end
from projects.models import Project, Service, Status
from requests_inbox.models import (
    Action,
    ActionKind,
    ActionStatus,
    CostOverview,
    CostOverviewStatus,
    Tariff,
)

TARIFFS = [
    ("Opstarten nieuw project", "startup", Decimal("1850.00"), None),
    ("Dienst serviceportal", "service", Decimal("0.00"), "D99999"),
    ("Ondersteunen lopend project - bestanden", "file", Decimal("18.00"), None),
    ("Ondersteunen lopend project - onderzoeker", "researcher", Decimal("140.00"), None),
]
MOCKUP_LINES = [
    ("startup", "Opstarten nieuw project", Decimal("1"), Decimal("1850.00")),
    ("service", "Dienst serviceportal", Decimal("1"), Decimal("0.00")),
    ("text", "Tekst item", Decimal("1"), Decimal("0.00")),
    ("file", "Ondersteunen lopend project - bestanden", Decimal("1"), Decimal("18.00")),
    ("researcher", "Ondersteunen lopend project - onderzoeker", Decimal("4"), Decimal("140.00")),
]


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(stdout) -> None:
    staff = User.objects.get(email=STAFF_EMAIL)
    for description, kind, price, service_code in TARIFFS:
        Tariff.objects.update_or_create(
            description=description,
            defaults=dict(
                kind=kind,
                unit_price=price,
                service=Service.objects.filter(code=service_code).first() if service_code else None,
            ),
        )
    declaration_text(published_at=_at(datetime.date(2024, 1, 1), 9, 0))

    # Piet's open actions, as on Home in the mock-up. "Nieuw contactpersoon" is for account
    # managers; the mock-up shows it on Piet's Home, so Piet has it here too.
    piet = person("Piet", "Bakker")
    day = datetime.date(2024, 8, 15)
    for kind, status, hour, minute in [
        (ActionKind.USER_DECLARATION, ActionStatus.TO_SIGN, 8, 55),
        (ActionKind.CONFIDENTIALITY, ActionStatus.UPLOAD_DOCUMENT, 8, 47),
        (ActionKind.NEW_CONTACT_PERSON, ActionStatus.UPLOAD_DOCUMENT, 8, 36),
    ]:
        subject = {
            ActionKind.USER_DECLARATION: "Gebruikersverklaring",
            ActionKind.CONFIDENTIALITY: "Geheimhoudingsverklaring",
            ActionKind.NEW_CONTACT_PERSON: "Nieuw contactpersoon",
        }[kind]
        action, created = Action.objects.get_or_create(
            person=piet,
            kind=kind,
            defaults=dict(subject=subject, status=status, created_by=staff),
        )
        if created:
            Action.objects.filter(pk=action.pk).update(created_at=_at(day, hour, minute))

    # 10014 is in Oriëntatie: its cost overview is a draft with the mock-up's lines.
    demo = Project.objects.get(number=10014)
    draft, created = CostOverview.objects.get_or_create(
        project=demo, defaults=dict(created_by=staff, status=CostOverviewStatus.DRAFT)
    )
    if created:
        _add_lines(draft)

    # 10015 is in Contract opstellen: CBS sends its overview; Piet (leader) and Gerro
    # (Tekenbevoegde) see "Beoordelen kostenoverzicht" under Openstaande acties.
    test = Project.objects.get(number=10015)
    if not test.cost_overviews.exists() and test.status == Status.CONTRACT:
        from requests_inbox.services import cost_overview_send

        overview = CostOverview.objects.create(project=test, created_by=staff)
        _add_lines(overview)
        cost_overview_send(overview=overview, by=staff)
        sent = _at(datetime.date(2024, 9, 12), 10, 22)
        CostOverview.objects.filter(pk=overview.pk).update(sent_at=sent)
        Action.objects.filter(cost_overview=overview).update(created_at=sent)
    stdout.write("Actions: Piet has the mock-up's open actions and the cost review of 10015.")


def _add_lines(overview: CostOverview) -> None:
    from requests_inbox.services import cost_lines_create

    cost_lines_create(overview, MOCKUP_LINES)


# A tiny valid PDF: the demo's signed Geheimhoudingsverklaring.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load_expiring(stdout) -> None:
    """Things that expire soon, so ``manage.py send_reminders`` has mail to send in the demo
    (and a second run sends none): Piet's RSA token in three weeks, Gerro's Geheimhoudings-
    verklaring in 45 days, and Piet's running project 10030 in 75 days. Dates count from today,
    and are set again only when they have drifted out of their reminder window."""
    from projects.models import Bijlage, BijlageStatus, Role

    today = timezone.localdate()
    staff = User.objects.get(email=STAFF_EMAIL)
    piet, gerro = person("Piet", "Bakker"), person("Gerro", "Jager")

    expiring_soon(piet=piet, gerro=gerro, staff=staff, today=today, document=DEMO_PDF)

    ends = today + _days(75)
    commuting, created = demo_project(
        10030,
        title="Woon-werkverkeer van werkenden",
        start_date=ends - _days(3 * 365),
        end_date=ends,
        institution=piet.institution,
        reference_number="IO 11873",
        cbs_contact=staff,
        status=Status.RUNNING,
    )
    if not created and not (today < commuting.end_date <= today + _days(90)):
        demo_project_end(commuting, ends)
    demo_project(
        10030,
        bijlagen={
            kind: dict(
                status=BijlageStatus.FINAL,
                version=1,
                sections={"goal": "<p>Hoe reizen werkenden naar hun werk, en hoe lang?</p>"},
            )
            for kind in Bijlage.Kind.values
        },
        team=[
            (
                member,
                role,
                dict(start_date=commuting.start_date, end_date=commuting.end_date, update=True),
            )
            for member, role in ((piet, Role.LEADER), (gerro, Role.SIGNATORY))
        ],
    )
    stdout.write(
        "Expiring soon: Piet's RSA token, Gerro's confidentiality declaration and project "
        "10030 (try: manage.py send_reminders)."
    )


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)
