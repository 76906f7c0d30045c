import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import Event
from projects.models import Bijlage, BijlageStatus, Project, Role, Status, TeamMember
from projects.services import project_create
from tests.factories import ProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db
LIST = reverse("projects:list")
CREATE = reverse("projects:create")


def test_list_shows_my_projects_with_role_in_dutch(project, leader, other_project, client_of):
    response = client_of(leader).get(LIST)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Hieronder staan de projecten waar je als persoon of organisatie bij" in text
    assert "Mijn projecten" in text
    for header in ["Projectnaam", "Project", "Rol", "Begindatum", "Einddatum", "Status"]:
        assert header in text
    assert "Demo projectaanvraag" in text
    assert "Externe projectleider" in text
    assert "Oriëntatie" in text
    assert "Ander project" not in text
    assert "Aanmaken nieuw project" in text


def test_account_manager_sees_institution_projects_as_accountbeheerder(
    project, leader, other_project, account_manager, client_of
):
    text = client_of(account_manager).get(LIST).content.decode()
    assert "Demo projectaanvraag" in text
    assert "Accountbeheerder" in text
    assert "Ander project" not in text


def test_outsider_does_not_see_other_institutions_project(project, outsider, client_of):
    text = client_of(outsider).get(LIST).content.decode()
    assert "Ander project" in text
    assert "Demo projectaanvraag" not in text


def test_search_by_name_and_number(institution, leader, project, client_of):
    other = ProjectFactory(institution=institution, title="Arbeidsmarkt en zorg", number=12345)
    TeamMemberFactory(project=other, person=leader.person, role=Role.VIEWER)
    client = client_of(leader)
    text = client.get(LIST, {"q": "arbeidsmarkt"}).content.decode()
    assert "Arbeidsmarkt en zorg" in text and "Demo projectaanvraag" not in text
    text = client.get(LIST, {"q": str(project.number)}).content.decode()
    assert "Demo projectaanvraag" in text and "Arbeidsmarkt en zorg" not in text
    text = client.get(LIST, {"q": "bestaat-niet"}).content.decode()
    assert "Geen projecten gevonden" in text


def test_sort_by_title_both_ways_and_bad_sort_ignored(institution, leader, project, client_of):
    for title in ["Aap", "Zebra"]:
        other = ProjectFactory(institution=institution, title=title)
        TeamMemberFactory(project=other, person=leader.person, role=Role.VIEWER)
    client = client_of(leader)
    text = client.get(LIST, {"sort": "title"}).content.decode()
    assert text.index("Aap") < text.index("Zebra")
    text = client.get(LIST, {"sort": "-title"}).content.decode()
    assert text.index("Zebra") < text.index("Aap")
    assert 'aria-sort="descending"' in text
    assert client.get(LIST, {"sort": "password"}).status_code == 200


def test_list_is_paginated_and_queries_do_not_grow(institution, leader, project, client_of):
    client = client_of(leader)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(30):
        other = ProjectFactory(institution=institution)
        TeamMemberFactory(project=other, person=leader.person, role=Role.RESEARCHER)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(many) == len(few)
    assert "Pagina 1 van 2" in response.content.decode()
    assert "Pagina 2 van 2" in client.get(LIST, {"page": 2}).content.decode()


def _form(**overrides):
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "title": "Werk en inkomen",
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=3 * 365)).isoformat(),
        "goal": "<p>Het doel</p><script>alert(1)</script>",
    }
    data.update(overrides)
    return data


def test_create_page_in_dutch(leader, client_of):
    text = client_of(leader).get(CREATE).content.decode()
    labels = [
        "Aanmaken nieuw project",
        "Titel van het onderzoek",
        "Gewenste startdatum",
        "Verwachte einddatum",
        "Doel van het microdataproject",
        "Onderzoeksvoorstel",
    ]
    for label in labels:
        assert label in text
    assert "data-richtext" in text
    assert "<script>" not in text.replace("<script src", "")


def test_create_project(institution, leader, client_of, django_capture_on_commit_callbacks):
    response = client_of(leader).post(CREATE, _form())
    project = Project.objects.get(title="Werk en inkomen")
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.number])
    assert project.status == Status.ORIENTATION
    assert project.institution == institution
    assert project.number >= 10000
    member = TeamMember.objects.get(project=project)
    assert member.person == leader.person and member.role == Role.LEADER
    bijlagen = {b.kind: b for b in Bijlage.objects.filter(project=project)}
    assert set(bijlagen) == {1, 2, 3}
    assert bijlagen[1].sections["goal"] == "<p>Het doel</p>"
    assert bijlagen[1].status == BijlageStatus.DRAFT
    assert bijlagen[2].status == BijlageStatus.TO_FILL
    assert Event.objects.filter(project=project, verb="project.create").count() == 1


