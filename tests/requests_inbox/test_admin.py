import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    UserDeclarationSignature,
    UserDeclarationText,
)
from portal.models import Event
from projects.models import Status
from requests_inbox.models import Action, ActionKind, CostOverview, CostOverviewStatus, Tariff
from requests_inbox.services import action_create, confidentiality_upload
from tests.factories import (
    ActionFactory,
    CostOverviewFactory,
    PersonFactory,
    ServiceFactory,
    TariffFactory,
)
from tests.requests_inbox.conftest import add_mockup_lines, pdf_upload

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:{name}", args=args)


INLINE_EMPTY = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0",
    "attachments-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def some_of_everything(leader, staff, declaration_text, draft_overview):
    action = ActionFactory(person=leader.person)
    confidentiality = action_create(
        person=leader.person, kind=ActionKind.CONFIDENTIALITY, subject="", by=staff
    )
    declaration = confidentiality_upload(action=confidentiality, by=leader, upload=pdf_upload())
    tariff = TariffFactory()
    signature = UserDeclarationSignature.objects.create(
        person=leader.person, text_version=declaration_text, signed_name="Piet Bakker",
        text_hash=declaration_text.text_hash,
    )  # fmt: skip
    return {
        "requests_inbox_action": action,
        "requests_inbox_tariff": tariff,
        "requests_inbox_costoverview": draft_overview,
        "accounts_confidentialitydeclaration": declaration,
        "accounts_userdeclarationtext": declaration_text,
        "accounts_userdeclarationsignature": signature,
    }


def test_every_admin_page_opens_for_staff_and_not_for_others(
    client, client_of, staff, leader, some_of_everything
):
    pages = []
    for prefix, obj in some_of_everything.items():
        pages += [admin_url(f"{prefix}_changelist"), admin_url(f"{prefix}_change", obj.pk)]
    pages += [
        admin_url("requests_inbox_action_add"),
        admin_url("requests_inbox_tariff_add"),
        admin_url("requests_inbox_costoverview_add"),
        admin_url("accounts_userdeclarationtext_add"),
        admin_url("requests_inbox_action_team"),
    ]
    staff_client = client_of(staff)
    for page in pages:
        assert staff_client.get(page).status_code == 200, page
    client.logout()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and "login" in response["Location"], page
    leader_client = client_of(leader)
    for page in pages:
        assert leader_client.get(page).status_code == 302, page


def test_readonly_staff_sees_but_cannot_change(
    client_of, readonly_staff, some_of_everything, draft_overview
):
    client = client_of(readonly_staff)
    assert client.get(admin_url("requests_inbox_action_changelist")).status_code == 200
    assert client.get(admin_url("requests_inbox_action_add")).status_code == 403
    assert client.get(admin_url("requests_inbox_action_team")).status_code == 403
    assert (
        client.post(admin_url("requests_inbox_costoverview_propose", draft_overview.pk)).status_code
        == 403
    )
    assert (
        client.post(admin_url("requests_inbox_costoverview_send", draft_overview.pk)).status_code
        == 403
    )
    declaration = some_of_everything["accounts_confidentialitydeclaration"]
    assert (
        client.get(
            admin_url("accounts_confidentialitydeclaration_approve", declaration.pk)
        ).status_code
        == 403
    )
    tariff = some_of_everything["requests_inbox_tariff"]
    response = client.post(
        admin_url("requests_inbox_tariff_change", tariff.pk),
        {"description": "Anders", "kind": "startup", "unit_price": "1"},
    )
    assert response.status_code == 403
    assert Tariff.objects.get(pk=tariff.pk).description == "Opstarten nieuw project"
    # The preview is reading, so it is allowed.
    assert (
        client.get(admin_url("requests_inbox_costoverview_preview", draft_overview.pk)).status_code
        == 200
    )


def test_changelists_do_not_grow_in_queries(client_of, staff, leader, project, declaration_text):
    client = client_of(staff)
    client.get(admin_url("requests_inbox_action_changelist"))
    names = [
        "requests_inbox_action_changelist",
        "requests_inbox_costoverview_changelist",
        "requests_inbox_tariff_changelist",
        "accounts_confidentialitydeclaration_changelist",
        "accounts_userdeclarationtext_changelist",
        "accounts_userdeclarationsignature_changelist",
    ]

    def count(name):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(admin_url(name)).status_code == 200
        return len(queries)

    def add_some(n):
        for i in range(n):
            person = PersonFactory(institution=project.institution)
            ActionFactory(person=person, project=project)
            add_mockup_lines(CostOverviewFactory(project=project))
            TariffFactory(description=f"Tarief {n}-{i}", service=ServiceFactory())
            ConfidentialityDeclaration.objects.create(person=person, document="declarations/x.pdf")
            version = UserDeclarationText.objects.create(
                version=100 * n + i + 2, text=f"Tekst {n} {i}"
            )
            UserDeclarationSignature.objects.create(
                person=person, text_version=version, signed_name="x", text_hash="0" * 64
            )

    add_some(1)
    few = {name: count(name) for name in names}
    add_some(12)
    for name, before in few.items():
        assert count(name) == before, name


