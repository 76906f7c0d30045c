import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import (
    ConfidentialityDeclaration,
    UserDeclarationSignature,
    UserDeclarationText,
)
from accounts.services import person_details_update
from portal.models import Event
from portal.refusals import Refusal
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
DETAILS = reverse("accounts:my_details")
EDIT = reverse("accounts:my_details_edit")


@pytest.fixture
def piet(institution):
    return make_user(
        institution,
        initials="P.",
        first_name="Piet",
        last_name="Bakker",
        gender="m",
        birth_date=datetime.date(1980, 3, 14),
        street_address="Inspiratielaan 1",
        postal_code="3833 AV",
        city="Leusden",
        country="Nederland",
        is_signatory=True,
        pid_code="PID10231",
        rsa_token_id="RSA-448812",
        rsa_token_expires=datetime.date(2027, 6, 30),
        contract_type="employee",
        manager_name="Gerro de Jager",
    )


def edit_data(person, **overrides):
    data = {
        "gender": person.gender,
        "street_address": person.street_address,
        "postal_code": person.postal_code,
        "city": person.city,
        "country": person.country,
        "postal_street_address": "",
        "postal_postal_code": "",
        "postal_city": "",
        "postal_country": "",
        "phone": "",
        "mobile": "",
        "email": person.email,
        "language": "nl",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def jpeg(size=(60, 40), *, with_exif=True) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "geheime omschrijving"  # ImageDescription
    exif[0x013B] = "Piet Bakker"  # Artist
    image.save(output, format="JPEG", exif=exif if with_exif else b"")
    return output.getvalue()


def test_all_sections_of_the_mockup(client_of, piet):
    text = client_of(piet).get(DETAILS).content.decode()
    assert "<h1>Persoonsgegevens</h1>" in text
    assert "Controleer je gegevens en vul aan waar nodig." in text
    headings = ["Algemeen", "Organisatie", "Foto", "Geheimhoudingsverklaring",
                "Gebruikersverklaring", "Remote Access", "Nieuwsbrieven",
                "Awarenesstoets"]  # fmt: skip
    for heading in headings:
        assert f">{heading}</h2>" in text, heading
    for label in ["Naam", "Geboortedatum", "Geslacht", "Adres", "Postadres", "Telefoon", "Mobiel",
                  "Type contract", "Startdatum stage/detachering", "Einddatum stage/detachering",
                  "Naam leidinggevende", "Functie leidinggevende", "Tekenbevoegd",
                  "E-mail tbv inloggen", "E-mail portaaltoegang",
                  "Status geheimhoudingsverklaring", "Einddatum geheimhoudingsverklaring",
                  "Status gebruikersverklaring", "PIDcode", "RSA Token ID",
                  "Expiratiedatum RSA Token", "Nieuwsbrief"]:  # fmt: skip
        assert f"<dt>{label}</dt>" in text, label
    assert "P. Bakker (Piet)" in text
    assert "14-03-1980" in text
    assert "Inspiratielaan 1, 3833 AV LEUSDEN, Nederland" in text
    assert "PID10231" in text and "30-06-2027" in text
    assert "Ter ondertekening" in text  # no user declaration signed yet
    assert "Niet aangeleverd" in text
    assert ">Aanpassen</a>" in text


def test_declaration_statuses_are_shown(client_of, piet):
    text_version = UserDeclarationText.objects.create(version=3, text="Ik verklaar ...")
    UserDeclarationSignature.objects.create(
        person=piet.person, text_version=text_version, signed_name="Piet Bakker",
        text_hash=text_version.text_hash,
        signed_at=datetime.datetime(2024, 8, 15, 8, 55, tzinfo=datetime.UTC),
    )  # fmt: skip
    ConfidentialityDeclaration.objects.create(
        person=piet.person, document="declarations/x.pdf", status="approved",
        valid_until=datetime.date(2029, 8, 14),
    )  # fmt: skip
    text = client_of(piet).get(DETAILS).content.decode()
    assert "Ondertekend op 15-08-2024 (versie 3)" in text
    assert "Goedgekeurd" in text
    assert "14-08-2029" in text


def test_anonymous_to_login(client):
    for url in (DETAILS, EDIT):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_staff_without_person(client_of, staff):
    assert client_of(staff).get(DETAILS).status_code == 200
    assert client_of(staff).get(EDIT).status_code == 404


def test_wrong_methods(client_of, piet):
    assert client_of(piet).post(DETAILS).status_code == 405
    assert client_of(piet).put(EDIT).status_code == 405


def test_edit_normalizes_and_records_old_and_new(client_of, piet):
    response = client_of(piet).post(
        EDIT,
        edit_data(
            piet.person,
            phone="030 - 123 45 67",
            mobile="06-20029168",
            postal_code="3833av",
            postal_street_address="Postbus 12",
            postal_postal_code="3830 ab",
            postal_city="Leusden",
            newsletter="on",
            language="en",
        ),
    )
    assert response.status_code == 302
    person = piet.person
    person.refresh_from_db()
    assert person.phone == "+31301234567"
    assert person.mobile == "+31620029168"
    assert person.postal_code == "3833 AV"
    assert person.postal_postal_code == "3830 AB"
    assert person.postal_country == "Nederland"
    assert person.newsletter is True
    assert person.language == "en"
    piet.refresh_from_db()
    assert piet.language == "en"
    event = Event.objects.get(verb="person.update_details")
    assert event.actor == piet and event.person == person
    changes = event.data["changes"]
    assert changes["mobile"] == ["", "+31620029168"]
    assert changes["newsletter"] == [False, True]
    assert "postal_code" not in changes  # "3833av" is the same "3833 AV"
    assert "gender" not in changes


def test_read_only_fields_cannot_be_changed(client_of, piet):
    client_of(piet).post(
        EDIT,
        edit_data(piet.person, is_signatory="", pid_code="HACK", first_name="Jan",
                  institution="999", contract_type="guest", is_account_manager="on"),
    )  # fmt: skip
    person = piet.person
    person.refresh_from_db()
    assert person.is_signatory is True
    assert person.pid_code == "PID10231"
    assert person.first_name == "Piet"
    assert person.contract_type == "employee"
    assert person.is_account_manager is False


def test_birth_date_only_when_missing(client_of, institution):
    user = make_user(institution, birth_date=None)
    form_page = client_of(user).get(EDIT).content.decode()
    assert 'name="birth_date"' in form_page
    response = client_of(user).post(EDIT, edit_data(user.person, birth_date="1990-05-05"))
    assert response.status_code == 302
    user.person.refresh_from_db()
    assert user.person.birth_date == datetime.date(1990, 5, 5)
    assert 'name="birth_date"' not in client_of(user).get(EDIT).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Vul een geldig telefoonnummer in"),
        ("phone", "06-1234", "Vul een geldig telefoonnummer in"),
        ("mobile", "+31 06 12345678", "Vul een geldig telefoonnummer in"),
        ("mobile", "bel me", "Vul een geldig telefoonnummer in"),
        ("postal_code", "383 AV", "Vul een Nederlandse postcode in"),
        ("postal_code", "0833 AV", "Vul een Nederlandse postcode in"),
        ("postal_code", "3833 SS", "Vul een Nederlandse postcode in"),
        ("postal_postal_code", "ABCD", "Vul een Nederlandse postcode in"),
        ("email", "geen-adres", "Voer een geldig e-mailadres in."),
        ("gender", "q", "Selecteer een geldige keuze."),
        ("language", "de", "Selecteer een geldige keuze."),
        ("street_address", "x" * 201, "niet meer dan 200 tekens"),
    ],
)
def test_bad_input_is_explained_and_kept(client_of, piet, field, value, message):
    response = client_of(piet).post(EDIT, edit_data(piet.person, **{field: value}))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'id="id_{field}_error"' in text
    assert value.replace('"', "&quot;")[:50] in text or field in ("gender", "language")
    assert not Event.objects.filter(verb="person.update_details").exists()


