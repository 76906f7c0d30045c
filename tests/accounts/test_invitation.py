import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.services import account_request_approve
from accounts.tokens import invitation_path
from portal.models import Event
from tests.factories import AccountRequestFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Zomer-in-Leusden-2026"


@pytest.fixture
def invited(account_manager, institution, commit):
    account_request = AccountRequestFactory(
        institution=institution, first_name="Sanne", email="sanne@example.nl"
    )
    with commit(execute=True):
        account_request_approve(request=account_request, by=account_manager)
    return User.objects.get(email="sanne@example.nl")


def mailed_path():
    url = re.search(r"https?://\S+/uitnodiging/\S+/", mail.outbox[-1].body).group(0)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_mailed_link_sets_password_then_login_works(client, invited):
    path = mailed_path()
    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stel je wachtwoord in" in text
    assert "sanne@example.nl" in text
    assert page["Referrer-Policy"] == "same-origin"
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert Event.objects.filter(verb="user.invitation_accept", actor=invited).count() == 1
    login = client.post(
        reverse("account_login"), {"login": "sanne@example.nl", "password": NEW_PASSWORD}
    )
    assert login.status_code == 302
    assert client.get(reverse("accounts:my_details")).status_code == 200


def test_link_is_single_use(client, invited):
    path = mailed_path()
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(path)
    assert again.status_code == 404
    assert "Link niet meer geldig" in again.content.decode()
    reuse = client.post(
        path, {"new_password1": "Iets-anders-2026!", "new_password2": "Iets-anders-2026!"}
    )
    assert reuse.status_code == 404
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_link_expires(client, invited, settings):
    path = invitation_path(invited)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(path)
    assert response.status_code == 404
    assert "Link niet meer geldig" in response.content.decode()


@pytest.mark.parametrize(
    "path_kwargs", [{"uidb64": "xx", "token": "abc-def"}, {"uidb64": "MTIz", "token": "abc-def"}]
)
def test_tampered_link(client, invited, path_kwargs):
    response = client.get(reverse("accounts:invitation", kwargs=path_kwargs))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("kort", "kort", "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten."),
        ("12345678901234", "12345678901234", "Dit wachtwoord bevat alleen cijfers."),
        ("password123456", "password123456", "Dit wachtwoord is te algemeen."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "De twee wachtwoordvelden komen niet overeen."),
        ("", "", "Dit veld is verplicht."),
    ],
)
def test_weak_or_mismatched_passwords_are_explained(client, invited, password1, password2, message):
    path = mailed_path()
    response = client.post(path, {"new_password1": password1, "new_password2": password2})
    assert response.status_code == 400
    assert message in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    # The link still works after a failed attempt.
    assert client.get(path).status_code == 200


def test_an_empty_form_says_what_is_missing(client, invited):
    response = client.post(mailed_path(), {})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_wrong_method(client, invited):
    assert client.put(mailed_path()).status_code == 405


def test_invited_user_cannot_log_in_before_setting_a_password(client, invited):
    response = client.post(reverse("account_login"), {"login": "sanne@example.nl", "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
