import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Event
from projects.models import Bijlage, BijlageStatus, Project, Status
from tests.factories import (
    DataFileFactory,
    InstitutionFactory,
    ProjectFactory,
    ProjectFileFactory,
    ProjectServiceFactory,
    PublicationFactory,
    ServiceFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.projects.helpers import make_ready_for_submission

pytestmark = pytest.mark.django_db


def _move_url(project, move):
    return reverse("admin:projects_project_move", args=[project.pk, move])


@pytest.mark.parametrize(
    "name",
    [
        "admin:projects_project_changelist",
        "admin:projects_datafile_changelist",
        "admin:projects_service_changelist",
        "admin:projects_teammember_changelist",
        "admin:projects_publication_changelist",
    ],
)
def test_admin_pages_open_for_staff_not_for_others(name, staff, leader, client_of, client):
    assert client_of(staff).get(reverse(name)).status_code == 200
    client.logout()
    assert client.get(reverse(name)).status_code == 302
    assert client_of(leader).get(reverse(name)).status_code == 302


def test_change_page_shows_inlines_history_and_moves(project, leader, staff, client_of):
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    from portal.audit import record

    record(
        verb="project.submit",
        by=leader,
        target=project,
        project=project,
        from_state="orientation",
        to_state="submitted",
    )
    text = (
        client_of(staff)
        .get(reverse("admin:projects_project_change", args=[project.pk]))
        .content.decode()
    )
    assert "In beoordeling nemen" in text
    assert "Terugzetten naar Oriëntatie" in text
    assert "Afwijzen" in text
    assert "Contract opstellen" not in text.split("object-tools")[1][:2000]
    assert "Indienen ter beoordeling" in text  # history row
    assert f"?project__id__exact={project.pk}" in text
    assert "Bijlage 1. Onderzoeksvoorstel" in text
    events = client_of(staff).get(
        reverse("admin:portal_event_changelist") + f"?project__id__exact={project.pk}"
    )
    assert events.status_code == 200


@pytest.mark.parametrize(
    ("name", "factory", "shown"),
    [
        ("admin:projects_projectfile_changelist", ProjectFileFactory, "data_file"),
        ("admin:projects_projectservice_changelist", ProjectServiceFactory, "service"),
        ("admin:projects_publication_changelist", PublicationFactory, "title"),
    ],
)
def test_change_page_links_to_the_project_lists(name, factory, shown, project, staff, client_of):
    """The data files, services and publications are lists behind a link: each list filtered on
    the project shows its rows and no other project's; the files and services read-only and
    not in the menu (reached from the project)."""
    mine, theirs = factory(project=project), factory(project=ProjectFactory())
    client = client_of(staff)
    page = client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    url = f"{reverse(name)}?project__id__exact={project.pk}"
    assert url.replace("&", "&amp;") in page
    listed = client.get(url).content.decode()
    assert str(getattr(mine, shown)) in listed
    assert str(getattr(theirs, shown)) not in listed
    model_name = name.split("_")[1]
    index = client.get(reverse("admin:app_list", args=["projects"])).content.decode()
    assert (f"/admin/projects/{model_name}/" in index) == (model_name == "publication")


def test_admin_take_into_review_and_contract(project, leader, staff, client_of):
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    client = client_of(staff)
    assert client.get(_move_url(project, "take_into_review")).status_code == 200
    response = client.post(_move_url(project, "take_into_review"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW
    client.post(_move_url(project, "start_contract"))
    project.refresh_from_db()
    assert project.status == Status.CONTRACT
    assert Event.objects.filter(
        project=project, verb="project.start_contract", actor=staff
    ).exists()


def test_admin_return_needs_reason_and_reopens(project, leader, staff, client_of):
    make_ready_for_submission(project)
    Project.objects.filter(pk=project.pk).update(status=Status.IN_REVIEW)
    client = client_of(staff)
    response = client.post(_move_url(project, "return_to_orientation"), {"reason": ""})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW
    client.post(_move_url(project, "return_to_orientation"), {"reason": "Bijlage 3 onvolledig"})
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION
    assert set(Bijlage.objects.filter(project=project).values_list("status", flat=True)) == {
        BijlageStatus.DRAFT
    }
    assert (
        Event.objects.get(project=project, verb="project.return_to_orientation").reason
        == "Bijlage 3 onvolledig"
    )


@pytest.mark.parametrize(
    ("status", "move", "target"),
    [
        # "mark_agreement_signed" is no button: CBS countersigns (tests/agreements/test_admin.py).
        (Status.PREPARING, "start_execution", Status.RUNNING),
    ],
)
def test_admin_later_moves(status, move, target, project, staff, client_of):
    Project.objects.filter(pk=project.pk).update(status=status)
    client_of(staff).post(_move_url(project, move))
    project.refresh_from_db()
    assert project.status == target


def test_admin_reject_with_reason(project, staff, client_of):
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    client = client_of(staff)
    client.post(_move_url(project, "reject"), {"reason": ""})
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    client.post(_move_url(project, "reject"), {"reason": "Geen wetenschappelijk doel"})
    project.refresh_from_db()
    assert project.status == Status.REJECTED


def test_admin_refused_move_shows_lifecycle_message(project, staff, client_of):
    response = client_of(staff).post(_move_url(project, "start_execution"), follow=True)
    project.refresh_from_db()
    assert project.status == Status.ORIENTATION
    assert (
        "Deze statuswijziging is niet mogelijk vanuit status “Oriëntatie”."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    "move", ["submit", "send_cost_overview", "approve_costs", "close", "reopen", "nonsense"]
)
def test_admin_offers_no_customer_or_action_moves(move, project, staff, client_of):
    assert client_of(staff).get(_move_url(project, move)).status_code == 404


def test_readonly_staff_cannot_move_or_change(project, readonly_staff, client_of):
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    client = client_of(readonly_staff)
    change = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert change.status_code == 200
    assert _move_url(project, "take_into_review") not in change.content.decode()
    assert client.post(_move_url(project, "take_into_review")).status_code == 403
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    response = client.post(
        reverse("admin:projects_datafile_add"), {"code": "B1", "name": "x", "is_active": "on"}
    )
    assert response.status_code == 403


def test_staff_edits_catalogue_with_audit(staff, client_of):
    response = client_of(staff).post(
        reverse("admin:projects_datafile_add"),
        {
            "code": "B77777",
            "name": "Nieuw bestand",
            "name_en": "",
            "description": "",
            "description_en": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Event.objects.filter(verb="admin.add", target_repr__contains="B77777").exists()


def test_catalogue_shown_publicly(client):
    DataFileFactory(code="B99999", name="Bestand serviceportal")
    ServiceFactory(code="D99999", name="Dienst serviceportal")
    ServiceFactory(code="D00000", name="Verborgen dienst", is_active=False)
    text = client.get(reverse("catalogue:index")).content.decode()
    assert "B99999" in text and "Dienst serviceportal" in text and "Verborgen dienst" not in text


def test_changelist_queries_do_not_grow(institution, staff, client_of):
    client = client_of(staff)
    url = reverse("admin:projects_project_changelist")
    ProjectFactory(institution=institution)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        project = ProjectFactory(institution=institution)
        TeamMemberFactory(project=project)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url + "?q=Onderzoek&status__exact=orientation")
    assert response.status_code == 200
    assert len(many) <= len(few) + 1
    # Nothing reads every project but the one count of the page links (no distinct years of
    # a date hierarchy: a scan that grows with the data).
    sqls = [q["sql"].lower() for q in many.captured_queries]
    assert not [sql for sql in sqls if "date_trunc" in sql or "min(" in sql]


def test_the_project_list_reads_each_cbs_contact_after_the_page_is_cut(
    institution, staff, client_of
):
    """Each row names its CBS contact (person and institution, ``User.__str__``); the contacts
    are read for the rows of the page in one query, not joined to every project the search
    matches before the page is cut (benchmarks/README.md)."""
    cbs = InstitutionFactory(name="CBS", is_cbs=True)
    contacts = [
        UserFactory(person__institution=cbs, person__last_name=f"Contact{n}", is_staff=True)
        for n in range(3)
    ]
    client = client_of(staff)
    url = reverse("admin:projects_project_changelist") + "?q=Onderzoek"
    ProjectFactory(institution=institution, title="Onderzoek 0", cbs_contact=contacts[0])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n, contact in enumerate(contacts * 3):
        ProjectFactory(institution=institution, title=f"Onderzoek {n + 1}", cbs_contact=contact)
    with CaptureQueriesContext(connection) as many:
        text = client.get(url).content.decode()
    assert len(many) == len(one)
    for contact in contacts:
        assert str(contact) in text and str(contact).startswith("CBS - ")
    listed = [q["sql"] for q in many.captured_queries if 'FROM "projects_project"' in q["sql"]]
    assert listed and not [sql for sql in listed if '"accounts_user"' in sql]


def test_the_change_page_shows_the_bijlagen_as_a_table_with_their_sections(
    project, staff, client_of
):
    """The bijlagen are read on the project's change page (subject, status, version, who
    updated them, each section's text): a table of the page, not an inline's formset."""
    bijlage = Bijlage.objects.filter(project=project).order_by("kind").first()
    section = bijlage.definition.sections[0]
    Bijlage.objects.filter(pk=bijlage.pk).update(
        sections={section.key: "<p>Het <strong>doel</strong> van het onderzoek</p>"},
        status=BijlageStatus.DRAFT,
    )
    text = (
        client_of(staff)
        .get(reverse("admin:projects_project_change", args=[project.pk]))
        .content.decode()
    )
    table = text.split("field-bijlagen")[1].split("</table>")[0]
    assert "Bijlage 1. Onderzoeksvoorstel" in table
    assert str(section.label) in table
    assert "Het <strong>doel</strong> van het onderzoek" in table
    assert str(BijlageStatus.DRAFT.label) in table
    assert table.count("<tr>") == 1 + Bijlage.objects.filter(project=project).count()
    assert "bijlagen-TOTAL_FORMS" not in text


def test_the_change_page_reads_what_its_fields_show_with_the_project(
    project, leader, staff, client_of
):
    """The institution and who created the project (their person and institution) are read
    with the project: as many queries as without a creator."""
    client = client_of(staff)
    plain = ProjectFactory(institution=project.institution)
    Project.objects.filter(pk=project.pk).update(created_by=leader)
    counts = {}
    for shown in [plain, project]:
        url = reverse("admin:projects_project_change", args=[shown.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            text = client.get(url).content.decode()
        counts[shown] = len(queries)
        assert project.institution.name in text
        assert not [q for q in queries if 'FROM "accounts_institution"' in q["sql"]]
    assert str(leader) in text
    assert counts[project] == counts[plain]


def test_admin_refuses_signatory_role_for_person_not_tekenbevoegd(project, staff, client_of):
    from tests.factories import PersonFactory

    person = PersonFactory(institution=project.institution, is_signatory=False)
    response = client_of(staff).post(
        reverse("admin:projects_teammember_add"),
        {
            "project": project.pk,
            "person": person.pk,
            "role": "signatory",
            "start_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "niet tekenbevoegd" in response.content.decode()


def test_adding_a_project_is_not_offered_it_begins_in_the_portal(institution, staff, client_of):
    """project_create gives the number, the leader, the bijlagen and the event; the admin
    offers no way around it."""
    client = client_of(staff)
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
    response = client.post(
        reverse("admin:projects_project_add"),
        {"number": "10500", "title": "Via de backoffice", "institution": institution.pk,
         "start_date": "2027-01-01", "end_date": "2028-01-01"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not Project.objects.filter(number=10500).exists()


def test_number_and_institution_are_kept_on_change(project, staff, other_institution, client_of):
    data = {
        "number": "99999",
        "title": "Nieuwe titel",
        "institution": other_institution.pk,
        "reference_number": "",
        "cbs_contact": "",
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
    }
    for prefix in ["team", "bijlagen", "files", "services", "publications"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client_of(staff).post(
        reverse("admin:projects_project_change", args=[project.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.title == "Nieuwe titel"
    assert project.number != 99999 and project.institution_id != other_institution.pk


def _change_data(project, **values):
    data = {
        "title": project.title,
        "reference_number": project.reference_number,
        "cbs_contact": project.cbs_contact_id or "",
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        **values,
    }
    for prefix in ["team", "bijlagen", "files", "services", "publications"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


@pytest.fixture
def running_project(project):
    Project.objects.filter(pk=project.pk).update(status=Status.RUNNING)
    project.refresh_from_db()
    return project


def test_the_admin_changes_title_and_dates_by_the_portal_rules(running_project, staff, client_of):
    """After Oriëntatie the title stays (project_update_settings' rule) and the end date only
    moves later (the end-date rule): the refusal beside the field, nothing saved."""
    project = running_project
    url = reverse("admin:projects_project_change", args=[project.pk])
    client = client_of(staff)
    response = client.post(url, _change_data(project, title="Andere titel"))
    assert response.status_code == 200
    assert "alleen in status Oriëntatie" in response.content.decode()
    earlier = project.end_date - datetime.timedelta(days=1)
    response = client.post(url, _change_data(project, end_date=earlier.isoformat()))
    assert "moet na de huidige einddatum" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Demo projectaanvraag" and project.end_date > earlier
    later = project.end_date + datetime.timedelta(days=30)
    response = client.post(url, _change_data(project, end_date=later.isoformat()))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.end_date == later
    assert list(Event.objects.filter(project=project).values_list("verb", flat=True)) == [
        "project.extend"
    ]


def test_the_admin_sets_the_cbs_contact_through_the_service(running_project, staff, client_of):
    project = running_project
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client_of(staff).post(url, _change_data(project, cbs_contact=staff.pk))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.cbs_contact == staff
    event = Event.objects.get(project=project)
    assert event.verb == "project.settings" and "cbs_contact" in event.data["changes"]