# --- actions ----------------------------------------------------------------------------------


def test_add_action_goes_through_the_service(
    client_of, staff, leader, django_capture_on_commit_callbacks
):
    data = {
        "person": leader.person.pk, "kind": "question", "subject": "Vraag over uw project",
        "regarding": "Bestanden", "body": "Welke jaargangen?", "project": "",
        **INLINE_EMPTY,
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-document": pdf_upload("bijlage.pdf"),
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(staff).post(admin_url("requests_inbox_action_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    action = Action.objects.get()
    assert action.status == "to_answer" and action.created_by == staff
    assert action.regarding == "Bestanden"
    attachment = action.attachments.get()
    assert attachment.name == "bijlage.pdf"
    assert attachment.content_type == "application/pdf"
    assert "bijlage" not in attachment.document.name
    assert Event.objects.filter(verb="action.create").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [leader.email]


def test_add_action_refuses_a_bad_attachment(client_of, staff, leader):
    data = {
        "person": leader.person.pk, "kind": "question", "subject": "Vraag", "body": "",
        **INLINE_EMPTY,
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-document": pdf_upload("x.pdf", b"<html><script>alert(1)</script></html>"),
    }  # fmt: skip
    response = client_of(staff).post(admin_url("requests_inbox_action_add"), data)
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_cost_review_cannot_be_made_by_hand(client_of, staff, leader):
    data = {"person": leader.person.pk, "kind": "cost_review", "subject": "x", **INLINE_EMPTY}
    assert client_of(staff).post(admin_url("requests_inbox_action_add"), data).status_code == 200
    assert not Action.objects.exists()


def test_action_filters(client_of, staff, leader):
    ActionFactory(person=leader.person, subject="Open vraag")
    done = ActionFactory(person=leader.person, subject="Klaar")
    Action.objects.filter(pk=done.pk).update(completed_at=timezone.now())
    client = client_of(staff)
    text = client.get(
        admin_url("requests_inbox_action_changelist"), {"open": "yes"}
    ).content.decode()
    assert "Open vraag" in text and "Klaar" not in text
    text = client.get(
        admin_url("requests_inbox_action_changelist"), {"open": "no"}
    ).content.decode()
    assert "Klaar" in text and "Open vraag" not in text
    text = client.get(
        admin_url("requests_inbox_action_changelist"), {"kind__exact": "question"}
    ).content.decode()
    assert "Klaar" in text


def test_team_action(
    client_of, staff, project, leader, researcher, signatory, django_capture_on_commit_callbacks
):
    client = client_of(staff)
    url = admin_url("requests_inbox_action_team")
    response = client.post(url, {"project_number": 1, "kind": "question", "roles": ["leader"]})
    assert "Er is geen project met dit nummer." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "project_number": project.number, "kind": "question", "roles": ["leader", "researcher"],
            "subject": "Vraag aan het team", "body": "Graag reactie",
            "attachments": [pdf_upload("a.pdf"), pdf_upload("b.pdf")],
        })  # fmt: skip
    assert response.status_code == 302
    actions = Action.objects.all()
    assert {a.person_id for a in actions} == {leader.person_id, researcher.person_id}
    assert all(a.attachments.count() == 2 for a in actions)
    assert len(mail.outbox) == 2


# --- cost overviews ---------------------------------------------------------------------------


def test_propose_preview_and_send(
    client_of, staff, contract_project, leader, signatory, django_capture_on_commit_callbacks
):
    TariffFactory(description="Opstarten nieuw project", kind="startup", unit_price="1850.00")
    overview = CostOverview.objects.create(project=contract_project)
    client = client_of(staff)
    page = client.get(admin_url("requests_inbox_costoverview_change", overview.pk)).content.decode()
    assert "Voorstel uit project" in page and "PDF bekijken" in page and "Versturen" in page
    assert (
        client.get(admin_url("requests_inbox_costoverview_propose", overview.pk)).status_code == 405
    )
    response = client.post(
        admin_url("requests_inbox_costoverview_propose", overview.pk), follow=True
    )
    assert "regels voorgesteld uit het project" in response.content.decode()
    assert overview.lines.count() == 1  # only the start-up tariff exists
    preview = client.get(admin_url("requests_inbox_costoverview_preview", overview.pk))
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF-")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("requests_inbox_costoverview_send", overview.pk), follow=True
        )
    assert "Het kostenoverzicht is verstuurd" in response.content.decode()
    overview.refresh_from_db()
    contract_project.refresh_from_db()
    assert overview.status == CostOverviewStatus.SENT
    assert contract_project.status == Status.COSTS_SENT
    assert Action.objects.filter(cost_overview=overview).count() == 2
    page = client.get(admin_url("requests_inbox_costoverview_change", overview.pk)).content.decode()
    assert "Versturen" not in page and "Voorstel uit project" not in page
    assert "Bijlage 4 - Projectkosten.pdf" in page
    sent = client.get(admin_url("requests_inbox_costoverview_sent_pdf", overview.pk))
    assert sent["Content-Type"] == "application/pdf"


