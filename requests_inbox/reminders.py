"""Reminders of requests_inbox: the Geheimhoudingsverklaring that ends (see portal/reminders)."""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus, Person
from portal.reminders import Due, reminder_kind
from requests_inbox.models import Action, ActionKind
from requests_inbox.services import confidentiality_renewal_actions


def _the_person(row) -> list[int]:
    return [row.person_id]


def _renew(dues: list[Due]) -> None:
    confidentiality_renewal_actions(persons=[due.person for due in dues])


def _upload_url(person) -> str:
    action = (
        Action.objects.open()
        .filter(kind=ActionKind.CONFIDENTIALITY, person=person)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if action is None:
        return reverse("accounts:my_details")
    return reverse("requests_inbox:detail", args=[action])


@reminder_kind(
    "confidentiality",
    label=_("Confidentiality declaration ends"),
    days_before=(60, 14),
    template="requests_inbox/mail/reminder_confidentiality",
    on_send=_renew,
    # The latest declaration, and the open action it links to (actions written in bulk are
    # forgotten by requests_inbox.services).
    reads={ConfidentialityDeclaration: _the_person, Action: _the_person},
)
def confidentiality_ending(*, today, horizon, person=None):
    """People whose latest Geheimhoudingsverklaring is approved and ends by ``horizon`` (one
    uploaded since, awaiting review, stops the reminders)."""
    latest = ConfidentialityDeclaration.objects.filter(person=OuterRef("pk")).order_by(
        "-uploaded_at", "-pk"
    )
    persons = Person.objects.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_end=Subquery(latest.values("valid_until")[:1]),
    ).filter(
        latest_status=ConfidentialityStatus.APPROVED,
        latest_end__isnull=False,
        latest_end__lte=horizon,
        user__is_active=True,
    )
    if person is not None:
        persons = persons.filter(pk=person.pk)
    for found in persons.select_related("user").order_by("pk"):
        yield Due(
            person=found,
            thing=f"confidentiality:{found.latest_end.isoformat()}",
            due_date=found.latest_end,
            what=_("Confidentiality declaration"),
            url=lambda found=found: _upload_url(found),
        )
