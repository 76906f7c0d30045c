"""/.well-known/security.txt (RFC 9116): contact, expiry and policy from the settings."""

import datetime

import pytest
from django.utils import timezone

URL = "/.well-known/security.txt"


def _fields(response) -> dict[str, str]:
    text = response.content.decode()
    return dict(line.split(": ", 1) for line in text.splitlines() if line)


@pytest.mark.django_db
def test_security_txt_from_the_settings(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@cbs.example"
    settings.SECURITY_POLICY_URL = "https://www.cbs.example/responsible-disclosure"
    settings.SECURITY_TXT_EXPIRES = "2027-06-30T00:00:00+02:00"
    settings.PORTAL_BASE_URL = "https://portal.example.nl"
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response)
    assert fields["Contact"] == "mailto:security@cbs.example"
    assert fields["Expires"] == "2027-06-29T22:00:00Z"
    assert fields["Policy"] == "https://www.cbs.example/responsible-disclosure"
    assert fields["Canonical"] == "https://portal.example.nl/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "nl, en"


@pytest.mark.django_db
def test_security_txt_defaults_expire_within_a_year(client, settings):
    settings.SECURITY_TXT_EXPIRES = ""
    settings.SECURITY_POLICY_URL = ""
    fields = _fields(client.get(URL))
    assert fields["Contact"].startswith("mailto:")
    expires = datetime.datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert timezone.now() < expires < timezone.now() + datetime.timedelta(days=365)
    assert "Policy" not in fields


@pytest.mark.django_db
def test_security_txt_also_for_a_signed_in_user_without_mfa(client_of, researcher, settings):
    settings.MFA_REQUIRED = True
    assert client_of(researcher).get(URL).status_code == 200


def test_a_malformed_expiry_fails_loudly():
    from tests.portal.test_settings import settings_with

    result = settings_with({"DEBUG": "1", "SECURITY_TXT_EXPIRES": "volgend jaar"})
    assert result.returncode != 0 and "SECURITY_TXT_EXPIRES must be" in result.stderr
