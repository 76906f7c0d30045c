"""Private documents: validated on upload, stored under our own names, served as attachments.

- ``UploadPolicy``: THE rule of what an upload field accepts (types checked by content, the size
  of each file, how many, their total per request, and a project's total), one per kind of
  upload below (``PROJECT_FILES``, ``MESSAGE_ATTACHMENTS``, ``OUTPUT_CHECK_FORM``...). Its form
  field is ``UploadField(policy=...)``; its service calls ``policy.check(uploads, stored=...)``
  again (the admin and other callers go through services too).
- A project's total counts what it holds over every app (``projects.services
  .project_stored_bytes``, filled through ``projects.registry.project_documents``).
- ``validate_upload(file, allowed=PDF_ONLY)`` checks size, emptiness and the real content type
  (by the file's first bytes, not its name or the browser's claim) and returns the content type.
- ``stored_name(original, content_type)`` gives a random name with the right extension.
- ``document_response(field_file, filename, content_type, inline=False)`` serves a stored file
  with ``X-Content-Type-Options: nosniff``; only call it from a view that checked permission.
- ``protect_document(response, inline=False)`` gives a document made in memory the same headers.
- ``save_document(field_file, name, upload, field=...)`` stores an upload; storage that is away
  (S3 down, disk full) becomes a ``Refusal`` beside that form field, so the service's transaction
  rolls back and nothing is saved half.
"""

import logging
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.refusals import Refusal

try:  # S3 storage (django-storages): its client's errors
    from botocore.exceptions import BotoCoreError, ClientError

    STORAGE_ERRORS: tuple = (OSError, BotoCoreError, ClientError)
except ImportError:  # pragma: no cover - boto3 is a dependency
    STORAGE_ERRORS = (OSError,)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
TXT = "text/plain"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", CSV: ".csv",
              TXT: ".txt"}  # fmt: skip
logger = logging.getLogger(__name__)

LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "Word (.docx)", XLSX: "Excel (.xlsx)",
          CSV: "CSV", TXT: "tekst (.txt)"}  # fmt: skip
PDF_ONLY = (PDF,)
DOCUMENTS = (PDF, DOCX, XLSX, CSV, TXT, PNG, JPEG)


def sniff_content_type(head: bytes, name: str) -> str | None:
    """The real type of a file from its first bytes; None when it is none we accept."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        lower = name.lower()
        if lower.endswith(".docx"):
            return DOCX
        if lower.endswith(".xlsx"):
            return XLSX
        return None
    # Text: must decode as UTF-8 and contain no markup a browser might run.
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or re.search(r"<\s*(script|html|svg|iframe|!doctype|body|\?xml)", text, re.I):
        return None
    return CSV if name.lower().endswith(".csv") else TXT


def validate_upload(upload, *, allowed=DOCUMENTS, max_size: int | None = None) -> str:
    max_size = max_size or settings.MAX_UPLOAD_SIZE
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_size:
        raise ValidationError(
            _("The file is too large (at most %(max)s MB).") % {"max": max_size // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    content_type = sniff_content_type(head, upload.name or "")
    if content_type not in allowed:
        raise ValidationError(
            _("This type of file is not allowed. Allowed: %(types)s.")
            % {"types": ", ".join(LABELS[t] for t in allowed)},
            code="wrong_type",
        )
    return content_type


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def validate_upload_totals(uploads, *, stored: int | None = None) -> None:
    """At most MAX_UPLOAD_REQUEST_SIZE bytes in one request; with ``stored`` (the bytes a project
    already holds) at most MAX_PROJECT_UPLOAD_SIZE in all."""
    uploads = list(uploads)
    total = sum(upload.size for upload in uploads)
    if total > settings.MAX_UPLOAD_REQUEST_SIZE:
        raise ValidationError(
            _("Together the files are too large: %(total)s MB, at most %(max)s MB at a time.")
            % {"total": _megabytes(total), "max": _megabytes(settings.MAX_UPLOAD_REQUEST_SIZE)},
            code="request_too_large",
        )
    if stored is not None and stored + total > settings.MAX_PROJECT_UPLOAD_SIZE:
        raise ValidationError(
            _(
                "The project has no room for these files: it holds %(stored)s MB of the "
                "%(max)s MB it may hold. Ask CBS Microdata Services if you need more."
            )
            % {"stored": _megabytes(stored), "max": _megabytes(settings.MAX_PROJECT_UPLOAD_SIZE)},
            code="project_full",
        )


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of upload accepts. ``max_files``/``max_size`` None: the settings'
    MAX_UPLOAD_FILES / MAX_UPLOAD_SIZE. Every policy also holds MAX_UPLOAD_REQUEST_SIZE per
    request and, given what a project holds, MAX_PROJECT_UPLOAD_SIZE."""

    types: tuple[str, ...]
    max_files: int | None = None
    max_size: int | None = None
    wrong_type: str | None = None  # instead of the list of allowed types

    @property
    def file_limit(self) -> int:
        return self.max_files or settings.MAX_UPLOAD_FILES

    @property
    def accept(self) -> str:
        """The file input's ``accept``: a hint to the browser; the content decides."""
        return ",".join(sorted({EXTENSIONS[t] for t in self.types} | set(self.types)))

    def check(self, uploads, *, stored: int | None = None) -> list[str]:
        """The content type of each upload; a ``ValidationError`` otherwise (one message per
        refused file, named when several may be sent). ``stored``: the bytes the project
        already holds (call it under the project's lock)."""
        uploads = [upload for upload in uploads if upload]
        if len(uploads) > self.file_limit:
            raise ValidationError(
                _("Send at most %(max)s files at a time (you chose %(count)s).")
                % {"max": self.file_limit, "count": len(uploads)},
                code="too_many",
            )
        content_types, refused = [], []
        for upload in uploads:
            try:
                content_types.append(
                    validate_upload(upload, allowed=self.types, max_size=self.max_size)
                )
            except ValidationError as error:
                if error.code == "wrong_type" and self.wrong_type:
                    error = ValidationError(str(self.wrong_type), code="wrong_type")
                if self.file_limit == 1:
                    raise error from None
                name = os.path.basename((upload.name or "").replace("\\", "/"))[:120]
                refused.append(f"{name}: {error.messages[0]}")
        if refused:
            raise ValidationError(refused)
        validate_upload_totals(uploads, stored=stored)
        return content_types

    def refusal(self, uploads, *, field: str, stored: int | None = None) -> list[str]:
        """``check`` for a service: a ``Refusal`` beside ``field`` instead."""
        try:
            return self.check(uploads, stored=stored)
        except ValidationError as error:
            raise Refusal(error.messages, field=field) from error


