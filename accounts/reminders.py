"""Reminders of accounts: RSA tokens and institutions' authorizations (see portal/reminders)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Institution, Person
from portal.reminders import Due, reminder_kind


def _the_person(person: Person) -> list[int]:
    return [person.pk]


def _managers_of(institution: Institution):
    return institution.persons.filter(is_account_manager=True).values_list("pk", flat=True)


@reminder_kind(
    "rsa_token",
    label=_("RSA token expires"),
    days_before=(30, 7),
    template="accounts/mail/reminder_rsa_token",
    reads={Person: _the_person},
)
def rsa_tokens_expiring(*, today, horizon, person=None):
    if person is not None:
        # One person (Mijn gegevens): their own fields tell, no query.
        expires = person.rsa_token_expires
        persons = [person] if expires and today <= expires <= horizon else []
    else:
        persons = (
            Person.objects.filter(
                rsa_token_expires__isnull=False,
                rsa_token_expires__gte=today,
                rsa_token_expires__lte=horizon,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("pk")
        )
    for found in persons:
        yield Due(
            person=found,
            thing=f"rsa_token:{found.rsa_token_id}:{found.rsa_token_expires.isoformat()}",
            due_date=found.rsa_token_expires,
            what=_("RSA token %(id)s") % {"id": found.rsa_token_id},
            url=lambda: reverse("accounts:my_details"),
        )


@reminder_kind(
    "authorization",
    label=_("Institution's authorization ends"),
    # Three months and one month before.
    days_before=(91, 30),
    template="accounts/mail/reminder_authorization",
    reads={Person: _the_person, Institution: _managers_of},
)
def authorizations_ending(*, today, horizon, person=None):
    """Every account manager of an institution whose authorization by CBS ends soon."""
    if person is not None:
        # One person (Mijn gegevens): their own fields tell, no query.
        end = person.institution.authorization_end if person.is_account_manager else None
        managers = [person] if end and today <= end <= horizon else []
    else:
        managers = (
            Person.objects.filter(
                is_account_manager=True,
                user__is_active=True,
                institution__authorization_end__gte=today,
                institution__authorization_end__lte=horizon,
            )
            .select_related("user", "institution")
            .order_by("pk")
        )
    for manager in managers:
        institution: Institution = manager.institution
        yield Due(
            person=manager,
            thing=f"authorization:{institution.pk}:{institution.authorization_end.isoformat()}",
            due_date=institution.authorization_end,
            what=_("Authorization of %(institution)s") % {"institution": institution.name},
            url=lambda: reverse("portal:customer_service"),
            context={"institution": institution.name},
        )
