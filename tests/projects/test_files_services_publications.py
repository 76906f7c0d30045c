import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Event
from projects.models import FileKind, ProjectFile, ProjectFileDocument, ProjectService, Publication
from tests.factories import DataFileFactory, ServiceFactory

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file_url(project):
    return reverse("projects:file_add", args=[project.number])


def test_file_page_in_dutch(project, leader, client_of):
    DataFileFactory(code="B99999", name="Bestand serviceportal")
    text = client_of(leader).get(_file_url(project)).content.decode()
    for label in [
        "Bestand toevoegen",
        "Type bestand",
        "Maatwerk",
        "Toelichting",
        "Bijlagen",
        "Aanmaken",
    ]:
        assert label in text
    assert "Bestand serviceportal (B99999)" in text
    assert 'enctype="multipart/form-data"' in text


def test_add_standard_file(project, researcher_plus, client_of):
    data_file = DataFileFactory(code="B99999")
    response = client_of(researcher_plus).post(
        _file_url(project),
        {"kind": FileKind.STANDARD, "data_file": data_file.pk, "explanation": "<p>Graag</p>"},
    )
    assert response.status_code == 302
    item = ProjectFile.objects.get(project=project)
    assert item.data_file == data_file and item.created_by == researcher_plus
    assert Event.objects.filter(project=project, verb="file.add").count() == 1


