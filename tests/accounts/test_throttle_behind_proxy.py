"""Rate limits behind the reverse proxy, kept in the real Redis of CI (CACHE_URL=redis://...).

Behind the proxy every request comes from the proxy's address: the limits must key on the client
address the proxy reports (ALLAUTH_TRUSTED_PROXY_COUNT), or one client blocks everybody. And they
must be shared by every worker: a count made by one is seen by another.
"""

import os
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse

from accounts.models import AccountRequest
from accounts.throttle import client_address
from tests.accounts.test_request_account import valid_data
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PROXY = "10.9.9.9"
LOGIN = reverse("account_login")
URL = reverse("accounts:request_account")


def _redis_or_skip() -> redis.Redis:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but there is no Redis at {REDIS_URL}.")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return connection


@pytest.fixture
def redis_cache():
    """The default cache in Redis, under a key prefix of this test only (removed afterwards)."""
    connection = _redis_or_skip()
    prefix = f"kp-test-{uuid.uuid4().hex}"
    config = {
        "BACKEND": "portal.cache.RedisWithFallbackCache",  # as CACHE_URL=redis://… makes it
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    caches = {**django_settings.CACHES, "default": config}  # the cache of page fragments kept
    with override_settings(CACHES=caches, ALLAUTH_TRUSTED_PROXY_COUNT=1):
        yield config
    keys = list(connection.scan_iter(match=f"{prefix}:*"))
    if keys:
        connection.delete(*keys)


def via_proxy(client_ip: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_ip}


def test_the_client_address_is_the_one_the_trusted_proxy_reports(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", **via_proxy("spoofed, 203.0.113.5"))
    assert client_address(request) == "203.0.113.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == PROXY


def test_one_client_behind_the_proxy_does_not_block_the_others_account_requests(
    client, institution, redis_cache
):
    for n in range(20):
        client.post(URL, valid_data(institution, email=f"a{n}@example.nl", gender=""),
                    **via_proxy("203.0.113.5"))  # fmt: skip
    blocked = client.post(URL, valid_data(institution), **via_proxy("203.0.113.5"))
    assert blocked.status_code == 429
    other = client.post(URL, valid_data(institution), **via_proxy("198.51.100.7"))
    assert other.status_code == 302
    assert AccountRequest.objects.count() == 1


def test_the_count_is_shared_by_every_worker(client, institution, redis_cache):
    for n in range(20):
        client.post(URL, valid_data(institution, email=f"b{n}@example.nl", gender=""),
                    **via_proxy("203.0.113.5"))  # fmt: skip
    # Another worker: its own connection to the same Redis, the same settings.
    other_worker = RedisCache(redis_cache["LOCATION"], {"KEY_PREFIX": redis_cache["KEY_PREFIX"]})
    counts = [
        other_worker.get(key.decode().split(":", 2)[2])
        for key in redis.Redis.from_url(REDIS_URL).scan_iter(
            match=f"{redis_cache['KEY_PREFIX']}:*accounts:request:ip:*"
        )
    ]
    assert counts == [20]


def test_failed_logins_of_one_client_do_not_lock_out_the_others(client, researcher, redis_cache):
    for n in range(10):
        client.post(LOGIN, {"login": f"x{n}@example.nl", "password": "fout"},
                    **via_proxy("203.0.113.5"))  # fmt: skip
    blocked = client.post(
        LOGIN, {"login": researcher.email, "password": PASSWORD}, **via_proxy("203.0.113.5")
    )
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen." in blocked.content.decode()
    client.post(LOGIN, {"login": researcher.email, "password": PASSWORD},
                **via_proxy("198.51.100.7"))  # fmt: skip
    assert client.session["_auth_user_id"] == str(researcher.pk)
