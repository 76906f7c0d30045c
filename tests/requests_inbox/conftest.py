"""Fixtures of the actions inbox: a signed PDF, declaration text, a project awaiting its costs."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import UserDeclarationText
from projects.models import Status
from requests_inbox.models import CostLine, CostOverview
from requests_inbox.services import cost_overview_send

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_upload(name="getekend.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def declaration_text(db):
    return UserDeclarationText.objects.create(
        version=1,
        title="Gebruikersverklaring",
        text="Ik gebruik microdata alleen voor onderzoek.",
        published_at=timezone.now() - timezone.timedelta(days=1),
    )


MOCKUP_LINES = [
    ("startup", "Opstarten nieuw project", "1", "1850.00"),
    ("service", "Dienst serviceportal", "1", "0.00"),
    ("text", "Tekst item", "1", "0.00"),
    ("file", "Ondersteunen lopend project - bestanden", "1", "18.00"),
    ("researcher", "Ondersteunen lopend project - onderzoeker", "4", "140.00"),
]


def add_mockup_lines(overview):
    for position, (kind, description, quantity, price) in enumerate(MOCKUP_LINES, start=1):
        CostLine.objects.create(
            overview=overview,
            position=position,
            kind=kind,
            description=description,
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
        )


@pytest.fixture
def contract_project(project):
    """``project`` in Contract opstellen (CBS writes the costs)."""
    project.status = Status.CONTRACT
    project.save(update_fields=["status"])
    return project


@pytest.fixture
def draft_overview(contract_project, staff):
    overview = CostOverview.objects.create(project=contract_project, created_by=staff)
    add_mockup_lines(overview)
    return overview


@pytest.fixture
def sent_overview(draft_overview, leader, signatory, staff):
    """Sent by CBS: the leader and the signatory each have an open cost review."""
    return cost_overview_send(overview=draft_overview, by=staff)
