"""The mail outbox: a mail is written with the change, claimed before it is sent, tried again with
growing pauses when the mail server is away, failed for good after MAIL_MAX_ATTEMPTS and sent
again by CBS from the admin. (The real worker and SMTP server: tests/stack/test_mail.py.)"""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import InterfaceError, OperationalError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.mail import deliver, deliver_due_mail, queue_mail, send_templated_mail
from portal.models import Event, OutgoingMail
from portal.views import server_error

pytestmark = pytest.mark.django_db(transaction=True)
State = OutgoingMail.State


@pytest.fixture
def smtp_down(settings):
    """An SMTP backend aimed at a port nobody listens on: every send is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    settings.MAIL_RETRY_SECONDS = 60
    settings.MAIL_MAX_ATTEMPTS = 3


def make_due(outgoing):
    OutgoingMail.objects.filter(pk=outgoing.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def queued(**fields):
    return queue_mail(to=["piet@example.nl"], subject="Onderwerp", text="Tekst", **fields)


def test_mail_is_written_with_the_change_and_sent_after_the_commit():
    with transaction.atomic():
        send_templated_mail(
            to="piet@example.nl",
            template="projects/mail/status_changed",
            context={"name": "Piet", "project_title": "T", "project_number": 1,
                     "old_status": "a", "new_status": "b", "reason": "", "url": "/"},
            language="nl",
        )  # fmt: skip
        assert OutgoingMail.objects.get().state == State.QUEUED
    outgoing = OutgoingMail.objects.get()
    assert (outgoing.state, outgoing.attempts) == (State.SENT, 1)
    assert mail.outbox[0].extra_headers["Message-ID"] == outgoing.message_id


def test_rolled_back_change_leaves_no_mail_in_the_outbox():
    with pytest.raises(RuntimeError), transaction.atomic():
        queued()
        raise RuntimeError
    assert not OutgoingMail.objects.exists() and mail.outbox == []


def test_refused_send_waits_for_a_later_try_with_growing_pauses(smtp_down):
    outgoing = queued()  # outside a transaction: handed to the (immediate) task at once
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (State.QUEUED, 1)
    assert "Connection refused" in outgoing.last_error or "Errno" in outgoing.last_error
    first_pause = outgoing.next_attempt_at - timezone.now()
    assert timedelta(seconds=55) < first_pause <= timedelta(seconds=60)
    assert deliver_due_mail() == 0  # not due yet: nothing tried
    assert OutgoingMail.objects.get().attempts == 1

    make_due(outgoing)
    assert deliver_due_mail() == 0
    outgoing.refresh_from_db()
    assert outgoing.attempts == 2
    assert (
        timedelta(seconds=115) < outgoing.next_attempt_at - timezone.now() <= timedelta(seconds=120)
    )


def test_after_the_last_try_the_mail_has_failed_and_cbs_sends_it_again(
    smtp_down, settings, client_of, staff
):
    outgoing = queued()
    for _ in range(2):
        make_due(outgoing)
        deliver_due_mail()
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (State.FAILED, 3)
    make_due(outgoing)
    assert deliver_due_mail() == 0 and OutgoingMail.objects.get().attempts == 3  # left alone

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    admin = client_of(staff)
    changelist = reverse("admin:portal_outgoingmail_changelist")
    page = admin.get(changelist, {"state__exact": "failed"})
    assert page.status_code == 200 and "Onderwerp" in page.content.decode()
    response = admin.post(changelist, {"action": "send_again", "_selected_action": [outgoing.pk]})
    assert response.status_code == 302
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts) == (State.SENT, 1)
    assert len(mail.outbox) == 1
    assert Event.objects.filter(verb="mail.resend", actor=staff).count() == 1


def test_read_only_staff_cannot_send_again(client_of, readonly_staff):
    outgoing = queued()
    changelist = reverse("admin:portal_outgoingmail_changelist")
    response = client_of(readonly_staff).post(
        changelist, {"action": "send_again", "_selected_action": [outgoing.pk]}
    )
    assert response.status_code == 200  # "no action selected": the action is not offered
    assert len(mail.outbox) == 1 and not Event.objects.filter(verb="mail.resend").exists()


def test_a_mail_being_sent_is_left_alone_until_its_claim_runs_out():
    outgoing = queued()
    mail.outbox.clear()
    # As a worker leaves it when it dies in the middle of the send:
    OutgoingMail.objects.filter(pk=outgoing.pk).update(
        state=State.SENDING, attempts=1, claimed_until=timezone.now() + timedelta(seconds=60)
    )
    assert deliver(outgoing.pk) == "not due" and mail.outbox == []
    OutgoingMail.objects.filter(pk=outgoing.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert deliver_due_mail() == 1
    outgoing.refresh_from_db()
    assert (outgoing.state, outgoing.attempts, len(mail.outbox)) == (State.SENT, 2, 1)
    assert deliver(outgoing.pk) == "not due"  # sent is sent: never twice


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_errors_get_the_503_page_in_both_languages(error):
    request = RequestFactory().get("/projecten/")
    try:
        raise error("connection refused")
    except error:
        response = server_error(request)
    text = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "Het portaal is tijdelijk niet beschikbaar" in text
    assert "The portal is temporarily unavailable" in text
