"""Unread messages: counted per person, beside "Projecten", on the project and on Home, until
read; one query for the count, whatever the number of conversations; kept in the cache until
what they count changes, and counted again once that change is committed.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a
test runs in one transaction that never commits, and what is kept is forgotten on commit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from messaging import services
from messaging.unread import unread_counts, unread_threads
from projects import services as project_services
from tests.factories import ProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_an_answer_is_unread_until_the_conversation_is_opened(
    project, leader, researcher, answered_thread, client_of, committed
):
    assert unread_counts(leader)["projects"] == 1
    assert unread_counts(researcher)["projects"] == 2  # the leader's question and the answer
    home = client_of(leader).get(reverse("portal:home")).content.decode()
    assert "cbs-badge" in home
    assert reverse("messaging:project", args=[project.number]) in home  # Openstaande acties
    detail = client_of(leader).get(reverse("projects:detail", args=[project.number]))
    assert "cbs-badge" in detail.content.decode()

    with committed():
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


def test_an_answered_question_counts_under_questions(question, leader, staff, client_of, committed):
    assert unread_counts(leader)["total"] == 0
    with committed():
        services.cbs_reply(thread=question, by=staff, body="Antwoord")
    assert unread_counts(leader) == {"projects": 0, "questions": 1, "total": 1}
    page = client_of(leader).get(reverse("portal:customer_service")).content.decode()
    assert "cbs-badge" in page
    with committed():
        client_of(leader).get(reverse("messaging:question", args=[question.pk]))
    assert unread_counts(leader)["total"] == 0


def test_the_counts_are_kept_until_a_message_is_committed(
    project, leader, researcher, answered_thread, cbs_contact, django_assert_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    assert unread_counts(researcher)["projects"] == 2
    assert [t["count"] for t in unread_threads(researcher)] == [2]
    with django_assert_num_queries(0):
        assert unread_counts(researcher)["projects"] == 2
        assert unread_threads(researcher)[0]["count"] == 2
    with django_capture_on_commit_callbacks() as callbacks:
        services.cbs_reply(thread=answered_thread, by=cbs_contact, body="Nog iets")
    # Not committed yet: the kept count stands, as on a page served meanwhile.
    assert unread_counts(researcher)["projects"] == 2
    for callback in callbacks:
        callback()
    assert unread_counts(researcher)["projects"] == 3
    assert unread_threads(researcher)[0]["count"] == 3
    assert unread_counts(leader)["projects"] == 2  # every follower of the thread


def test_an_internal_note_and_reading_nothing_new_keep_the_counts(
    project, leader, researcher, answered_thread, cbs_contact, client_of, committed,
    django_assert_num_queries,
):  # fmt: skip
    with committed():
        client_of(leader).get(reverse("messaging:project", args=[project.number]))
    assert unread_counts(leader)["projects"] == 0
    assert unread_counts(researcher)["projects"] == 2
    with committed():
        services.cbs_reply(thread=answered_thread, by=cbs_contact, body="Notitie", internal=True)
    with django_assert_num_queries(0):
        assert unread_counts(researcher)["projects"] == 2
    with committed():
        client_of(researcher).get(reverse("messaging:project", args=[project.number]))
    assert unread_counts(researcher)["projects"] == 0
    with committed():
        client_of(researcher).get(reverse("messaging:project", args=[project.number]))
    with django_assert_num_queries(0):
        assert unread_counts(researcher)["projects"] == 0


def test_a_count_made_while_a_change_commits_is_not_shown_again(
    leader, answered_thread, cbs_contact, committed
):
    """A page counting from the data before a message, keeping its count after the message's
    commit forgot the stamp: the next page counts again."""
    from messaging import unread

    def count_then_commit_a_message(user):
        counts = unread._count(user)
        with committed():
            services.cbs_reply(thread=answered_thread, by=cbs_contact, body="Ondertussen")
        return counts

    assert unread._kept(leader, "counts", count_then_commit_a_message)["projects"] == 1
    assert unread_counts(leader)["projects"] == 2


def test_joining_and_leaving_a_team_changes_the_counts(
    project, answered_thread, institution, leader, committed
):
    from tests.conftest import make_user

    newcomer = make_user(institution)
    assert unread_counts(newcomer)["projects"] == 0
    with committed():
        member = project_services.team_member_add(
            project=project, by=leader, person=newcomer.person, role="researcher",
            start_date=timezone.localdate(),
        )  # fmt: skip
    assert unread_counts(newcomer)["projects"] == 2
    with committed():
        project_services.team_member_remove(member=member, by=leader)
    assert unread_counts(newcomer)["projects"] == 0


def test_a_new_day_counts_again(project, answered_thread, researcher, monkeypatch):
    """Membership is by date: who ends today no longer follows the conversation tomorrow."""
    member = researcher.person.memberships.get(project=project)
    member.end_date = timezone.localdate()
    member.save(update_fields=["end_date"])
    assert unread_counts(researcher)["projects"] == 2
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert unread_counts(researcher)["projects"] == 0


def _grow(leader, cbs_contact, count):
    """Conversations with unread answers, committed (what is kept is forgotten)."""
    for _ in range(count):
        other = ProjectFactory(institution=leader.person.institution, cbs_contact=cbs_contact)
        TeamMemberFactory(project=other, person=leader.person, role="leader")
        services.project_message_send(project=other, by=leader, body="Vraag")
        services.cbs_reply(thread=services.project_thread(other), by=cbs_contact, body="Antw")
        question = services.question_ask(by=leader, subject="Vraag", body="?")
        services.cbs_reply(thread=question, by=cbs_contact, body="Antwoord")


def test_the_count_is_one_query_whatever_the_number_of_conversations(
    leader, cbs_contact, django_assert_num_queries, committed
):
    with committed():
        _grow(leader, cbs_contact, 1)
    with django_assert_num_queries(1):
        small = unread_counts(leader)
    with committed():
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


def test_with_the_cache_away_pages_answer_and_messages_are_posted(
    settings, project, leader, answered_thread, cbs_contact, client_of, committed
):
    """A Redis that does not answer (a closed port): the counts are made without it, a message
    is still posted and its page still answers; nothing is kept."""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    assert unread_counts(leader)["projects"] == 1
    page = client_of(leader).get(reverse("portal:home"))
    assert page.status_code == 200 and "cbs-badge" in page.content.decode()
    with committed():
        services.cbs_reply(thread=answered_thread, by=cbs_contact, body="Nog een antwoord")
    assert unread_counts(leader)["projects"] == 2
