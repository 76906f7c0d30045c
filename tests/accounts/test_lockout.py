"""Wrong passwords pause an account per account and address first; the whole account only when
they come from several addresses; the owner hears of it at most once an hour."""

import time

import pytest
from django.urls import reverse

from accounts import throttle
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")


def _login(client, user, password, address):
    return client.post(LOGIN, {"login": user.email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def clock(monkeypatch):
    """time.time() moved on by hand: the rate limits' windows and the cache's expiry alike."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    return advance


def test_wrong_passwords_from_one_address_do_not_keep_the_owner_out(client, researcher):
    for n in range(5):
        _login(client, researcher, f"fout-{n}", "203.0.113.9")
    refused = _login(client, researcher, PASSWORD, "203.0.113.9")
    assert "Te veel inlogpogingen." in refused.content.decode()
    owner = _login(client, researcher, PASSWORD, "198.51.100.20")
    assert owner.status_code == 302
    assert int(client.session["_auth_user_id"]) == researcher.pk


def test_wrong_passwords_from_several_addresses_pause_the_whole_account(client, researcher):
    for address, tries in [("203.0.113.1", 4), ("203.0.113.2", 3), ("203.0.113.3", 3)]:
        for n in range(tries):
            _login(client, researcher, f"fout-{n}", address)
    assert throttle.account_locked(researcher.email)
    refused = _login(client, researcher, PASSWORD, "198.51.100.20")
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen." in refused.content.decode()


def test_two_addresses_do_not_pause_the_whole_account(client, researcher):
    for address in ("203.0.113.1", "203.0.113.2"):
        for n in range(5):
            _login(client, researcher, f"fout-{n}", address)
    assert _login(client, researcher, PASSWORD, "198.51.100.20").status_code == 302


def test_one_lockout_mail_an_hour(client, researcher, commit, mailoutbox, clock):
    with commit(execute=True):
        for _minute in range(3):  # five wrong passwords a minute, for three minutes
            for n in range(5):
                _login(client, researcher, f"fout-{n}", "203.0.113.9")
            clock(61)
    assert [m.to for m in mailoutbox] == [[researcher.email]]
    clock(3600)
    with commit(execute=True):
        for n in range(5):
            _login(client, researcher, f"fout-{n}", "203.0.113.9")
    assert len(mailoutbox) == 2
