"""The back office of Voorbereiding: draft, preview, send and countersign as buttons that call the
services; file preparation through the service; RA readiness; no bare "Overeenkomst getekend"."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from agreements.models import Agreement, AgreementStatus, DataFilePreparation
from portal.models import Event
from projects.models import PreparationStatus, Status
from tests.agreements.conftest import pdf_text
from tests.factories import ProjectFileFactory

pytestmark = pytest.mark.django_db

SIGNATURE_INLINE = {
    "signatures-TOTAL_FORMS": "0",
    "signatures-INITIAL_FORMS": "0",
    "signatures-MIN_NUM_FORMS": "0",
    "signatures-MAX_NUM_FORMS": "1000",
}


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


def test_draft_preview_send_sign_countersign(
    client_of, staff, signatory, agreed_project, agreement_text, client, committed
):
    client = client_of(staff)
    response = client.post(
        admin_url("agreements_agreement_add"),
        {"project": agreed_project.pk, "signatures_required": "1", **SIGNATURE_INLINE},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get()
    assert agreement.status == AgreementStatus.DRAFT and agreement.created_by == staff
    change = client.get(admin_url("agreements_agreement_change", agreement.pk)).content.decode()
    assert "Ter ondertekening versturen" in change and "Medeondertekenen" not in change

    preview = client.get(admin_url("agreements_agreement_preview", agreement.pk))
    assert preview["Content-Type"] == "application/pdf"
    assert agreed_project.title in pdf_text(preview.content)
    assert client.post(admin_url("agreements_agreement_preview", agreement.pk)).status_code == 405

    # Countersigning before anyone signed: refused with the service's message.
    response = client.post(admin_url("agreements_agreement_countersign", agreement.pk), follow=True)
    assert "pas worden medeondertekend" in response.content.decode()

    assert client.get(admin_url("agreements_agreement_send", agreement.pk)).status_code == 405
    with committed(execute=True):
        client.post(admin_url("agreements_agreement_send", agreement.pk))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.TO_SIGN

    from agreements import services

    services.agreement_sign(
        agreement=agreement,
        by=signatory,
        typed_name=signatory.person.full_name,
        document_hash=agreement.document_hash,
    )
    change = client.get(admin_url("agreements_agreement_change", agreement.pk)).content.decode()
    assert "Medeondertekenen" in change
    assert admin_url("agreements_agreement_pdf", agreement.pk) + "?inline=1" in change
    assert signatory.person.full_name in change  # the signatures inline
    client.post(admin_url("agreements_agreement_countersign", agreement.pk))
    agreement.refresh_from_db()
    agreed_project.refresh_from_db()
    assert agreement.status == AgreementStatus.COUNTERSIGNED
    assert agreed_project.status == Status.PREPARING
    signed = client.get(admin_url("agreements_agreement_signed_pdf", agreement.pk))
    assert signed.status_code == 200


def test_add_refused_with_the_reason_beside_the_field(client_of, staff, project, agreement_text):
    response = client_of(staff).post(
        admin_url("agreements_agreement_add"),
        {"project": project.pk, "signatures_required": "1", **SIGNATURE_INLINE},
    )
    assert response.status_code == 200
    assert "nadat het kostenoverzicht is goedgekeurd" in response.content.decode()
    assert not Agreement.objects.exists()


def test_readonly_staff_cannot_send(client_of, readonly_staff, sent_agreement):
    client = client_of(readonly_staff)
    response = client.post(admin_url("agreements_agreement_countersign", sent_agreement.pk))
    assert response.status_code == 403


def test_agreement_signed_is_no_button_on_the_project(client_of, staff, agreed_project):
    client = client_of(staff)
    change = client.get(admin_url("projects_project_change", agreed_project.pk)).content.decode()
    assert "mark_agreement_signed" not in change
    response = client.post(
        admin_url("projects_project_move", agreed_project.pk, "mark_agreement_signed")
    )
    assert response.status_code == 404
    agreed_project.refresh_from_db()
    assert agreed_project.status == Status.AGREEMENT


def test_start_execution_page_lists_what_is_missing(client_of, staff, project, researcher):
    project.status = Status.PREPARING
    project.save(update_fields=["status"])
    ProjectFileFactory(project=project)
    client = client_of(staff)
    url = admin_url("projects_project_move", project.pk, "start_execution")
    text = client.get(url).content.decode()
    assert "Ontbreekt nog:" in text and escape(researcher.person.full_name) in text
    client.post(url, {"reason": ""})
    project.refresh_from_db()
    assert project.status == Status.PREPARING
    client.post(url, {"reason": "Bestanden volgen volgende week"})
    project.refresh_from_db()
    assert project.status == Status.RUNNING
    assert Event.objects.get(verb="project.start_execution").data["overridden"]


def test_file_preparation_through_the_service(client_of, staff, project, leader, committed):
    item = ProjectFileFactory(project=project)
    url = admin_url("agreements_datafilepreparation_change", item.pk)
    client = client_of(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, {"preparation_status": "cancelled", "preparation_reason": ""})
    assert response.status_code == 200  # a reason is needed
    assert "Geef een reden waarom het bestand vervalt." in response.content.decode()
    with committed(execute=True):
        response = client.post(url, {"preparation_status": "ready", "preparation_reason": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.preparation_status == PreparationStatus.READY
    assert Event.objects.filter(verb="project_file.preparation").count() == 1
    response = client.post(url, {"preparation_status": "requested", "preparation_reason": ""})
    assert "alleen vooruit" in response.content.decode()
    assert DataFilePreparation.objects.get(pk=item.pk).preparation_status == "ready"

    page = client_of(leader).get(reverse("projects:detail", args=[project.number])).content
    assert "Klaar in de RA" in page.decode()


def test_readiness_list(client_of, staff, researcher, signatory):
    text = client_of(staff).get(admin_url("agreements_remoteaccessreadiness_changelist")).content
    text = text.decode()
    assert escape(researcher.person.last_name) in text
    assert "Nog te doen:" in text and "PID-code van CBS krijgen" in text
