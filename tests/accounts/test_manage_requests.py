import threading

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccountRequest, Person, User
from accounts.services import account_request_approve, account_request_reject
from portal.models import Event
from portal.refusals import Refusal
from tests.factories import AccountRequestFactory, InstitutionFactory

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:manage_requests")


@pytest.fixture
def open_request(institution):
    return AccountRequestFactory(
        institution=institution,
        first_name="Sanne",
        last_name="Visser",
        email="sanne@example.nl",
        language="en",
    )


def approve_url(account_request):
    return reverse("accounts:approve_request", args=[account_request.pk])


def reject_url(account_request):
    return reverse("accounts:reject_request", args=[account_request.pk])


# The list ---------------------------------------------------------------------------------------


def test_manager_sees_open_requests_of_own_institution_only(
    client_of, account_manager, open_request, other_institution
):
    AccountRequestFactory(institution=other_institution, first_name="Vreemd")
    AccountRequestFactory(
        institution=open_request.institution, first_name="Besloten", status="rejected"
    )
    response = client_of(account_manager).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Accountaanvragen</h1>" in text
    assert "Sanne Visser" in text
    assert "sanne@example.nl" in text
    assert "02-01-1990" in text  # date of birth
    assert "Man" in text and "Engels" in text
    assert "Vreemd" not in text
    assert "Besloten" not in text


def test_list_queries_do_not_grow(client_of, account_manager, institution):
    client = client_of(account_manager)
    client.get(LIST)  # the session's first request records it (allauth usersessions)
    AccountRequestFactory(institution=institution)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    AccountRequestFactory.create_batch(20, institution=institution)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(one)


@pytest.mark.parametrize("who", ["researcher", "staff"])
def test_non_managers_get_404(client_of, who, request):
    user = request.getfixturevalue(who)
    assert client_of(user).get(LIST).status_code == 404


def test_other_manager_sees_only_their_own(client_of, other_account_manager, open_request):
    response = client_of(other_account_manager).get(LIST)
    assert response.status_code == 200
    assert "sanne@example.nl" not in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_list_wrong_method(client_of, account_manager):
    assert client_of(account_manager).post(LIST).status_code == 405


# Approve ----------------------------------------------------------------------------------------


def test_approve_creates_person_and_user_and_mails_invitation(
    client_of, account_manager, open_request, commit
):
    with commit(execute=True):
        response = client_of(account_manager).post(approve_url(open_request))
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == "approved"
    assert open_request.decided_by == account_manager
    assert open_request.decided_at is not None
    person = open_request.person
    assert person.institution == open_request.institution
    assert (person.first_name, person.last_name, person.email) == (
        "Sanne",
        "Visser",
        "sanne@example.nl",
    )
    user = User.objects.get(email="sanne@example.nl")
    assert user.person == person
    assert not user.has_usable_password()
    assert user.language == "en"
    event = Event.objects.get(verb="account_request.approve")
    assert event.actor == account_manager
    assert (event.from_state, event.to_state) == ("open", "approved")
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["sanne@example.nl"]
    assert (
        invitation.subject == "Your account on the portal of CBS Microdata Services"
    )  # in English
    assert "/en/uitnodiging/" in invitation.body
    assert invitation.alternatives
    followed = client_of(account_manager).get(response["Location"])
    assert "De aanvraag van Sanne Visser is goedgekeurd" in followed.content.decode()


@pytest.mark.parametrize("who", ["researcher", "other_account_manager", "staff"])
def test_approve_refused_to_others(client_of, open_request, who, request):
    user = request.getfixturevalue(who)
    assert client_of(user).post(approve_url(open_request)).status_code == 404
    open_request.refresh_from_db()
    assert open_request.status == "open"
    assert not User.objects.filter(email="sanne@example.nl").exists()


def test_approve_anonymous_and_wrong_method(client, client_of, account_manager, open_request):
    response = client.post(approve_url(open_request))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client_of(account_manager).get(approve_url(open_request)).status_code == 405


def test_approving_twice_gives_one_account(client_of, account_manager, open_request):
    client = client_of(account_manager)
    client.post(approve_url(open_request))
    response = client.post(approve_url(open_request), follow=True)
    assert "Over deze accountaanvraag is al beslist." in response.content.decode()
    assert User.objects.filter(email="sanne@example.nl").count() == 1
    assert Person.objects.filter(email="sanne@example.nl").count() == 1


def test_approve_refused_when_email_got_an_account_meanwhile(account_manager, open_request):
    User.objects.create_user("SANNE@example.nl")
    with pytest.raises(Refusal, match="Er is al een account"):
        account_request_approve(request=open_request, by=account_manager)
    open_request.refresh_from_db()
    assert open_request.status == "open"


def test_service_refuses_other_manager(other_account_manager, open_request):
    with pytest.raises(Refusal):
        account_request_approve(request=open_request, by=other_account_manager)
    with pytest.raises(Refusal):
        account_request_reject(request=open_request, by=other_account_manager, reason="Nee")


