import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountRequest
from portal.models import Event
from portal.refusals import Refusal
from tests.factories import AccountRequestFactory, InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:request_account")


def valid_data(inst, **overrides):
    data = {
        "initials": "S.",
        "first_name": "Sanne",
        "prefix": "",
        "last_name": "Visser",
        "birth_date": "1993-02-11",
        "gender": "v",
        "email": "Sanne.Visser@example.nl",
        "language": "nl",
        "institution": str(inst.pk),
        "website": "",
    }
    data.update(overrides)
    return data


def test_form_shows_the_mockup_fields_and_texts(client, institution):
    expired = InstitutionFactory(
        name="Verlopen Bureau",
        authorization_start=datetime.date(2019, 1, 1),
        authorization_end=datetime.date(2021, 12, 31),
    )
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Account aanvragen</h1>" in text
    assert "Je moet werkzaam zijn bij een gemachtigde instelling." in text
    assert (
        "Je aanvraag wordt ter goedkeuring voorgelegd aan de accountbeheerder van jouw instelling."
        in text
    )
    labels = {"initials": "Voorletters", "first_name": "Voornaam", "prefix": "Voorvoegsel",
              "last_name": "Achternaam", "birth_date": "Geboortedatum", "gender": "Geslacht",
              "email": "E-mail", "language": "Taal", "institution": "Instelling"}  # fmt: skip
    for name, label in labels.items():
        assert re.search(rf'<label for="id_{name}">\s*{label}\s*<', text), label
    assert "<legend>Persoon</legend>" in text
    assert institution.name in text
    assert expired.name not in text


def test_request_is_saved_confirmed_and_mailed(client, institution, account_manager, commit):
    with commit(execute=True):
        response = client.post(URL, valid_data(institution))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:request_account_done")
    account_request = AccountRequest.objects.get()
    assert account_request.email == "sanne.visser@example.nl"
    assert account_request.status == "open"
    assert account_request.institution == institution
    assert Event.objects.filter(verb="account_request.create").count() == 1

    to_requester = [m for m in mail.outbox if m.to == ["sanne.visser@example.nl"]]
    assert len(to_requester) == 1
    message = to_requester[0]
    assert message.subject == "Je accountaanvraag is ontvangen"
    assert "Beste Sanne," in message.body
    assert "accountbeheerder van AFAS Software" in message.body
    assert message.alternatives and "Beste Sanne," in message.alternatives[0][0]
    to_manager = [m for m in mail.outbox if m.to == [account_manager.email]]
    assert len(to_manager) == 1
    assert "Sanne Visser" in to_manager[0].subject

    done = client.get(response["Location"])
    assert "Aanvraag verzonden" in done.content.decode()


