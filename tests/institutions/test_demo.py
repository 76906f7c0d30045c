"""The demo of Mijn instelling: what the README's demo table promises for Gerro and Kees."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from changes.models import ChangeRequest
from institutions.demo import LEAVER_EMAIL, LEAVER_PROJECT
from institutions.kinds import MEMBER_LEFT

pytestmark = pytest.mark.django_db


def test_demo_gerro_sees_his_people_and_kees_left(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)  # idempotent
    assert (
        ChangeRequest.objects.filter(kind=MEMBER_LEFT, project__number=LEAVER_PROJECT).count() == 1
    )
    client.post(reverse("account_login"), {"login": LEAVER_EMAIL, "password": DEMO_PASSWORD})
    assert client.get(reverse("accounts:my_details")).status_code == 302  # not signed in
    client.post(
        reverse("account_login"),
        {"login": "gerro.dejager@example.nl", "password": DEMO_PASSWORD},
    )
    people = client.get(reverse("institutions:people")).content.decode()
    assert "Piet" in people and "Kees" in people and "Eline" in people
    lapsing = client.get(reverse("institutions:people"), {"filter": "lapsing"}).content.decode()
    assert "Piet" in lapsing
    projects = client.get(reverse("institutions:projects")).content.decode()
    assert str(LEAVER_PROJECT) in projects