def test_numbers_start_at_10000_and_increase(institution, leader):
    Project.objects.all().delete()
    start = timezone.localdate()
    end = start + datetime.timedelta(days=5)
    first = project_create(by=leader, title="Een", start_date=start, end_date=end)
    second = project_create(by=leader, title="Twee", start_date=start, end_date=end)
    assert first.number == 10000
    assert second.number == 10001


def test_taken_number_is_skipped(institution, leader, monkeypatch):
    """Another creation took the number we computed: retry with the next one."""
    from projects import services

    existing = ProjectFactory(institution=institution, number=30000)
    calls = iter([existing.number, existing.number + 1])
    monkeypatch.setattr(services, "next_project_number", lambda: next(calls))
    start = timezone.localdate()
    project = project_create(
        by=leader, title="Race", start_date=start, end_date=start + datetime.timedelta(days=1)
    )
    assert project.number == 30001


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Geef de titel van het onderzoek."),
        ({"title": "   "}, "title", "Geef de titel van het onderzoek."),
        (
            {"start_date": "2020-01-01", "end_date": "2030-01-01"},
            "start_date",
            "De startdatum kan niet in het verleden liggen.",
        ),
        ({"end_date": "2001-01-01"}, "end_date", "De einddatum kan niet voor de startdatum"),
        ({"start_date": "morgen"}, "start_date", "Voer een geldige datum in."),
    ],
)
def test_create_refuses_bad_input_and_keeps_it(overrides, field, message, leader, client_of):
    data = _form(**overrides)
    response = client_of(leader).post(CREATE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["form"].has_error(field)
    assert not Project.objects.filter(title=data["title"] or "x").exists() or data["title"] == ""
    assert Project.objects.filter(created_by=leader).count() == 0


def test_person_of_unauthorized_institution_cannot_create(leader, institution, client_of):
    institution.authorization_end = timezone.localdate() - datetime.timedelta(days=1)
    institution.save()
    assert client_of(leader).get(CREATE).status_code == 404
    assert client_of(leader).post(CREATE, _form()).status_code == 404


def test_staff_without_person_cannot_create(staff, client_of):
    assert client_of(staff).get(CREATE).status_code == 404


def test_anonymous_create_redirects_to_login(client):
    response = client.get(CREATE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_creations_get_distinct_numbers(institution):
    """Eight people create a project at the same moment: eight projects, eight numbers."""
    import threading

    from django.db import connection, connections

    from tests.conftest import make_user

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the unique-number retry is exercised on PostgreSQL")
    users = [make_user(institution) for _ in range(8)]
    barrier, errors = threading.Barrier(len(users)), []
    start = timezone.localdate()

    def create(user):
        try:
            barrier.wait()
            project_create(
                by=user, title="Tegelijk", start_date=start, end_date=start + datetime.timedelta(1)
            )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's connection (CONN_MAX_AGE would keep it)

    threads = [threading.Thread(target=create, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Project.objects.filter(title="Tegelijk").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 8


def test_ended_membership_not_listed(project, researcher, client_of):
    TeamMember.objects.filter(person=researcher.person).update(
        start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1)
    )
    assert "Demo projectaanvraag" not in client_of(researcher).get(LIST).content.decode()


def test_list_page_out_of_range_or_not_a_number_as_before(institution, leader, client_of):
    """The one-query paginator: past the end shows the last page, nonsense the first."""
    for _ in range(30):
        other = ProjectFactory(institution=institution)
        TeamMemberFactory(project=other, person=leader.person, role=Role.RESEARCHER)
    client = client_of(leader)
    assert "Pagina 2 van 2" in client.get(LIST, {"page": 99}).content.decode()
    assert "Pagina 2 van 2" in client.get(LIST, {"page": 0}).content.decode()
    assert "Pagina 1 van 2" in client.get(LIST, {"page": "abc"}).content.decode()
    assert "Pagina 1 van 2" in client.get(LIST, {"page": 1}).content.decode()
