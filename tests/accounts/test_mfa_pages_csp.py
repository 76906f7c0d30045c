"""The MFA pages taken over from allauth (templates/mfa/) keep to the strict CSP: their JSON
data blocks carry the page's nonce, like every inline script of ours."""

import re

import pytest
from django.urls import reverse

from tests.quality.conftest import sign_in
from tests.quality.test_headers import header_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher_with_totp(researcher):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(researcher, generate_totp_secret())
    RecoveryCodes.activate(researcher)
    return researcher


@pytest.mark.parametrize("name", ["mfa_add_webauthn", "mfa_view_recovery_codes"])
def test_mfa_page_data_blocks_carry_the_nonce(client, researcher_with_totp, name):
    sign_in(client, researcher_with_totp)
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<script[^>]+type="application/json"[^>]*nonce="[^"]+"', page)
    assert header_problems(reverse(name), response) == []


def test_json_script_nonce_escapes_like_json_script():
    from django.template import Context, Template

    html = Template('{% json_script_nonce data "d" %}').render(
        Context({"data": {"x": "</script><b>"}, "csp_nonce": "abc"})
    )
    assert html.startswith('<script nonce="abc" id="d" type="application/json">')
    assert "</script><b>" not in html and "\\u003C/script\\u003E" in html
