"""Mail to people in their own language, plain text and HTML, through an outbox and Django's Tasks.

``send_templated_mail(to=..., template="accounts/mail/invitation", context={...}, language="nl")``
renders ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html`` in that language,
writes the mail to the outbox (``OutgoingMail``) in the current transaction (a rolled-back write
sends nothing; a committed one is never lost) and, after the commit, enqueues its delivery.

Delivery (``deliver``) claims the mail (``sending``, until ``claimed_until``) in one UPDATE, talks
to the mail server, then marks it ``sent``: two workers never send one mail. A failed try leaves
it ``queued`` for a later try after ``MAIL_RETRY_SECONDS``, doubling each time; after
``MAIL_MAX_ATTEMPTS`` it is ``failed`` and waits in the admin (``mail_resend``). The worker
(``manage.py worker``) delivers what is due every second: later tries, and mails whose claim ran
out because the worker sending them died. Every try carries the mail's one Message-ID.
"""

import contextlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import logs
from portal.audit import record
from portal.events import MailEvent
from portal.models import OutgoingMail

logger = logging.getLogger(__name__)
State = OutgoingMail.State


def render_mail(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    context = {"portal_base_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        # Plain text is not HTML: the "text" engine (settings.TEMPLATES) does not escape.
        subject = " ".join(
            render_to_string(f"{template}_subject.txt", context, using="text").split()
        )
        text = render_to_string(f"{template}.txt", context, using="text")
        html = render_to_string(f"{template}.html", context)
    return subject, text, html


def send_templated_mail(*, to: str | list[str], template: str, context: dict, language: str):
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return
    subject, text, html = render_mail(template=template, context=context, language=language)
    queue_mail(to=recipients, subject=subject, text=text, html=html)


def queue_mail(
    *, to: list[str], subject: str, text: str, html: str = "", reply_to: list[str] | None = None
) -> OutgoingMail:
    """Write a mail to the outbox; it is handed to the worker when the transaction commits."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or None
    mail = OutgoingMail.objects.create(
        to=list(to),
        reply_to=list(reply_to or []),
        subject=subject,
        text=text,
        html=html,
        # make_msgid's own random part comes from Python's global random, which a library may
        # seed (Hypothesis does, per example): a token of the system's randomness beside it.
        message_id=make_msgid(idstring=secrets.token_hex(8), domain=domain),
        next_attempt_at=timezone.now(),
        request_id=logs.request_id.get(),
    )
    transaction.on_commit(lambda: deliver_mail.enqueue(mail_id=mail.pk))
    return mail


@task
def deliver_mail(*, mail_id: int) -> str:
    return deliver(mail_id)


def _due(now) -> Q:
    return Q(state=State.QUEUED, next_attempt_at__lte=now) | Q(
        state=State.SENDING, claimed_until__lt=now
    )


def deliver(mail_id: int) -> str:
    """Send one mail if it is due and nobody else holds it; returns what became of it."""
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(_due(now), pk=mail_id).update(
        state=State.SENDING,
        attempts=F("attempts") + 1,
        claimed_until=now + timedelta(seconds=settings.MAIL_CLAIM_SECONDS),
    )
    if not claimed:
        return "not due"
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.to,
        reply_to=mail.reply_to,
        headers={"Message-ID": mail.message_id},
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    token = logs.request_id.set(mail.request_id)  # the worker's lines name the request
    try:
        # The connection is ours to close: the mail is marked sent right after the server's
        # "250" to its content, before the goodbye (QUIT) and its answer. A worker dying
        # between the 250 and that mark is the one case that sends the mail twice (with the
        # same Message-ID): the smallest window SMTP allows (README, Mail).
        connection = mailers.default
        try:
            connection.open()
            connection.send_messages([message])
        except Exception as error:  # smtplib's errors, refused or timed-out connections, ...
            with contextlib.suppress(Exception):
                connection.close()
            return _failed(mail, error)
        OutgoingMail.objects.filter(pk=mail.pk, state=State.SENDING).update(
            state=State.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )
        with contextlib.suppress(Exception):  # the mail is sent whatever the goodbye brings
            connection.close()
    finally:
        logs.request_id.reset(token)
    return "sent"


def _failed(mail: OutgoingMail, error: Exception) -> str:
    error_text = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        logger.error("Mail %s failed for good after %s tries: %s", mail.pk, mail.attempts, error)
        changes = {"state": State.FAILED, "next_attempt_at": None}
    else:
        pause = settings.MAIL_RETRY_SECONDS * 2 ** (mail.attempts - 1)
        logger.warning("Mail %s not sent (%s); next try in %s s", mail.pk, error, pause)
        changes = {
            "state": State.QUEUED,
            "next_attempt_at": timezone.now() + timedelta(seconds=pause),
        }
    OutgoingMail.objects.filter(pk=mail.pk, state=State.SENDING).update(
        claimed_until=None, last_error=error_text, **changes
    )
    return str(changes["state"])


def deliver_due_mail(*, limit: int = 50) -> int:
    """Deliver every mail that is due (later tries, claims that ran out); the number sent."""
    due = OutgoingMail.objects.filter(_due(timezone.now())).order_by("next_attempt_at", "pk")
    return sum(deliver(pk) == "sent" for pk in due.values_list("pk", flat=True)[:limit])


@transaction.atomic
def mail_resend(*, mail: OutgoingMail, by) -> OutgoingMail:
    """CBS sends a mail again (one that failed for good, or one to send once more)."""
    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    mail.state = State.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = timezone.now()
    mail.claimed_until = None
    mail.save(update_fields=["state", "attempts", "next_attempt_at", "claimed_until"])
    record(verb=MailEvent.RESENT, by=by, target=mail, description=mail.subject)
    transaction.on_commit(lambda: deliver_mail.enqueue(mail_id=mail.pk))
    return mail


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path
