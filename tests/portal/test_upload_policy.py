"""One upload policy (portal.uploads.UploadPolicy) for every upload form: types by content, size
per file, count and total per request, and a project's total over all its documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changes.models import OutputCheck
from messaging.models import Attachment, Message
from portal import uploads
from projects.models import Status
from projects.services import project_stored_bytes
from tests.changes.conftest import PDF_BYTES, pdf_upload

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


def pdf_of(size: int, name: str = "stuk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + b"0" * (size - len(PDF_BYTES)), "application/pdf")


@pytest.fixture
def small_limits(settings):
    """The limits, scaled down: each file up to 1 MB, at most 1.5 MB a request."""
    settings.MAX_UPLOAD_SIZE = MB
    settings.MAX_UPLOAD_REQUEST_SIZE = 3 * MB // 2


def _send_message(client, project, files):
    return client.post(
        reverse("messaging:project_send", args=[project.number]),
        {"body": "Zie de bijlagen.", "attachments": files},
    )


def test_message_attachments_together_over_the_request_limit_are_refused(
    client_of, leader, project, small_limits
):
    files = [pdf_of(9 * MB // 10, f"deel-{n}.pdf") for n in range(5)]
    response = _send_message(client_of(leader), project, files)
    assert response.status_code == 400
    assert "Samen zijn de bestanden te groot" in response.content.decode()
    assert not Attachment.objects.exists() and not Message.objects.exists()


def test_a_question_to_klantenservice_holds_the_same_limits(client_of, leader, small_limits):
    files = [pdf_of(9 * MB // 10, f"deel-{n}.pdf") for n in range(5)]
    response = client_of(leader).post(
        reverse("messaging:question_new"),
        {"subject": "Token", "body": "Wat nu?", "attachments": files},
    )
    assert response.status_code == 400
    assert "Stuur maximaal 5 bestanden tegelijk" not in response.content.decode()
    assert "Samen zijn de bestanden te groot" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_question_takes_at_most_five_files(client_of, leader):
    files = [pdf_of(1000, f"deel-{n}.pdf") for n in range(6)]
    response = client_of(leader).post(
        reverse("messaging:question_new"),
        {"subject": "Token", "body": "Wat nu?", "attachments": files},
    )
    assert response.status_code == 400
    assert "Stuur maximaal 5 bestanden tegelijk (je koos er 6)." in response.content.decode()


def test_a_running_projects_documents_count_toward_its_total(
    client_of, leader, researcher, project, settings
):
    from tests.changes.conftest import set_status

    set_status(project, Status.RUNNING)
    settings.MAX_PROJECT_UPLOAD_SIZE = MB
    client = client_of(leader)
    assert _send_message(client, project, [pdf_of(7 * MB // 10)]).status_code == 302
    refused = _send_message(client, project, [pdf_of(7 * MB // 10)])
    assert refused.status_code == 400
    assert "Het project heeft geen ruimte" in refused.content.decode()
    refused = client_of(researcher).post(
        reverse("changes:output_new", args=[project.number]),
        {"description": "Tabellen", "package_name": "export-1", "light": "0",
         "form_document": pdf_of(7 * MB // 10)},
    )  # fmt: skip
    assert refused.status_code == 400
    assert "Het project heeft geen ruimte" in refused.content.decode()
    assert Attachment.objects.count() == 1 and not OutputCheck.objects.exists()
    assert project_stored_bytes(project) == 7 * MB // 10


def test_an_output_check_refuses_a_text_file_named_pdf_beside_the_field(
    client_of, researcher, project
):
    from tests.changes.conftest import set_status

    set_status(project, Status.RUNNING)
    response = client_of(researcher).post(
        reverse("changes:output_new", args=[project.number]),
        {"description": "Tabellen", "package_name": "export-1", "light": "0",
         "form_document": pdf_upload("x.pdf", b"gewoon tekst, geen PDF\n")},
    )  # fmt: skip
    assert response.status_code == 400
    text = response.content.decode()
    error = text[text.index('id="id_form_document_error"') :][:400]
    assert "Dit type bestand is niet toegestaan" in error and "PDF" in error
    assert not OutputCheck.objects.exists()


@pytest.mark.parametrize(
    ("policy", "content", "accepted"),
    [
        (uploads.OUTPUT_CHECK_FORM, b"plain text", False),
        (uploads.OUTPUT_CHECK_FORM, PDF_BYTES, True),
        (uploads.SIGNED_FORM, b"PK\x03\x04word", False),
        (uploads.PHOTO, b"%PDF-1.7", False),
        (uploads.PROJECT_FILES, b"a;b\n1;2\n", True),
    ],
)
def test_each_policy_decides_by_content(policy, content, accepted):
    upload = SimpleUploadedFile("bestand.pdf", content)
    if accepted:
        assert policy.check([upload])
    else:
        with pytest.raises(uploads.ValidationError):
            policy.check([upload])


def test_every_upload_form_field_has_a_policy():
    """No file field of our forms without the one policy (discovered, like the fuzz gate)."""
    from django import forms

    from tests.quality.discovery import form_classes

    unpoliced = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.FileField) and not isinstance(field, uploads.UploadField)
    ]
    assert not unpoliced
