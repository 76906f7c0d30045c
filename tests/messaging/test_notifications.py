"""Every new message mails the other side, never its author, each in their own language."""

import pytest
from django.core import mail

from messaging import services
from messaging.models import Message
from portal.models import Event
from tests.factories import PersonFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _sent(callbacks, action):
    mail.outbox.clear()
    with callbacks(execute=True):
        result = action()
    return result, list(mail.outbox)


def test_a_customer_message_mails_the_cbs_contact_not_the_author(
    project, leader, researcher_plus, cbs_contact, django_capture_on_commit_callbacks
):
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.project_message_send(project=project, by=leader, body="Vraag"),
    )
    assert [m.to for m in sent] == [[cbs_contact.email]]
    assert str(project.number) in sent[0].subject
    event = Event.objects.get(verb="messaging.customer_message")
    assert event.project == project


def test_without_a_contact_the_cbs_mailbox_is_mailed(
    project, leader, settings, django_capture_on_commit_callbacks
):
    settings.CBS_MAILBOX = "microdata-test@cbs.example.nl"
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.question_ask(by=leader, subject="Token", body="Verlopen"),
    )
    assert [m.to for m in sent] == [["microdata-test@cbs.example.nl"]]


def test_the_assignee_is_mailed_before_the_contact(
    project, leader, cbs_contact, django_capture_on_commit_callbacks
):
    services.project_message_send(project=project, by=leader, body="Eerste")
    colleague = UserFactory(person=None, is_staff=True, email="collega@cbs.nl")
    thread = services.project_thread(project)
    services.thread_assign(thread=thread, by=cbs_contact, assignee=colleague)
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.project_message_send(project=project, by=leader, body="Tweede"),
    )
    assert [m.to for m in sent] == [["collega@cbs.nl"]]


def test_an_answer_mails_the_writers_of_the_team_in_their_language(
    project, leader, researcher_plus, researcher, cbs_contact, django_capture_on_commit_callbacks
):
    researcher_plus.person.language = "en"
    researcher_plus.person.save()
    services.project_message_send(project=project, by=leader, body="Vraag")
    thread = services.project_thread(project)
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.cbs_reply(thread=thread, by=cbs_contact, body="Antwoord"),
    )
    by_address = {m.to[0]: m for m in sent}
    assert set(by_address) == {
        leader.person.notification_email,
        researcher_plus.person.notification_email,
    }
    assert by_address[leader.person.notification_email].subject.startswith("CBS heeft")
    assert by_address[researcher_plus.person.notification_email].subject.startswith("CBS answered")
    assert cbs_contact.email not in by_address
    assert "/en/" in by_address[researcher_plus.person.notification_email].body


def test_a_team_member_who_left_is_not_mailed(project, leader, cbs_contact,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    import datetime

    from django.utils import timezone

    gone = PersonFactory(institution=project.institution)
    UserFactory(person=gone)
    TeamMemberFactory(project=project, person=gone, role="researcher_plus",
                      start_date=timezone.localdate() - datetime.timedelta(days=30),
                      end_date=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
    services.project_message_send(project=project, by=leader, body="Vraag")
    thread = services.project_thread(project)
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.cbs_reply(thread=thread, by=cbs_contact, body="Antwoord"),
    )
    assert gone.notification_email not in {m.to[0] for m in sent}


def test_an_answer_to_a_question_mails_the_asker(question, leader, staff,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.cbs_reply(thread=question, by=staff, body="Nieuw token is onderweg"),
    )
    assert [m.to for m in sent] == [[leader.person.notification_email]]
    assert "Token verlopen" in sent[0].subject
    question.refresh_from_db()
    assert question.waiting_since is None


def test_an_internal_note_mails_nobody_and_customers_never_see_it(
    project, leader, answered_thread, cbs_contact, client_of, django_capture_on_commit_callbacks
):
    _, sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.cbs_reply(
            thread=answered_thread, by=cbs_contact, body="Geheime notitie", internal=True
        ),
    )
    assert sent == []
    assert Message.objects.filter(internal=True).count() == 1
    page = client_of(leader).get(f"/projecten/{project.number}/berichten/").content.decode()
    assert "Geheime notitie" not in page
    history = client_of(leader).get(f"/projecten/{project.number}/geschiedenis/").content.decode()
    assert "Geheime notitie" not in history and "Internal note" not in history


def test_only_cbs_answers(question, leader, readonly_staff):
    from portal.refusals import Refusal

    for user in (leader, readonly_staff):
        with pytest.raises(Refusal):
            services.cbs_reply(thread=question, by=user, body="Ik antwoord zelf")
