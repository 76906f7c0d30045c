import pytest
from django.urls import reverse

from accounts.models import ConfidentialityDeclaration, UserDeclarationSignature
from requests_inbox.models import Action, ActionKind, ActionStatus
from requests_inbox.services import action_create
from tests.requests_inbox.conftest import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db


def _make(person, kind, staff, **fields):
    return action_create(person=person, kind=kind, subject="", by=staff, **fields)


@pytest.fixture
def user_declaration(leader, staff, declaration_text):
    return _make(leader.person, ActionKind.USER_DECLARATION, staff)


@pytest.fixture
def confidentiality(leader, staff):
    return _make(leader.person, ActionKind.CONFIDENTIALITY, staff)


@pytest.fixture
def contact_form(leader, staff):
    return _make(leader.person, ActionKind.NEW_CONTACT_PERSON, staff)


@pytest.fixture
def question(leader, staff):
    return action_create(
        person=leader.person, kind=ActionKind.QUESTION, subject="Vraag over bestanden", by=staff,
        body="Welke jaargangen heb je nodig?", attachments=[pdf_upload("toelichting.pdf")],
    )  # fmt: skip


def detail(action):
    return reverse("requests_inbox:detail", args=[action.pk])


# --- who may see an action ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["user_declaration", "confidentiality", "contact_form", "question"]
)
def test_only_the_addressee_sees_an_action(
    request, kind, client, client_of, leader, researcher, account_manager, staff
):
    action = request.getfixturevalue(kind)
    assert client.get(detail(action)).status_code == 302  # anonymous → login
    assert "/accounts/login/" in client.get(detail(action))["Location"]
    for other in (researcher, account_manager, staff):
        assert client_of(other).get(detail(action)).status_code == 404
    assert client_of(leader).get(detail(action)).status_code == 200


def test_detail_wrong_method(client_of, leader, question):
    assert client_of(leader).post(detail(question)).status_code == 405


def test_unknown_action_is_404(client_of, leader):
    assert client_of(leader).get(reverse("requests_inbox:detail", args=[999999])).status_code == 404


# --- Gebruikersverklaring ---------------------------------------------------------------------


def test_user_declaration_page(client_of, leader, user_declaration, declaration_text):
    text = client_of(leader).get(detail(user_declaration)).content.decode()
    assert "<h1>Gebruikersverklaring</h1>" in text
    assert "Ter ondertekening" in text
    assert declaration_text.text in text
    assert "Ik heb de gebruikersverklaring gelezen en ga ermee akkoord." in text
    assert "Je volledige naam" in text
    assert "Piet Bakker" in text  # told which name to type
    assert "Ondertekenen" in text


