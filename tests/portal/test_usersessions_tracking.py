"""Signed-in requests record "last seen" of the session at most once a minute (allauth's own
middleware rewrote the session row on every request)."""

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.middleware import USERSESSION_SEEN_KEY

pytestmark = pytest.mark.django_db


def _usersession_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q for q in queries if "usersessions_usersession" in q["sql"]]


def test_last_seen_is_written_once_a_minute(client_of, researcher):
    client = client_of(researcher)
    url = reverse("accounts:my_details")
    assert _usersession_writes(client, url)  # the first request records the session
    assert UserSession.objects.filter(user=researcher).count() == 1
    assert not _usersession_writes(client, url)  # within the minute: nothing
    session = client.session
    session[USERSESSION_SEEN_KEY] -= 61
    session.save()
    assert _usersession_writes(client, url)  # a minute later: recorded again


def test_anonymous_requests_record_nothing(client):
    assert not _usersession_writes(client, reverse("accounts:about"))
