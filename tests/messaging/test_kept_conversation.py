"""A project's conversation (Berichten) is kept per project, language and whether the reader sees
the attachments' links (messaging.keep): read again without reading it from the database, and
after each kind of write that changes what it shows, it shows what a live render shows. With
forgetting off (``keep.connect`` not called, or the privacy hook not forgetting) these fail.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit."""

import re

import pytest
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from messaging import services
from messaging.keep import forget_conversations
from messaging.models import Message, ReviewComment
from messaging.unread import unread_counts
from portal.privacy import register
from projects.models import Status
from projects.services import project_transition
from tests.projects.helpers import make_ready_for_submission

pytestmark = pytest.mark.django_db


def _conversation(client, project) -> str:
    """What the page shows of the conversation: from its heading to the link back, without the
    form's CSRF token."""
    response = client.get(reverse("messaging:project", args=[project.number]))
    assert response.status_code == 200
    text = response.content.decode()
    back = reverse("projects:detail", args=[project.number])  # "Back to the project", at its end
    shown = text[text.index("<h1>") : text.rindex(f'href="{back}"')]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", shown)


def _live(client, project) -> str:
    """The page computed now, with nothing kept."""
    cache.clear()
    caches["fragments"].clear()
    return _conversation(client, project)


def _after_write_the_page_is_live(client, project, committed, write):
    before = _conversation(client, project)  # kept
    assert _conversation(client, project) == before
    with committed():
        write()
    after = _conversation(client, project)
    assert after != before  # the write changed what the page shows ...
    assert after == _live(client, project)  # ... and the page shows it
    return after


def _pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def test_kept_is_read_without_the_conversation_from_the_database(
    project, leader, answered_thread, client_of, committed
):
    client = client_of(leader)
    url = reverse("messaging:project", args=[project.number])
    client.get(url)  # kept, and read
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    tables = " ".join(query["sql"] for query in first.captured_queries)
    assert "messaging_message" not in tables
    assert "messaging_reviewcomment" not in tables
    assert "messaging_thread" not in tables
    assert "projects_bijlage" not in tables  # the page shows nothing of the checklist
    with committed():
        forget_conversations([project.pk])
    with CaptureQueriesContext(connection) as computed:
        client.get(url)
    # The thread, its messages, their attachments and the comments, then the read mark.
    assert len(computed.captured_queries) == len(first.captured_queries) + 4


def test_after_each_message_the_page_is_live(project, leader, cbs_contact, client_of, committed):
    client = client_of(leader)
    thread = None

    def first():  # the thread is made with the first message
        nonlocal thread
        services.project_message_send(project=project, by=leader, body="Eerste vraag")
        thread = services.project_thread(project)

    assert "Eerste vraag" in _after_write_the_page_is_live(client, project, committed, first)
    answer = lambda: services.cbs_reply(thread=thread, by=cbs_contact, body="Het antwoord")  # noqa: E731
    assert "Het antwoord" in _after_write_the_page_is_live(client, project, committed, answer)
    mine = lambda: services.project_message_send(project=project, by=leader, body="Dank u")  # noqa: E731
    assert "Dank u" in _after_write_the_page_is_live(client, project, committed, mine)
    with_file = lambda: services.cbs_reply(  # noqa: E731
        thread=thread, by=cbs_contact, body="Zie bijlage", files=[_pdf("besluit.pdf")]
    )
    assert "besluit.pdf" in _after_write_the_page_is_live(client, project, committed, with_file)


def test_an_attachment_removed_or_added_alone(project, leader, cbs_contact, client_of, committed):
    message = services.project_message_send(
        project=project, by=leader, body="Met bijlage", files=[_pdf("opzet.pdf")]
    )
    client = client_of(leader)
    attachment = message.attachments.get()
    shown = _after_write_the_page_is_live(client, project, committed, attachment.delete)
    assert "opzet.pdf" not in shown
    added = lambda: type(attachment).objects.create(  # noqa: E731  (as the back office adds one)
        message=message, document="message-attachments/x.pdf", original_name="nieuw.pdf",
        content_type="application/pdf", size=10,
    )  # fmt: skip
    assert "nieuw.pdf" in _after_write_the_page_is_live(client, project, committed, added)