def test_sign_needs_confirmation_and_matching_name(client_of, leader, user_declaration):
    url = reverse("requests_inbox:sign", args=[user_declaration.pk])
    client = client_of(leader)
    response = client.post(url, {"version": 1, "typed_name": "Jan Jansen"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Bevestig dat je de verklaring hebt gelezen en ermee akkoord gaat." in text
    assert 'value="Jan Jansen"' in text  # what was typed is kept
    response = client.post(url, {"version": 1, "typed_name": "Jan Jansen", "confirm": "on"})
    assert "Typ je volledige naam precies zoals getoond: Piet Bakker." in response.content.decode()
    assert not UserDeclarationSignature.objects.exists()


def test_sign(client_of, leader, user_declaration, declaration_text):
    url = reverse("requests_inbox:sign", args=[user_declaration.pk])
    response = client_of(leader).post(
        url, {"version": declaration_text.pk, "typed_name": "Piet Bakker", "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home") + "?tab=verzonden"
    signature = UserDeclarationSignature.objects.get()
    assert signature.text_hash == declaration_text.text_hash
    user_declaration.refresh_from_db()
    assert user_declaration.status == ActionStatus.SIGNED
    page = client_of(leader).get(detail(user_declaration)).content.decode()
    assert "Ondertekend door Piet Bakker" in page
    # Signing again is refused with a message, not a second signature.
    again = client_of(leader).post(
        url, {"version": declaration_text.pk, "typed_name": "Piet Bakker", "confirm": "on"},
        follow=True,
    )  # fmt: skip
    assert "Deze actie is al afgerond." in again.content.decode()
    assert UserDeclarationSignature.objects.count() == 1


def test_sign_wrong_method_and_others(client_of, leader, researcher, user_declaration):
    url = reverse("requests_inbox:sign", args=[user_declaration.pk])
    assert client_of(leader).get(url).status_code == 405
    data = {"version": 1, "typed_name": "Piet Bakker", "confirm": "on"}
    assert client_of(researcher).post(url, data).status_code == 404


def test_sign_url_only_for_declarations(client_of, leader, question):
    url = reverse("requests_inbox:sign", args=[question.pk])
    assert client_of(leader).post(url, {}).status_code == 404


# --- Geheimhoudingsverklaring and Nieuw contactpersoon -----------------------------------------


def test_confidentiality_page_and_blank_form(client_of, leader, confidentiality):
    client = client_of(leader)
    text = client.get(detail(confidentiality)).content.decode()
    assert "<h1>Geheimhoudingsverklaring</h1>" in text
    assert "Document uploaden" in text
    assert "Formulier downloaden (PDF)" in text
    assert 'accept=".pdf,application/pdf"' in text
    form = client.get(reverse("requests_inbox:blank_form", args=[confidentiality.pk]))
    assert form.status_code == 200
    assert form["Content-Type"] == "application/pdf"
    assert form.content.startswith(b"%PDF-")
    assert "attachment" in form["Content-Disposition"]


def test_blank_form_only_for_upload_kinds(client_of, leader, question, researcher, confidentiality):
    assert (
        client_of(leader).get(reverse("requests_inbox:blank_form", args=[question.pk])).status_code
        == 404
    )
    assert (
        client_of(researcher)
        .get(reverse("requests_inbox:blank_form", args=[confidentiality.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leeg.pdf", b"", ("leeg", "empty")),
        ("groot.pdf", b"%PDF-1.4\n" + b"0" * 4096, ("te groot", "too large")),
        (
            "nep.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            ("niet toegestaan", "not allowed"),
        ),
    ],
)
def test_bad_uploads_show_a_message_beside_the_field(
    client_of, leader, confidentiality, settings, name, content, message
):
    settings.MAX_UPLOAD_SIZE = 2048
    url = reverse("requests_inbox:upload", args=[confidentiality.pk])
    response = client_of(leader).post(url, {"document": pdf_upload(name, content)})
    assert response.status_code == 400
    text = response.content.decode()
    errors = text.split('id="id_document_error"', 1)[1].split("</ul>", 1)[0]
    # The message of portal.uploads (Dutch once the portal's catalogue has it).
    assert any(word in errors for word in message)
    assert not ConfidentialityDeclaration.objects.exists()


def test_upload_without_a_file(client_of, leader, confidentiality):
    url = reverse("requests_inbox:upload", args=[confidentiality.pk])
    response = client_of(leader).post(url, {})
    assert "Kies de ondertekende PDF om te uploaden." in response.content.decode()


def test_upload_confidentiality(client_of, leader, researcher, confidentiality):
    url = reverse("requests_inbox:upload", args=[confidentiality.pk])
    assert client_of(researcher).post(url, {"document": pdf_upload()}).status_code == 404
    assert client_of(leader).get(url).status_code == 405
    response = client_of(leader).post(url, {"document": pdf_upload("verklaring.pdf")})
    assert response.status_code == 302
    confidentiality.refresh_from_db()
    assert confidentiality.status == ActionStatus.AWAITING_CBS
    page = client_of(leader).get(detail(confidentiality)).content.decode()
    assert "Ter beoordeling bij CBS" in page
    assert "verklaring.pdf" in page
    document = client_of(leader).get(
        reverse("requests_inbox:uploaded_document", args=[confidentiality.pk])
    )
    assert document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content) == PDF_BYTES
    assert document["X-Content-Type-Options"] == "nosniff"


def test_upload_contact_person_form(client_of, leader, contact_form):
    text = client_of(leader).get(detail(contact_form)).content.decode()
    assert "<h1>Nieuw contactpersoon</h1>" in text
    url = reverse("requests_inbox:upload", args=[contact_form.pk])
    assert client_of(leader).post(url, {"document": pdf_upload()}).status_code == 302
    contact_form.refresh_from_db()
    assert contact_form.status == ActionStatus.AWAITING_CBS
    assert contact_form.document


def test_upload_url_only_for_upload_kinds(client_of, leader, question):
    url = reverse("requests_inbox:upload", args=[question.pk])
    assert client_of(leader).post(url, {"document": pdf_upload()}).status_code == 404


# --- Vraag -----------------------------------------------------------------------------------


def test_question_page_with_attachment(client_of, leader, researcher, question):
    client = client_of(leader)
    text = client.get(detail(question)).content.decode()
    assert "<h1>Vraag over bestanden</h1>" in text
    assert "Welke jaargangen heb je nodig?" in text
    assert "Te beantwoorden" in text
    attachment = question.attachments.get()
    url = reverse("requests_inbox:attachment", args=[question.pk, attachment.pk])
    assert f'href="{url}"' in text
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="toelichting.pdf"' in response["Content-Disposition"]
    assert client_of(researcher).get(url).status_code == 404


def test_answer_question(client_of, leader, question):
    url = reverse("requests_inbox:answer", args=[question.pk])
    client = client_of(leader)
    response = client.post(url, {"text": "   "})
    assert "Typ je antwoord." in response.content.decode()
    assert client.get(url).status_code == 405
    response = client.post(url, {"text": "Alle jaren vanaf 2010."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == ActionStatus.ANSWERED
    assert question.response == "Alle jaren vanaf 2010."
    home = client.get(reverse("portal:home"), {"tab": "verzonden"}).content.decode()
    assert "Vraag over bestanden" in home and "Beantwoord" in home
    page = client.get(detail(question)).content.decode()
    assert "Alle jaren vanaf 2010." in page
    assert "Antwoord versturen" not in page


def test_answer_others_404(client_of, researcher, question):
    url = reverse("requests_inbox:answer", args=[question.pk])
    assert client_of(researcher).post(url, {"text": "x"}).status_code == 404
    assert Action.objects.get(pk=question.pk).is_open
