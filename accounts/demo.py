"""Demo people and institutions of the mock-up. Idempotent (natural keys)."""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Institution,
    Person,
    User,
    UserDeclarationText,
)
from portal.reminders import forget_expiring

DEMO_PASSWORD = "Microdata-demo-2026"

INSTITUTIONS = {
    "AFAS Software": dict(
        authorization_start=datetime.date(2024, 4, 1),
        authorization_end=datetime.date(2027, 3, 31),
        street_address="Inspiratielaan 1",
        postal_code="3833 AV",
        city="Leusden",
        country="Nederland",
    ),
    "CBS Microdata Services": dict(
        authorization_start=datetime.date(2020, 1, 1),
        authorization_end=None,
        street_address="CBS-weg 11",
        postal_code="6412 EX",
        city="Heerlen",
        country="Nederland",
        is_cbs=True,
    ),
    "Universiteit Utrecht": dict(
        authorization_start=datetime.date(2023, 1, 1),
        authorization_end=datetime.date(2027, 12, 31),
        street_address="Heidelberglaan 8",
        postal_code="3584 CS",
        city="Utrecht",
        country="Nederland",
    ),
    "Verlopen Onderzoeksbureau": dict(
        authorization_start=datetime.date(2019, 1, 1),
        authorization_end=datetime.date(2021, 12, 31),
        street_address="Oudeweg 2",
        postal_code="1000 AA",
        city="Amsterdam",
        country="Nederland",
    ),
}

# (login email or None, institution, person fields)
PEOPLE = [
    (
        "piet.bakker@example.nl",
        "AFAS Software",
        dict(
            initials="P.",
            first_name="Piet",
            last_name="Bakker",
            gender="m",
            birth_date=datetime.date(1980, 3, 14),
            email="piet.bakker@example.nl",
            mobile="+31620029168",
            street_address="Inspiratielaan 1",
            postal_code="3833 AV",
            city="Leusden",
            country="Nederland",
            postal_street_address="Inspiratielaan 1",
            postal_postal_code="3833 AV",
            postal_city="Leusden",
            postal_country="Nederland",
            contract_type="employee",
            manager_name="Gerro de Jager",
            manager_function="Hoofd onderzoeksafdeling",
            pid_code="PID10231",
            rsa_token_id="RSA-448812",
            rsa_token_expires=datetime.date(2027, 6, 30),
        ),
    ),
    (
        "gerro.dejager@example.nl",
        "AFAS Software",
        dict(
            initials="G.",
            first_name="Gerro",
            prefix="de",
            last_name="Jager",
            gender="m",
            birth_date=datetime.date(1972, 9, 2),
            email="g.dejager@example.nl",
            is_signatory=True,
            is_account_manager=True,
            contract_type="employee",
        ),
    ),
    (
        None,
        "AFAS Software",
        dict(
            initials="E.",
            first_name="Eline",
            prefix="de",
            last_name="Jager",
            gender="v",
            birth_date=datetime.date(1995, 11, 23),
            email="eline.dejager@example.nl",
        ),
    ),
    (
        # Reported by Gerro as having left AFAS (institutions.demo): he can no longer sign in.
        "kees.smit@example.nl",
        "AFAS Software",
        dict(
            initials="K.",
            first_name="Kees",
            last_name="Smit",
            gender="m",
            birth_date=datetime.date(1990, 3, 14),
            email="kees.smit@example.nl",
            pid_code="PID-4711",
            rsa_token_id="000412345",
            rsa_token_expires=datetime.date(2027, 6, 30),
        ),
    ),
    (
        "patricia.bouwer@example.nl",
        "CBS Microdata Services",
        dict(
            initials="P.",
            first_name="Patricia",
            last_name="Bouwer",
            gender="v",
            birth_date=datetime.date(1988, 5, 30),
            email="pmd.bouwer@example.nl",
            mobile="+31681283128",
        ),
    ),
]

STAFF_EMAIL = "medewerker@cbs.example.nl"