def test_a_message_changed_or_deleted_in_the_back_office(
    project, leader, answered_thread, client_of, committed
):
    client = client_of(leader)
    answer = Message.objects.get(from_cbs=True)

    def made_internal():  # as the back office saves a message
        answer.internal = True
        answer.save()

    assert "spolis" not in _after_write_the_page_is_live(client, project, committed, made_internal)
    question = Message.objects.get(from_cbs=False)
    shown = _after_write_the_page_is_live(client, project, committed, question.delete)
    assert "SPOLIS 2023" not in shown


def test_the_conversation_removed_at_the_end_of_the_archive(
    project, leader, answered_thread, client_of, committed
):
    client = client_of(leader)
    messages = next(kind for kind in register.kinds() if kind.key == "messages")
    remove = lambda: messages.archive_end(project)  # noqa: E731  (the team's removal aside)
    shown = _after_write_the_page_is_live(client, project, committed, remove)
    assert "SPOLIS" not in shown


def test_a_person_anonymised_loses_their_name_on_the_messages(
    project, leader, researcher_plus, answered_thread, client_of, committed
):
    client = client_of(researcher_plus)
    name = str(leader.display_name)
    assert name in _conversation(client, project)
    anonymise = lambda: register.anonymise(leader.person)  # noqa: E731  (a bulk update)
    assert name not in _after_write_the_page_is_live(client, project, committed, anonymise)


def test_review_comments_added_and_removed(project, leader, staff, client_of, committed):
    make_ready_for_submission(project)
    project_transition(project=project, move="submit", by=leader)
    client = client_of(leader)
    comment = lambda: services.review_comment_add(  # noqa: E731
        project=project, by=staff, kind=1, section="data", text="Welke bestanden precies?"
    )
    assert "Welke bestanden" in _after_write_the_page_is_live(client, project, committed, comment)
    removed = ReviewComment.objects.get().delete
    assert "Welke bestanden" not in _after_write_the_page_is_live(
        client, project, committed, removed
    )
    assert project.status == Status.SUBMITTED


def test_kept_apart_for_readers_without_the_attachments_links(
    project, leader, account_manager, cbs_contact, client_of
):
    message = services.project_message_send(
        project=project, by=leader, body="Zie bijlage", files=[_pdf()]
    )
    link = reverse("messaging:attachment", args=[message.attachments.get().pk])
    assert link in _conversation(client_of(leader), project)
    for _ in range(2):  # computed, then kept
        shown = _conversation(client_of(account_manager), project)
        assert "plan.pdf" in shown and link not in shown
    assert link in _conversation(client_of(leader), project)


def test_kept_per_language(project, leader, staff, client_of):
    make_ready_for_submission(project)
    project_transition(project=project, move="submit", by=leader)
    services.review_comment_add(project=project, by=staff, kind=1, section="data", text="Graag")
    client = client_of(leader)
    dutch = _conversation(client, project)
    with translation.override("en"):
        english = _conversation(client, project)
    assert "Opmerking bij" in dutch and "Comment on" in english
    assert _conversation(client, project) == dutch


def test_read_up_to_the_newest_message_shown(
    project, leader, answered_thread, cbs_contact, client_of, committed
):
    services.cbs_reply(thread=answered_thread, by=cbs_contact, body="Notitie", internal=True)
    assert unread_counts(leader)["projects"] == 1
    with committed():
        _conversation(client_of(leader), project)  # kept, and read
    assert unread_counts(leader)["projects"] == 0
    with committed():
        services.cbs_reply(thread=answered_thread, by=cbs_contact, body="Nog iets")
    assert unread_counts(leader)["projects"] == 1
    with committed():
        assert "Nog iets" in _conversation(client_of(leader), project)
    assert unread_counts(leader)["projects"] == 0
