import io

import pytest
from django.urls import reverse

from accounts import demo
from accounts.models import AccountRequest, Person, User

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_logins_work(client):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    gerro = Person.objects.get(first_name="Gerro")
    assert gerro.is_account_manager and gerro.institution.name == "AFAS Software"
    afas_open = AccountRequest.objects.filter(status="open", institution__name="AFAS Software")
    assert afas_open.count() == 3
    assert (
        AccountRequest.objects.filter(status="open").exclude(institution=gerro.institution).count()
        == 1
    )
    assert User.objects.filter(email="gerro.dejager@example.nl").count() == 1
    client.post(
        reverse("account_login"),
        {"login": "gerro.dejager@example.nl", "password": demo.DEMO_PASSWORD},
    )
    page = client.get(reverse("accounts:manage_requests")).content.decode()
    assert "Sanne Visser" in page and "Lotte" not in page