def test_send_refused_unless_contract_with_the_lifecycles_message(
    client_of, staff, project, leader
):
    overview = CostOverview.objects.create(project=project)
    add_mockup_lines(overview)
    response = client_of(staff).post(
        admin_url("requests_inbox_costoverview_send", overview.pk), follow=True
    )
    text = response.content.decode()
    assert str(project.get_status_display()) in text
    assert "messagelist" in text and "error" in text
    overview.refresh_from_db()
    assert overview.status == CostOverviewStatus.DRAFT
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION


def test_lines_of_a_sent_overview_are_read_only(client_of, staff, sent_overview):
    page = (
        client_of(staff)
        .get(admin_url("requests_inbox_costoverview_change", sent_overview.pk))
        .content.decode()
    )
    assert 'name="lines-0-description"' not in page
    assert "1.850,00" in page and "2.428,00" in page


def test_lines_of_a_draft_are_editable_with_amounts_shown(client_of, staff, draft_overview):
    page = (
        client_of(staff)
        .get(admin_url("requests_inbox_costoverview_change", draft_overview.pk))
        .content.decode()
    )
    assert 'name="lines-0-description"' in page
    assert "560,00" in page and "2.428,00" in page


# --- declarations -----------------------------------------------------------------------------


@pytest.fixture
def uploaded(leader, staff):
    action = action_create(
        person=leader.person, kind=ActionKind.CONFIDENTIALITY, subject="", by=staff
    )
    return confidentiality_upload(action=action, by=leader, upload=pdf_upload())


def test_approve_declaration_in_admin(client_of, staff, uploaded):
    client = client_of(staff)
    page = client.get(
        admin_url("accounts_confidentialitydeclaration_change", uploaded.pk)
    ).content.decode()
    assert "Goedkeuren" in page and "Afwijzen" in page and "Document downloaden" in page
    document = client.get(admin_url("accounts_confidentialitydeclaration_document", uploaded.pk))
    assert document["Content-Type"] == "application/pdf"
    url = admin_url("accounts_confidentialitydeclaration_approve", uploaded.pk)
    response = client.post(url, {"valid_until": timezone.localdate().isoformat()})
    assert "De einddatum moet na vandaag liggen." in response.content.decode()
    end = timezone.localdate() + datetime.timedelta(days=730)
    assert client.post(url, {"valid_until": end.isoformat()}).status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.status == ConfidentialityStatus.APPROVED and uploaded.valid_until == end
    page = client.get(
        admin_url("accounts_confidentialitydeclaration_change", uploaded.pk)
    ).content.decode()
    assert "Goedkeuren" not in page


def test_reject_declaration_in_admin(client_of, staff, uploaded, leader):
    url = admin_url("accounts_confidentialitydeclaration_reject", uploaded.pk)
    client = client_of(staff)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Niet ondertekend"}).status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.status == ConfidentialityStatus.REJECTED
    assert Action.objects.open().get(person=leader.person).kind == ActionKind.CONFIDENTIALITY


def test_signed_declaration_text_cannot_be_changed_or_deleted(
    client_of, staff, leader, declaration_text
):
    UserDeclarationSignature.objects.create(
        person=leader.person, text_version=declaration_text, signed_name="Piet Bakker",
        text_hash=declaration_text.text_hash,
    )  # fmt: skip
    client = client_of(staff)
    url = admin_url("accounts_userdeclarationtext_change", declaration_text.pk)
    client.post(
        url,
        {
            "version": 1,
            "title": "X",
            "text": "Veranderd",
            "published_at_0": "01-01-2026",
            "published_at_1": "09:00",
        },
    )
    declaration_text.refresh_from_db()
    assert declaration_text.text == "Ik gebruik microdata alleen voor onderzoek."
    delete_url = admin_url("accounts_userdeclarationtext_delete", declaration_text.pk)
    page = client.get(delete_url)  # opens, says why, and offers no delete button
    assert page.status_code == 200
    html = page.content.decode()
    assert "Deze versie is ondertekend en blijft daarom bewaard" in html
    assert 'name="post"' not in html
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert UserDeclarationText.objects.filter(pk=declaration_text.pk).exists()
    add = client.get(admin_url("accounts_userdeclarationtext_add")).content.decode()
    assert 'value="2"' in add  # the next version, with the current text to start from
    assert "Ik gebruik microdata alleen voor onderzoek." in add


