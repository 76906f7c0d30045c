"""A project is loaded for a person one way (projects.views.common.get_project_for): the project
pages, its Berichten and its change requests answer others 404 alike and show the same
breadcrumbs."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _pages(project):
    return [
        reverse("projects:detail", args=[project.number]),
        reverse("messaging:project", args=[project.number]),
        reverse("changes:change_new", args=[project.number]),
        reverse("changes:output_new", args=[project.number]),
    ]


def test_others_get_404_on_every_page_of_a_project(project, outsider, client_of):
    client = client_of(outsider)
    assert [client.get(url).status_code for url in _pages(project)] == [404] * 4


def test_the_breadcrumbs_lead_back_to_the_project_the_same_way(running, leader, client_of):
    client = client_of(leader)
    detail = reverse("projects:detail", args=[running.number])
    for url in _pages(running)[1:]:
        response = client.get(url)
        assert response.status_code == 200, url
        crumbs = response.context["crumbs"]
        assert crumbs[:2] == [
            ("Projecten", reverse("projects:list")),
            ("Project (Externe projectleider)", detail),
        ], url
