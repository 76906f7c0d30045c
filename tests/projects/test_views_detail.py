import io
import struct
import zlib

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from portal.models import Event
from projects.models import Bijlage, BijlageStatus, Role, Status
from tests.factories import (
    CostOverviewFactory,
    PersonFactory,
    ProjectFileFactory,
    ProjectServiceFactory,
    PublicationFactory,
    TeamMemberFactory,
)
from tests.projects.helpers import make_ready_for_submission

pytestmark = pytest.mark.django_db


def _detail(project):
    return reverse("projects:detail", args=[project.number])


def test_project_page_shows_all_panels_in_dutch(project, leader, client_of):
    project.reference_number = "IO 12345"
    project.save()
    text = client_of(leader).get(_detail(project)).content.decode()
    assert f"Demo projectaanvraag ({project.number})" in text
    for label in [
        "Instellingen wijzigen",
        "Wijzig projectstatus",
        "Projectkaart",
        "Projectdata en status",
        "Begindatum",
        "Einddatum",
        "Projectstatus",
        "Oriëntatie",
        "Referentienummer",
        "IO 12345",
        "Checklist",
        "Bijlage 1 - Onderzoeksvoorstel",
        "Bijlage 2 - Publicatieplan",
        "Bijlage 3 - AVG-grondslag",
        "In te vullen",
        "Tekenbevoegde toegevoegd",
        "Projectleiding",
        "CBS contactpersoon",
        "Organisatie/persoon extern",
        "Projectleider",
        "AFAS Software - Piet Bakker",
        "Externe teamleden",
        "Mail werk",
        "Mob. werk",
        "Nieuw",
        "Diensten",
        "Bestanden",
        "Bijlagen projectovereenkomst",
        "Publicaties",
        "Geschiedenis",
        "Project (Externe projectleider)",
    ]:
        assert label in text, label


def test_status_menu_lists_what_is_missing(project, leader, client_of):
    text = client_of(leader).get(_detail(project)).content.decode()
    assert "“Indienen ter beoordeling” is nog niet mogelijk:" in text
    assert "Bijlage 1. Onderzoeksvoorstel is nog niet definitief." in text
    assert "Er is nog geen Tekenbevoegde aan het team toegevoegd." in text
    assert 'name="move"' not in text


def test_status_menu_offers_submit_when_ready(project, leader, client_of):
    make_ready_for_submission(project)
    text = client_of(leader).get(_detail(project)).content.decode()
    assert '<option value="submit">Indienen ter beoordeling</option>' in text
    assert "nog niet mogelijk" not in text
    assert "☑" in text


@pytest.mark.parametrize("role", ["researcher", "researcher_plus", "signatory", "viewer"])
def test_other_roles_see_no_status_menu_and_no_leader_buttons(
    role, project, leader, request, client_of
):
    make_ready_for_submission(project)
    user = request.getfixturevalue(role)
    text = client_of(user).get(_detail(project)).content.decode()
    assert "Wijzig projectstatus" not in text
    assert "Instellingen wijzigen" not in text
    assert reverse("projects:team_add", args=[project.number]) not in text


def test_account_manager_reads_only(project, leader, account_manager, client_of):
    text = client_of(account_manager).get(_detail(project)).content.decode()
    assert "alleen lezen" in text
    assert "Project (Accountbeheerder)" in text
    assert "Instellingen wijzigen" not in text
    assert "Wijzig projectstatus" not in text


def test_submit_through_the_page(project, leader, client_of, django_capture_on_commit_callbacks):
    make_ready_for_submission(project)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(leader).post(
            reverse("projects:change_status", args=[project.number]), {"move": "submit"}
        )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    event = Event.objects.get(project=project, verb="project.submit")
    assert event.actor == leader and event.from_state == "orientation"
    assert any("Ingediend ter beoordeling" in m.subject for m in mail.outbox)
    text = client_of(leader).get(_detail(project)).content.decode()
    assert "De projectstatus is nu “Ingediend ter beoordeling”." in text
    history = client_of(leader).get(_history(project)).content.decode()
    assert "Oriëntatie → Ingediend ter beoordeling" in history


def test_submit_refused_when_not_ready_says_why(project, leader, client_of):
    response = client_of(leader).post(
        reverse("projects:change_status", args=[project.number]), {"move": "submit"}, follow=True
    )
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION
    text = response.content.decode()
    assert "Kies een statuswijziging." in text or "is nog niet definitief" in text


@pytest.mark.parametrize("move", ["take_into_review", "close", "nonsense", ""])
def test_customer_cannot_post_cbs_or_unknown_moves(move, project, leader, client_of):
    make_ready_for_submission(project)
    response = client_of(leader).post(
        reverse("projects:change_status", args=[project.number]), {"move": move}, follow=True
    )
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION
    assert "Kies een statuswijziging." in response.content.decode()


@pytest.mark.parametrize("role", ["researcher", "viewer", "signatory", "researcher_plus"])
def test_non_leaders_cannot_submit(role, project, leader, request, client_of):
    make_ready_for_submission(project)
    user = request.getfixturevalue(role)
    client_of(user).post(
        reverse("projects:change_status", args=[project.number]), {"move": "submit"}
    )
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION


