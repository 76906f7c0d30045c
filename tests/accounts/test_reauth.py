"""The one re-authentication (accounts.reauth): the login's limits, shared with the login, and
every failure an audit event; used by the password change and allauth's "confirm it is you"."""

import pytest
from django.urls import reverse

from accounts.events import AccountEvent
from portal.models import Event
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")


def _change_password(client, old):
    new = "Een-nieuw-wachtwoord-2026"
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": old, "password1": new, "password2": new},
    )


def test_password_change_wrong_current_passwords_are_recorded(client_of, researcher):
    client = client_of(researcher)
    for n in range(3):
        response = _change_password(client, f"fout-{n}")
        assert response.status_code == 200
        assert "Het wachtwoord is niet juist." in response.content.decode()
    events = Event.objects.filter(verb=AccountEvent.REAUTHENTICATION_FAILED, actor=researcher)
    assert events.count() == 3
    assert {event.data["purpose"] for event in events} == {"password.change"}


def test_wrong_passwords_asked_again_count_for_the_login_too(client, client_of, researcher):
    signed_in = client_of(researcher)
    for n in range(5):
        _change_password(signed_in, f"fout-{n}")
    signed_in.logout()
    response = client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen." in response.content.decode()


def test_right_password_changes_it_and_records_no_failure(client_of, researcher):
    response = _change_password(client_of(researcher), PASSWORD)
    assert response.status_code == 302
    assert not Event.objects.filter(verb=AccountEvent.REAUTHENTICATION_FAILED).exists()


def test_allauths_confirm_it_is_you_is_the_same_check(client_of, researcher):
    client = client_of(researcher)
    response = client.post(reverse("account_reauthenticate"), {"password": "fout"})
    assert response.status_code == 200
    event = Event.objects.get(verb=AccountEvent.REAUTHENTICATION_FAILED)
    assert event.actor == researcher and event.data["purpose"] == "account"
    assert event.reason == "incorrect_password"


def test_email_change_asks_for_the_password_again(client, researcher):
    client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    session = client.session
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY

    session[AUTHENTICATION_METHODS_SESSION_KEY][-1]["at"] -= 600  # signed in ten minutes ago
    session.save()
    response = client.post(reverse("account_email"), {"action_add": "", "email": "n@example.nl"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