def test_add_custom_file_with_upload_served_only_to_team(
    project, leader, viewer, account_manager, outsider, client_of
):
    upload = SimpleUploadedFile("../../etc/Verzoek maatwerk.pdf", PDF_BYTES, "application/pdf")
    response = client_of(leader).post(
        _file_url(project),
        {
            "kind": FileKind.CUSTOM,
            "explanation": "<p>Ik wil graag een maatwerkbestand</p>",
            "documents": [upload],
        },
    )
    assert response.status_code == 302
    document = ProjectFileDocument.objects.get()
    assert document.original_name == "Verzoek maatwerk.pdf"
    assert ".." not in document.document.name and "Verzoek" not in document.document.name
    assert (
        document.document.name.startswith("project-files/")
        and document.content_type == "application/pdf"
    )
    url = reverse("projects:file_document", args=[project.number, document.pk])
    response = client_of(viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert client_of(account_manager).get(url).status_code == 404
    assert client_of(outsider).get(url).status_code == 404


def test_wrong_type_refused_even_when_renamed(project, leader, client_of):
    upload = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00\x03\x00binary", "application/pdf")
    response = client_of(leader).post(
        _file_url(project),
        {"kind": FileKind.CUSTOM, "explanation": "<p>x</p>", "documents": [upload]},
    )
    assert response.status_code == 400
    assert (
        "Dit type bestand is niet toegestaan" in response.content.decode()
        or "not allowed" in response.content.decode()
    )
    assert not ProjectFile.objects.exists()


def test_html_disguised_as_text_refused(project, leader, client_of):
    upload = SimpleUploadedFile("notes.txt", b"<script>alert(1)</script>", "text/plain")
    response = client_of(leader).post(
        _file_url(project),
        {"kind": FileKind.CUSTOM, "explanation": "<p>x</p>", "documents": [upload]},
    )
    assert response.status_code == 400
    assert not ProjectFileDocument.objects.exists()


def test_oversized_refused(project, leader, client_of, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    upload = SimpleUploadedFile(
        "groot.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1), "application/pdf"
    )
    response = client_of(leader).post(
        _file_url(project),
        {"kind": FileKind.CUSTOM, "explanation": "<p>x</p>", "documents": [upload]},
    )
    assert response.status_code == 400
    assert "te groot" in response.content.decode() or "too large" in response.content.decode()
    assert not ProjectFile.objects.exists()


def test_file_form_errors(project, leader, client_of):
    client = client_of(leader)
    response = client.post(
        _file_url(project), {"kind": FileKind.STANDARD, "explanation": "<p>Houd dit</p>"}
    )
    text = response.content.decode()
    assert "Kies een bestand uit de catalogus." in text
    assert "Houd dit" in text
    response = client.post(_file_url(project), {"kind": FileKind.CUSTOM, "explanation": "<p> </p>"})
    assert "Beschrijf het maatwerkbestand dat je nodig hebt." in response.content.decode()
    assert not ProjectFile.objects.exists()


@pytest.mark.parametrize(
    "role", ["researcher", "signatory", "viewer", "account_manager", "outsider"]
)
def test_file_and_service_refused_for_others(role, project, leader, request, client_of):
    client = client_of(request.getfixturevalue(role))
    assert (
        client.post(_file_url(project), {"kind": FileKind.CUSTOM, "explanation": "x"}).status_code
        == 404
    )
    service = ServiceFactory()
    url = reverse("projects:service_add", args=[project.number])
    assert client.post(url, {"service": service.pk}).status_code == 404
    assert not ProjectFile.objects.exists() and not ProjectService.objects.exists()


def test_add_service(project, leader, client_of):
    service = ServiceFactory(code="D99999", name="Dienst serviceportal")
    ServiceFactory(code="D00001", name="Oude dienst", is_active=False)
    url = reverse("projects:service_add", args=[project.number])
    client = client_of(leader)
    text = client.get(url).content.decode()
    assert "Dienst toevoegen" in text and "Dienst serviceportal (D99999)" in text
    assert "Toon alle" in text and "Oude dienst" not in text
    response = client.post(
        url, {"service": service.pk, "explanation": "<p>F10</p><script>x</script>"}
    )
    assert response.status_code == 302
    item = ProjectService.objects.get()
    assert item.explanation == "<p>F10</p>"
    assert Event.objects.filter(project=project, verb="service.add").count() == 1


def test_service_required(project, leader, client_of):
    url = reverse("projects:service_add", args=[project.number])
    response = client_of(leader).post(url, {"explanation": "<p>Houd dit</p>"})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()


def test_register_publication(project, researcher, client_of):
    url = reverse("projects:publication_add", args=[project.number])
    response = client_of(researcher).post(
        url,
        {
            "title": "Armoede in beeld",
            "authors": "P. Bakker",
            "year": 2026,
            "kind": "article",
            "link": "doi:10.1234/abc.5",
            "expected_date": "2026-12-01",
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.link == "https://doi.org/10.1234/abc.5"
    assert Event.objects.filter(project=project, verb="publication.add").count() == 1
    text = (
        client_of(researcher)
        .get(reverse("projects:detail", args=[project.number]) + "?docs=publications")
        .content.decode()
    )
    assert "Armoede in beeld" in text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"link": "javascript:alert(1)"}, "Geef een webadres (https://…) of een DOI."),
        ({"link": "ftp://example.org/x"}, "Geef een webadres (https://…) of een DOI."),
        ({"year": 1500}, "Geef een jaar tussen 1900 en tien jaar vanaf nu."),
        ({"expected_date": ""}, "Geef de verwachte of de werkelijke publicatiedatum."),
        ({"title": ""}, "Dit veld is verplicht."),
    ],
)
def test_publication_bad_input(overrides, message, project, leader, client_of):
    data = {
        "title": "Titel",
        "authors": "P. Bakker",
        "year": 2026,
        "kind": "report",
        "link": "https://example.org/rapport",
        "expected_date": "2026-12-01",
    }
    data.update(overrides)
    response = client_of(leader).post(
        reverse("projects:publication_add", args=[project.number]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", ["signatory", "viewer", "account_manager"])
def test_publication_refused_for_roles_without_right(role, project, leader, request, client_of):
    client = client_of(request.getfixturevalue(role))
    url = reverse("projects:publication_add", args=[project.number])
    assert client.post(url, {"title": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("..\\..\\windows\\plan.pdf", "plan.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("rapport<script>.exe.pdf", "rapport_script_.exe.pdf"),
        ("geen-extensie", "geen-extensie.pdf"),
    ],
)
def test_path_tricks_in_names_are_harmless(name, shown, project, leader, client_of):
    upload = SimpleUploadedFile(name, PDF_BYTES, "application/pdf")
    client_of(leader).post(
        _file_url(project),
        {"kind": FileKind.CUSTOM, "explanation": "<p>x</p>", "documents": [upload]},
    )
    document = ProjectFileDocument.objects.get()
    assert document.original_name == shown
    assert document.document.name.startswith("project-files/")
    assert document.document.name.endswith(".pdf") and "/" not in document.document.name[14:]


# Upload totals (issue 14, item 10) --------------------------------------------------------------


def _pdfs(count: int, size: int) -> list:
    return [
        SimpleUploadedFile(f"deel-{n}.pdf", PDF_BYTES + b"0" * (size - len(PDF_BYTES)),
                           "application/pdf")
        for n in range(count)
    ]  # fmt: skip


def _custom_file(client, project, uploads):
    return client.post(
        _file_url(project),
        {"kind": FileKind.CUSTOM, "explanation": "<p>Maatwerk</p>", "documents": uploads},
    )


@pytest.fixture
def small_limits(settings):
    settings.MAX_UPLOAD_SIZE = 1000
    settings.MAX_UPLOAD_REQUEST_SIZE = 2500
    settings.MAX_UPLOAD_FILES = 4
    settings.MAX_PROJECT_UPLOAD_SIZE = 4000


def test_the_files_of_one_request_together_are_limited(project, leader, client_of, small_limits):
    response = _custom_file(client_of(leader), project, _pdfs(3, 900))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_documents_error"' in text
    assert "Samen zijn de bestanden te groot" in text
    assert "Maatwerk" in text  # what was typed stays
    assert not ProjectFileDocument.objects.exists() and not ProjectFile.objects.exists()


def test_the_number_of_files_in_one_request_is_limited(project, leader, client_of, small_limits):
    response = _custom_file(client_of(leader), project, _pdfs(5, 100))
    assert response.status_code == 400
    assert "Stuur maximaal 4 bestanden tegelijk" in response.content.decode()
    assert not ProjectFileDocument.objects.exists()


def test_a_project_holds_a_limited_total(project, leader, client_of, small_limits):
    client = client_of(leader)
    for _ in range(2):
        assert _custom_file(client, project, _pdfs(2, 900)).status_code == 302
    response = _custom_file(client, project, _pdfs(1, 500))
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_documents_error"' in text and "Het project heeft geen ruimte" in text
    assert ProjectFileDocument.objects.count() == 4
    # Within the total, a small file still fits.
    assert _custom_file(client, project, _pdfs(1, 200)).status_code == 302
