"""The weekly summary mail of open work to each CBS staff member (issue 20): what of the work
queue is theirs (assigned to them, or on their projects as CBS contact), with age and overdue.

Run daily (the ``reminders`` process); each person gets at most one a week (ISO week, recorded
in ``WorkSummary``), so the first run of a week sends it. Off with WORK_SUMMARY_WEEKLY=0.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from portal.mail import absolute_url, send_templated_mail
from portal.models import WorkSummary
from portal.workqueue import work_queue

SUMMARY_LIMIT = 20  # items per kind in the mail; the rest counted, with a link


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def send_work_summaries(*, today: datetime.date | None = None) -> int:
    """Mail each active staff member with open work of their own a summary, once per week:
    per kind how many, how many overdue, the oldest ``SUMMARY_LIMIT`` and a link to them all.
    Returns how many were sent. Each member's own queue is read with a constant number of
    queries, whatever the amount of work."""
    if not settings.WORK_SUMMARY_WEEKLY:
        return 0
    today = today or timezone.localdate()
    week = iso_week(today)
    staff = list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(worksummary__week=week)
        .order_by("pk")
    )
    sent = 0
    for user in staff:
        own = [
            section
            for section in work_queue(user=user, mine=True, today=today, limit=SUMMARY_LIMIT)
            if section.total
        ]
        if not own:
            continue
        try:
            with transaction.atomic():
                count = sum(section.total for section in own)
                WorkSummary.objects.create(recipient=user, week=week, item_count=count)
                _mail(user, own, count)
        except IntegrityError:  # another run sent it meanwhile
            continue
        sent += 1
    return sent


def _mail(user, own, count: int) -> None:
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        kinds = [
            {
                "label": str(section.kind.label),
                "working_days": section.counts_working_days,
                "total": section.total,
                "more": section.more,
                "list_url": absolute_url(section.list_url) if section.list_url else "",
                "items": [
                    {
                        "title": row.item.title,
                        "since": timezone.localtime(row.item.since).strftime("%d-%m-%Y"),
                        "age": row.age,
                        "overdue": row.overdue,
                        "url": absolute_url(row.item.url),
                    }
                    for row in section.items
                ],
            }
            for section in own
        ]
        queue_url = absolute_url(reverse("admin:index") + "?werk=mijn")
    send_templated_mail(
        to=user.email,
        template="mail/work_summary",
        context={
            "kinds": kinds,
            "count": count,
            "overdue": sum(section.overdue_count for section in own),
            "queue_url": queue_url,
        },
        language=language,
    )
