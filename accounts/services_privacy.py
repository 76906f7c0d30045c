"""A person's privacy: anonymising a person who left (after the register's period, where
nothing requires their data to be kept), and a person's own copy of their data.

Both read the register of personal data (``portal.privacy``): each app says there what it holds
about a person, how it anonymises it, and what still requires it to be kept.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from portal.audit import record
from portal.events import PrivacyEvent
from portal.models import Event
from portal.privacy import register


def persons_left(today: datetime.date | None = None):
    """People who left (their placement ended) more than ``PERSON_LEFT_DAYS`` days ago and
    have not been anonymised yet."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.PERSON_LEFT_DAYS)
    anonymised = Event.objects.filter(verb=PrivacyEvent.ANONYMISED, person__isnull=False)
    return Person.objects.filter(placement_end__lt=cutoff).exclude(
        pk__in=anonymised.values("person_id")
    )


def is_anonymised(person: Person) -> bool:
    return Event.objects.filter(verb=PrivacyEvent.ANONYMISED, person=person).exists()


@transaction.atomic
def person_anonymise(*, person: Person, by=None) -> dict:
    """Anonymise what the portal holds about a person who left, in every app of the register,
    unless something still requires it (a project archive that is still kept, a contract):
    then nothing changes and the next run tries again. Idempotent; one audit event."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if is_anonymised(locked) or register.holds(locked):
        return {}
    counts = register.anonymise(locked)
    record(
        verb=PrivacyEvent.ANONYMISED,
        by=by,
        person=locked,
        description=_("Personal data anonymised"),
        data=counts,
    )
    return counts


def identity_confirmed(*, user, password: str) -> bool:
    """The one check before a person gets their own data: their password (the place to ask
    for two-factor authentication or a recent sign-in instead)."""
    return bool(password) and user.check_password(password)


def personal_download_record(*, user) -> None:
    """ "Mijn gegevens downloaden": the download is recorded (the event itself is in the
    next download)."""
    record(
        verb=PrivacyEvent.DOWNLOADED,
        by=user,
        person=user.person,
        description=_("Personal data downloaded"),
    )
