"""Fixtures of Voorbereiding: a project with agreed costs, an agreement text, a sent agreement."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone

from agreements import services
from agreements.models import AgreementText
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import Bijlage, BijlageStatus, Role, Status
from requests_inbox.models import Action, ActionKind, CostOverview
from requests_inbox.services import cost_overview_decide, cost_overview_send
from tests.conftest import _member
from tests.requests_inbox.conftest import add_mockup_lines


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def agreement_text(db):
    return AgreementText.objects.create(
        version=3,
        title="Projectovereenkomst",
        text="Artikel 1. De instelling gebruikt de microdata alleen voor dit onderzoek.",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def agreed_project(project, leader, signatory, staff):
    """``project`` in "Overeenkomst ter ondertekening": Bijlagen final, costs agreed."""
    for kind, definition in BIJLAGE_DEFINITIONS.items():
        Bijlage.objects.update_or_create(
            project=project,
            kind=kind,
            defaults=dict(
                status=BijlageStatus.FINAL,
                sections={
                    s.key: f"<p>Tekst {kind} {s.key} zorgvuldig</p>" for s in definition.sections
                },
            ),
        )
    project.status = Status.CONTRACT
    project.cbs_contact = staff
    project.save(update_fields=["status", "cbs_contact"])
    overview = CostOverview.objects.create(project=project)
    add_mockup_lines(overview)
    cost_overview_send(overview=overview, by=staff)
    action = Action.objects.filter(
        project=project, kind=ActionKind.COST_REVIEW, person=signatory.person
    ).get()
    cost_overview_decide(action=action, by=signatory, agree=True)
    project.refresh_from_db()
    assert project.status == Status.AGREEMENT
    return project


@pytest.fixture
def sent_agreement(agreed_project, agreement_text, staff):
    agreement = services.agreement_draft(project=agreed_project, by=staff)
    services.agreement_send(agreement=agreement, by=staff)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def second_signatory(project):
    return _member(project, Role.SIGNATORY, is_signatory=True, first_name="Tweede")


def signing_action(agreement, user):
    return agreement.actions.get(person=user.person)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(execute=True):`` runs the mails queued on commit (as after a request)."""
    return django_capture_on_commit_callbacks
