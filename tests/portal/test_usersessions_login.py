"""A sign-in costs the same number of queries however many sessions the account had: the ended
ones (gone from the session store or expired) are dropped in one query (portal.usersessions)."""

import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def _store_sessions(user, *, live=0, expired=0, gone=0):
    """Recorded sessions of ``user``; returns the keys of each kind."""
    keys = {"live": [], "expired": [], "gone": []}
    for kind, count in (("live", live), ("expired", expired), ("gone", gone)):
        for _ in range(count):
            store = SessionStore()
            store["_auth_user_id"] = str(user.pk)
            store.create()
            if kind == "expired":
                Session.objects.filter(session_key=store.session_key).update(
                    expire_date=timezone.now() - datetime.timedelta(hours=1)
                )
            elif kind == "gone":
                store.delete()
            UserSession.objects.create(
                user=user, session_key=store.session_key, ip="192.0.2.1", user_agent="Firefox"
            )
            keys[kind].append(store.session_key)
    return keys


def _sign_in_queries(user):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    return len(queries), client.session.session_key


def test_sign_in_queries_do_not_grow_with_stored_sessions(researcher):
    _store_sessions(researcher, live=1)
    with_one, _ = _sign_in_queries(researcher)

    keys = _store_sessions(researcher, live=19, expired=15, gone=15)
    assert UserSession.objects.filter(user=researcher).count() == 51  # 1 + the first sign-in + 49
    with_fifty, new_key = _sign_in_queries(researcher)

    assert with_fifty == with_one
    remaining = set(
        UserSession.objects.filter(user=researcher).values_list("session_key", flat=True)
    )
    assert not remaining & set(keys["expired"] + keys["gone"])  # the ended ones are dropped
    assert set(keys["live"]) <= remaining  # the live ones are kept
    assert new_key in remaining  # and this sign-in is recorded
    assert len(remaining) == 1 + 1 + 19 + 1


def test_other_accounts_sessions_are_left_alone(researcher, leader):
    others = _store_sessions(leader, expired=2, gone=2)
    _sign_in_queries(researcher)
    assert UserSession.objects.filter(user=leader).count() == len(
        others["expired"] + others["gone"]
    )
