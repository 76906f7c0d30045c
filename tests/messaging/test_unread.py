"""Unread messages: counted per person, beside "Projecten", on the project and on Home, until
read; one query for the count, whatever the number of conversations."""

import pytest
from django.urls import reverse

from messaging import services
from messaging.unread import unread_counts
from tests.factories import ProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_an_answer_is_unread_until_the_conversation_is_opened(
    project, leader, researcher, answered_thread, client_of
):
    assert unread_counts(leader)["projects"] == 1
    assert unread_counts(researcher)["projects"] == 2  # the leader's question and the answer
    home = client_of(leader).get(reverse("portal:home")).content.decode()
    assert "cbs-badge" in home
    assert reverse("messaging:project", args=[project.number]) in home  # Openstaande acties
    detail = client_of(leader).get(reverse("projects:detail", args=[project.number]))
    assert "cbs-badge" in detail.content.decode()

    client_of(leader).get(reverse("messaging:project", args=[project.number]))
    assert unread_counts(leader)["projects"] == 0
    assert unread_counts(researcher)["projects"] == 2  # reading is per person
    home = client_of(leader).get(reverse("portal:home")).content.decode()
    assert reverse("messaging:project", args=[project.number]) not in home


def test_own_messages_and_internal_notes_are_never_unread(project, leader, cbs_contact):
    services.project_message_send(project=project, by=leader, body="Vraag")
    thread = services.project_thread(project)
    services.cbs_reply(thread=thread, by=cbs_contact, body="Notitie", internal=True)
    assert unread_counts(leader)["total"] == 0


def test_an_answered_question_counts_under_questions(question, leader, staff, client_of):
    services.cbs_reply(thread=question, by=staff, body="Antwoord")
    assert unread_counts(leader) == {"projects": 0, "questions": 1, "total": 1}
    page = client_of(leader).get(reverse("portal:customer_service")).content.decode()
    assert "cbs-badge" in page
    client_of(leader).get(reverse("messaging:question", args=[question.pk]))
    assert unread_counts(leader)["total"] == 0


def _grow(leader, cbs_contact, count):
    for _ in range(count):
        other = ProjectFactory(institution=leader.person.institution, cbs_contact=cbs_contact)
        TeamMemberFactory(project=other, person=leader.person, role="leader")
        services.project_message_send(project=other, by=leader, body="Vraag")
        services.cbs_reply(thread=services.project_thread(other), by=cbs_contact, body="Antw")
        question = services.question_ask(by=leader, subject="Vraag", body="?")
        services.cbs_reply(thread=question, by=cbs_contact, body="Antwoord")


def test_the_count_is_one_query_whatever_the_number_of_conversations(
    leader, cbs_contact, django_assert_num_queries
):
    _grow(leader, cbs_contact, 1)
    with django_assert_num_queries(1):
        small = unread_counts(leader)
    _grow(leader, cbs_contact, 10)
    with django_assert_num_queries(1):
        large = unread_counts(leader)
    assert small["total"] == 2 and large["total"] == 22


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["portal:home", "messaging:questions", "messaging:project", "projects:detail"]
)
def test_pages_do_not_grow_with_the_conversations(name, project, leader, cbs_contact, client_of):
    client = client_of(leader)
    with_number = name in ("messaging:project", "projects:detail")
    url = reverse(name, args=[project.number]) if with_number else reverse(name)
    services.project_message_send(project=project, by=leader, body="Vraag")
    _grow(leader, cbs_contact, 1)
    small = _queries(client, url)
    for _ in range(10):
        services.cbs_reply(thread=services.project_thread(project), by=cbs_contact, body="Meer")
    _grow(leader, cbs_contact, 10)
    large = _queries(client, url)
    assert small == large
