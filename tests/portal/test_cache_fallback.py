"""Redis away: signing in and every rate-limited form keep working (each process's memory holds
the limits meanwhile), a warning is logged, and cache_is_up() says the cache is down. Redis at a
port of 127.0.0.1 where nothing listens: a real refused connection, no mock."""

import logging
import socket

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AccountRequest
from portal import cache as portal_cache
from portal.cache import cache_is_up
from portal.settings import cache_from_url
from tests.accounts.test_request_account import valid_data
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")


def _port_where_nothing_listens() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_away(settings, monkeypatch):
    monkeypatch.setattr(portal_cache, "_away_until", 0.0)
    url = f"redis://127.0.0.1:{_port_where_nothing_listens()}/0"
    settings.CACHES = {**settings.CACHES, "default": cache_from_url(url, local=False)}
    yield
    monkeypatch.setattr(portal_cache, "_away_until", 0.0)


def test_sign_in_works_with_redis_away_and_a_warning_is_logged(
    client, researcher, redis_away, caplog
):
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        response = client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == researcher.pk
    assert any("Redis cache does not answer" in r.getMessage() for r in caplog.records)


def test_wrong_passwords_are_still_limited_with_redis_away(client, researcher, redis_away):
    for n in range(5):
        assert client.post(LOGIN, {"login": researcher.email, "password": f"f{n}"}).status_code
    refused = client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen." in refused.content.decode()


def test_the_account_request_form_works_with_redis_away(client, institution, redis_away):
    response = client.post(reverse("accounts:request_account"), valid_data(institution))
    assert response.status_code == 302
    assert AccountRequest.objects.count() == 1


def test_cache_is_up_says_the_cache_is_down(redis_away):
    assert cache_is_up() is False
    cache.set("x", 1)  # the portal itself carries on meanwhile
    assert cache.get("x") == 1


def test_cache_is_up_with_a_cache_that_answers():
    assert cache_is_up() is True


def test_readiness_says_the_cache_is_down_and_keeps_serving(client, redis_away, staff):
    """Not critical: every server shares the one Redis, and the portal works without it."""
    client.force_login(staff)
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["critical"] is False