@pytest.mark.django_db(transaction=True)
def test_two_managers_at_once_give_one_decision(institution):
    from tests.conftest import make_user

    first = make_user(institution, is_account_manager=True)
    second = make_user(institution, is_account_manager=True)
    account_request = AccountRequestFactory(institution=institution, email="tegelijk@example.nl")
    results = []
    barrier = threading.Barrier(2)

    def decide(manager, action):
        try:
            barrier.wait()
            if action == "approve":
                account_request_approve(
                    request=AccountRequest.objects.get(pk=account_request.pk), by=manager
                )
            else:
                account_request_reject(
                    request=AccountRequest.objects.get(pk=account_request.pk),
                    by=manager,
                    reason="Nee",
                )
            results.append("ok")
        except Refusal:
            results.append("refused")
        except Exception as error:  # SQLite may report the lock as "database is locked"
            results.append(f"error: {error}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "approve")),
        threading.Thread(target=decide, args=(second, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 1
    account_request.refresh_from_db()
    assert account_request.status in {"approved", "rejected"}
    assert User.objects.filter(email="tegelijk@example.nl").count() == (
        1 if account_request.status == "approved" else 0
    )
    assert Event.objects.filter(verb__startswith="account_request.").count() == 1


# Reject -----------------------------------------------------------------------------------------


def test_reject_form_shows_the_request(client_of, account_manager, open_request):
    response = client_of(account_manager).get(reject_url(open_request))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Accountaanvraag afwijzen" in text
    assert "sanne@example.nl" in text


def test_reject_with_reason_mails_politely(client_of, account_manager, open_request, commit):
    with commit(execute=True):
        response = client_of(account_manager).post(
            reject_url(open_request), {"reason": "Niet werkzaam bij onze instelling."}
        )
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == "rejected"
    assert open_request.reason == "Niet werkzaam bij onze instelling."
    assert open_request.decided_by == account_manager
    assert not User.objects.filter(email="sanne@example.nl").exists()
    event = Event.objects.get(verb="account_request.reject")
    assert event.reason == "Niet werkzaam bij onze instelling."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sanne@example.nl"]
    assert "Dear Sanne," in message.body and "Niet werkzaam bij onze instelling." in message.body
    assert "Kind regards," in message.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_reason_is_refused(client_of, account_manager, open_request, reason):
    response = client_of(account_manager).post(reject_url(open_request), {"reason": reason})
    assert response.status_code == 400
    assert "Geef een reden voor het afwijzen van de aanvraag." in response.content.decode()
    open_request.refresh_from_db()
    assert open_request.status == "open"


def test_reject_with_an_empty_form_says_what_is_missing(client_of, account_manager, open_request):
    response = client_of(account_manager).post(reject_url(open_request), {})
    assert response.status_code == 400
    assert "Geef een reden voor het afwijzen van de aanvraag." in response.content.decode()
    open_request.refresh_from_db()
    assert open_request.status == "open"


def test_reject_service_requires_reason(account_manager, open_request):
    with pytest.raises(Refusal):
        account_request_reject(request=open_request, by=account_manager, reason=" ")


@pytest.mark.parametrize("who", ["researcher", "other_account_manager"])
def test_reject_refused_to_others(client_of, open_request, who, request):
    user = request.getfixturevalue(who)
    client = client_of(user)
    assert client.get(reject_url(open_request)).status_code == 404
    assert client.post(reject_url(open_request), {"reason": "x"}).status_code == 404
    open_request.refresh_from_db()
    assert open_request.status == "open"


def test_reject_anonymous_and_wrong_method(client, client_of, account_manager, open_request):
    assert client.post(reject_url(open_request), {"reason": "x"}).status_code == 302
    assert client_of(account_manager).put(reject_url(open_request)).status_code == 405


def test_reject_decided_request_says_so(client_of, account_manager, open_request):
    account_request_reject(request=open_request, by=account_manager, reason="Eerder")
    response = client_of(account_manager).post(
        reject_url(open_request), {"reason": "x"}, follow=True
    )
    assert "Over deze accountaanvraag is al beslist." in response.content.decode()


def test_unknown_request_is_404(client_of, account_manager):
    assert (
        client_of(account_manager).post(reverse("accounts:approve_request", args=[999])).status_code
        == 404
    )


def test_other_institution_request_is_404_for_manager(client_of, account_manager):
    foreign = AccountRequestFactory(institution=InstitutionFactory())
    assert client_of(account_manager).post(approve_url(foreign)).status_code == 404


def test_approve_refused_when_authorization_ended(account_manager, open_request):
    import datetime

    institution = open_request.institution
    institution.authorization_start = datetime.date(2019, 1, 1)
    institution.authorization_end = datetime.date(2021, 1, 1)
    institution.save()
    with pytest.raises(Refusal, match="machtiging van je instelling is beëindigd"):
        account_request_approve(request=open_request, by=account_manager)
    assert not User.objects.filter(email="sanne@example.nl").exists()
