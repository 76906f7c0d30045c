import pytest
from django.core import mail
from django.db import transaction

from portal.mail import send_templated_mail

pytestmark = pytest.mark.django_db(transaction=True)

CONTEXT = {
    "name": "Piet",
    "project_title": "Demo projectaanvraag",
    "project_number": 10014,
    "old_status": "Oriëntatie",
    "new_status": "Ingediend ter beoordeling",
    "reason": "",
    "url": "http://127.0.0.1:8000/projecten/10014/",
}


def test_mail_is_sent_after_commit_in_the_persons_language():
    with transaction.atomic():
        send_templated_mail(
            to="piet@example.nl",
            template="projects/mail/status_changed",
            context=CONTEXT,
            language="en",
        )
        assert mail.outbox == []  # not before the transaction commits
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["piet@example.nl"]
    assert message.subject == "Project 10014: status Ingediend ter beoordeling"
    assert "Dear Piet," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<a href=" in html


def test_rolled_back_transaction_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_templated_mail(
            to="piet@example.nl",
            template="projects/mail/status_changed",
            context=CONTEXT,
            language="nl",
        )
        raise RuntimeError
    assert mail.outbox == []


def test_production_worker_sends_queued_mail(settings):
    """With the database backend (production), mail waits in the queue until db_worker runs."""
    from django.core.management import call_command

    # Django resets its task backends when the TASKS setting changes (setting_changed).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        send_templated_mail(
            to="piet@example.nl",
            template="projects/mail/status_changed",
            context=CONTEXT,
            language="nl",
        )
    assert mail.outbox == []  # queued, not sent
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Project 10014: status Ingediend ter beoordeling"


def test_plain_text_mail_is_not_html_escaped_but_the_html_part_is():
    """O'Brien in the text part (and subject) as typed; escaped only where it is HTML."""
    with transaction.atomic():
        send_templated_mail(
            to="obrien@example.nl",
            template="projects/mail/status_changed",
            context={**CONTEXT, "name": "O'Brien", "project_title": "R&D <pilot>"},
            language="en",
        )
    message = mail.outbox[0]
    assert "Dear O'Brien," in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
    html, _mimetype = message.alternatives[0]
    assert "O&#x27;Brien" in html


def test_message_ids_differ_when_the_global_random_is_seeded_alike():
    """Hypothesis seeds Python's global random alike for each example, which make_msgid's own
    random part comes from: two mails of the same moment still get a Message-ID each."""
    import random

    from portal.mail import queue_mail

    ids = set()
    for _ in range(5):
        random.seed(1)
        ids.add(queue_mail(to=["a@example.nl"], subject="Onderwerp", text="Tekst").message_id)
    assert len(ids) == 5
