"""Mail to people in their own language, plain text and HTML, sent through Django's Tasks.

``send_templated_mail(to=..., template="accounts/mail/invitation", context={...}, language="nl")``
renders ``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html`` in that language
and enqueues the sending after the current transaction commits (so a rolled-back write sends
nothing). Context values must be JSON-serializable (task arguments are stored by the worker).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


@task
def send_mail_task(
    *, to: list[str], subject: str, text: str, html: str, reply_to: list[str] | None = None
) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or [],
    )
    message.attach_alternative(html, "text/html")
    message.send()


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
    transaction.on_commit(
        lambda: send_mail_task.enqueue(to=recipients, subject=subject, text=text, html=html)
    )


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path
