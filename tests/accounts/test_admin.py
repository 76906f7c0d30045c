import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Institution, User
from accounts.services import account_request_reject
from portal.models import Event
from tests.factories import AccountRequestFactory, InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "accounts_user",
    "accounts_person",
    "accounts_institution",
    "accounts_accountrequest",
]


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_open_for_staff(client_of, staff, model, institution):
    AccountRequestFactory(institution=institution)
    PersonFactory(institution=institution)
    response = client_of(staff).get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_closed_to_non_staff(client_of, researcher, account_manager, model):
    for user in (researcher, account_manager):
        response = client_of(user).get(reverse(f"admin:{model}_changelist"))
        assert response.status_code == 302


@pytest.mark.parametrize("model", CHANGELISTS)
def test_changelists_have_no_n_plus_one(client_of, staff, model, institution):
    client = client_of(staff)
    url = reverse(f"admin:{model}_changelist")
    client.get(url)

    def make(n):
        for _ in range(n):
            person = PersonFactory(institution=InstitutionFactory())
            UserFactory(person=person)
            account_request = AccountRequestFactory(institution=person.institution)
            account_request.decided_by = staff
            account_request.save()

    make(1)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(10)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one), [q["sql"][:120] for q in many]


def test_user_admin_shows_no_password(client_of, staff, researcher):
    response = client_of(staff).get(reverse("admin:accounts_user_change", args=[researcher.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert researcher.password not in text
    assert 'name="password"' not in text


def test_user_added_in_admin_has_no_password_and_is_recorded(client_of, staff):
    response = client_of(staff).post(
        reverse("admin:accounts_user_add"),
        {"email": "Nieuw@cbs.nl", "language": "nl", "is_active": "on"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@cbs.nl")
    assert not user.has_usable_password()
    assert Event.objects.filter(verb="admin.add", target_id=str(user.pk)).exists()


def _institution_data(**overrides):
    data = {
        "name": "Nieuwe Instelling",
        "authorization_start": "2025-01-01",
        "authorization_end": "2027-12-31",
        "street_address": "",
        "postal_code": "",
        "city": "",
        "country": "Nederland",
    }
    for prefix in ("persons", "persons-2"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_institution_authorization_at_most_three_years(client_of, staff):
    client = client_of(staff)
    url = reverse("admin:accounts_institution_add")
    page = client.get(url).content.decode()
    prefixes = sorted(set(__import__("re").findall(r'name="([\w-]+)-TOTAL_FORMS"', page)))
    data = _institution_data(authorization_end="2028-01-02")
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Een machtiging duurt hoogstens drie jaar: uiterlijk tot en met 01-01-2028." in (
        response.content.decode()
    )
    assert not Institution.objects.filter(name="Nieuwe Instelling").exists()
    data["authorization_end"] = "2028-01-01"
    assert client.post(url, data).status_code == 302
    assert Event.objects.filter(verb="admin.add", target_type="accounts.institution").exists()


def test_institution_filter_ending_within_three_months(client_of, staff):
    today = timezone.localdate()
    InstitutionFactory(name="Bijna Klaar", authorization_end=today + datetime.timedelta(days=30))
    InstitutionFactory(name="Nog Lang", authorization_end=today + datetime.timedelta(days=400))
    response = client_of(staff).get(
        reverse("admin:accounts_institution_changelist") + "?authorization=ending"
    )
    text = response.content.decode()
    assert "Bijna Klaar" in text and "Nog Lang" not in text


def test_institution_page_shows_managers_and_contact_persons(client_of, staff, account_manager):
    PersonFactory(
        institution=account_manager.person.institution, last_name="Contactpersoonachternaam"
    )
    response = client_of(staff).get(
        reverse("admin:accounts_institution_change", args=[account_manager.person.institution.pk])
    )
    text = response.content.decode()
    assert "Accountbeheerders" in text and "Contactpersonen" in text
    assert escape(account_manager.person.last_name) in text
    assert "Contactpersoonachternaam" in text


def test_account_request_decision_is_shown_read_only(
    client_of, staff, account_manager, institution
):
    account_request = AccountRequestFactory(institution=institution)
    account_request_reject(request=account_request, by=account_manager, reason="Onbekend bij ons")
    response = client_of(staff).get(
        reverse("admin:accounts_accountrequest_change", args=[account_request.pk])
    )
    text = response.content.decode()
    assert "Onbekend bij ons" in text
    assert str(account_manager) in text  # decided by: by name and institution (issue 20)
    assert 'name="status"' not in text and 'name="reason"' not in text
    assert "Accountaanvraag afgewezen" in text  # the history


def test_person_history_shows_old_and_new(client_of, staff, researcher):
    from accounts.services import person_details_update

    person_details_update(person=researcher.person, by=researcher, data={"mobile": "+31612345678"})
    response = client_of(staff).get(
        reverse("admin:accounts_person_change", args=[researcher.person.pk])
    )
    assert "mobile:  → +31612345678" in response.content.decode()


def test_readonly_staff_cannot_change(client_of, readonly_staff, researcher):
    client = client_of(readonly_staff)
    url = reverse("admin:accounts_person_change", args=[researcher.person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"first_name": "Gewijzigd"})
    assert response.status_code == 403
    researcher.person.refresh_from_db()
    assert researcher.person.first_name != "Gewijzigd"


RIGHTS = {"is_superuser", "groups", "user_permissions"}


def test_staff_cannot_edit_rights_superusers_can(client_of, staff, researcher):
    url = reverse("admin:accounts_user_change", args=[researcher.pk])
    form = client_of(staff).get(url).context["adminform"].form
    assert not set(form.fields) & RIGHTS and "is_staff" in form.fields
    # A forged POST with rights changes none.
    client_of(staff).post(url, {
        "email": researcher.email, "person": researcher.person.pk, "language": "nl",
        "is_active": "on", "is_superuser": "on", "groups": ["1"],
    })  # fmt: skip
    researcher.refresh_from_db()
    assert not researcher.is_superuser and not researcher.groups.exists()
    developer = UserFactory(person=None, is_staff=True, is_superuser=True, email="dev@cbs.nl")
    form = client_of(developer).get(url).context["adminform"].form
    assert set(form.fields) >= RIGHTS


def test_staff_cannot_change_or_delete_a_superuser(client_of, staff):
    developer = UserFactory(person=None, is_staff=True, is_superuser=True, email="dev@cbs.nl")
    client = client_of(staff)
    url = reverse("admin:accounts_user_change", args=[developer.pk])
    assert client.get(url).status_code == 200  # seen, read-only
    response = client.post(url, {"email": "overname@example.nl", "language": "nl"})
    assert response.status_code == 403
    delete_url = reverse("admin:accounts_user_delete", args=[developer.pk])
    assert "Alleen een ontwikkelaar" in client.get(delete_url).content.decode()
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    developer.refresh_from_db()
    assert developer.email == "dev@cbs.nl"