# The kinds of upload, each defined once.
PROJECT_FILES = UploadPolicy(DOCUMENTS)  # Bestanden: a project file's attachments
MESSAGE_ATTACHMENTS = UploadPolicy(DOCUMENTS, max_files=5)  # Berichten and Mijn vragen
ACTION_ATTACHMENTS = UploadPolicy(DOCUMENTS)  # bijlagen CBS adds to an action
OUTPUT_CHECK_FORM = UploadPolicy((PDF, DOCX, XLSX), max_files=1)  # the output control form
SIGNED_FORM = UploadPolicy(PDF_ONLY, max_files=1)  # declarations and forms, signed, as PDF
PHOTO = UploadPolicy(  # Mijn gegevens
    (JPEG, PNG),
    max_files=1,
    max_size=5 * 1024 * 1024,
    wrong_type=gettext_lazy("This is not a photo we can use. Upload a JPEG or PNG image."),
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """A form's file field under an ``UploadPolicy``: a list of files when the policy allows
    several, else one file (or None); every refusal beside the field."""

    def __init__(self, *, policy: UploadPolicy, **kwargs):
        self.policy = policy
        self.several = policy.max_files != 1
        widget = MultipleFileInput if self.several else forms.ClearableFileInput
        kwargs.setdefault("widget", widget(attrs={"accept": policy.accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not self.several:
            upload = super().clean(data, initial)
            if upload and hasattr(upload, "size"):
                self.policy.check([upload])
            return upload
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        single = super().clean
        uploads = [single(item, initial) for item in items if item]
        if not uploads and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        self.policy.check(uploads)
        return uploads

    def bound_data(self, data, initial):
        return initial if self.several else super().bound_data(data, initial)


def stored_name(content_type: str) -> str:
    """Our own name for a stored file: never the user's."""
    return f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"


def save_document(field_file, name: str, upload, *, field: str) -> None:
    """Store ``upload`` as ``name`` in ``field_file`` (not saving the row: the service does)."""
    try:
        field_file.save(name, upload, save=False)
    except STORAGE_ERRORS as error:
        logger.error("Document storage unavailable: %s", error)
        raise Refusal(
            _(
                "The document could not be stored just now, so nothing was saved. "
                "Please try again in a moment."
            ),
            field=field,
        ) from error


def safe_display_name(original: str, content_type: str, *, max_length: int = 120) -> str:
    """The user's file name, made harmless for display and for Content-Disposition."""
    base = os.path.basename((original or "").replace("\\", "/"))
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"[^\w.\- ()]", "_", base).strip(" .")
    stem = os.path.splitext(base)[0][: max_length - 6] or "document"
    return stem + EXTENSIONS[content_type]


def document_response(field_file, *, filename: str, content_type: str, inline: bool = False):
    """Raises Http404 when the row has no file or its file is gone from storage (logged)."""
    if not field_file:
        raise Http404
    try:
        field_file.open("rb")
    except FileNotFoundError:
        logger.error("Stored document missing from storage: %s", field_file.name)
        raise Http404 from None
    response = FileResponse(
        field_file, as_attachment=not inline, filename=filename, content_type=content_type
    )
    return protect_document(response, inline=inline)


def protect_document(response, *, inline: bool = False):
    """The headers of every served document (also one made in memory, like a PDF preview)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Shown inside our own page (the PDF beside "Akkoord"): framable by us only.
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
        response["X-Frame-Options"] = "SAMEORIGIN"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