def test_confirmation_email_in_the_requesters_language(client, institution, commit):
    with commit(execute=True):
        client.post(URL, valid_data(institution, language="en"))
    assert mail.outbox[0].subject == "Your account request has been received"
    assert "Dear Sanne," in mail.outbox[0].body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("initials", "", "Dit veld is verplicht."),
        ("first_name", "", "Dit veld is verplicht."),
        ("last_name", "", "Dit veld is verplicht."),
        ("birth_date", "", "Dit veld is verplicht."),
        ("birth_date", "31-02-1990", "Vul een bestaande datum in, bijvoorbeeld 17-05-1985."),
        ("birth_date", "gisteren", "Vul een bestaande datum in, bijvoorbeeld 17-05-1985."),
        ("gender", "", "Dit veld is verplicht."),
        ("gender", "q", "Selecteer een geldige keuze."),
        ("email", "", "Dit veld is verplicht."),
        ("email", "geen-adres", "Voer een geldig e-mailadres in."),
        ("language", "de", "Selecteer een geldige keuze."),
        ("institution", "", "Dit veld is verplicht."),
        ("institution", "999999", "Deze instelling is op dit moment niet gemachtigd."),
        ("first_name", "x" * 101, "Zorg dat deze waarde niet meer dan 100 tekens bevat"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_kept(
    client, institution, field, value, message
):
    data = valid_data(institution, **{field: value})
    response = client.post(URL, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'id="id_{field}_error"' in text
    assert 'value="Visser"' in text or field == "last_name"
    assert AccountRequest.objects.count() == 0
    assert not mail.outbox


def test_birth_date_in_the_future_or_absurd_age(client, institution):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(URL, valid_data(institution, birth_date=tomorrow.isoformat()))
    assert "De geboortedatum moet in het verleden liggen." in response.content.decode()
    ten_years = timezone.localdate().replace(year=timezone.localdate().year - 10)
    response = client.post(URL, valid_data(institution, birth_date=ten_years.isoformat()))
    assert "leeftijd van 10" in response.content.decode()
    response = client.post(URL, valid_data(institution, birth_date="1900-01-01"))
    assert "tussen 16 en 100" in response.content.decode()
    assert AccountRequest.objects.count() == 0


def test_dutch_date_format_is_accepted(client, institution):
    response = client.post(URL, valid_data(institution, birth_date="11-02-1993"))
    assert response.status_code == 302
    assert AccountRequest.objects.get().birth_date == datetime.date(1993, 2, 11)


def test_institution_whose_authorization_ended_is_refused(client):
    expired = InstitutionFactory(
        authorization_start=datetime.date(2019, 1, 1), authorization_end=datetime.date(2021, 1, 1)
    )
    response = client.post(URL, valid_data(expired))
    assert response.status_code == 400
    assert "Deze instelling is op dit moment niet gemachtigd" in response.content.decode()
    assert AccountRequest.objects.count() == 0


@pytest.mark.parametrize("existing", ["user", "open_request"])
def test_an_address_in_use_gets_the_same_answer_and_its_owner_a_mail(
    client, institution, existing, commit
):
    """The form does not tell whether an address has an account; the owner hears of it."""
    if existing == "user":
        UserFactory(email="sanne.visser@example.nl", person=PersonFactory(first_name="Geheim"))
    else:
        AccountRequestFactory(email="sanne.visser@example.nl", first_name="Geheim")
    fresh = client.post(URL, valid_data(institution, email="nieuw@example.nl"))
    mail.outbox.clear()
    with commit(execute=True):
        response = client.post(URL, valid_data(institution, email="SANNE.visser@example.nl"))
    assert (response.status_code, response["Location"]) == (fresh.status_code, fresh["Location"])
    done = client.get(response["Location"]).content.decode()
    assert "Geheim" not in done
    assert AccountRequest.objects.filter(email="sanne.visser@example.nl").count() == (
        1 if existing == "open_request" else 0
    )
    assert [m.to for m in mail.outbox] == [["sanne.visser@example.nl"]]
    assert "Er is al een account of een lopende accountaanvraag" in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_a_rejected_earlier_request_does_not_block_a_new_one(client, institution):
    AccountRequestFactory(email="sanne.visser@example.nl", status="rejected")
    assert client.post(URL, valid_data(institution)).status_code == 302


def test_honeypot_pretends_success_and_saves_nothing(client, institution):
    response = client.post(URL, valid_data(institution, website="http://spam.example"))
    assert response.status_code == 302
    assert AccountRequest.objects.count() == 0
    assert not mail.outbox


def test_throttled_per_email_keeps_input_and_says_so(client, institution):
    for _ in range(3):
        client.post(URL, valid_data(institution, email="spam@example.nl", birth_date="nonsense"))
    response = client.post(URL, valid_data(institution, email="spam@example.nl"))
    assert response.status_code == 429
    text = response.content.decode()
    assert "Je hebt te veel aanvragen verstuurd." in text
    assert 'value="Visser"' in text and 'value="spam@example.nl"' in text
    assert AccountRequest.objects.count() == 0
    # Someone else from elsewhere is not affected.
    other = client.post(
        URL, valid_data(institution, email="iemand@example.nl"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_throttled_per_ip(client, institution):
    for n in range(20):
        client.post(URL, valid_data(institution, email=f"a{n}@example.nl", gender=""))
    response = client.post(URL, valid_data(institution, email="last@example.nl"))
    assert response.status_code == 429
    assert AccountRequest.objects.count() == 0
    elsewhere = client.post(
        URL, valid_data(institution, email="last@example.nl"), REMOTE_ADDR="10.1.1.1"
    )
    assert elsewhere.status_code == 302


def test_empty_submission_says_what_is_missing(client, institution):
    response = client.post(URL, {})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_last_name_error"' in text and "Dit veld is verplicht." in text
    assert AccountRequest.objects.count() == 0


def test_empty_submission_when_throttled_is_refused_not_an_error(client, institution):
    for n in range(20):
        client.post(URL, valid_data(institution, email=f"b{n}@example.nl", gender=""))
    response = client.post(URL, {})
    assert response.status_code == 429
    assert "Je hebt te veel aanvragen verstuurd." in response.content.decode()
    assert AccountRequest.objects.count() == 0


def test_wrong_method(client):
    assert client.put(URL).status_code == 405
    assert client.post(reverse("accounts:request_account_done")).status_code == 405


def test_english_form(client, institution):
    response = client.get("/en/over-microdata-services/account-aanvragen/")
    assert "Request an account" in response.content.decode()
    assert "Initials" in response.content.decode()


def test_service_makes_no_second_open_request_for_the_same_address(institution, commit):
    from accounts.services import account_request_create

    fields = dict(initials="S.", first_name="Sanne", last_name="Visser", gender="v",
                  birth_date=datetime.date(1993, 2, 11), language="en")  # fmt: skip
    account_request_create(institution=institution, email="dubbel@example.nl", **fields)
    with commit(execute=True):
        again = account_request_create(institution=institution, email="DUBBEL@example.nl", **fields)
    assert again is None
    assert AccountRequest.objects.count() == 1
    assert mail.outbox[-1].to == ["dubbel@example.nl"]
    assert "There already is an account or an open account request" in mail.outbox[-1].body


def test_service_refuses_unauthorized_institution():
    from accounts.services import account_request_create

    expired = InstitutionFactory(
        authorization_start=datetime.date(2019, 1, 1), authorization_end=datetime.date(2021, 1, 1)
    )
    with pytest.raises(Refusal):
        account_request_create(
            institution=expired, email="x@example.nl", initials="X.", first_name="X",
            last_name="Y", gender="m", birth_date=datetime.date(1990, 1, 1), language="nl",
        )  # fmt: skip


def test_language_defaults_to_the_page_language(client, institution):
    assert '<option value="en" selected>' in client.get("/en" + URL).content.decode()
    assert '<option value="nl" selected>' in client.get(URL).content.decode()