def test_unsigned_declaration_text_can_be_changed(client_of, staff, declaration_text):
    url = admin_url("accounts_userdeclarationtext_change", declaration_text.pk)
    response = client_of(staff).post(url, {
        "version": 1, "title": "Gebruikersverklaring", "text": "Nieuwe tekst",
        "published_at_0": "01-01-2026", "published_at_1": "09:00",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserDeclarationText.objects.get().text == "Nieuwe tekst"


def test_signatures_are_read_only(client_of, staff, some_of_everything):
    signature = some_of_everything["accounts_userdeclarationsignature"]
    client = client_of(staff)
    assert client.get(admin_url("accounts_userdeclarationsignature_add")).status_code == 403
    assert (
        client.get(admin_url("accounts_userdeclarationsignature_delete", signature.pk)).status_code
        == 403
    )


def test_admin_document_whose_file_is_gone_is_404_not_500(client_of, staff, some_of_everything):
    declaration = some_of_everything["accounts_confidentialitydeclaration"]
    declaration.document.storage.delete(declaration.document.name)
    url = admin_url("accounts_confidentialitydeclaration_document", declaration.pk)
    assert client_of(staff).get(url).status_code == 404


def test_preview_is_framable_by_us_only_and_read_only(client_of, staff, draft_overview):
    url = admin_url("requests_inbox_costoverview_preview", draft_overview.pk)
    client = client_of(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert client.post(url).status_code == 405


def test_uploaded_contact_person_form_is_marked_processed_in_admin(
    client_of, staff, readonly_staff, leader
):
    from requests_inbox.models import ActionStatus
    from requests_inbox.services import contact_person_form_upload

    action = action_create(
        person=leader.person, kind=ActionKind.NEW_CONTACT_PERSON, subject="", by=staff
    )
    other = action_create(person=leader.person, kind=ActionKind.QUESTION, subject="Vraag", by=staff)
    contact_person_form_upload(action=action, by=leader, upload=pdf_upload())
    changelist = admin_url("requests_inbox_action_changelist")
    payload = {
        "action": "mark_contact_person_forms_processed",
        "_selected_action": [action.pk, other.pk],
    }

    # Read-only staff are not offered the action and change nothing.
    client_of(readonly_staff).post(changelist, payload)
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CBS

    response = client_of(staff).post(changelist, payload, follow=True)
    action.refresh_from_db()
    other.refresh_from_db()
    assert action.status == ActionStatus.APPROVED
    assert other.status == ActionStatus.TO_ANSWER  # not a contact person form: refused
    text = response.content.decode()
    assert "1 formulier(en) als verwerkt gemarkeerd." in text
    assert Event.objects.filter(verb="contact_person_form.processed", target_id=str(action.pk))


def test_add_cost_overview_goes_through_the_service(client_of, staff, contract_project):
    data = {
        "project": contract_project.pk,
        "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = client_of(staff).post(admin_url("requests_inbox_costoverview_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    overview = CostOverview.objects.get(project=contract_project)
    assert overview.status == CostOverviewStatus.DRAFT and overview.created_by == staff
    event = Event.objects.get(verb="cost_overview.create")
    assert event.project == contract_project and event.actor == staff


def _text_data(**values):
    return {
        "subject": "Vraag over de looptijd",
        "regarding": "",
        "body": "Klopt de einddatum?",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **values,
    }


def test_the_admin_changes_an_open_actions_text_through_the_service(staff, leader, client_of):
    action = action_create(
        person=leader.person, kind=ActionKind.QUESTION, subject="Vraag", by=staff, body="Tekst"
    )
    url = admin_url("requests_inbox_action_change", action.pk)
    response = client_of(staff).post(url, _text_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    action.refresh_from_db()
    assert (action.subject, action.body) == ("Vraag over de looptijd", "Klopt de einddatum?")
    event = Event.objects.filter(target_id=action.pk).latest("pk")
    assert event.verb == "action.text" and set(event.data["changes"]) == {"subject", "body"}
    assert not Event.objects.filter(verb="admin.change").exists()


def test_a_done_actions_text_is_kept_with_the_refusal_shown(staff, leader, client_of):
    action = action_create(
        person=leader.person, kind=ActionKind.QUESTION, subject="Vraag", by=staff, body="Tekst"
    )
    Action.objects.filter(pk=action.pk).update(status="answered", completed_at=timezone.now())
    url = admin_url("requests_inbox_action_change", action.pk)
    response = client_of(staff).post(url, _text_data())
    assert response.status_code == 200
    assert "Deze actie is al afgerond." in response.content.decode()
    action.refresh_from_db()
    assert action.body == "Tekst"
