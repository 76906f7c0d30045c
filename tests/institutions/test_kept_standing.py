"""Mijn instelling's standing is kept per institution, language and day (institutions.keep):
read again without computing it, and after each kind of write that changes what the people and
projects pages (and the API's people) show, they show what a live render shows. With forgetting
off these fail, but for a person or project that joins or leaves a list: who is on it is read
first, and a list of others is kept under other stamps.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit."""

import datetime
import re
import time
from io import BytesIO

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserDeclarationText
from accounts.services import (
    confidentiality_approve,
    confidentiality_declaration_upload,
    person_details_update,
    person_leave,
    person_leave_undo,
    user_declaration_sign,
)
from agreements.models import Agreement, AgreementStatus
from institutions import standing
from institutions.keep import kept_institution_projects, kept_people_standing
from institutions.services import api_token_create
from institutions.views import _person_row_key
from projects import services
from projects.models import Role, Status
from projects.services_closure import project_close
from tests.conftest import make_user
from tests.factories import AttemptFactory, ProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _page(client, url) -> str:
    """What the page shows of the standing: from its heading to the end of its table (the count
    and the rows), without the per-request CSRF tokens of the rows' forms."""
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    shown = text[text.index('-heading">') : text.index("</table>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", shown)


def _live(client, url) -> str:
    """The page computed now, with nothing kept (neither the standing nor the rows)."""
    cache.clear()
    caches["fragments"].clear()
    return _page(client, url)


def _after_write_the_page_is_live(client, url, committed, setup, write, *args):
    with committed():
        setup(*args)
    before = _page(client, url)  # kept
    with committed():
        write(*args)
    after = _page(client, url)
    assert after != before  # the write changed what the page shows ...
    assert after == _live(client, url)  # ... and the page shows it


# Each kind of write that changes the people list: a function(researcher, project, manager,
# staff, other_institution).


def _nothing(*args):
    pass


def _joins(researcher, project, manager, staff, other):
    make_user(project.institution, last_name="Nieuwkomer")


def _moves_to_another_institution(researcher, project, manager, staff, other):
    researcher.person.institution = other
    researcher.person.save()  # as the back office saves a person


def _renamed(researcher, project, manager, staff, other):
    researcher.person.last_name = "Verhoeven"
    researcher.person.save()


def _login_deactivated(researcher, project, manager, staff, other):
    researcher.is_active = False
    researcher.save()  # as the back office saves a login


def _another_project(researcher, project, manager, staff, other):
    ProjectFactory(institution=project.institution, title="Tweede project")


def _team_place(researcher, project, manager, staff, other):
    services.team_member_add(
        project=project.institution.projects.get(title="Tweede project"),
        by=staff,
        person=researcher.person,
        role=Role.RESEARCHER_PLUS,
        start_date=TODAY(),
    )


def _team_role(researcher, project, manager, staff, other):
    member = researcher.person.memberships.get(project=project)
    services.team_member_change(
        member=member, by=staff, role=Role.VIEWER, start_date=member.start_date
    )


def _team_place_ended(researcher, project, manager, staff, other):
    services.team_member_remove(member=researcher.person.memberships.get(project=project), by=staff)


def _ra_fields(researcher, project, manager, staff, other):
    person = researcher.person
    person.pid_code, person.rsa_token_id, person.rsa_token_expires = "PID-1", "RSA-1", TODAY()
    person.save()  # CBS sets the RA fields in the back office


def _awareness_test_passed(researcher, project, manager, staff, other):
    AttemptFactory(
        person=researcher.person,
        passed=True,
        valid_until=TODAY() + 40 * DAY,
        submitted_at=timezone.now(),
    )


def _a_declaration_text(researcher, project, manager, staff, other):
    UserDeclarationText.objects.create(version=1, text="Tekst 1", published_at=timezone.now())


def _declaration_signed(researcher, project, manager, staff, other):
    person = researcher.person
    user_declaration_sign(person=person, by=researcher, typed_name=person.full_name)


def _signed(researcher, project, manager, staff, other):
    _a_declaration_text(researcher, project, manager, staff, other)
    _declaration_signed(researcher, project, manager, staff, other)


def _new_declaration_text(researcher, project, manager, staff, other):
    UserDeclarationText.objects.create(version=2, text="Tekst 2", published_at=timezone.now())


def _confidentiality_approved(researcher, project, manager, staff, other):
    declaration = confidentiality_declaration_upload(
        person=researcher.person,
        by=researcher,
        upload=BytesIO(PDF_BYTES),
        content_type="application/pdf",
    )
    confidentiality_approve(declaration=declaration, by=staff, valid_until=TODAY() + 20 * DAY)


def _leave_reported(researcher, project, manager, staff, other):
    person_leave(person=researcher.person, on=TODAY() + 10 * DAY, by=manager)


def _leave_undone(researcher, project, manager, staff, other):
    person_leave_undo(person=researcher.person, by=manager)


def _left_today(researcher, project, manager, staff, other):
    person_leave(person=researcher.person, on=TODAY(), by=manager)


def _own_details(researcher, project, manager, staff, other):
    person_details_update(
        person=researcher.person, by=researcher, data={"email": "nieuw@example.org"}
    )


PEOPLE_WRITES = [
    (_nothing, _joins),
    (_nothing, _moves_to_another_institution),
    (_nothing, _renamed),
    (_nothing, _login_deactivated),
    (_another_project, _team_place),
    (_nothing, _team_role),
    (_nothing, _team_place_ended),
    (_nothing, _ra_fields),
    (_nothing, _awareness_test_passed),
    (_nothing, _a_declaration_text),
    (_a_declaration_text, _declaration_signed),
    (_signed, _new_declaration_text),
    (_nothing, _confidentiality_approved),
    (_nothing, _leave_reported),
    (_leave_reported, _leave_undone),
    (_nothing, _left_today),
]


def _name(item) -> str:
    return getattr(item, "__name__", "").strip("_")


@pytest.mark.parametrize("setup, write", PEOPLE_WRITES, ids=_name)
def test_the_people_page_after_each_write(
    leader,
    researcher,
    project,
    account_manager,
    staff,
    other_institution,
    client_of,
    committed,
    setup,
    write,
):
    _after_write_the_page_is_live(
        client_of(account_manager),
        reverse("institutions:people"),
        committed,
        setup,
        write,
        researcher,
        project,
        account_manager,
        staff,
        other_institution,
    )


def test_the_csv_and_the_api_share_what_is_kept(
    researcher, account_manager, client_of, committed, client
):
    _row, secret = api_token_create(
        institution=account_manager.person.institution,
        by=account_manager,
        name="Onderzoeksadministratie",
        expires_on=TODAY() + 30 * DAY,
    )

    def shown():
        csv = client_of(account_manager).get(reverse("institutions:people_csv")).content
        api = client.get(reverse("api-v1:people"), headers={"authorization": f"Bearer {secret}"})
        return csv, api.json()

    before = shown()  # kept
    with committed():
        _ra_fields(researcher, None, None, None, None)
    after = shown()
    assert after != before
    cache.clear()
    assert after == shown()


def test_a_declaration_text_published_later_is_shown_from_its_moment(
    researcher, account_manager, client_of, committed
):
    """Kept until the moment a text is published, then computed again with no write in between
    (the test waits for the moment to pass; nothing is timed)."""
    client = client_of(account_manager)
    url = reverse("institutions:people")
    moment = timezone.now() + datetime.timedelta(milliseconds=300)
    with committed():
        researcher.person.pid_code = "PID-1"  # works in the RA: their readiness is shown
        researcher.person.save()
        UserDeclarationText.objects.create(version=1, text="Tekst 1", published_at=moment)
    before = _page(client, url)  # kept: nothing to sign yet
    while timezone.now() <= moment:
        time.sleep(0.05)
    after = _page(client, url)
    assert after != before
    assert after == _live(client, url)


def test_kept_per_day(researcher, institution, committed):
    """What lapses and who is on a team depend on the day: another day computes again."""
    with committed():
        _ra_fields(researcher, None, None, None, None)  # the RSA token lapses after today

    def shown(day):
        return [_person_row_key(row) for row in kept_people_standing(institution, today=day)]

    today = shown(TODAY())
    tomorrow = shown(TODAY() + DAY)
    assert tomorrow != today
    assert tomorrow == [
        _person_row_key(row) for row in standing.people_standing(institution, today=TODAY() + DAY)
    ]


def test_kept_is_read_without_computing_it(
    researcher, leader, project, institution, django_assert_num_queries
):
    people = [_person_row_key(row) for row in kept_people_standing(institution)]
    projects = [(row.number, row.turn_label) for row in kept_institution_projects(institution)]
    with django_assert_num_queries(1):  # the people of the institution, for their stamps
        assert [_person_row_key(row) for row in kept_people_standing(institution)] == people
    with django_assert_num_queries(1):  # its current projects, for their stamps
        kept = kept_institution_projects(institution)
        assert [(row.number, row.turn_label) for row in kept] == projects


# Each kind of write that changes the projects list: a function(project, leader, staff).


def _new_project(project, leader, staff):
    ProjectFactory(institution=project.institution, title="Nog een project")


def _settings(project, leader, staff):
    services.project_update_settings(
        project=project,
        by=leader,
        title="Armoede onder jongeren",
        start_date=project.start_date,
        end_date=project.end_date + 40 * DAY,
    )


def _status(project, leader, staff):
    project.status = Status.RUNNING
    project.save()  # as the back office saves it


def _running(project, leader, staff):
    _status(project, leader, staff)


def _closed(project, leader, staff):
    project_close(project=project, by=staff)


def _leader_added(project, leader, staff):
    joining = make_user(project.institution, last_name="Vermeulen")
    services.team_member_add(
        project=project, by=staff, person=joining.person, role=Role.LEADER, start_date=TODAY()
    )


def _leader_renamed(project, leader, staff):
    leader.person.last_name = "Verhoeven"
    leader.person.save()  # as the back office saves a person


def _leader_of_another_institution(project, leader, staff):
    leader.person.institution = ProjectFactory().institution
    leader.person.save()


def _awaits_agreement(project, leader, staff):
    project.status = Status.AGREEMENT
    project.save()


def _agreement_sent(project, leader, staff):
    Agreement.objects.create(
        project=project, status=AgreementStatus.TO_SIGN, sent_at=timezone.now()
    )


PROJECT_WRITES = [
    (_nothing, _new_project),
    (_nothing, _settings),
    (_nothing, _status),
    (_running, _closed),
    (_nothing, _leader_added),
    (_nothing, _leader_renamed),
    (_leader_of_another_institution, _leader_renamed),
    (_awaits_agreement, _agreement_sent),
]


@pytest.mark.parametrize("setup, write", PROJECT_WRITES, ids=_name)
def test_the_projects_page_after_each_write(
    project, leader, staff, account_manager, client_of, committed, setup, write
):
    project.start_date = TODAY() - 10 * DAY
    project.save()
    leader.person.memberships.update(start_date=project.start_date)
    _after_write_the_page_is_live(
        client_of(account_manager),
        reverse("institutions:projects"),
        committed,
        setup,
        write,
        project,
        leader,
        staff,
    )


@pytest.mark.parametrize("name", ["institutions:people", "institutions:projects"])
def test_computed_with_nothing_kept_the_queries_do_not_grow(
    name, project, leader, account_manager, client_of
):
    """tests/quality/test_query_counts.py counts the pages as kept; here they are computed."""
    client = client_of(account_manager)
    url = reverse(name)

    def queries() -> int:
        client.get(url)  # the session's
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(5):
        other = ProjectFactory(institution=project.institution)
        person = make_user(project.institution).person
        TeamMemberFactory(project=other, person=person, role=Role.LEADER, start_date=TODAY())
        TeamMemberFactory(project=project, person=person, role=Role.RESEARCHER, start_date=TODAY())
    assert queries() == one
