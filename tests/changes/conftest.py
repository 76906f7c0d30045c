"""Fixtures of Uitvoering: a running project with its tariffs, and asking through the real forms."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from changes import services
from changes.kinds import KINDS
from projects.models import Project, Status
from requests_inbox.models import Tariff

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_upload(name="outputformulier.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def set_status(project, status):
    Project.objects.filter(pk=project.pk).update(status=status)
    project.status = status
    return project


@pytest.fixture
def running(project, leader):
    """``project`` in status Lopend, its leader on the team."""
    return set_status(project, Status.RUNNING)


@pytest.fixture
def tariffs(db):
    Tariff.objects.create(
        description="Ondersteunen lopend project - onderzoeker",
        kind="researcher",
        unit_price=Decimal("140.00"),
    )
    Tariff.objects.create(
        description="Ondersteunen lopend project - bestanden",
        kind="file",
        unit_price=Decimal("18.00"),
    )


def ask(project, by, kind, explanation="Nodig voor het onderzoek.", **fields):
    """Ask a change request through its kind's form (what the page does)."""
    definition = KINDS[kind]
    form = definition.form(data={"explanation": explanation, **fields}, project=project)
    assert form.is_valid(), form.errors
    return services.change_request_ask(
        project=project,
        by=by,
        kind=kind,
        data=form.to_data(),
        summary=form.summary(),
        explanation=form.cleaned_data["explanation"],
    )


def today_plus(days=0) -> str:
    return (timezone.localdate() + timezone.timedelta(days=days)).isoformat()