def test_foreign_postal_code_is_kept_as_typed(client_of, piet):
    response = client_of(piet).post(
        EDIT, edit_data(piet.person, postal_code="D-52062", city="Aachen", country="Duitsland")
    )
    assert response.status_code == 302
    piet.person.refresh_from_db()
    assert piet.person.postal_code == "D-52062"


def test_photo_is_reencoded_without_metadata_and_served_privately(
    client_of, piet, account_manager, other_account_manager, researcher, staff, client
):
    original = jpeg()
    assert Image.open(io.BytesIO(original)).getexif()  # the upload does carry metadata
    upload = SimpleUploadedFile("ik.jpg", original, content_type="image/jpeg")
    response = client_of(piet).post(EDIT, {**edit_data(piet.person), "photo": upload})
    assert response.status_code == 302
    person = piet.person
    person.refresh_from_db()
    assert person.photo.name.startswith("photos/") and person.photo.name.endswith(".jpg")
    assert "ik" not in person.photo.name
    with person.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    url = reverse("accounts:person_photo", args=[person.pk])
    own = client_of(piet).get(url)
    assert own.status_code == 200
    assert own["Content-Type"] == "image/jpeg"
    assert own["X-Content-Type-Options"] == "nosniff"
    assert b"geheime omschrijving" not in b"".join(own.streaming_content)
    assert client_of(account_manager).get(url).status_code == 200  # manager of the institution
    assert client_of(staff).get(url).status_code == 200
    assert client_of(other_account_manager).get(url).status_code == 404
    assert client_of(researcher).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    event = Event.objects.get(verb="person.update_details")
    assert event.data["changes"]["photo"][0] is None


