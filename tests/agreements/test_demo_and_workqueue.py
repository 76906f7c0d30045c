import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus
from agreements.workqueue import agreements_to_countersign
from portal.workqueue import work_kinds
from projects.models import PreparationStatus, Project, Status
from requests_inbox.models import Action, ActionKind

pytestmark = pytest.mark.django_db


def test_demo_shows_phase_2(client):
    call_command("load_demo", stdout=io.StringIO())
    counts = (Agreement.objects.count(), Action.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Agreement.objects.count(), Action.objects.count()) == counts  # idempotent

    to_sign = Project.objects.get(number=10016)
    assert to_sign.status == Status.AGREEMENT
    assert to_sign.get_status_display() == "Overeenkomst ter ondertekening"
    action = Action.objects.get(
        project=to_sign, kind=ActionKind.AGREEMENT_SIGNING, person__first_name="Gerro"
    )
    assert action.is_open
    client.login(email="gerro.dejager@example.nl", password="Microdata-demo-2026")
    page = client.get(reverse("agreements:action", args=[action.pk]))
    assert page.status_code == 200 and "cbs-pdf-frame" in page.content.decode()

    preparing = Project.objects.get(number=10017)
    assert preparing.status == Status.PREPARING
    assert set(preparing.files.values_list("preparation_status", flat=True)) == {
        PreparationStatus.REQUESTED,
        PreparationStatus.IN_PREPARATION,
        PreparationStatus.READY,
    }
    assert preparing.agreements.get().status == AgreementStatus.COUNTERSIGNED
    client.login(email="piet.bakker@example.nl", password="Microdata-demo-2026")
    files = client.get(reverse("projects:detail", args=[10017]) + "?tab=files").content.decode()
    assert "Klaar in de RA" in files and "In voorbereiding" in files
    details = client.get(reverse("accounts:my_details")).content.decode()
    assert "Wat moet ik nog doen om in de Remote Access-omgeving te kunnen werken?" in details


def test_signed_agreements_wait_on_cbs(sent_agreement, signatory, staff, readonly_staff):
    from agreements import services

    assert "agreement_countersign" in {kind.key for kind in work_kinds()}
    assert list(agreements_to_countersign(user=staff, mine=False)) == []
    services.agreement_sign(
        agreement=sent_agreement,
        by=signatory,
        typed_name=signatory.person.full_name,
        document_hash=sent_agreement.document_hash,
    )
    (item,) = agreements_to_countersign(user=staff, mine=True)
    assert item.url == reverse("admin:agreements_agreement_change", args=[sent_agreement.pk])
    assert list(agreements_to_countersign(user=readonly_staff, mine=True)) == []
