"""Uploads: hostile files are refused or neutralized; stored documents are served safely.

Checks ``portal.uploads`` itself, and sends the same hostile files through the file field of
every Form/ModelForm discovered in our apps: each must refuse them.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from portal.uploads import (
    DOCUMENTS,
    EXTENSIONS,
    JPEG,
    PDF,
    PDF_ONLY,
    PNG,
    document_response,
    safe_display_name,
    stored_name,
    validate_upload,
)
from tests.quality.discovery import form_classes, instantiate_form

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

HOSTILE = {
    "empty.pdf": b"",
    "html-as.pdf": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "svg-as.png": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "svg-as.pdf": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
    "html-as.jpg": b"<html><body onload=alert(1)>",
    "script-as.txt": b"hallo <script>alert(1)</script>",
    "exe-as.pdf": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64,
    "zip-as.pdf": b"PK\x03\x04" + b"\x00" * 64,
    "iframe-as.csv": b"a,b\n<iframe src=javascript:alert(1)>",
    "nul-text.txt": b"abc\x00def",
    "latin1.txt": "caf\xe9".encode("latin-1") + b"\xff\xfe",
}


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused(name):
    with pytest.raises(ValidationError):
        validate_upload(upload(name, HOSTILE[name]), allowed=DOCUMENTS)


def test_oversized_is_refused_with_a_message(settings):
    settings.MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload("groot.pdf", PDF_BYTES + b"0" * 2048))
    assert exc.value.code == "too_large"


def test_a_right_name_does_not_make_a_right_type():
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload("plaatje.pdf", PNG_BYTES), allowed=PDF_ONLY)
    assert exc.value.code == "wrong_type"


def test_real_pdf_and_png_are_accepted_whatever_the_browser_claims():
    assert validate_upload(upload("a.pdf", PDF_BYTES, "text/html"), allowed=PDF_ONLY) == PDF
    assert validate_upload(upload("a.png", PNG_BYTES, "application/pdf")) == PNG


TRICKY_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\system32.pdf",
    "C:\\x\\y.pdf",
    "/etc/passwd",
    "nul\x00byte.pdf",
    "control\x07\x1b[31mchars.pdf",
    "rtl\u202egpj.exe.pdf",
    "zero\u200bwidth.pdf",
    "<script>alert(1)</script>.pdf",
    'quote".pdf',
    "semi;colon\r\nSet-Cookie: x=1.pdf",
    "." * 300 + ".pdf",
    "",
    "CON.pdf",
    "ａｂｃ.ｐｄｆ",
]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_display_names_are_neutralized(name):
    shown = safe_display_name(name, PDF)
    assert shown.endswith(".pdf") and len(shown) <= 120
    assert "/" not in shown and "\\" not in shown and ".." not in shown.removesuffix(".pdf")
    assert all(ch.isprintable() for ch in shown)
    assert not set(shown) & set("<>\"';\r\n\x00\u202e\u200b")


@pytest.mark.parametrize("content_type", sorted(EXTENSIONS))
def test_stored_names_are_ours(content_type):
    name = stored_name(content_type)
    assert len(name) == 32 + len(EXTENSIONS[content_type]) and name.endswith(
        EXTENSIONS[content_type]
    )
    assert stored_name(content_type) != name


@pytest.mark.parametrize("content_type", [PDF, PNG, JPEG])
def test_served_documents_are_attachments_with_nosniff(content_type, tmp_path):
    path = default_storage.save(stored_name(content_type), ContentFile(PDF_BYTES))
    field_file = default_storage.open(path)
    response = document_response(
        field_file,
        filename=safe_display_name("../x<>.pdf", content_type),
        content_type=content_type,
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    response.close()


def test_inline_pdf_may_only_be_framed_by_ourselves():
    path = default_storage.save(stored_name(PDF), ContentFile(PDF_BYTES))
    response = document_response(
        default_storage.open(path), filename="kosten.pdf", content_type=PDF, inline=True
    )
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'none'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    response.close()


def upload_cases():
    """(label, form class, field name) of every file field of every discovered form."""
    from django import forms

    return [
        (f"{form.__module__}.{form.__name__}", form, name)
        for form in form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.FileField)
    ]


@override_settings(MAX_UPLOAD_SIZE=64 * 1024)
def test_every_upload_field_of_every_form_refuses_hostile_files(leader, project, institution):
    context = {"user": leader, "person": leader.person, "project": project,
               "institution": institution}  # fmt: skip
    hostile = {**HOSTILE, "huge.pdf": PDF_BYTES + b"0" * (65 * 1024)}
    problems = []
    for label, form_class, name in upload_cases():
        for filename, content in hostile.items():
            form = instantiate_form(
                form_class, {}, context, files={name: upload(filename, content)}
            )
            form.is_valid()
            if name in form.cleaned_data and form.cleaned_data[name]:
                problems.append(f"{label}.{name} accepted {filename}")
            elif name not in form.errors:
                problems.append(f"{label}.{name}: no message beside the field for {filename}")
    assert not problems, "\n".join(problems)
