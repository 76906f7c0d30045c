"""CBS works through conversations in the admin: oldest waiting first, answers, internal notes,
assignment; all through the services."""

import pytest
from django.core import mail
from django.urls import reverse

from messaging import services
from messaging.models import Message
from messaging.workqueue import unanswered_messages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_oldest_waiting_first(leader, staff, client_of):
    first = services.question_ask(by=leader, subject="Eerste vraag", body="?")
    second = services.question_ask(by=leader, subject="Tweede vraag", body="?")
    answered = services.question_ask(by=leader, subject="Beantwoorde vraag", body="?")
    services.cbs_reply(thread=answered, by=staff, body="Klaar")
    page = client_of(staff).get(reverse("admin:messaging_thread_changelist")).content.decode()
    assert page.index("Eerste vraag") < page.index("Tweede vraag") < page.index("Beantwoorde")
    items = list(unanswered_messages(user=staff, mine=False))
    assert [item.title for item in items] == ["Eerste vraag", "Tweede vraag"]
    assert first.pk != second.pk


def test_staff_answer_in_the_admin(question, leader, staff, client_of,
                                   django_capture_on_commit_callbacks):  # fmt: skip
    client = client_of(staff)
    url = reverse("admin:messaging_thread_reply", args=[question.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": ""}).status_code == 400  # refused, shown again (ADR 0015)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Een nieuw token is onderweg."})
    assert response.status_code == 302
    assert Message.objects.filter(thread=question, from_cbs=True, internal=False).count() == 1
    assert [m.to for m in mail.outbox] == [[leader.person.notification_email]]


def test_internal_note_and_assignment(question, staff, client_of):
    client = client_of(staff)
    note = reverse("admin:messaging_thread_note", args=[question.pk])
    assert client.post(note, {"body": "Bel hem even."}).status_code == 302
    assert Message.objects.get(internal=True).body == "Bel hem even."
    colleague = UserFactory(person=None, is_staff=True, email="collega@cbs.nl")
    assign = reverse("admin:messaging_thread_assign", args=[question.pk])
    assert client.post(assign, {"assigned_to": colleague.pk}).status_code == 302
    question.refresh_from_db()
    assert question.assigned_to == colleague
    mine = list(unanswered_messages(user=colleague, mine=True))
    assert [item.title for item in mine] == ["Token verlopen"]
    change = client.get(reverse("admin:messaging_thread_change", args=[question.pk]))
    assert "Bel hem even." in change.content.decode()


def test_readonly_staff_only_read(question, readonly_staff, client_of):
    client = client_of(readonly_staff)
    assert (
        client.get(reverse("admin:messaging_thread_change", args=[question.pk])).status_code == 200
    )
    for name in ("reply", "note", "assign"):
        url = reverse(f"admin:messaging_thread_{name}", args=[question.pk])
        assert client.post(url, {"body": "x"}).status_code == 403
    assert question.messages.count() == 1