# Open account requests waiting for an account manager (email, institution, fields).
ACCOUNT_REQUESTS = [
    (
        "sanne.visser@example.nl",
        "AFAS Software",
        dict(
            initials="S.",
            first_name="Sanne",
            last_name="Visser",
            gender="v",
            birth_date=datetime.date(1993, 2, 11),
            language="nl",
        ),
    ),
    (
        "thomas.vandenberg@example.nl",
        "AFAS Software",
        dict(
            initials="T.J.",
            first_name="Thomas",
            prefix="van den",
            last_name="Berg",
            gender="m",
            birth_date=datetime.date(1988, 7, 4),
            language="nl",
        ),
    ),
    (
        "amira.haddad@example.nl",
        "AFAS Software",
        dict(
            initials="A.",
            first_name="Amira",
            last_name="Haddad",
            gender="v",
            birth_date=datetime.date(1997, 12, 1),
            language="en",
        ),
    ),
    (
        "lotte.meijer@example.nl",
        "Universiteit Utrecht",
        dict(
            initials="L.",
            first_name="Lotte",
            last_name="Meijer",
            gender="v",
            birth_date=datetime.date(1991, 9, 19),
            language="nl",
        ),
    ),
]


def load(stdout) -> None:
    institutions = {}
    for name, fields in INSTITUTIONS.items():
        institutions[name], _ = Institution.objects.update_or_create(name=name, defaults=fields)
    for login, institution_name, fields in PEOPLE:
        person, _ = Person.objects.update_or_create(
            institution=institutions[institution_name],
            first_name=fields["first_name"],
            last_name=fields["last_name"],
            defaults=fields,
        )
        if login:
            _ensure_user(login, person=person)
    staff_person, _ = Person.objects.update_or_create(
        institution=institutions["CBS Microdata Services"],
        first_name="Jan",
        last_name="Visser",
        defaults=dict(initials="J.", email=STAFF_EMAIL, gender="m"),
    )
    _ensure_user(STAFF_EMAIL, person=staff_person, is_staff=True, is_superuser=True)
    for email, institution_name, fields in ACCOUNT_REQUESTS:
        if not AccountRequest.objects.filter(email__iexact=email).exists():
            AccountRequest.objects.create(
                email=email,
                institution=institutions[institution_name],
                status=AccountRequestStatus.OPEN,
                **fields,
            )


DECLARATION_TEXT = """Gebruikersverklaring CBS Microdata Services

Ik verklaar dat ik:
1. de microdata van het CBS uitsluitend gebruik voor statistisch of wetenschappelijk onderzoek binnen het project waarvoor toegang is verleend;
2. geen pogingen doe om personen, huishoudens, bedrijven of instellingen in de microdata te herkennen;
3. alleen resultaten buiten de Remote Access-omgeving breng nadat het CBS deze heeft gecontroleerd;
4. mijn inloggegevens en RSA-token niet met anderen deel en alleen werk vanaf een beveiligde verbinding;
5. iedere (vermoede) inbreuk op deze regels direct meld bij CBS Microdata Services.

Ik ben mij ervan bewust dat het CBS bij overtreding de toegang tot microdata kan intrekken."""


def declaration_text(*, published_at) -> None:
    """Version 1 of the Gebruikersverklaring's text."""
    UserDeclarationText.objects.get_or_create(
        version=1,
        defaults=dict(
            title="Gebruikersverklaring", text=DECLARATION_TEXT, published_at=published_at
        ),
    )


def expiring_soon(*, piet, gerro, staff, today, document: bytes) -> None:
    """Piet's RSA token in three weeks and Gerro's Geheimhoudingsverklaring in 45 days, set again
    only when they have drifted out of their reminder window."""
    from django.core.files.base import ContentFile

    days = datetime.timedelta
    if not (piet.rsa_token_expires and today < piet.rsa_token_expires <= today + days(30)):
        Person.objects.filter(pk=piet.pk).update(rsa_token_expires=today + days(21))
        forget_expiring([piet.pk])  # written in bulk: "Verloopt binnenkort" computed again
    declaration = gerro.confidentiality_declarations.first()
    if declaration is None:
        declaration = ConfidentialityDeclaration(
            person=gerro,
            status=ConfidentialityStatus.APPROVED,
            reviewed_by=staff,
            reviewed_at=timezone.now(),
            valid_until=today + days(45),
        )
        declaration.document.save("demo-geheimhoudingsverklaring.pdf", ContentFile(document))
    elif not (declaration.valid_until and today < declaration.valid_until <= today + days(60)):
        ConfidentialityDeclaration.objects.filter(pk=declaration.pk).update(
            valid_until=today + days(45)
        )
        forget_expiring([gerro.pk])


