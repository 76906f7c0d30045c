"""The Projectkaart is kept per project and language (projects.card): served again without
rendering, and after each kind of write that changes what it shows (``CARD_SHOWS``), the next
download shows the new data.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from accounts.services import person_details_update
from projects import services
from projects.models import Bijlage, FileKind, Role
from tests.conftest import make_user
from tests.factories import DataFileFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _url(project):
    return reverse("projects:card", args=[project.number])


def test_the_card_is_kept_and_served_without_rendering(project, leader, client_of):
    client = client_of(leader)
    with CaptureQueriesContext(connection) as rendering:
        first = client.get(_url(project)).content
    with CaptureQueriesContext(connection) as kept:
        assert client.get(_url(project)).content == first
    # The kept card reads none of what the card shows: the request's own queries only.
    assert not any("projects_publication" in q["sql"] for q in kept.captured_queries)
    assert any("projects_publication" in q["sql"] for q in rendering.captured_queries)


def test_the_card_in_each_language(project, leader, client_of):
    client = client_of(leader)
    dutch, english = _url(project), "/en" + _url(project)
    assert "Projectkaart" in _text(client.get(dutch).content)
    assert "Project card" in _text(client.get(english).content)
    assert "Projectkaart" in _text(client.get(dutch).content)


# Each kind of write that changes what the card shows: (setup, write) -> the text it adds.


def _settings(project, leader, staff):
    services.project_update_settings(
        project=project,
        by=leader,
        title="Nieuwe titel van het onderzoek",
        start_date=project.start_date,
        end_date=project.end_date,
    )
    return "Nieuwe titel van het onderzoek"


def _cbs_contact(project, leader, staff):
    services.project_cbs_contact_set(
        project=project, by=staff, cbs_contact=staff, reference_number="REF-4711"
    )
    return "REF-4711"


def _team_member(project, leader, staff):
    joining = make_user(project.institution, last_name="Vermeulen")
    services.team_member_add(
        project=project,
        by=leader,
        person=joining.person,
        role=Role.RESEARCHER,
        start_date=project.start_date,
    )
    return "Vermeulen"


def _own_details(project, leader, staff):
    person_details_update(person=leader.person, by=leader, data={"email": "piet.nieuw@example.org"})
    return "piet.nieuw@example.org"


def _person_in_back_office(project, leader, staff):
    leader.person.last_name = "Verhoeven"
    leader.person.save()  # as the back office's ModelAdmin saves it
    return "Verhoeven"


def _institution_renamed(project, leader, staff):
    project.institution.name = "Hogeschool Nieuwegein"
    project.institution.save()  # back office
    return "Hogeschool Nieuwegein"


def _bijlage(project, leader, staff):
    bijlage = Bijlage.objects.get(project=project, kind=1)
    services.bijlage_save(  # a bulk update with an optimistic lock: no post_save
        bijlage=bijlage,
        by=leader,
        sections={"goal": "<p>Armoede onder jongeren meten</p>"},
        version=bijlage.version,
    )
    return "Armoede onder jongeren meten"


def _service(project, leader, staff):
    service = ServiceFactory(code="D99999", name="Dienst serviceportal")
    services.project_service_add(project=project, by=leader, service=service)
    return "D99999"


def _file(project, leader, staff):
    services.project_file_add(
        project=project, by=leader, kind=FileKind.CUSTOM, explanation="<p>Maatwerk huishoudens</p>"
    )
    return "Maatwerk huishoudens"


def _publication(project, leader, staff):
    services.publication_add(
        project=project,
        by=leader,
        title="Armoede in Nederland",
        authors="Bakker",
        year=2027,
        kind="report",
        expected_date=project.end_date,
    )
    return "Armoede in Nederland"


WRITES = [
    _settings,
    _cbs_contact,
    _team_member,
    _own_details,
    _person_in_back_office,
    _institution_renamed,
    _bijlage,
    _service,
    _file,
    _publication,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__.strip("_"))
def test_the_next_download_shows_the_write(project, leader, staff, client_of, committed, write):
    client = client_of(leader)
    before = _text(client.get(_url(project)).content)
    with committed():
        shown = write(project, leader, staff)
    assert shown not in before
    assert shown in _text(client.get(_url(project)).content)


def test_a_catalogue_item_renamed(project, leader, client_of, committed):
    client = client_of(leader)
    item = DataFileFactory(code="B12345", name="Huishoudens")
    with committed():
        services.project_file_add(
            project=project, by=leader, kind=FileKind.STANDARD, data_file=item
        )
    assert "Huishoudens" in _text(client.get(_url(project)).content)
    with committed():
        item.name = "Huishoudens en personen"
        item.save()  # the catalogue is kept in the back office
    assert "Huishoudens en personen" in _text(client.get(_url(project)).content)
