"""What accounts holds about people (the register of personal data, ``portal.privacy``): the
person's own data and account, sessions, account requests, declarations."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.privacy import (
    Export,
    Kind,
    Removal,
    days_ago,
    person_addresses,
    record_removal,
    register,
    rows,
)

# The person's fields that are personal data, blanked when the person is anonymised (the
# institution, contract type and dates stay: they say nothing about who it was).
PERSON_FIELDS = (
    "initials", "first_name", "prefix", "last_name", "gender", "email", "portal_email", "phone",
    "mobile", "street_address", "postal_code", "city", "country", "postal_street_address",
    "postal_postal_code", "postal_city", "postal_country", "manager_name", "manager_function",
    "pid_code", "rsa_token_id",
)  # fmt: skip
PERSON_EXPORT = (
    *PERSON_FIELDS, "birth_date", "language", "institution__name", "contract_type",
    "placement_start", "placement_end", "is_signatory", "is_account_manager",
    "rsa_token_expires", "newsletter", "created_at",
)  # fmt: skip


def _person_anonymise(person) -> Removal:
    """The person's fields blanked, the login made unusable; its addresses and two-factor
    devices removed."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from accounts.models import Person, User

    files = [person.photo] if person.photo else []
    # Saved, not updated in bulk: what is kept from the person's fields (the reminders that
    # expire, the reports' RSA tokens) is forgotten by the person's post_save.
    person = Person.objects.get(pk=person.pk)
    blanked = {
        **dict.fromkeys(PERSON_FIELDS, ""),
        "birth_date": None,
        "rsa_token_expires": None,
        "photo": "",
        "newsletter": False,
    }
    for field, value in blanked.items():
        setattr(person, field, value)
    person.save(update_fields=list(blanked))
    user = User.objects.filter(person=person).first()
    if user is not None:
        user.email = f"anonymised-{user.pk}@invalid"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "is_active", "password"])
    EmailAddress.objects.filter(user__person=person).delete()
    Authenticator.objects.filter(user__person=person).delete()
    return Removal(1, files)


def _person_export(person) -> Export:
    from accounts.models import Person, User

    data = rows(Person.objects.filter(pk=person.pk), *PERSON_EXPORT)
    data += rows(
        User.objects.filter(person=person), "email", "language", "date_joined", "last_login"
    )
    files = (
        [(f"photo/{person.photo.name.rsplit('/', 1)[-1]}", person.photo)] if person.photo else []
    )
    return Export(data, files)


register(
    Kind(
        key="person",
        models=(
            "accounts.Person",
            "accounts.User",
            "account.EmailAddress",
            "account.EmailConfirmation",
            "mfa.Authenticator",
        ),  # fmt: skip
        what=_(
            "Your personal data: name, date of birth, gender, addresses, phone numbers, photo, "
            "PID code and RSA token, your manager; your login email and two-factor devices"
        ),
        purpose=_(
            "Knowing who works with CBS microdata, giving you access to the Remote Access "
            "environment, and reaching you"
        ),
        retention=_(
            "Kept while you work for an authorized institution; anonymised %(period)s days "
            "after you left, once no project archive or contract still needs it."
        ),
        period="PERSON_LEFT_DAYS",
        recipients=_("The account manager of your institution"),
        kept=_("That a person of the institution existed, without who it was."),
        order=10,
        anonymise=_person_anonymise,
        export=_person_export,
    )
)


def _sessions_anonymise(person) -> Removal:
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    sessions = UserSession.objects.filter(user__person=person)
    keys = list(sessions.values_list("session_key", flat=True))
    count = sessions.delete()[0]
    Session.objects.filter(session_key__in=keys).delete()
    return Removal(count)


def _sessions_export(person) -> Export:
    from allauth.usersessions.models import UserSession

    return Export(
        rows(
            UserSession.objects.filter(user__person=person).order_by("created_at"),
            "created_at",
            "last_seen_at",
            "ip",
            "user_agent",
        )  # fmt: skip
    )


