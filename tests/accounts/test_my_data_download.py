""" "Mijn gegevens downloaden": after the password, a streamed ZIP of everything the portal
holds about the signed-in person, from every app of the register; never another person's data,
limited per hour, recorded."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import (
    ConfidentialityDeclaration,
    UserDeclarationSignature,
    UserDeclarationText,
)
from agreements.models import Agreement, AgreementSignature, AgreementStatus, AgreementText
from messaging import services as messaging
from portal.models import Event
from portal.privacy import register
from tests.factories import (
    AccountRequestFactory,
    ActionFactory,
    AttemptFactory,
    ChangeRequestFactory,
    OutputCheckFactory,
)
from tests.factories.accounts import PASSWORD

URL = reverse("accounts:my_data_download")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _declare(user, name):
    declaration = ConfidentialityDeclaration(person=user.person)
    declaration.document.save(f"{name}.pdf", ContentFile(PDF + name.encode()), save=True)
    text, _ = UserDeclarationText.objects.get_or_create(
        version=1, defaults={"title": "Gebruikersverklaring", "text": "Ik verklaar."}
    )
    UserDeclarationSignature.objects.create(
        person=user.person, text_version=text, signed_name=user.person.full_name, text_hash="0" * 64
    )


@pytest.fixture
def shared(project, leader, researcher_plus, django_capture_on_commit_callbacks):
    """Piet (leader) and an Onderzoeker+ on the same project, each with data of every kind."""
    researcher = researcher_plus
    for user, word in [(leader, "PIETS"), (researcher, "ANDERS")]:
        _declare(user, word.lower())
        AttemptFactory(person=user.person)
        ActionFactory(person=user.person, project=project, body=f"Actie {word}")
        AccountRequestFactory(
            institution=project.institution,
            person=user.person,
            status="approved",
            first_name=user.person.first_name,
        )
        with django_capture_on_commit_callbacks(execute=True):
            messaging.project_message_send(
                project=project,
                by=user,
                body=f"Bericht {word}",
                files=[SimpleUploadedFile(f"{word}.pdf", PDF, "application/pdf")],
            )
            messaging.question_ask(by=user, subject=f"Vraag {word}", body=f"Tekst {word}")
        ChangeRequestFactory(project=project, asked_by=user, explanation=f"Wijziging {word}")
        OutputCheckFactory(project=project, asked_by=user, description=f"Export {word}")
    text = AgreementText.objects.create(version=1, title="Overeenkomst", text="Artikel 1.")
    agreement = Agreement.objects.create(
        project=project, status=AgreementStatus.COUNTERSIGNED, text_version=text
    )
    AgreementSignature.objects.create(
        agreement=agreement,
        person=leader.person,
        user=leader,
        signed_name="Piet Bakker",
        document_hash="1" * 64,
        text_version=text,
        client_address="192.0.2.7",
    )
    return leader, researcher


def _download(client):
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_everything_about_me_and_nothing_of_others(shared, client_of):
    leader, researcher = shared
    archive = _download(client_of(leader))
    names = archive.namelist()
    assert names[:2] == ["gegevens.json", "gegevens.html"]
    data = json.loads(archive.read("gegevens.json"))
    kinds = {kind["key"]: kind for kind in data["kinds"]}
    assert set(kinds) == {kind.key for kind in register.kinds() if kind.export}
    text = json.dumps(data, ensure_ascii=False)
    for mine in [
        "Bericht PIETS",
        "Vraag PIETS",
        "Actie PIETS",
        "Wijziging PIETS",
        "Export PIETS",
        "192.0.2.7",
        leader.person.last_name,
        leader.email,
    ]:
        assert mine in text, mine
    assert kinds["team"]["rows"][0]["role"] == "leader"
    assert kinds["awareness"]["rows"] and kinds["declarations"]["rows"]
    assert kinds["account_requests"]["rows"]
    # The documents: my declaration and my message's attachment, not the researcher's.
    assert any(name.startswith("declarations/") for name in names)
    assert any(name.startswith("messages/") and "PIETS" in name for name in names)
    everything = b"".join(archive.read(name) for name in names).decode("utf-8", "replace")
    for theirs in ["ANDERS", researcher.person.last_name, researcher.email]:
        assert theirs not in everything, theirs
    html = archive.read("gegevens.html").decode()
    assert "Bericht PIETS" in html and '<html lang="nl">' in html


def test_the_other_person_gets_their_own(shared, client_of):
    leader, researcher = shared
    archive = _download(client_of(researcher))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "Bericht ANDERS" in everything and "PIETS" not in everything
    assert "192.0.2.7" not in everything


def test_the_download_is_recorded(leader, client_of):
    _download(client_of(leader))
    event = Event.objects.get(verb="person.download")
    assert (event.actor, event.person) == (leader, leader.person)


def test_the_page_asks_for_the_password(leader, client_of):
    response = client_of(leader).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="password"' in page and "Mijn gegevens downloaden" in page or "Download" in page
    details = client_of(leader).get(reverse("accounts:my_details")).content.decode()
    assert f'href="{URL}"' in details


def test_a_wrong_password_is_refused_beside_the_field(leader, client_of):
    response = client_of(leader).post(URL, {"password": "niet-mijn-wachtwoord"})
    assert response.status_code == 400
    assert "Dat is niet je wachtwoord." in response.content.decode()
    assert not Event.objects.filter(verb="person.download").exists()


def test_an_empty_password_is_refused(leader, client_of):
    response = client_of(leader).post(URL, {})
    assert response.status_code == 400


def test_limited_per_hour(leader, client_of, settings):
    settings.PERSONAL_DOWNLOADS_PER_HOUR = 2
    client = client_of(leader)
    _download(client)
    assert client.post(URL, {"password": "fout"}).status_code == 400  # counted too
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 429
    assert "Probeer het over" in response.content.decode()
    assert Event.objects.filter(verb="person.download").count() == 1


def test_staff_without_personal_details_get_404(staff, client_of):
    assert client_of(staff).get(URL).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_wrong_method(leader, client_of):
    assert client_of(leader).put(URL).status_code == 405


def test_piet_downloads_his_data_of_the_demo(db, client, settings, tmp_path):
    """The README's promise: on the demo data, Piet's ZIP has his question and his projects,
    and of Gerro (on 10013 and 10016 with him) only his name as Piet's manager."""
    from django.core.management import call_command

    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    piet = User.objects.get(email="piet.bakker@example.nl")
    client.force_login(piet)
    response = client.post(URL, {"password": DEMO_PASSWORD})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("gegevens.json"))
    kinds = {kind["key"]: kind for kind in data["kinds"]}
    text = json.dumps(data, ensure_ascii=False)
    assert "Token voor Remote Access verlopen" in text
    assert {row["project__number"] for row in kinds["team"]["rows"]} >= {10014, 10016, 10041}
    assert data["person"] == "Piet Bakker"
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"gerro.dejager@example.nl" not in everything  # Gerro is only named as Piet's manager
    assert kinds["person"]["rows"][0]["manager_name"] == "Gerro de Jager"
