"""Any page number answers with a page (issue 14, item 7): never a 500, on SQLite and PostgreSQL.

A number past the end shows the last page, anything that is not a page number the first, as
Django's ``Paginator.get_page`` does. Named pages first (Projecten, Geschiedenis), then every
page of the URL walk that a project leader can open, asked for absurd page numbers.
"""

import pytest
from django.urls import reverse

from portal.audit import record
from tests.quality.conftest import sign_in
from tests.quality.discovery import routes

pytestmark = pytest.mark.django_db

NONSENSE = [
    "922337203685477580",  # times the page size it is past a 64-bit integer
    "9223372036854775808",
    "9" * 40,
    "-1",
    "0",
    "-922337203685477580",
    "abc",
    "1e3",
    "2.5",
    "",
    "%00",
]


@pytest.mark.parametrize("value", NONSENSE)
def test_projects_list_answers_any_page_number(client, leader, project, value):
    sign_in(client, leader)
    response = client.get(reverse("projects:list"), {"page": value})
    assert response.status_code == 200
    assert project.title in response.content.decode()


@pytest.mark.parametrize("value", NONSENSE)
def test_history_answers_any_page_number(client, leader, project, value):
    record(verb="test.event", by=leader, target=project, project=project, description="Iets")
    sign_in(client, leader)
    response = client.get(reverse("projects:history", args=[project.number]), {"page": value})
    assert response.status_code == 200
    assert "Iets" in response.content.decode()


def test_every_page_answers_absurd_page_numbers(client, leader, project):
    sign_in(client, leader)
    own = {"number": project.number, "project_number": project.number}
    asked = 0
    for route in routes():
        if route.name is None or route.is_admin or any(p not in own for p in route.params):
            continue
        url = reverse(route.name, kwargs={p: own[p] for p in route.params})
        if client.get(url).status_code != 200:
            continue
        for value in ("922337203685477580", "-922337203685477580", "x"):
            response = client.get(url, {"page": value, "p": value})
            assert response.status_code < 500, f"{route.name}?page={value}"
        asked += 1
    assert asked >= 10, "the URL walk found too few pages: the discovery is broken"