register(
    Kind(
        key="sessions",
        models=("sessions.Session", "usersessions.UserSession"),
        what=_("Your signed-in sessions: when, from which address and browser"),
        purpose=_("Keeping your account safe: you can see and end your other sessions"),
        retention=_(
            "Removed when you sign out or the session expires, and all at once when your data "
            "is anonymised."
        ),
        order=20,
        anonymise=_sessions_anonymise,
        export=_sessions_export,
    )
)


def _requests_expire(today) -> int:
    from accounts.models import AccountRequest, AccountRequestStatus

    due = AccountRequest.objects.filter(
        status=AccountRequestStatus.REJECTED,
        decided_at__lt=days_ago(settings.ACCOUNT_REQUEST_DAYS, today),
    )
    count = 0
    for request in due.only("pk"):
        with transaction.atomic():
            AccountRequest.objects.filter(pk=request.pk).delete()
            record_removal(what="account_request", target=request)
            count += 1
    return count


def _requests_anonymise(person) -> Removal:
    from accounts.models import AccountRequest

    return Removal(AccountRequest.objects.filter(person=person).delete()[0])


def _requests_export(person) -> Export:
    from accounts.models import AccountRequest

    addresses = person_addresses(person)
    mine = Q(person=person)
    for address in addresses:
        mine |= Q(email__iexact=address)
    return Export(
        rows(
            AccountRequest.objects.filter(mine).order_by("created_at"),
            "created_at",
            "institution__name",
            "initials",
            "first_name",
            "prefix",
            "last_name",
            "birth_date",
            "gender",
            "email",
            "language",
            "status",
            "decided_at",
            "reason",
        )  # fmt: skip
    )


register(
    Kind(
        key="account_requests",
        models=("accounts.AccountRequest",),
        what=_("Account requests: name, date of birth, gender, email"),
        purpose=_("Your institution's account manager decides whether you get an account"),
        retention=_(
            "A declined request is removed %(period)s days after the decision; an approved one "
            "is kept with your personal data."
        ),
        period="ACCOUNT_REQUEST_DAYS",
        recipients=_("The account manager of your institution"),
        order=30,
        expire=_requests_expire,
        anonymise=_requests_anonymise,
        export=_requests_export,
    )
)


def _declarations_anonymise(person) -> Removal:
    from accounts.models import ConfidentialityDeclaration, UserDeclarationSignature

    uploads = ConfidentialityDeclaration.objects.filter(person=person)
    files = [d.document for d in uploads.only("document")]
    count = uploads.delete()[0]
    count += UserDeclarationSignature.objects.filter(person=person).delete()[0]
    return Removal(count, files)


def _declarations_export(person) -> Export:
    from accounts.models import ConfidentialityDeclaration, UserDeclarationSignature

    data = rows(
        UserDeclarationSignature.objects.filter(person=person).order_by("signed_at"),
        "text_version__title", "text_version__version", "signed_at", "signed_name", "text_hash",
    )  # fmt: skip
    uploads = ConfidentialityDeclaration.objects.filter(person=person).order_by("uploaded_at")
    data += rows(uploads, "uploaded_at", "status", "reviewed_at", "reason", "valid_until")
    files = [
        (f"declarations/{d.pk}-{d.document.name.rsplit('/', 1)[-1]}", d.document)
        for d in uploads
        if d.document
    ]
    return Export(data, files)


register(
    Kind(
        key="declarations",
        models=("accounts.UserDeclarationSignature", "accounts.ConfidentialityDeclaration"),
        what=_(
            "Your declarations: the user declaration you signed (name, time) and the "
            "confidentiality declarations you uploaded"
        ),
        purpose=_("CBS's conditions for access to microdata"),
        retention=_("Kept while you have access; removed when your data is anonymised."),
        period="PERSON_LEFT_DAYS",
        order=40,
        anonymise=_declarations_anonymise,
        export=_declarations_export,
    )
)

register.no_personal_data(
    "accounts.Institution",
    why="Organisations: their name, address and authorization period.",
)
register.no_personal_data(
    "accounts.UserDeclarationText", why="The texts of the user declaration, the same for all."
)
