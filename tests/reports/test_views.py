"""Rapportages in the back office: who may see it, the filters, the charts' SVG and the CSV."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.series import SERIES, Filters
from tests.factories import (
    InstitutionFactory,
    OutputCheckFactory,
    ProjectFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGE = "admin:reports_report_changelist"


def page_url(**query) -> str:
    url = reverse(PAGE)
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_staff_sees_every_chart_with_its_table_and_links(client_of, staff):
    response = client_of(staff).get(reverse(PAGE))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rapportages" in html
    for key in SERIES:
        svg = reverse("admin:reports_report_chart", args=[key])
        assert f'<img src="{svg}"' in html
        assert f'href="{reverse("admin:reports_report_csv", args=[key])}"' in html
    assert html.count(": de cijfers") == len(SERIES)
    assert "<script>" not in html and 'style="' not in html


def test_the_page_is_in_the_admins_navigation(client_of, staff):
    html = client_of(staff).get(reverse("admin:index")).content.decode()
    assert f'href="{reverse(PAGE)}"' in html


def test_read_only_staff_may_look(client_of, readonly_staff):
    assert client_of(readonly_staff).get(reverse(PAGE)).status_code == 200


def test_staff_without_the_permission_is_refused(client_of):
    user = UserFactory(person=None, is_staff=True, email="zonder@cbs.nl")
    user.user_permissions.set(Permission.objects.filter(codename="view_project"))
    client = client_of(user)
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(reverse("admin:reports_report_chart", args=["on-time"])).status_code == 403
    assert client.get(reverse("admin:reports_report_csv", args=["on-time"])).status_code == 403


def test_customers_and_anonymous_get_the_admin_login(client, client_of, leader):
    for who in (client, client_of(leader)):
        for url in (
            reverse(PAGE),
            reverse("admin:reports_report_chart", args=["on-time"]),
            reverse("admin:reports_report_csv", args=["on-time"]),
        ):
            response = who.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))


def test_wrong_method_and_unknown_chart(client_of, staff):
    client = client_of(staff)
    assert client.post(reverse(PAGE)).status_code == 405
    assert client.get(reverse("admin:reports_report_chart", args=["bestaat-niet"])).status_code == (
        404
    )
    assert client.get(reverse("admin:reports_report_csv", args=["bestaat-niet"])).status_code == 404


def test_a_wrong_period_answers_400_with_the_message_beside_the_field(client_of, staff):
    response = client_of(staff).get(page_url(start="2026-05-01", end="2026-01-31"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kies een dag na het begin van de periode." in html
    assert 'value="2026-05-01"' in html and 'value="2026-01-31"' in html
    assert "<img" not in html
    garbage = client_of(staff).get(page_url(start="gisteren"))
    assert garbage.status_code == 400 and 'value="gisteren"' in garbage.content.decode()
    future = timezone.localdate() + datetime.timedelta(days=40)
    assert client_of(staff).get(page_url(end=future.isoformat())).status_code == 400
    assert client_of(staff).get(page_url(start="2000-01-01")).status_code == 400
    assert (
        client_of(staff)
        .get(reverse("admin:reports_report_csv", args=["on-time"]) + "?start=gisteren")
        .status_code
        == 404
    )


def test_the_filters_reach_the_charts_and_the_csv(client_of, staff):
    mine = InstitutionFactory(name="Mijn instelling")
    TeamMemberFactory(project=ProjectFactory(institution=mine, status="running"))
    TeamMemberFactory(project=ProjectFactory(status="running"))
    query = {"start": "2025-01-01", "end": "2025-12-31", "institution": mine.pk}
    client = client_of(staff)
    html = client.get(page_url(**query)).content.decode()
    csv_url = reverse("admin:reports_report_csv", args=["researchers"])
    assert f"{csv_url}?start=2025-01-01&amp;end=2025-12-31&amp;institution={mine.pk}" in html
    answer = client.get(csv_url, query)
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows == [["Instelling", "Onderzoekers"], ["Mijn instelling", "1"]]


def test_the_csv_has_the_same_numbers_as_the_table(client_of, staff):
    today = timezone.localdate()
    OutputCheckFactory()
    answer = client_of(staff).get(reverse("admin:reports_report_csv", args=["overdue-now"]))
    assert answer["Content-Type"].startswith("text/csv")
    assert 'filename="overdue-now.csv"' in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    series = SERIES["overdue-now"](Filters(today.replace(day=1), today))
    assert rows[0] == [series.label, *series.columns]
    assert rows[1:] == [[str(value) for value in row] for row in series.rows]


def test_the_chart_is_an_svg_with_title_and_conclusion_and_no_script(client_of, staff):
    response = client_of(staff).get(reverse("admin:reports_report_chart", args=["phases-now"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="chart-title">Projecten per fase nu</title>' in svg
    assert '<desc id="chart-desc">' in svg
    assert "<script" not in svg and "kozea.github.io" not in svg
    # pygal's inline <style> may apply in the image's own response, nothing else may load.
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy
    assert "script-src" not in policy
    page = client_of(staff).get(reverse(PAGE))
    assert "unsafe-inline" not in page["Content-Security-Policy"]


def test_the_page_in_english(client_of, staff):
    from django.utils import translation

    with translation.override("en"):
        url = reverse(PAGE)
    html = client_of(staff).get(url).content.decode()
    assert url.startswith("/en/")
    assert "Lead times from submission to running" in html and "Doorlooptijden" not in html


def _page_queries(client) -> int:
    client.get(reverse(PAGE))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(PAGE)).status_code == 200
    return len(queries)


def test_the_page_does_as_many_queries_with_more_data(client_of, staff):
    """The query-count gate's pattern: one of everything, then fifty."""
    client = client_of(staff)

    def grow(count):
        for _ in range(count):
            institution = InstitutionFactory()
            project = ProjectFactory(institution=institution, status="running")
            TeamMemberFactory(project=project)
            OutputCheckFactory(project=project)

    grow(1)
    small = _page_queries(client)
    grow(49)
    assert _page_queries(client) == small
