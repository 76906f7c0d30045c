"""A project's change page keeps its table of bijlagen (under the Projectkaart's stamps), its
history (until an event about the project is recorded) and the CBS staff to choose as its
contact (until a login, person or institution is written): read again without their queries,
and after each write that changes what they show, the next visit shows it.

Writes run inside ``committed`` (tests/conftest.py): what is kept is forgotten on commit."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.audit import record
from portal.models import Event
from projects import services
from projects.models import Bijlage, Role, TeamMember
from tests.conftest import make_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def _field(text: str, name: str) -> str:
    return text.split(f"field-{name}")[1].split("</table>")[0]


def test_the_second_visit_reads_no_bijlagen_events_or_staff(project, staff, client_of):
    client = client_of(staff)
    client.get(_url(project))  # the session's and the process's first reads
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        shown = client.get(_url(project)).content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(_url(project)).content.decode()
    for table in ["projects_bijlage", "portal_event"]:
        assert any(f'FROM "{table}"' in q["sql"] for q in first.captured_queries), table
        assert not any(f'FROM "{table}"' in q["sql"] for q in second.captured_queries), table
    # ... nor the CBS staff to choose from (a query of the logins by name).
    staff_query = 'ORDER BY "accounts_person"."last_name"'
    assert any(staff_query in q["sql"] for q in first.captured_queries)
    assert not any(staff_query in q["sql"] for q in second.captured_queries)
    assert len(second) == len(first) - 3
    assert _field(again, "bijlagen") == _field(shown, "bijlagen")
    assert _field(again, "history") == _field(shown, "history")


def test_the_tables_in_each_language(project, staff, client_of):
    client = client_of(staff)
    dutch, english = _url(project), "/en" + _url(project)
    assert "Onderwerp" in _field(client.get(dutch).content.decode(), "bijlagen")
    assert "Subject" in _field(client.get(english).content.decode(), "bijlagen")
    assert "Onderwerp" in _field(client.get(dutch).content.decode(), "bijlagen")


def test_a_bijlage_saved_is_shown(project, leader, staff, client_of, committed):
    client = client_of(staff)
    before = client.get(_url(project)).content.decode()
    bijlage = Bijlage.objects.get(project=project, kind=1)
    with committed():
        services.bijlage_save(  # a bulk update with an optimistic lock: no post_save
            bijlage=bijlage,
            by=leader,
            sections={"goal": "<p>Armoede onder jongeren meten</p>"},
            version=bijlage.version,
        )
    assert "Armoede onder jongeren meten" not in before
    table = _field(client.get(_url(project)).content.decode(), "bijlagen")
    assert "Armoede onder jongeren meten" in table
    assert "Bakker" in table  # who changed it last


def test_the_last_editor_renamed_after_leaving_the_team(
    project, leader, staff, client_of, committed
):
    """The table names a bijlage's last editor, on the team or not any more."""
    editor = make_user(project.institution, last_name="Vermeulen")
    member = TeamMember.objects.create(
        project=project, person=editor.person, role=Role.RESEARCHER, start_date=project.start_date
    )
    bijlage = Bijlage.objects.get(project=project, kind=1)
    with committed():
        services.bijlage_save(
            bijlage=bijlage, by=editor, sections={"goal": "<p>Doel</p>"}, version=bijlage.version
        )
        services.team_member_remove(member=member, by=leader)
    client = client_of(staff)
    assert "Vermeulen" in _field(client.get(_url(project)).content.decode(), "bijlagen")
    with committed():
        editor.person.last_name = "Verhoeven"
        editor.person.save()  # as the back office's ModelAdmin saves it
    table = _field(client.get(_url(project)).content.decode(), "bijlagen")
    assert "Verhoeven" in table and "Vermeulen" not in table


def test_an_event_recorded_is_shown(project, staff, client_of, committed):
    client = client_of(staff)
    client.get(_url(project))
    with committed():
        record(verb="project.note", by=staff, target=project, project=project, reason="Gebeld")
    assert "Gebeld" in _field(client.get(_url(project)).content.decode(), "history")


def test_a_redaction_is_shown(project, staff, client_of, committed):
    with committed():
        record(verb="project.note", by=staff, target=project, project=project, reason="Gebeld")
    client = client_of(staff)
    assert "Gebeld" in _field(client.get(_url(project)).content.decode(), "history")
    with committed():
        Event.objects.filter(project=project).redact()  # retention (portal.privacy)
    assert "Gebeld" not in _field(client.get(_url(project)).content.decode(), "history")


def _contacts(client, project) -> str:
    return (
        client.get(_url(project))
        .content.decode()
        .split('name="cbs_contact"')[1]
        .split("</select>")[0]
    )


def test_the_cbs_staff_to_choose_follow_their_writes(project, staff, client_of, committed):
    client = client_of(staff)
    assert "medewerker@cbs.nl" in _contacts(client, project)
    with committed():
        joined = UserFactory(person=None, is_staff=True, email="nieuw@cbs.nl")
    assert "nieuw@cbs.nl" in _contacts(client, project)
    with committed():
        joined.email = "anders@cbs.nl"
        joined.save()
    shown = _contacts(client, project)
    assert "anders@cbs.nl" in shown and "nieuw@cbs.nl" not in shown
    with committed():
        joined.is_active = False
        joined.save()
    assert "anders@cbs.nl" not in _contacts(client, project)


def test_a_contact_chosen_is_checked_against_the_staff(project, staff, client_of):
    """The choices shown are kept; what is posted is checked against the queryset."""
    outsider = UserFactory(person=None, is_staff=False, email="buiten@example.org")
    data = {
        "title": project.title,
        "reference_number": "",
        "cbs_contact": outsider.pk,
        "start_date": project.start_date.strftime("%d-%m-%Y"),
        "end_date": project.end_date.strftime("%d-%m-%Y"),
    }
    response = client_of(staff).post(_url(project), data)
    assert response.status_code == 200  # the form again, with the error beside the field
    assert response.context["adminform"].form.errors["cbs_contact"]
    project.refresh_from_db()
    assert project.cbs_contact_id is None
