"""Rapportages' series and charts are kept until a write changes what they count
(``reports.keep``): after each kind of write that changes a figure, what the page shows (kept)
is what the series count now (live), and it did change; without the forgetting it would not be;
another day counts again.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit. The same
write outside it is a write whose forgetting never happens."""

import datetime
import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.services import confidentiality_approve, confidentiality_declaration_upload
from changes.models import ChangeStatus, OutputCheck, OutputStatus
from changes.services import change_request_reject, output_check_decide
from messaging.services import cbs_reply, question_ask
from portal.audit import record
from portal.models import ServiceLevel
from projects import services as project_services
from projects.models import Project, Role, Status
from projects.services_closure import project_close
from reports.charts import render
from reports.forms import FilterForm
from reports.keep import kept_series
from reports.series import READS, SERIES, Filters, lapsing
from tests.conftest import make_user
from tests.factories import (
    AttemptFactory,
    AwarenessTestFactory,
    ChangeRequestFactory,
    InstitutionFactory,
    OutputCheckFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
KEPT = {key: function for key, function in SERIES.items() if key in READS}


def today():
    return timezone.localdate()


def filters(on=None) -> Filters:
    form = FilterForm({}, today=on)
    assert form.is_valid()
    return form.filters()


def kept_figures(on=None) -> dict:
    return {key: kept_series(function, filters(on)) for key, function in KEPT.items()}


def live_figures(on=None) -> dict:
    return {key: function(filters(on)) for key, function in KEPT.items()}


def kept_is_live(*, on=None, before=None) -> dict:
    """What the page shows (kept) is what the series count now, and differs from ``before``.
    Returns it, for the next step."""
    kept = kept_figures(on)
    assert kept == live_figures(on)
    if before is not None:
        assert kept != before
    return kept


def set_status(project, status):
    Project.objects.filter(pk=project.pk).update(status=status)
    project.status = status
    return project


# Each kind of write that changes a figure: set up (its rows before anything is kept), then the
# write (a callable).


def _project_moved(project, leader, staff):
    set_status(project, Status.IN_REVIEW)
    return lambda: project_services.project_transition(
        project=project, move="start_contract", by=staff
    )


def _project_closed(project, leader, staff):
    set_status(project, Status.RUNNING)  # the leader is an active researcher
    return lambda: project_close(project=project, by=staff)


def _team_member_added(project, leader, staff):
    set_status(project, Status.RUNNING)
    joining = make_user(project.institution)
    return lambda: project_services.team_member_add(
        project=project, by=staff, person=joining.person, role=Role.RESEARCHER, start_date=today()
    )


def _institution_renamed(project, leader, staff):
    set_status(project, Status.RUNNING)

    def write():
        project.institution.name = "Hogeschool Nieuwegein"
        project.institution.save()  # as the back office saves it

    return write


def _output_check_decided(project, leader, staff):
    set_status(project, Status.RUNNING)
    check = OutputCheckFactory(project=project, asked_by=leader, status=OutputStatus.SUBMITTED)
    return lambda: output_check_decide(output_check=check, by=staff, status=OutputStatus.RELEASED)


def _change_request_decided(project, leader, staff):
    set_status(project, Status.RUNNING)
    change = ChangeRequestFactory(project=project, asked_by=leader, status=ChangeStatus.SUBMITTED)
    return lambda: change_request_reject(change_request=change, by=staff, reason="Niet nodig.")


def _question_answered(project, leader, staff):
    thread = question_ask(by=leader, subject="Toegang", body="Wanneer kan ik erin?")
    return lambda: cbs_reply(thread=thread, by=staff, body="Morgen.")


def _service_level_changed(project, leader, staff):
    set_status(project, Status.RUNNING)
    check = OutputCheckFactory(project=project, asked_by=leader)
    asked = timezone.now() - datetime.timedelta(days=12)
    OutputCheck.objects.filter(pk=check.pk).update(
        asked_at=asked, decided_at=asked + datetime.timedelta(days=9), status=OutputStatus.RELEASED
    )
    return lambda: ServiceLevel.objects.create(kind="output_check", working_days=30)


def _awareness_test_passed(project, leader, staff):
    test = AwarenessTestFactory()
    return lambda: AttemptFactory(
        test=test, person=leader.person, submitted_at=timezone.now(), passed=True
    )


def _declaration_approved(project, leader, staff):
    declaration = confidentiality_declaration_upload(
        person=leader.person,
        by=leader,
        upload=BytesIO(PDF_BYTES),
        content_type="application/pdf",
    )
    return lambda: confidentiality_approve(
        declaration=declaration, by=staff, valid_until=today() + datetime.timedelta(days=20)
    )


def _rsa_token_saved(project, leader, staff):
    def write():
        leader.person.rsa_token_id = "RSA-9"
        leader.person.rsa_token_expires = today() + datetime.timedelta(days=5)
        leader.person.save()  # as the back office saves a person

    return write


def _person_anonymised(project, leader, staff):
    from accounts.models import Person
    from accounts.privacy import _person_anonymise

    Person.objects.filter(pk=leader.person.pk).update(
        rsa_token_id="RSA-9", rsa_token_expires=today() + datetime.timedelta(days=5)
    )
    return lambda: _person_anonymise(leader.person)  # the register's anonymising of a person


WRITES = [
    _project_moved,
    _project_closed,
    _team_member_added,
    _institution_renamed,
    _output_check_decided,
    _change_request_decided,
    _question_answered,
    _service_level_changed,
    _awareness_test_passed,
    _declaration_approved,
    _rsa_token_saved,
    _person_anonymised,
]


@pytest.mark.parametrize("setup", WRITES)
def test_after_each_write_the_kept_figures_are_the_live_ones(
    setup, project, leader, staff, committed
):
    write = setup(project, leader, staff)
    before = kept_is_live()
    with committed():
        write()
    kept_is_live(before=before)


@pytest.mark.parametrize("setup", WRITES)
def test_without_forgetting_the_kept_figures_would_be_stale(setup, project, leader, staff):
    """The test above fails when the write forgets nothing: the same write, its on_commit
    callbacks never run."""
    write = setup(project, leader, staff)
    before = kept_is_live()
    write()
    assert kept_figures() == before
    assert live_figures() != before


def test_kept_is_read_without_a_query(django_assert_num_queries):
    first = kept_figures()
    with django_assert_num_queries(0):
        assert kept_figures() == first


def test_an_event_of_no_project_keeps_them(leader, committed, django_assert_num_queries):
    first = kept_figures()
    with committed():
        record(verb="person.test", target=leader.person, person=leader.person)
    with django_assert_num_queries(0):
        assert kept_figures() == first
    assert first == live_figures()


def test_another_day_counts_again(leader, committed):
    """An RSA token that ends tomorrow ends within 90 days today; seen the day after it
    ended, it no longer does."""
    tomorrow = today() + datetime.timedelta(days=1)
    with committed():
        leader.person.rsa_token_id = "RSA-9"
        leader.person.rsa_token_expires = tomorrow
        leader.person.save()
    period = filters()
    later = Filters(period.start, period.end, today=tomorrow + datetime.timedelta(days=1))
    seen_today = kept_series(lapsing, period)
    assert seen_today == lapsing(period)
    seen_later = kept_series(lapsing, later)
    assert seen_later == lapsing(later)
    assert sum(row[2] for row in seen_today.rows) == 1
    assert sum(row[2] for row in seen_later.rows) == 0


def _chart(svg: bytes | str) -> str:
    """The SVG without pygal's random id of each drawing."""
    text = svg if isinstance(svg, str) else svg.decode()
    return re.sub(r"chart-[0-9a-f-]{36}", "chart-id", text)


def _figures_part(page: bytes) -> str:
    """The page's filters, tables and links (the frame around them has a CSRF token)."""
    html = page.decode()
    return html[html.index('<form method="get" class="reports-filters"') :]


def test_the_page_and_the_charts_show_what_is_kept(project, leader, staff, client_of, committed):
    client = client_of(staff)
    url = reverse("admin:reports_report_changelist")
    chart = reverse("admin:reports_report_chart", args=["phases-now"])
    page_before, chart_before = client.get(url).content, client.get(chart).content
    write = _project_moved(project, leader, staff)
    with committed():
        write()
    page_after, chart_after = client.get(url).content, client.get(chart).content
    assert _figures_part(page_after) != _figures_part(page_before)
    assert chart_after != chart_before
    assert _chart(chart_after) == _chart(
        render(SERIES["phases-now"](filters()), no_data=gettext("No data in this period"))
    )
    # What was kept is what the page and the chart show counted live.
    cache.clear()
    client = client_of(staff)
    assert _figures_part(client.get(url).content) == _figures_part(page_after)
    assert _chart(client.get(chart).content) == _chart(chart_after)


def test_the_filters_list_an_institution_added_or_renamed(staff, client_of, committed):
    client = client_of(staff)
    url = reverse("admin:reports_report_changelist")
    assert "Hogeschool Nieuwegein" not in client.get(url).content.decode()
    with committed():
        added = InstitutionFactory(name="Hogeschool Nieuwegein")
    assert "Hogeschool Nieuwegein" in client.get(url).content.decode()
    with committed():
        added.name = "Hogeschool Utrecht-Zuid"
        added.save()  # as the back office saves it
    page = client.get(url).content.decode()
    assert "Hogeschool Utrecht-Zuid" in page and "Hogeschool Nieuwegein" not in page
    # Not forgotten, the form would still list the old name.
    added.name = "Hogeschool Amersfoort"
    added.save()
    assert "Hogeschool Amersfoort" not in client.get(url).content.decode()