def test_photo_can_be_removed(client_of, piet):
    client = client_of(piet)
    client.post(EDIT, {**edit_data(piet.person), "photo": SimpleUploadedFile("a.png", png())})
    piet.person.refresh_from_db()
    stored = piet.person.photo.name
    storage = piet.person.photo.storage
    assert storage.exists(stored)
    client.post(EDIT, {**edit_data(piet.person), "remove_photo": "on"})
    piet.person.refresh_from_db()
    assert not piet.person.photo


def png() -> bytes:
    output = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 255, 128)).save(output, format="PNG")
    return output.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 not a photo", "foto.jpg", "Dit is geen foto die we kunnen gebruiken."),
        (b"\xff\xd8\xff\xe0 broken jpeg", "foto.jpg", "Dit is geen foto die we kunnen gebruiken."),
        (b"GIF89a......", "foto.gif", "Dit is geen foto die we kunnen gebruiken."),
        (
            b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024),
            "groot.jpg",
            "Het bestand is te groot (maximaal 5 MB).",
        ),
    ],
)
def test_bad_photos_are_refused(client_of, piet, content, name, message):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client_of(piet).post(EDIT, {**edit_data(piet.person), "photo": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    piet.person.refresh_from_db()
    assert not piet.person.photo


def test_nothing_changed(client_of, piet):
    response = client_of(piet).post(EDIT, edit_data(piet.person), follow=True)
    assert "Er is niets gewijzigd." in response.content.decode()
    assert not Event.objects.filter(verb="person.update_details").exists()


def test_service_refuses_someone_else(piet, researcher):
    with pytest.raises(Refusal):
        person_details_update(person=piet.person, by=researcher, data={"phone": "+31301234567"})


def test_photo_of_person_without_photo_is_404(client_of, piet):
    assert (
        client_of(piet).get(reverse("accounts:person_photo", args=[piet.person.pk])).status_code
        == 404
    )


def test_english(client_of, piet):
    text = client_of(piet).get("/en/mijn-gegevens/").content.decode()
    assert (
        "Personal details" in text and "Check your details and complete them where needed." in text
    )


def test_outdated_signature_and_expired_declaration(client_of, piet):
    old = UserDeclarationText.objects.create(version=1, text="Oud")
    UserDeclarationText.objects.create(version=2, text="Nieuw")
    UserDeclarationSignature.objects.create(
        person=piet.person, text_version=old, signed_name="Piet Bakker", text_hash=old.text_hash
    )
    ConfidentialityDeclaration.objects.create(
        person=piet.person, document="declarations/x.pdf", status="approved",
        valid_until=datetime.date(2020, 1, 1),
    )  # fmt: skip
    text = client_of(piet).get(DETAILS).content.decode()
    assert "Ter ondertekening" in text and "er is een nieuwe versie" in text
    assert "Verlopen" in text


def test_details_page_queries_are_few(client_of, piet, django_assert_max_num_queries):
    client = client_of(piet)
    client.get(DETAILS)
    # 11 for the page; "Verloopt binnenkort" is kept from the first visit (portal/reminders:
    # computed, it read one query per kind that needs the database).
    with django_assert_max_num_queries(11):
        client.get(DETAILS)


def test_my_details_shows_the_awareness_pass_and_until_when(client_of, piet):
    from django.utils import timezone

    from tests.factories import AttemptFactory

    today = timezone.localdate()
    AttemptFactory(
        person=piet.person,
        submitted_at=timezone.now(),
        correct=10,
        total=11,
        score=90,
        passed=True,
        valid_until=today + datetime.timedelta(days=365),
    )
    text = client_of(piet).get(DETAILS).content.decode()
    assert f"Behaald op {today:%d-%m-%Y}" in text
    assert f"{today + datetime.timedelta(days=365):%d-%m-%Y}" in text


def test_my_details_without_a_pass_says_so(client_of, piet):
    assert "Nog niet behaald" in client_of(piet).get(DETAILS).content.decode()
