"""CBS told when it has work: a digest mail of what customers did, at most one per recipient per
quarter of an hour (``manage.py send_cbs_digest``, run every 15 minutes).

Which events CBS hears of is declared with the event types (``@event_types(notify_cbs=...)`` in
each app's ``events.py``). The recipient is the project's CBS contact, or the CBS mailbox
(``CBS_MAILBOX``) for events without a project or a contact. Nothing is lost while a recipient
waits for their quarter of an hour: their events stay pending until the next digest.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from portal.audit import event_label, notify_cbs_verbs
from portal.dutch_time import moment
from portal.mail import absolute_url, send_templated_mail
from portal.models import CbsDigest, Event, ReminderRun

INTERVAL = datetime.timedelta(minutes=15)
# Events older than this are not mailed any more (a worker that was down for a week).
WINDOW = datetime.timedelta(days=7)
DIGEST = "cbs_digest"


def _recipient(event: Event) -> tuple[str, str]:
    """(address, language) of whom at CBS to tell about this event."""
    contact = event.project.cbs_contact if event.project_id else None
    if contact is not None and contact.is_active and contact.email:
        return contact.email, contact.language or settings.LANGUAGE_CODE
    return settings.CBS_MAILBOX, settings.LANGUAGE_CODE


@transaction.atomic
def send_cbs_digest(*, now: datetime.datetime | None = None) -> int:
    """Mail each CBS recipient what customers did since their previous digest; returns the
    number of mails. One run at a time (row lock); a fixed number of queries."""
    now = now or timezone.now()
    ReminderRun.objects.bulk_create([ReminderRun(kind=DIGEST)], ignore_conflicts=True)
    state = ReminderRun.objects.select_for_update().get(kind=DIGEST)
    events = list(
        Event.objects.filter(
            pk__gt=state.cursor,
            verb__in=notify_cbs_verbs(),
            created_at__gte=now - WINDOW,
            actor__is_staff=False,
        )
        .select_related("project__cbs_contact")
        .order_by("pk")
    )
    if not events:
        return 0
    pending: dict[str, list[Event]] = defaultdict(list)
    languages: dict[str, str] = {}
    for event in events:
        address, language = _recipient(event)
        pending[address].append(event)
        languages[address] = language
    told = dict(
        CbsDigest.objects.filter(recipient__in=pending)
        .values("recipient")
        .annotate(last=Max("last_event_id"))
        .values_list("recipient", "last")
    )
    waiting = set(
        CbsDigest.objects.filter(recipient__in=pending, sent_at__gt=now - INTERVAL).values_list(
            "recipient", flat=True
        )
    )
    digests = []
    floor = events[-1].pk
    for address, items in pending.items():
        items = [event for event in items if event.pk > told.get(address, 0)]
        if not items:
            continue
        if address in waiting:
            floor = min(floor, items[0].pk - 1)
            continue
        _mail(address, languages[address], items)
        digests.append(
            CbsDigest(recipient=address, last_event_id=items[-1].pk, event_count=len(items))
        )
    CbsDigest.objects.bulk_create(digests)
    ReminderRun.objects.filter(kind=DIGEST).update(cursor=floor, ran_at=now)
    return len(digests)


def _mail(address: str, language: str, events: list[Event]) -> None:
    with translation.override(language):
        lines = [
            {
                "when": moment(event.created_at),
                "who": event.actor_name,
                "what": event_label(event.verb, event.description),
                "subject": event.target_repr,
                "project": str(event.project) if event.project_id else "",
                "reason": event.reason,
                "url": absolute_url(
                    reverse("admin:projects_project_change", args=[event.project_id])
                    if event.project_id
                    else reverse("admin:portal_event_change", args=[event.pk])
                ),
            }
            for event in events
        ]
    send_templated_mail(
        to=address,
        template="mail/cbs_digest",
        context={"events": lines, "count": len(lines)},
        language=language,
    )
