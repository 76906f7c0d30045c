import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ConfidentialityDeclaration, UserDeclarationText
from requests_inbox.models import ActionKind
from requests_inbox.selectors import declaration_statuses
from requests_inbox.services import (
    action_create,
    confidentiality_approve,
    confidentiality_reject,
    confidentiality_upload,
    user_declaration_sign,
)
from tests.requests_inbox.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def test_nothing_asked_yet(leader, declaration_text):
    statuses = declaration_statuses(leader.person)
    assert statuses["user_declaration_status"] == "Ter ondertekening"
    assert statuses["user_declaration_signed_at"] is None
    assert statuses["confidentiality_status"] == ""


def test_user_declaration_signed_then_new_version(leader, staff, declaration_text):
    action = action_create(
        person=leader.person, kind=ActionKind.USER_DECLARATION, subject="", by=staff
    )
    user_declaration_sign(action=action, by=leader, typed_name="Piet Bakker")
    statuses = declaration_statuses(leader.person)
    assert statuses["user_declaration_status"] == "Ondertekend"
    assert statuses["user_declaration_version"] == 1
    UserDeclarationText.objects.create(version=2, text="Nieuw", published_at=timezone.now())
    assert declaration_statuses(leader.person)["user_declaration_status"] == "Ter ondertekening"


def test_confidentiality_through_its_life(leader, staff):
    action = action_create(
        person=leader.person, kind=ActionKind.CONFIDENTIALITY, subject="", by=staff
    )
    assert declaration_statuses(leader.person)["confidentiality_status"] == "Document uploaden"
    declaration = confidentiality_upload(action=action, by=leader, upload=pdf_upload())
    assert (
        declaration_statuses(leader.person)["confidentiality_status"] == "Ter beoordeling bij CBS"
    )
    confidentiality_reject(declaration=declaration, by=staff, reason="Onleesbaar")
    assert declaration_statuses(leader.person)["confidentiality_status"] == "Afgewezen"
    again = leader.person.actions.open().get()
    second = confidentiality_upload(action=again, by=leader, upload=pdf_upload())
    end = timezone.localdate() + datetime.timedelta(days=365)
    confidentiality_approve(declaration=second, by=staff, valid_until=end)
    statuses = declaration_statuses(leader.person)
    assert statuses["confidentiality_status"] == "Goedgekeurd"
    assert statuses["confidentiality_valid_until"] == end
    ConfidentialityDeclaration.objects.filter(pk=second.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert declaration_statuses(leader.person)["confidentiality_status"] == "Verlopen"


def test_query_count_is_fixed(leader, staff, declaration_text):
    for _ in range(5):
        action = action_create(
            person=leader.person, kind=ActionKind.CONFIDENTIALITY, subject="", by=staff
        )
        confidentiality_upload(action=action, by=leader, upload=pdf_upload())
    with CaptureQueriesContext(connection) as queries:
        declaration_statuses(leader.person)
    assert len(queries) == 3
