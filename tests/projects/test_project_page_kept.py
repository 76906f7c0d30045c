"""The project page's panels are kept per project, language, day, tab and the reader's standing
(projects.page): served again without reading their rows, and after each kind of write that
changes what they show, the page shows what a live render shows.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import person_details_update
from agreements.models import Agreement, AgreementStatus
from changes.models import ChangeRequest
from projects import services
from projects.models import Bijlage, FileKind, ProjectFileDocument, Role, Status
from tests.conftest import make_user
from tests.factories import (
    ChangeRequestFactory,
    CostOverviewFactory,
    DataFileFactory,
    OutputCheckFactory,
    ServiceFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def _url(project, query=""):
    return reverse("projects:detail", args=[project.number]) + query


def _panels(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.context["kept_panels"])


def _live(client, url) -> str:
    """The panels rendered now, with nothing kept."""
    cache.clear()
    return _panels(client, url)


def test_the_panels_are_kept_and_served_without_reading_their_rows(project, leader, client_of):
    client = client_of(leader)
    with CaptureQueriesContext(connection) as rendering:
        first = _panels(client, _url(project))
    with CaptureQueriesContext(connection) as kept:
        assert _panels(client, _url(project)) == first
    for table in ("projects_projectfile", "changes_changerequest", "agreements_agreement"):
        assert any(table in q["sql"] for q in rendering.captured_queries), table
        assert not any(table in q["sql"] for q in kept.captured_queries), table
    assert len(kept) < len(rendering)


def test_each_tab_and_language_is_kept_apart(project, leader, client_of):
    client = client_of(leader)
    queries = ("", "?tab=services", "?docs=publications", "?tab=services&docs=publications")
    urls = [prefix + _url(project, query) for query in queries for prefix in ("", "/en")]
    live = {url: _live(client, url) for url in urls}
    for url in urls:  # each kept beside the others
        _panels(client, url)
    for url in urls:
        assert _panels(client, url) == live[url]
    assert len(set(live.values())) == len(urls)


def test_each_reader_sees_their_own_buttons(
    project, leader, researcher, account_manager, client_of
):
    """Kept for the leader first: the researcher and the account manager get their own."""
    url = _url(project, "?docs=publications")
    team_add = reverse("projects:team_add", args=[project.number])
    as_leader = _panels(client_of(leader), url)
    assert team_add in as_leader and "RA" in as_leader
    for reader in (researcher, account_manager):
        client = client_of(reader)
        kept = _panels(client, url)
        assert team_add not in kept
        assert kept == _live(client, url)
        _panels(client_of(leader), url)  # the leader's kept again, beside theirs


def test_mobile_numbers_are_shown_to_colleagues_only(project, leader, client_of, other_institution):
    outside = make_user(other_institution, last_name="Buiten", mobile="0611112222")
    TeamMemberFactory(project=project, person=outside.person, role=Role.RESEARCHER)
    leader.person.mobile = "0633334444"
    leader.person.save()
    assert "0633334444" in _panels(client_of(leader), _url(project))
    # The outsider's page, rendered after the leader's was kept: the leader's mobile is not theirs.
    assert "0633334444" not in _panels(client_of(outside), _url(project))
    assert "0611112222" in _panels(client_of(outside), _url(project))


# Each kind of write that changes what the panels show: a function(project, leader, staff).


def _settings(project, leader, staff):
    services.project_update_settings(
        project=project,
        by=leader,
        title=project.title,
        start_date=project.start_date,
        end_date=project.end_date + datetime.timedelta(days=40),
    )


def _status(project, leader, staff):
    project.status = Status.RUNNING
    project.save()  # as the back office saves it


def _cbs_contact(project, leader, staff):
    services.project_cbs_contact_set(
        project=project, by=staff, cbs_contact=staff, reference_number="REF-4711"
    )


def _team_member(project, leader, staff):
    joining = make_user(project.institution, last_name="Vermeulen")
    services.team_member_add(
        project=project,
        by=leader,
        person=joining.person,
        role=Role.RESEARCHER,
        start_date=project.start_date,
    )


def _own_details(project, leader, staff):
    person_details_update(person=leader.person, by=leader, data={"email": "piet.nieuw@example.org"})


def _person_in_back_office(project, leader, staff):
    leader.person.last_name = "Verhoeven"
    leader.person.save()


def _ra_readiness(project, leader, staff):
    leader.person.pid_code = "PID-12345"
    leader.person.save()  # CBS sets the RA fields in the back office


def _institution_renamed(project, leader, staff):
    project.institution.name = "Hogeschool Nieuwegein"
    project.institution.save()


def _bijlage(project, leader, staff):
    bijlage = Bijlage.objects.get(project=project, kind=1)
    services.bijlage_save(  # a bulk update with an optimistic lock: no post_save
        bijlage=bijlage,
        by=leader,
        sections={"goal": "<p>Armoede onder jongeren meten</p>"},
        version=bijlage.version,
    )


def _service(project, leader, staff):
    service = ServiceFactory(code="D99999", name="Dienst serviceportal")
    services.project_service_add(project=project, by=leader, service=service)


def _file(project, leader, staff):
    services.project_file_add(
        project=project, by=leader, kind=FileKind.CUSTOM, explanation="<p>Maatwerk huishoudens</p>"
    )


def _file_document(project, leader, staff):
    ProjectFileDocument.objects.create(
        project_file=project.files.get(),
        document="project-files/tabel.pdf",
        original_name="tabel.pdf",
        content_type="application/pdf",
        size=10,
    )


def _file_document_deleted(project, leader, staff):
    ProjectFileDocument.objects.filter(project_file__project=project).delete()


def _catalogue_renamed(project, leader, staff):
    item = project.files.get().data_file
    item.name = "Huishoudens en personen"
    item.save()  # the catalogue is kept in the back office


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


def _change_request(project, leader, staff):
    ChangeRequestFactory(project=project, asked_by=leader, explanation="Langer onderzoek")


def _asked_by_someone_off_the_team(project, leader, staff):
    asker = make_user(project.institution, last_name="Vroeger")
    ChangeRequestFactory(project=project, asked_by=asker)


def _asker_renamed(project, leader, staff):
    person = ChangeRequest.objects.get(project=project).asked_by.person
    person.last_name = "Later"
    person.save()  # as the back office saves a person


def _a_colleague(project, leader, staff):
    colleague = make_user(project.institution, last_name="Collega")
    TeamMemberFactory(project=project, person=colleague.person, role=Role.RESEARCHER)


def _team_role(project, leader, staff):
    member = project.team.get(person__last_name="Collega")
    member.role = Role.RESEARCHER_PLUS
    member.save()  # as the back office saves it


def _output_check(project, leader, staff):
    OutputCheckFactory(project=project, asked_by=leader, package_name="export-armoede")


def _agreement(project, leader, staff):
    Agreement.objects.create(
        project=project, status=AgreementStatus.TO_SIGN, sent_at=timezone.now()
    )


def _cost_overview(project, leader, staff):
    CostOverviewFactory(project=project, status="sent")


def _no_setup(project, leader, staff):
    pass


def _a_file(project, leader, staff):
    services.project_file_add(
        project=project,
        by=leader,
        kind=FileKind.STANDARD,
        data_file=DataFileFactory(name="Huishoudens"),
    )


# (set-up, write, the page's query string)
WRITES = [
    (_no_setup, _settings, ""),
    (_no_setup, _status, ""),
    (_no_setup, _cbs_contact, ""),
    (_no_setup, _team_member, ""),
    (_a_colleague, _team_role, ""),
    (_no_setup, _own_details, ""),
    (_no_setup, _person_in_back_office, ""),
    (_no_setup, _ra_readiness, ""),
    (_no_setup, _institution_renamed, ""),
    (_no_setup, _bijlage, ""),
    (_no_setup, _service, "?tab=services"),
    (_no_setup, _file, ""),
    (_a_file, _file_document, ""),
    (_a_file, _catalogue_renamed, ""),
    (_no_setup, _publication, "?docs=publications"),
    (_no_setup, _change_request, ""),
    (_asked_by_someone_off_the_team, _asker_renamed, ""),
    (_no_setup, _output_check, ""),
    (_no_setup, _agreement, ""),
    (_no_setup, _cost_overview, ""),
]


@pytest.mark.parametrize(
    "setup, write, query", WRITES, ids=lambda item: getattr(item, "__name__", "").strip("_")
)
def test_after_each_write_the_page_shows_what_a_live_render_shows(
    project, leader, staff, client_of, committed, setup, write, query
):
    client = client_of(leader)
    url = _url(project, query)
    with committed():
        setup(project, leader, staff)
    before = _panels(client, url)  # kept
    with committed():
        write(project, leader, staff)
    after = _panels(client, url)
    assert after != before  # the write changed what the panels show ...
    assert after == _live(client, url)  # ... and the page shows it


def test_a_file_document_deleted(project, leader, staff, client_of, committed):
    client = client_of(leader)
    with committed():
        _a_file(project, leader, staff)
        _file_document(project, leader, staff)
    before = _panels(client, _url(project))
    assert "tabel.pdf" in before
    with committed():
        _file_document_deleted(project, leader, staff)
    after = _panels(client, _url(project))
    assert "tabel.pdf" not in after
    assert after == _live(client, _url(project))


def test_the_kept_panels_hold_nothing_of_the_request(project, leader, client_of):
    """Kept for every reader of the same standing: no form with a CSRF token, no session's
    messages, nothing of who asked beyond the standing."""
    client = client_of(leader)
    for query in ("", "?tab=services", "?docs=publications"):
        panels = _live(client, _url(project, query))
        assert "csrfmiddlewaretoken" not in panels
        assert "<form" not in panels
