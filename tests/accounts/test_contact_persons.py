import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Person, User
from accounts.services import contact_person_create, person_invite
from portal.models import Event
from portal.refusals import Refusal
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:contact_persons")
CREATE = reverse("accounts:contact_person_create")


def invite_url(person):
    return reverse("accounts:contact_person_invite", args=[person.pk])


def valid_data(**overrides):
    data = {
        "initials": "E.",
        "first_name": "Elinor",  # not among the factory's (Faker's) first names
        "prefix": "de",
        "last_name": "Jager",
        "birth_date": "",
        "gender": "v",
        "email": "",
        "language": "nl",
    }
    data.update(overrides)
    return data


def test_manager_lists_people_of_own_institution(client_of, account_manager, other_institution):
    PersonFactory(institution=account_manager.person.institution, last_name="Eigenaar")
    PersonFactory(institution=other_institution, last_name="Buitenstaander")
    response = client_of(account_manager).get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Contactpersonen</h1>" in text
    assert "Eigenaar" in text
    assert "Buitenstaander" not in text
    assert "Contactpersoon aanmaken" in text


@pytest.mark.parametrize("who", ["researcher", "staff"])
def test_non_managers_get_404(client_of, who, request):
    client = client_of(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 404
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, valid_data()).status_code == 404


def test_anonymous_to_login(client):
    for url in (LIST, CREATE):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_create_contact_person_without_email(client_of, account_manager):
    response = client_of(account_manager).post(CREATE, valid_data())
    assert response.status_code == 302
    person = Person.objects.get(first_name="Elinor")
    assert person.institution == account_manager.person.institution
    assert person.email == ""
    assert not User.objects.filter(person=person).exists()
    event = Event.objects.get(verb="person.create_contact")
    assert event.person == person and event.actor == account_manager


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("initials", "", "Dit veld is verplicht."),
        ("first_name", "", "Dit veld is verplicht."),
        ("last_name", "", "Dit veld is verplicht."),
        ("email", "geen-adres", "Voer een geldig e-mailadres in."),
        ("birth_date", "30-02-1990", "Voer een geldige datum in."),
        ("birth_date", "2099-01-01", "De geboortedatum moet in het verleden liggen."),
        ("gender", "z", "Selecteer een geldige keuze."),
        ("language", "fr", "Selecteer een geldige keuze."),
    ],
)
def test_bad_input(client_of, account_manager, field, value, message):
    response = client_of(account_manager).post(CREATE, valid_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.filter(first_name="Elinor").exists()


def test_duplicate_email_in_institution(client_of, account_manager):
    PersonFactory(institution=account_manager.person.institution, email="eline@example.nl")
    response = client_of(account_manager).post(CREATE, valid_data(email="Eline@example.nl"))
    assert response.status_code == 400
    assert (
        "Je instelling heeft al een contactpersoon met dit e-mailadres."
        in response.content.decode()
    )


def test_service_refuses_other_institution(other_account_manager, institution):
    with pytest.raises(Refusal):
        contact_person_create(
            institution=institution, by=other_account_manager, initials="A.", first_name="A",
            last_name="B",
        )  # fmt: skip


def test_invite_contact_person(client_of, account_manager, commit):
    institution = account_manager.person.institution
    person = PersonFactory(
        institution=institution, first_name="Eline", email="Eline@example.nl", language="en"
    )
    with commit(execute=True):
        response = client_of(account_manager).post(invite_url(person))
    assert response.status_code == 302
    user = User.objects.get(person=person)
    assert user.email == "eline@example.nl"
    assert not user.has_usable_password()
    assert mail.outbox[0].to == ["eline@example.nl"]
    assert "/en/uitnodiging/" in mail.outbox[0].body
    assert Event.objects.filter(verb="person.invite", person=person).count() == 1
    # Invited but no password yet: the invitation can be sent again.
    listing = client_of(account_manager).get(LIST).content.decode()
    assert "Uitnodiging opnieuw sturen" in listing
    with commit(execute=True):
        client_of(account_manager).post(invite_url(person))
    assert User.objects.filter(person=person).count() == 1
    assert len(mail.outbox) == 2


def test_invite_refused_without_email_or_with_active_account(client_of, account_manager):
    without_email = PersonFactory(institution=account_manager.person.institution, email="")
    active = UserFactory(person=PersonFactory(institution=account_manager.person.institution))
    client = client_of(account_manager)
    for person in (without_email, active.person):
        response = client.post(invite_url(person), follow=True)
        assert "Deze persoon kan niet worden uitgenodigd." in response.content.decode()
    assert not User.objects.filter(person=without_email).exists()


def _invite_answer(client, person, commit) -> tuple[str, str]:
    """What the account manager sees after pressing Uitnodigen: the message and the person's
    row (address, name, ids and the form token left out)."""
    with commit(execute=True):
        response = client.post(invite_url(person), follow=True)
    text = response.content.decode().replace(person.email, "ADDRESS")
    message = text[text.index('class="cbs-messages') :].split("</div>")[0]
    row = text[text.rindex("ADDRESS") :].split("</tr>")[0]
    row = re.sub(r'value="[^"]*"|/\d+/', "", row)
    return message, row


def test_inviting_an_address_that_has_an_account_answers_as_for_a_new_one(
    client_of, account_manager, commit
):
    owner = UserFactory(email="bezet@example.nl", language="nl")
    institution = account_manager.person.institution
    taken = PersonFactory(
        institution=institution,
        first_name="A",
        last_name="Jansen",
        prefix="",
        email="bezet@example.nl",
    )
    new = PersonFactory(
        institution=institution,
        first_name="A",
        last_name="Jansen",
        prefix="",
        email="nieuw@example.nl",
    )
    client = client_of(account_manager)
    mail.outbox.clear()
    answer_taken = _invite_answer(client, taken, commit)
    answer_new = _invite_answer(client, new, commit)
    assert answer_taken == answer_new
    assert "Er is al een account" not in answer_taken[0]
    assert "Uitgenodigd" in answer_taken[1] and "Uitnodiging opnieuw sturen" in answer_taken[1]
    # No second account; the owner of the address is told instead of invited.
    assert User.objects.filter(email__iexact="bezet@example.nl").get() == owner
    assert not User.objects.filter(person=taken).exists()
    to_owner = [m for m in mail.outbox if m.to == ["bezet@example.nl"]]
    assert len(to_owner) == 1 and "/uitnodiging/" not in to_owner[0].body
    assert "Er is al een account voor" in to_owner[0].body
    assert institution.name in to_owner[0].body


def test_the_service_invites_an_address_in_use_without_a_second_account(account_manager):
    UserFactory(email="bezet@example.nl")
    person = PersonFactory(institution=account_manager.person.institution, email="bezet@example.nl")
    assert person_invite(person=person, by=account_manager) == "bezet@example.nl"
    assert User.objects.filter(email__iexact="bezet@example.nl").count() == 1


@pytest.mark.parametrize("who", ["researcher", "other_account_manager"])
def test_invite_by_others_is_404(client_of, account_manager, who, request):
    person = PersonFactory(institution=account_manager.person.institution, email="x@example.nl")
    response = client_of(request.getfixturevalue(who)).post(invite_url(person))
    assert response.status_code == 404
    assert not User.objects.filter(person=person).exists()


def test_invite_wrong_method(client_of, account_manager):
    person = PersonFactory(institution=account_manager.person.institution, email="x@example.nl")
    assert client_of(account_manager).get(invite_url(person)).status_code == 405
