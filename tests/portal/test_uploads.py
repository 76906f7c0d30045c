import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse

from accounts.models import Person
from portal.uploads import PDF, document_response, protect_document

pytestmark = pytest.mark.django_db


def _field_file(name: str) -> FieldFile:
    return FieldFile(Person(), Person._meta.get_field("photo"), name)


def test_a_stored_document_is_served_as_an_attachment():
    name = default_storage.save("doc.pdf", ContentFile(b"%PDF-1.4\n"))
    response = document_response(_field_file(name), filename="doc.pdf", content_type=PDF)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


@pytest.mark.parametrize("name", ["", "victim/gone.pdf"])
def test_a_document_without_its_file_is_not_found_rather_than_an_error(name):
    with pytest.raises(Http404):
        document_response(_field_file(name), filename="doc.pdf", content_type=PDF)


def test_a_document_made_in_memory_gets_the_same_headers():
    inline = protect_document(HttpResponse(b"%PDF-1.4\n", content_type=PDF), inline=True)
    assert "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    assert inline["Cache-Control"] == "private, no-store"
    attachment = protect_document(HttpResponse(b"x", content_type=PDF))
    assert attachment["Content-Security-Policy"] == "default-src 'none'; sandbox"
