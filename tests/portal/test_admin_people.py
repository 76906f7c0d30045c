"""People in the back office by name and institution, not by login address (issue 20): one
definition (``User.__str__`` is the person's text), every list that shows a login reading the
person and institution in its own query, and allauth's messages still naming the login."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from accounts.adapters import login_display
from portal.staff import OWN_APPS
from tests.factories import InstitutionFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _staff_member(email="j.visser@cbs.nl", **person):
    cbs = InstitutionFactory(name="CBS", is_cbs=True)
    return UserFactory(person__institution=cbs, is_staff=True, email=email, **person)


def test_a_login_is_named_by_its_person_and_institution():
    user = _staff_member(person__first_name="Jan", person__last_name="Visser")
    assert str(user) == "CBS - Jan Visser"
    assert str(UserFactory(person=None, email="beheer@cbs.nl")) == "beheer@cbs.nl"
    # allauth ("Je bent ingelogd als …") keeps the login address.
    assert login_display(user) == "j.visser@cbs.nl"


def test_the_project_list_shows_the_cbs_contact_by_name(client_of, staff):
    contact = _staff_member(person__first_name="Jan", person__last_name="Visser")
    ProjectFactory(cbs_contact=contact)
    page = client_of(staff).get(reverse("admin:projects_project_changelist")).content.decode()
    assert "CBS - Jan Visser" in page
    assert "j.visser@cbs.nl" not in page


def test_the_staff_to_choose_from_are_named_in_one_query(django_assert_num_queries):
    for number in range(3):
        _staff_member(person__last_name=f"Visser{number}", email=f"s{number}@cbs.nl")
    with django_assert_num_queries(1):
        names = [str(user) for user in get_user_model().objects.cbs_staff()]
    assert [name.split()[-1] for name in names] == ["Visser0", "Visser1", "Visser2"]
    assert all(name.startswith("CBS - ") for name in names)


def _login_columns(model_admin) -> list[str]:
    user_model = get_user_model()
    columns = []
    fields = {field.name: field for field in model_admin.model._meta.get_fields()}
    for name in model_admin.list_display:
        field = fields.get(name)  # None: a method or callable column
        if isinstance(field, models.ForeignKey) and field.related_model is user_model:
            columns.append(name)
    return columns


# Read for the rows of the page after it is cut, with the person and institution in one query
# (a prefetch), instead of joined to every matching row: projects.admin.ProjectChangeList
# (tests/projects/test_admin.py shows each row's contact in a constant number of queries).
READ_AFTER_THE_PAGE = {"projects.Project.cbs_contact"}


def test_every_list_showing_a_login_reads_its_person_and_institution_with_it():
    """A login column renders ``str(user)``, which reads the person and its institution: without
    them in ``list_select_related`` a list of 50 rows costs 100 queries more."""
    missing = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OWN_APPS:
            continue
        chosen = model_admin.list_select_related
        for column in _login_columns(model_admin):
            if f"{model._meta.label}.{column}" in READ_AFTER_THE_PAGE:
                continue
            if (
                not isinstance(chosen, list | tuple)
                or f"{column}__person__institution" not in chosen
            ):
                missing.append(f"{model._meta.label}.{column}")
    assert not missing, f"login columns without their person and institution: {missing}"


def test_the_sessions_list_searches_by_login_address(client_of, staff):
    """allauth's own sessions admin searched a ``username`` field our logins do not have."""
    url = reverse("admin:usersessions_usersession_changelist")
    response = client_of(staff).get(url, {"q": "medewerker@cbs.nl"})
    assert response.status_code == 200
