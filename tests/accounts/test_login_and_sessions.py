import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.middleware import IDLE_KEY, MFA_OK_KEY
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.quality.conftest import sign_in

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")


def test_login_page_in_portal_layout_and_dutch(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Inloggen</h1>" in text
    assert 'class="cbs-nav"' in text  # the portal's layout
    assert 'class="cbs-form"' in text
    assert '<label for="id_login">' in text and "E-mail" in text
    assert '<label for="id_password">' in text and "Wachtwoord" in text
    assert reverse("accounts:request_account") in text
    assert "Nog geen account?" in text
    assert 'style="' not in text  # the CSP forbids inline styles


def test_login_page_in_english(client):
    text = client.get("/en/accounts/login/").content.decode()
    assert "<h1>Sign in</h1>" in text and 'lang="en"' in text


def test_login_with_email_and_password(client, researcher):
    response = client.post(LOGIN, {"login": researcher.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == researcher.pk


def test_wrong_password_is_explained(client, researcher):
    response = client.post(LOGIN, {"login": researcher.email, "password": "fout"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert (
        "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct."
        in response.content.decode()
    )


def test_failed_logins_are_rate_limited(client, researcher):
    for _ in range(5):
        client.post(LOGIN, {"login": researcher.email, "password": "fout"})
    response = client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Te veel inlogpogingen." in response.content.decode()


def test_wrong_passwords_lock_the_account_briefly_and_its_owner_is_mailed_once(
    client, researcher, commit, mailoutbox
):
    from allauth.core.internal.ratelimit import get_rates

    with commit(execute=True):
        for n in range(5):
            client.post(LOGIN, {"login": researcher.email, "password": f"fout-{n}"})
    assert [m.to for m in mailoutbox] == [[researcher.email]]
    assert "meerdere keren met een verkeerd wachtwoord" in mailoutbox[0].body
    assert "/accounts/password/reset/" in mailoutbox[0].body
    with commit(execute=True):
        refused = client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
        client.post(LOGIN, {"login": researcher.email, "password": "nog-eens-fout"})
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen." in refused.content.decode()
    assert len(mailoutbox) == 1  # one mail per lock-out
    # Short: the lock on an account lasts at most a minute; the per-client limit stays.
    rates = {rate.per: rate for rate in get_rates(app="allauth.account", action="login_failed")}
    assert rates["key"].duration <= 60
    assert rates["ip"].amount == 10 and rates["ip"].duration == 60


def test_wrong_passwords_for_an_unknown_address_mail_nobody(client, commit, mailoutbox):
    with commit(execute=True):
        for n in range(6):
            client.post(LOGIN, {"login": "niemand@example.nl", "password": f"fout-{n}"})
    assert mailoutbox == []


def test_no_open_signup(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "gesloten" in response.content.decode().lower()
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.nl",
            "password1": "Zomer-2026-lang!",
            "password2": "Zomer-2026-lang!",
        },
    )
    from accounts.models import User

    assert not User.objects.filter(email="nieuw@example.nl").exists()


def test_password_reset_page_in_portal_layout(client, researcher, mailoutbox, commit):
    response = client.get(reverse("account_reset_password"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "cbs-form" in text and "cbs-button" in text and 'style="' not in text
    with commit(execute=True):
        client.post(reverse("account_reset_password"), {"email": researcher.email})
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject.startswith("CBS Microdata Services – ")
    assert message.alternatives[0][1] == "text/html"  # sent through Tasks, text and HTML
    link = re.search(r"https?://\S+(/accounts/password/reset/key/\S+/)", message.body).group(1)
    follow = client.get(link, follow=True)
    assert follow.status_code == 200
    page = follow.content.decode()
    assert 'class="cbs-form"' in page and 'style="' not in page
    path = follow.redirect_chain[-1][0] if follow.redirect_chain else link
    client.post(path, {"password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"})
    researcher.refresh_from_db()
    assert researcher.check_password("Nieuw-wachtwoord-2026")


def test_login_email_change_is_confirmed_with_a_code(client, researcher, mailoutbox, commit):
    # With MFA on (as MFA_REQUIRED makes it) allauth allows email change only with codes.
    Authenticator.objects.create(
        user=researcher, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    sign_in(client, researcher)  # with its password just now: no need to confirm it again
    with commit(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "nieuw@example.nl"}
        )
    assert response.status_code == 302
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.M).group(1)
    page = client.get(response["Location"]).content.decode()
    assert 'class="cbs-form"' in page
    client.post(response["Location"], {"code": code})
    researcher.refresh_from_db()
    assert researcher.email == "nieuw@example.nl"


@pytest.mark.parametrize(
    "name", ["account_email", "mfa_index", "usersessions_list", "account_change_password"]
)
def test_account_settings_pages_in_portal_layout(client_of, researcher, name):
    response = client_of(researcher).get(reverse(name))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="cbs-tabs"' in text
    assert 'style="' not in text
    assert 'lang="nl"' in text


def test_other_sessions_can_be_ended(client, researcher):
    from django.test import Client

    other = Client()
    other.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    page = client.get(reverse("usersessions_list")).content.decode()
    assert "Elders uitloggen" in page and "Gestart op" in page
    client.post(reverse("usersessions_list"))
    assert other.get(reverse("accounts:my_details")).status_code == 302  # signed out
    assert client.get(reverse("accounts:my_details")).status_code == 200


def test_logout(client_of, researcher):
    client = client_of(researcher)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_staff_reach_admin_through_the_portal_login(client, staff):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert LOGIN in response["Location"] or "/admin/login/" in response["Location"]
    login_page = client.get("/admin/login/?next=/admin/")
    assert login_page.status_code == 302 and LOGIN in login_page["Location"]
    client.post(LOGIN + "?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


# MFA required ----------------------------------------------------------------------------------


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def test_mfa_required_sends_user_to_set_it_up(client_of, researcher, mfa_required):
    client = client_of(researcher)
    response = client.get(reverse("accounts:my_details"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    followed = client.get(response["Location"], follow=True)
    assert "Stel eerst tweestapsverificatie in voordat je verdergaat." in followed.content.decode()


def test_mfa_required_also_in_english(client_of, researcher, mfa_required):
    client = client_of(researcher)
    response = client.get("/en/mijn-gegevens/")
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    # allauth's own pages (also under /en/) stay reachable, so MFA can be set up.
    assert client.get("/en/accounts/2fa/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


@pytest.mark.parametrize(
    "name",
    ["account_change_password", "account_email", "usersessions_list", "account_set_password"],
)
def test_before_mfa_is_set_up_login_email_and_password_cannot_be_changed(
    client_of, researcher, mfa_required, name
):
    client = client_of(researcher)
    old_password = researcher.password
    response = client.post(
        reverse(name),
        {"oldpassword": PASSWORD, "password1": "Een-nieuw-wachtwoord-2026",
         "password2": "Een-nieuw-wachtwoord-2026", "email": "kaper@example.nl",
         "action_add": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    researcher.refresh_from_db()
    assert researcher.password == old_password
    assert not researcher.emailaddress_set.filter(email="kaper@example.nl").exists()


def test_before_mfa_is_set_up_its_set_up_pages_and_logout_stay_open(
    client_of, researcher, mfa_required
):
    client = client_of(researcher)
    for name in ("mfa_activate_totp", "mfa_add_webauthn", "mfa_index"):
        response = client.get(reverse(name))
        assert response.status_code in (200, 302), name
        assert response.get("Location") != reverse("mfa_activate_totp"), name
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_mfa_required_lets_user_with_totp_through(client_of, researcher, mfa_required):
    Authenticator.objects.create(
        user=researcher, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    client = client_of(researcher)
    assert client.get(reverse("accounts:my_details")).status_code == 200
    assert client.session[MFA_OK_KEY] is True


def test_mfa_not_required_by_default(client_of, researcher):
    assert client_of(researcher).get(reverse("accounts:my_details")).status_code == 200


def test_mfa_required_for_staff_in_admin(client_of, staff, mfa_required):
    response = client_of(staff).get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


# Idle timeout ----------------------------------------------------------------------------------


def test_idle_session_ends(client_of, researcher, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_of(researcher)
    assert client.get(reverse("accounts:my_details")).status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 601
    session.save()
    response = client.get(reverse("accounts:my_details") + "?x=1")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fmijn-gegevens%2F%3Fx%3D1"
    assert "_auth_user_id" not in client.session
    followed = client.get(response["Location"])
    assert "Je bent uitgelogd omdat je een tijd niet actief was." in followed.content.decode()


def test_active_session_stays(client_of, researcher, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_of(researcher)
    client.get(reverse("accounts:my_details"))
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 500
    session.save()
    assert client.get(reverse("accounts:my_details")).status_code == 200
    assert client.session[IDLE_KEY] >= int(time.time()) - 5  # refreshed


def test_user_created_in_any_way_can_log_in(client):
    user = UserFactory(email="nieuw.aangemaakt@example.nl")
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_with_totp_asks_for_the_code(client, researcher):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(researcher, secret)
    response = client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "cbs-form" in page and 'style="' not in page
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert int(client.session["_auth_user_id"]) == researcher.pk


def test_security_key_page_is_labelled_in_dutch(client, researcher):
    client.post(LOGIN, {"login": researcher.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == 200
    assert "Naam van de beveiligingssleutel" in response.content.decode()
