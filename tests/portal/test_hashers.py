"""Passwords are hashed with Argon2id at OWASP's first recommended configuration; a hash made
before (PBKDF2) still signs in and is replaced at that sign-in."""

import json

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD
from tests.portal.test_settings import settings_with

PRODUCTION = ["portal.hashers.PortalArgon2PasswordHasher",
              "django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # fmt: skip


def test_outside_tests_argon2id_comes_first_and_pbkdf2_still_verifies():
    result = settings_with({"DEBUG": "1"}, "settings.PASSWORD_HASHERS")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == PRODUCTION


@override_settings(PASSWORD_HASHERS=PRODUCTION)
def test_a_new_hash_is_argon2id_with_19_mib_two_passes_one_lane():
    encoded = make_password("Microdata-demo-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("Microdata-demo-2026", encoded)
    assert not check_password("Microdata-demo-2025", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION)
def test_a_pbkdf2_hash_signs_in_and_is_replaced_by_argon2id(client):
    user = UserFactory()
    pbkdf2 = make_password(PASSWORD, hasher="pbkdf2_sha256")
    type(user).objects.filter(pk=user.pk).update(password=pbkdf2)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, user.password)