def test_outsider_and_manager_get_404_on_status_change(
    project, leader, outsider, account_manager, client_of
):
    url = reverse("projects:change_status", args=[project.number])
    assert client_of(outsider).post(url, {"move": "submit"}).status_code == 404
    assert client_of(account_manager).post(url, {"move": "submit"}).status_code == 302
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION


def test_page_queries_do_not_grow_with_team_files_services(project, leader, client_of):
    client = client_of(leader)
    ProjectFileFactory(project=project)
    client.get(_detail(project))
    with CaptureQueriesContext(connection) as few:
        client.get(_detail(project) + "?tab=services&docs=publications")
    for _ in range(6):
        TeamMemberFactory(project=project, role=Role.RESEARCHER)
        ProjectFileFactory(project=project)
        ProjectServiceFactory(project=project)
        PublicationFactory(project=project)
    CostOverviewFactory(project=project, status="sent")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_detail(project) + "?tab=services&docs=publications")
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_tabs_without_javascript(project, leader, client_of):
    ProjectFileFactory(
        project=project, data_file__code="B99999", data_file__name="Bestand serviceportal"
    )
    ProjectServiceFactory(
        project=project, service__code="D99999", service__name="Dienst serviceportal"
    )
    client = client_of(leader)
    files = client.get(_detail(project) + "?tab=files").content.decode()
    assert "B99999" in files and "D99999" not in files
    services = client.get(_detail(project) + "?tab=services").content.decode()
    assert "D99999" in services and "B99999" not in services
    assert "Toegevoegd op" in services and "Omschrijving" in services and "Toelichting" in services


def test_agreement_tab_lists_bijlagen_and_sent_cost_overview(project, leader, client_of, committed):
    CostOverviewFactory(project=project, status="draft")
    text = client_of(leader).get(_detail(project)).content.decode()
    assert "Bijlage 1. Onderzoeksvoorstel" in text
    assert "Bijlage 4. Kostenoverzicht" not in text
    with committed():  # the kept panels are forgotten once it commits (projects.page)
        CostOverviewFactory(project=project, status="sent")
    text = client_of(leader).get(_detail(project)).content.decode()
    assert "Bijlage 4. Kostenoverzicht" in text


def _history(project):
    return reverse("projects:history", args=[project.number])


def test_project_page_links_to_its_history(project, leader, client_of):
    text = client_of(leader).get(_detail(project)).content.decode()
    assert f'href="{_history(project)}"' in text
    assert "Geschiedenis" in text


def test_history_is_newest_first_and_paginated(project, leader, client_of):
    from portal.audit import record

    for i in range(30):
        record(
            verb="project.settings", by=leader, target=project, project=project, reason=f"r{i:02}"
        )
    client = client_of(leader)
    response = client.get(_history(project))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Geschiedenis</h1>" in text
    assert f"Demo projectaanvraag ({project.number})" in text
    assert "Instellingen gewijzigd" in text
    assert text.index("r29") < text.index("r28")
    assert "r04" not in text  # 25 a page: r29..r05 on the first
    assert "Pagina 1 van 2" in text
    second = client.get(_history(project) + "?page=2").content.decode()
    assert "r04" in second and "r05" not in second
    english = client.get("/en" + _history(project)).content.decode()
    assert "<h1>History</h1>" in english and "Settings changed" in english


def test_history_of_a_new_project_says_nothing_is_recorded(project, leader, client_of):
    assert not Event.objects.filter(project=project).exists()
    text = client_of(leader).get(_history(project)).content.decode()
    assert "Er is nog niets vastgelegd." in text