def print_logins(stdout) -> None:
    """Printed last by load_demo, so the logins are what a newcomer sees."""
    stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
    for login, institution_name, fields in PEOPLE:
        if login:
            stdout.write(f"  {login:32} {fields['first_name']} ({institution_name})")
    stdout.write(f"  {STAFF_EMAIL:32} Jan Visser, CBS staff: back office at /admin/")
    stdout.write(
        "  gerro.dejager@example.nl is account manager of AFAS Software: see Account requests."
    )


def _ensure_user(email: str, *, person, **flags) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, person=person, **flags)
    elif user.person_id is None and person is not None:
        user.person = person
        user.save(update_fields=["person"])
    # allauth signs in only with a verified address (created by accounts.signals for new users).
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def person(first_name: str, last_name: str) -> Person:
    return Person.objects.get(first_name=first_name, last_name=last_name)


def load_work_queue(stdout) -> None:
    """For the work queue: a confidentiality declaration of Piet to review, and an account
    request that has waited at AFAS for three weeks."""
    from django.core.files.base import ContentFile

    piet = person("Piet", "Bakker")
    if not ConfidentialityDeclaration.objects.filter(
        person=piet, status=ConfidentialityStatus.SUBMITTED
    ).exists():
        declaration = ConfidentialityDeclaration(person=piet)
        declaration.document.save(
            "geheimhoudingsverklaring.pdf",
            ContentFile(b"%PDF-1.4\n% demo\n%%EOF\n"),
            save=True,
        )
    email = "sanne.dekker@example.nl"
    if not AccountRequest.objects.filter(email__iexact=email).exists():
        request = AccountRequest.objects.create(
            email=email,
            institution=Institution.objects.get(name="AFAS Software"),
            status=AccountRequestStatus.OPEN,
            initials="S.",
            first_name="Sanne",
            last_name="Dekker",
            birth_date=datetime.date(1994, 5, 17),
            gender="v",
        )
        AccountRequest.objects.filter(pk=request.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=21)
        )
    stdout.write("Work queue: a declaration to review, an account request waiting three weeks.")


# Rapportages' two years of history (reports.demo) writes these rows through here.
def demo_institution(name: str) -> Institution:
    return Institution.objects.get_or_create(name=name, defaults={"city": "Nederland"})[0]


def demo_person(institution: Institution, first_name: str, last_name: str, **defaults) -> Person:
    return Person.objects.get_or_create(
        institution=institution, first_name=first_name, last_name=last_name, defaults=defaults
    )[0]


def demo_login(person: Person, email: str) -> User:
    """A login of ``person`` (the demo password) that the history's questions are asked by."""
    return _ensure_user(email, person=person)


# The history's declarations (reports.demo) share one document in the storage, so downloads,
# backups and retention find it.
HISTORY_DECLARATION = "declarations/demo-geheimhoudingsverklaring.pdf"


def demo_declaration(person: Person, *, valid_until, reviewed_at, by) -> None:
    """An approved Geheimhoudingsverklaring ending on ``valid_until``."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    if not default_storage.exists(HISTORY_DECLARATION):
        default_storage.save(HISTORY_DECLARATION, ContentFile(b"%PDF-1.4\n% demo\n%%EOF\n"))
    declaration = ConfidentialityDeclaration.objects.create(
        person=person,
        document=HISTORY_DECLARATION,
        status=ConfidentialityStatus.APPROVED,
        reviewed_at=reviewed_at,
        reviewed_by=by,
        valid_until=valid_until,
    )
    uploaded = reviewed_at - datetime.timedelta(days=2)
    ConfidentialityDeclaration.objects.filter(pk=declaration.pk).update(uploaded_at=uploaded)


def demo_rsa_token(person: Person, token_id: str, expires) -> None:
    Person.objects.filter(pk=person.pk).update(rsa_token_id=token_id, rsa_token_expires=expires)
    forget_expiring([person.pk])  # written in bulk: "Verloopt binnenkort" computed again
