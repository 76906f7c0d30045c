"""CBS's side in the admin: queues, and decisions through buttons that call the services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from changes.kinds import KINDS
from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from tests.changes.conftest import ask
from tests.factories import OutputCheckFactory

pytestmark = pytest.mark.django_db


def _url(name, obj):
    return reverse(f"admin:changes_{name}", args=[obj.pk])


def test_change_request_page_offers_the_decisions(running, leader, staff, client_of):
    change = ask(running, leader, "freeze")
    text = client_of(staff).get(_url("changerequest_change", change)).content.decode()
    assert _url("changerequest_take", change) in text
    assert _url("changerequest_approve", change) in text
    assert _url("changerequest_reject", change) in text
    assert "In behandeling nemen" in text and "Goedkeuren" in text


def test_change_requests_filter_by_every_registered_kind(running, leader, staff, client_of):
    """The kind filter offers every registered kind by its label (none read from the table)
    and shows only the change requests of the kind chosen."""
    frozen = ask(running, leader, "freeze")
    client = client_of(staff)
    url = reverse("admin:changes_changerequest_changelist")
    text = client.get(url).content.decode()
    for kind in KINDS.values():
        assert f"?kind={kind.key}" in text and str(kind.label) in text
    assert (
        _url("changerequest_change", frozen) in client.get(url, {"kind": "freeze"}).content.decode()
    )
    other = next(key for key in KINDS if key != "freeze")
    assert (
        _url("changerequest_change", frozen)
        not in client.get(url, {"kind": other}).content.decode()
    )


def test_cbs_takes_and_approves_through_the_buttons(running, leader, staff, client_of):
    change = ask(running, leader, "freeze")
    client = client_of(staff)
    assert client.get(_url("changerequest_take", change)).status_code == 200
    response = client.post(_url("changerequest_take", change))
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.IN_REVIEW
    client.post(_url("changerequest_approve", change))
    change.refresh_from_db()
    running.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and running.status == "frozen"
    text = client.get(_url("changerequest_change", change)).content.decode()
    assert _url("changerequest_approve", change) not in text


def test_reject_asks_a_reason(running, leader, staff, client_of):
    change = ask(running, leader, "freeze")
    client = client_of(staff)
    response = client.post(_url("changerequest_reject", change), {"reason": ""})
    assert response.status_code == 400
    assert 'id="id_reason"' in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED
    client.post(_url("changerequest_reject", change), {"reason": "Niet onderbouwd."})
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and change.reason == "Niet onderbouwd."


def test_a_refusal_is_shown_on_the_button_page(running, leader, staff, client_of):
    change = ask(running, leader, "freeze")
    ChangeRequest.objects.filter(pk=change.pk).update(status=ChangeStatus.REJECTED)
    response = client_of(staff).post(_url("changerequest_approve", change))
    assert response.status_code == 400
    assert "Over dit wijzigingsverzoek is al besloten." in response.content.decode()


def test_readonly_staff_cannot_decide(running, leader, readonly_staff, client_of):
    change = ask(running, leader, "freeze")
    client = client_of(readonly_staff)
    assert client.post(_url("changerequest_approve", change)).status_code == 403
    change.refresh_from_db()
    assert change.status == ChangeStatus.SUBMITTED


def test_nothing_is_added_or_edited_directly(staff, client_of):
    client = client_of(staff)
    assert client.get(reverse("admin:changes_changerequest_add")).status_code == 403
    assert client.get(reverse("admin:changes_outputcheck_add")).status_code == 403


def test_output_checks_queue_oldest_first_overdue_flagged(running, staff, client_of):
    old = OutputCheckFactory(project=running, package_name="export-oud")
    # Asked two weeks ago: past any due day of three working days.
    type(old).objects.filter(pk=old.pk).update(
        asked_at=timezone.now() - timezone.timedelta(days=14)
    )
    new = OutputCheckFactory(project=running, package_name="export-nieuw")
    client = client_of(staff)
    text = client.get(reverse("admin:changes_outputcheck_changelist")).content.decode()
    assert text.index("export-oud") < text.index("export-nieuw")
    overdue = client.get(
        reverse("admin:changes_outputcheck_changelist") + "?overdue=yes"
    ).content.decode()
    assert "export-oud" in overdue and "export-nieuw" not in overdue
    assert old.pk != new.pk


def test_output_checks_queue_says_light_and_overdue_in_words(running, staff, client_of):
    """The yes/no columns as words (Django's icons resolve their image's address in every
    row): the overdue check says Ja, the new one Nee; the light one Ja."""
    old = OutputCheckFactory(project=running, package_name="export-oud", light=True)
    type(old).objects.filter(pk=old.pk).update(
        asked_at=timezone.now() - timezone.timedelta(days=14)
    )
    OutputCheckFactory(project=running, package_name="export-nieuw", light=False)
    text = client_of(staff).get(reverse("admin:changes_outputcheck_changelist")).content.decode()
    rows = {name: text.split(name)[1].split("</tr>")[0] for name in ["export-oud", "export-nieuw"]}
    assert '<td class="field-light_display">Ja</td>' in rows["export-oud"]
    assert '<td class="field-overdue">Ja</td>' in rows["export-oud"]
    assert '<td class="field-light_display">Nee</td>' in rows["export-nieuw"]
    assert '<td class="field-overdue">Nee</td>' in rows["export-nieuw"]
    assert "icon-yes" not in text and "icon-no" not in text


def test_cbs_decides_an_output_check_with_comments(running, leader, staff, client_of):
    check = OutputCheckFactory(project=running, asked_by=leader)
    client = client_of(staff)
    response = client.post(_url("outputcheck_decide", check), {"status": "not_released"})
    assert response.status_code == 400  # comments missing: the service's refusal
    check.refresh_from_db()
    assert check.status == OutputStatus.SUBMITTED
    client.post(
        _url("outputcheck_decide", check),
        {"status": "not_released", "comments": "Herleidbaar tot personen."},
    )
    check.refresh_from_db()
    assert check.status == OutputStatus.NOT_RELEASED
    assert check.comments == "Herleidbaar tot personen." and check.decided_by == staff


def test_staff_download_the_form(running, staff, client_of):
    check = OutputCheckFactory(project=running)
    response = client_of(staff).get(_url("outputcheck_form", check))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    # Read the document (not response.close(): that would close the test's database connection
    # through request_finished on PostgreSQL).
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert OutputCheck.objects.count() == 1


def test_overdue_publications_filter(running, staff, client_of):
    from tests.factories import PublicationFactory

    today = timezone.localdate()
    PublicationFactory(
        project=running, title="Te laat", expected_date=today - timezone.timedelta(1)
    )
    PublicationFactory(
        project=running, title="Op tijd", expected_date=today + timezone.timedelta(9)
    )
    text = (
        client_of(staff)
        .get(reverse("admin:projects_publication_changelist") + "?dates=overdue")
        .content.decode()
    )
    assert "Te laat" in text and "Op tijd" not in text