def test_history_queries_do_not_grow_with_events(project, leader, client_of):
    from portal.audit import record

    client = client_of(leader)
    # One event, then 41: an empty page is read without a query (Django's Paginator).
    record(verb="project.settings", by=leader, target=project, project=project, reason="0")
    client.get(_history(project))
    with CaptureQueriesContext(connection) as few:
        client.get(_history(project))
    for i in range(40):
        record(verb="project.settings", by=leader, target=project, project=project, reason=f"{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_history(project) + "?page=2")
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_projectkaart_pdf_contains_the_project(project, leader, client_of):
    Bijlage.objects.filter(project=project, kind=1).update(
        sections={"goal": "<p>Armoede onder jongeren meten</p>"}, status=BijlageStatus.DRAFT
    )
    ProjectServiceFactory(
        project=project, service__code="D99999", service__name="Dienst serviceportal"
    )
    response = client_of(leader).get(reverse("projects:card", args=[project.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Projectkaart" in text
    assert "Demo projectaanvraag" in text
    assert str(project.number) in text
    assert "Piet Bakker" in text or "Bakker" in text
    assert "Armoede onder jongeren meten" in text
    assert "D99999" in text
    assert "Oriëntatie" in text


def _one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))  # fmt: skip


def test_projectkaart_fetches_nothing_outside_static(project, leader, client_of, tmp_path):
    """A real image on the server's disk, named in a bijlage: the card leaves it out (WeasyPrint
    without our fetcher would embed it)."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(_one_pixel_png())
    Bijlage.objects.filter(project=project, kind=1).update(
        sections={
            "goal": f'<p><img src="{secret.as_uri()}" alt="x"><a href="{secret.as_uri()}">x</a></p>'
        }
    )
    response = client_of(leader).get(reverse("projects:card", args=[project.number]))
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert not any(page.images for page in pages)


def test_settings_change(project, leader, client_of):
    url = reverse("projects:settings", args=[project.number])
    client = client_of(leader)
    assert "Titel van het onderzoek" in client.get(url).content.decode()
    data = {
        "title": "Nieuwe titel",
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.title == "Nieuwe titel"
    event = Event.objects.get(project=project, verb="project.settings")
    assert event.data["changes"]["title"] == ["Demo projectaanvraag", "Nieuwe titel"]


def test_settings_bad_input_kept(project, leader, client_of):
    url = reverse("projects:settings", args=[project.number])
    data = {"title": "Behouden", "start_date": "2030-01-01", "end_date": "2029-01-01"}
    response = client_of(leader).post(url, data)
    assert response.status_code == 400
    assert "De einddatum kan niet voor de startdatum liggen." in response.content.decode()
    assert 'value="Behouden"' in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Demo projectaanvraag"


def test_settings_closed_after_submission(project, leader, client_of):
    project.status = Status.SUBMITTED
    project.save()
    url = reverse("projects:settings", args=[project.number])
    assert client_of(leader).get(url).status_code == 404


def test_english_page(project, leader, client_of):
    text = client_of(leader).get("/en" + _detail(project)).content.decode()
    assert "Project data and status" in text
    assert "Orientation" in text


def test_external_member_shown_with_institution(project, leader, other_institution, client_of):
    person = PersonFactory(institution=other_institution, last_name="Bouwer")
    TeamMemberFactory(project=project, person=person, role=Role.RESEARCHER)
    text = client_of(leader).get(_detail(project)).content.decode()
    assert "Universiteit Anders" in text and "Bouwer" in text


def _doc(project_file, name):
    from projects.models import ProjectFileDocument

    return ProjectFileDocument.objects.create(
        project_file=project_file,
        document=f"project-files/{name}",
        original_name=name,
        content_type="application/pdf",
        size=10,
    )


def test_files_tab_shows_each_file_once_with_all_its_documents(project, leader, client_of):
    with_two = ProjectFileFactory(project=project, data_file__code="B70001")
    first, second = _doc(with_two, "Eerste bijlage.pdf"), _doc(with_two, "Tweede bijlage.pdf")
    ProjectFileFactory(project=project, data_file__code="B70002")
    ProjectFileFactory(project=project, kind="custom", data_file=None)
    text = client_of(leader).get(_detail(project)).content.decode()
    assert text.count("B70001") == 1 and text.count("B70002") == 1
    assert "Maatwerk" in text  # the file type of a custom file without a catalogue file
    for document in (first, second):
        url = reverse("projects:file_document", args=[project.number, document.pk])
        assert f'<a href="{url}">{document.original_name}</a>' in text
    assert text.index("Eerste bijlage.pdf") < text.index("Tweede bijlage.pdf")


def test_files_and_services_in_the_page_language(project, leader, client_of):
    ProjectFileFactory(project=project, data_file__name="Huishoudens", data_file__name_en="Homes")
    ProjectServiceFactory(project=project, service__name="Maatwerk", service__name_en="Custom")
    client = client_of(leader)
    assert "Huishoudens" in client.get(_detail(project)).content.decode()
    english = client.get("/en" + _detail(project)).content.decode()
    assert "Homes" in english and "Huishoudens" not in english
    english = client.get("/en" + _detail(project) + "?tab=services").content.decode()
    assert "Custom" in english


def test_team_is_listed_by_surname(project, leader, client_of):
    for surname in ["Zwart", "Aalders", "Mulder"]:
        TeamMemberFactory(project=project, person__last_name=surname, role=Role.RESEARCHER)
    text = client_of(leader).get(_detail(project)).content.decode()
    assert text.index("Aalders") < text.index("Mulder") < text.index("Zwart")


def test_default_tabs_queries_do_not_grow_with_files_documents_and_cost_overviews(
    project, leader, client_of, committed
):
    """Measured as the panels are rendered (the writes forget the kept ones, projects.page)."""
    client = client_of(leader)
    with committed():
        _doc(ProjectFileFactory(project=project), "een.pdf")
    client.get(_detail(project))
    with committed():
        CostOverviewFactory(project=project, status="draft")
    with CaptureQueriesContext(connection) as few:
        client.get(_detail(project))
    with committed():
        for i in range(5):
            project_file = ProjectFileFactory(project=project)
            _doc(project_file, f"a{i}.pdf")
            _doc(project_file, f"b{i}.pdf")
        CostOverviewFactory(project=project, status="sent")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_detail(project))
    assert response.status_code == 200 and "b4.pdf" in response.content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
