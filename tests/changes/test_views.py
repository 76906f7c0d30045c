"""The pages of Uitvoering: allowed person, each denied person, wrong method, bad input, both
languages; the project page's panels; queries constant in the amount of requests."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from projects.models import Role, Status
from tests.changes.conftest import pdf_upload, set_status, today_plus
from tests.factories import (
    ChangeRequestFactory,
    DataFileFactory,
    OutputCheckFactory,
    PersonFactory,
    PublicationFactory,
)

pytestmark = pytest.mark.django_db


def _new(project):
    return reverse("changes:change_new", args=[project.number])


def _ask_url(project, kind):
    return reverse("changes:change_ask", args=[project.number, kind])


def _output_url(project):
    return reverse("changes:output_new", args=[project.number])


def _detail(project):
    return reverse("projects:detail", args=[project.number])


# --- change requests ------------------------------------------------------------------------


def test_leader_chooses_from_all_kinds_in_dutch(running, leader, client_of):
    text = client_of(leader).get(_new(running)).content.decode()
    for label in ["Wijzigingsverzoek indienen", "Onderzoeker toevoegen", "Onderzoeker afmelden",
                  "Bestand toevoegen", "Dienst toevoegen", "Einddatum verlengen",
                  "Project tijdelijk bevriezen"]:  # fmt: skip
        assert label in text, label


def test_researcher_plus_sees_only_files_and_services(running, researcher_plus, client_of):
    client = client_of(researcher_plus)
    text = client.get(_new(running)).content.decode()
    assert "Bestand toevoegen" in text and "Dienst toevoegen" in text
    assert "Onderzoeker toevoegen" not in text
    assert client.get(_ask_url(running, "add_researcher")).status_code == 404
    assert client.get(_ask_url(running, "add_file")).status_code == 200


@pytest.mark.parametrize(
    "who", ["researcher", "viewer", "signatory", "outsider", "account_manager"]
)
def test_others_get_404(request, running, who, client_of):
    client = client_of(request.getfixturevalue(who))
    assert client.get(_new(running)).status_code == 404
    assert client.post(_ask_url(running, "extend_end_date"), {}).status_code == 404


def test_anonymous_is_sent_to_the_login(running, client):
    response = client.get(_new(running))
    assert response.status_code == 302 and "login" in response["Location"]


def test_in_orientation_there_is_nothing_to_ask(project, leader, client_of):
    client = client_of(leader)
    assert client.get(_new(project)).status_code == 404
    assert client.get(_ask_url(project, "freeze")).status_code == 404


def test_unknown_kind_is_404(running, leader, client_of):
    assert client_of(leader).get(_ask_url(running, "bestaat-niet")).status_code == 404


def test_wrong_method(running, leader, client_of):
    client = client_of(leader)
    assert client.post(_new(running)).status_code == 405
    assert client.put(_ask_url(running, "freeze")).status_code == 405


def test_asking_an_extension(running, leader, client_of):
    end = running.end_date + timezone.timedelta(days=120)
    response = client_of(leader).post(
        _ask_url(running, "extend_end_date"),
        {"end_date": end.isoformat(), "explanation": "Dataverzameling loopt uit."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#change-requests")
    change = ChangeRequest.objects.get()
    assert change.kind == "extend_end_date" and change.asked_by == leader
    assert change.data == {"end_date": end.isoformat()}
    assert change.summary == end.strftime("%d-%m-%Y")


def test_bad_input_is_answered_beside_the_field_and_kept(running, leader, client_of):
    response = client_of(leader).post(
        _ask_url(running, "extend_end_date"),
        {"end_date": running.end_date.isoformat(), "explanation": "Mijn toelichting"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "De nieuwe einddatum moet na de huidige einddatum" in text
    assert 'id="id_end_date_error"' in text
    assert "Mijn toelichting" in text
    assert not ChangeRequest.objects.exists()


def test_empty_toelichting_is_refused(running, leader, client_of):
    response = client_of(leader).post(_ask_url(running, "freeze"), {"explanation": ""})
    assert response.status_code == 400
    assert "Licht toe waarom je deze wijziging vraagt." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_adding_a_researcher_offers_contact_persons_not_on_the_team(running, leader, client_of):
    newcomer = PersonFactory(institution=running.institution, last_name="Nieuwkomer")
    PersonFactory(last_name="Buitenstaander")  # another institution
    text = client_of(leader).get(_ask_url(running, "add_researcher")).content.decode()
    assert "Nieuwkomer" in text and "Buitenstaander" not in text
    response = client_of(leader).post(
        _ask_url(running, "add_researcher"),
        {"person": newcomer.pk, "role": Role.RESEARCHER, "start_date": today_plus(1),
         "explanation": "Nieuwe promovendus."},
    )  # fmt: skip
    assert response.status_code == 302
    assert ChangeRequest.objects.get().summary == newcomer.full_name


def test_in_english(running, leader, client_of):
    client = client_of(leader)
    new, ask = _new(running), _ask_url(running, "extend_end_date")
    text = client.get("/en" + new).content.decode()
    assert "Submit a change request" in text and "Add researcher" in text
    text = client.get("/en" + ask).content.decode()
    assert "New end date" in text and "Explanation" in text


def test_the_project_page_shows_the_requests_with_their_status(running, leader, staff, client_of):
    change = ChangeRequestFactory(project=running, asked_by=leader, status=ChangeStatus.IN_REVIEW)
    ChangeRequestFactory(
        project=running, kind="freeze", status=ChangeStatus.REJECTED, reason="Niet nodig nu."
    )
    client = client_of(leader)
    detail, new = _detail(running), _new(running)
    text = client.get(detail).content.decode()
    assert "Wijzigingsverzoeken" in text
    assert "In behandeling bij CBS" in text and "Einddatum verlengen" in text
    assert "Afgewezen" in text and "Niet nodig nu." in text
    assert change.explanation in text
    assert new in text
    english = client.get("/en" + detail).content.decode()
    assert "Change requests" in english and "In review by CBS" in english


def test_the_panel_is_absent_in_orientation(project, leader, client_of):
    text = client_of(leader).get(_detail(project)).content.decode()
    assert 'id="change-requests"' not in text and 'id="output-checks"' not in text


# --- output checks --------------------------------------------------------------------------


def test_researcher_asks_an_output_check(running, researcher, client_of):
    client = client_of(researcher)
    text = client.get(_output_url(running)).content.decode()
    assert "Outputcontrole aanvragen" in text and "Naam van het exportpakket" in text
    assert 'enctype="multipart/form-data"' in text
    response = client.post(
        _output_url(running),
        {"description": "Tabellen", "package_name": "export-1", "light": "1",
         "form_document": pdf_upload()},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#output-checks")
    check = OutputCheck.objects.get()
    assert check.light and check.asked_by == researcher


def test_a_bad_form_is_refused_beside_the_field(running, researcher, client_of):
    response = client_of(researcher).post(
        _output_url(running),
        {"description": "Tabellen", "package_name": "export-1", "light": "0",
         "form_document": pdf_upload("formulier.pdf", b"<script>alert(1)</script>")},
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_form_document_error"' in text and "export-1" in text
    assert not OutputCheck.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "signatory", "outsider", "account_manager"])
def test_others_may_not_ask_output_checks(request, running, who, client_of):
    client = client_of(request.getfixturevalue(who))
    assert client.get(_output_url(running)).status_code == 404


def test_a_frozen_project_exports_nothing(running, researcher, client_of):
    set_status(running, Status.FROZEN)
    assert client_of(researcher).get(_output_url(running)).status_code == 404


def test_the_project_page_shows_output_checks_comments_and_release_log(
    running, researcher, client_of
):
    OutputCheckFactory(
        project=running, package_name="export-aanpassen", status=OutputStatus.ADJUST,
        comments="Rond af op tientallen.",
    )  # fmt: skip
    OutputCheckFactory(
        project=running, package_name="export-vrij", status=OutputStatus.RELEASED,
        decided_at=timezone.now(),
    )  # fmt: skip
    open_check = OutputCheckFactory(project=running, package_name="export-open")
    text = client_of(researcher).get(_detail(running)).content.decode()
    assert "Outputcontrole" in text and "Rond af op tientallen." in text
    assert "Aanpassen" in text and "Vrijgegeven output" in text
    assert "export-vrij, vrijgegeven op" in text
    assert open_check.expected_answer_date.strftime("%d-%m-%Y") in text
    assert reverse("changes:output_document", args=[running.number, open_check.pk]) in text


def test_the_form_is_served_to_the_team_only(
    running, researcher, account_manager, outsider, client_of
):
    check = OutputCheckFactory(project=running)
    url = reverse("changes:output_document", args=[running.number, check.pk])
    response = client_of(researcher).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    # Read the document (not response.close(): that would close the test's database connection
    # through request_finished on PostgreSQL).
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_of(account_manager).get(url).status_code == 404
    assert client_of(outsider).get(url).status_code == 404


def test_page_queries_do_not_grow_with_requests(running, leader, client_of):
    client = client_of(leader)
    ChangeRequestFactory(project=running, asked_by=leader)
    OutputCheckFactory(project=running, asked_by=leader)
    client.get(_detail(running))
    with CaptureQueriesContext(connection) as few:
        client.get(_detail(running))
    for _ in range(6):
        ChangeRequestFactory(project=running, asked_by=leader)
        OutputCheckFactory(project=running, asked_by=leader, status=OutputStatus.RELEASED)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_detail(running))
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- publications ---------------------------------------------------------------------------


def _complete_url(publication):
    return reverse(
        "changes:publication_complete", args=[publication.project.number, publication.pk]
    )


def test_a_researcher_completes_a_publication(running, researcher, client_of):
    publication = PublicationFactory(project=running, expected_date=timezone.localdate())
    client = client_of(researcher)
    text = client.get(f"{_detail(running)}?docs=publications").content.decode()
    assert _complete_url(publication) in text and "Afronden" in text
    response = client.post(
        _complete_url(publication),
        {"actual_date": timezone.localdate().isoformat(), "link": "10.1234/abcd"},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.link == "https://doi.org/10.1234/abcd"
    assert client.get(_complete_url(publication)).status_code == 404  # done once


def test_completing_with_bad_input(running, researcher, client_of):
    publication = PublicationFactory(project=running, expected_date=timezone.localdate())
    response = client_of(researcher).post(
        _complete_url(publication), {"actual_date": today_plus(10), "link": "javascript:x"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "De publicatiedatum kan niet in de toekomst liggen." in text
    assert "Geef een webadres" in text


@pytest.mark.parametrize("who", ["viewer", "signatory", "outsider", "account_manager"])
def test_others_may_not_complete(request, running, who, client_of):
    publication = PublicationFactory(project=running, expected_date=timezone.localdate())
    assert (
        client_of(request.getfixturevalue(who)).get(_complete_url(publication)).status_code == 404
    )


def test_a_standard_file_request_names_the_file(running, researcher_plus, client_of):
    data_file = DataFileFactory(code="B777", name="Inkomens")
    response = client_of(researcher_plus).post(
        _ask_url(running, "add_file"),
        {"file_type": "standard", "data_file": data_file.pk, "explanation": "Voor hoofdstuk 4."},
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get().summary == "Inkomens (B777)"


def test_the_leader_agrees_to_the_costs_on_the_action_page_and_the_change_is_made(
    running, leader, staff, client_of, tariffs
):
    from changes import services
    from requests_inbox.models import Action
    from tests.changes.conftest import ask

    person = PersonFactory(institution=running.institution)
    change = ask(
        running, leader, "add_researcher", person=person.pk, role=Role.RESEARCHER,
        start_date=today_plus(0),
    )  # fmt: skip
    services.change_request_approve(change_request=change, by=staff)
    action = Action.objects.get(cost_overview=change.cost_overview_id, person=leader.person)
    client = client_of(leader)
    text = client.get(reverse("requests_inbox:detail", args=[action.pk])).content.decode()
    assert "Wijzigingsverzoek" in text
    response = client.post(reverse("requests_inbox:agree", args=[action.pk]), follow=True)
    assert "De wijziging is doorgevoerd." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert running.team.filter(person=person).exists()
