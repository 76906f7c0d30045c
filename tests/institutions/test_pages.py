"""Mijn instelling: the account manager's pages, nobody else's."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConfidentialityStatus
from projects.models import Role, Status
from tests.factories import (
    AttemptFactory,
    PersonFactory,
    ProjectFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ["overview", "people", "people_csv", "projects", "api_tokens", "api_docs"]
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize("name", PAGES)
def test_only_account_managers_open_the_pages(client_of, client, name, account_manager, leader):
    url = reverse(f"institutions:{name}")
    assert client_of(account_manager).get(url).status_code == 200
    assert client_of(leader).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_menu_item_only_for_account_managers(client_of, account_manager, leader):
    url = reverse("institutions:overview")
    assert url in client_of(account_manager).get(reverse("portal:home")).content.decode()
    assert url not in client_of(leader).get(reverse("portal:home")).content.decode()


def test_overview_shows_authorization_managers_and_signatories(
    client_of, account_manager, institution, signatory
):
    institution.authorization_end = TODAY() + 200 * DAY
    institution.save()
    text = client_of(account_manager).get(reverse("institutions:overview")).content.decode()
    assert institution.authorization_end.strftime("%d-%m-%Y") in text
    assert account_manager.person.full_name in text
    assert signatory.person.full_name in text
    # The reminder days come from the reminder kind "authorization": 91 and 30 days before.
    assert (institution.authorization_end - 91 * DAY).strftime("%d-%m-%Y") in text


def test_people_show_lapses_and_readiness_and_filter(
    client_of, account_manager, researcher, project, other_institution
):
    person = researcher.person
    person.rsa_token_expires = TODAY() + 20 * DAY
    person.rsa_token_id = "123"
    person.pid_code = "PID1"
    person.save()
    steady = PersonFactory(institution=project.institution, last_name="Zonderzorgen")
    stranger = PersonFactory(institution=other_institution, last_name="Vreemdeling")
    client = client_of(account_manager)
    text = client.get(reverse("institutions:people")).content.decode()
    assert person.last_name in text and steady.last_name in text
    assert stranger.last_name not in text
    assert (TODAY() + 20 * DAY).strftime("%d-%m-%Y") in text
    lapsing = client.get(reverse("institutions:people"), {"filter": "lapsing"}).content.decode()
    assert person.last_name in lapsing and steady.last_name not in lapsing
    not_ready = client.get(reverse("institutions:people"), {"filter": "not_ready"}).content
    assert person.last_name in not_ready.decode()  # a researcher without declarations
    assert steady.last_name not in not_ready.decode()  # not in the RA at all


def test_people_figures_come_from_the_rules(account_manager, researcher, project):
    """The people list agrees with Mijn gegevens' definitions for the same person."""
    from awareness.services import awareness_status
    from institutions.standing import people_standing
    from projects.readiness import person_readiness

    AttemptFactory(person=researcher.person, passed=True, valid_until=TODAY() + 40 * DAY,
                   submitted_at=timezone.now())  # fmt: skip
    row = next(
        r for r in people_standing(project.institution) if r.person.pk == researcher.person_id
    )
    assert row.awareness_valid_until == awareness_status(researcher.person)["valid_until"]
    own = person_readiness(researcher.person)
    assert [s.key for s in row.readiness.missing] == [s.key for s in own.missing]


def test_csv_exports_what_is_shown(client_of, account_manager, researcher, project):
    researcher.person.rsa_token_expires = TODAY() + 10 * DAY
    researcher.person.save()
    PersonFactory(institution=project.institution, first_name="=1+1", last_name="Formule")
    response = client_of(account_manager).get(
        reverse("institutions:people_csv"), {"filter": "lapsing"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [researcher.person.full_name]
    everybody = client_of(account_manager).get(reverse("institutions:people_csv")).content
    names = [row[0] for row in csv.reader(io.StringIO(everybody.decode()), delimiter=";")]
    assert "'=1+1 Formule" in names  # a spreadsheet does not run it as a formula


def test_people_are_paginated_and_sorted(client_of, account_manager, institution):
    for n in range(30):
        PersonFactory(institution=institution, last_name=f"Persoon{n:02d}")
    client = client_of(account_manager)
    first = client.get(reverse("institutions:people")).content.decode()
    second = client.get(reverse("institutions:people"), {"page": 2}).content.decode()
    assert "Persoon00" in first and "Persoon29" not in first
    assert "Persoon29" in second
    late = PersonFactory(institution=institution, last_name="Aaaeerst", rsa_token_expires=TODAY())
    by_lapse = client.get(reverse("institutions:people"), {"sort": "lapse"}).content.decode()
    assert by_lapse.index(late.last_name) < by_lapse.index("Persoon00")


def test_projects_by_phase_with_leader_and_who_is_to_act(
    client_of, account_manager, project, leader, other_project
):
    running = ProjectFactory(institution=project.institution, status=Status.RUNNING)
    TeamMemberFactory(project=running, role=Role.LEADER)
    ProjectFactory(institution=project.institution, status=Status.CLOSED, title="Gesloten oud")
    text = client_of(account_manager).get(reverse("institutions:projects")).content.decode()
    assert text.index(str(project.number)) < text.index(str(running.number))  # phase 1 first
    assert leader.person.full_name in text
    assert other_project.title not in text and "Gesloten oud" not in text
    assert reverse("projects:detail", args=[project.number]) in text
    # Who is to act: the leader in Oriëntatie (projects.timeline.whose_turn).
    assert "projectleider" in text


def test_account_manager_reads_the_project_page(client_of, account_manager, project):
    """What an account manager may open of a project they are not on: the page, read-only."""
    response = client_of(account_manager).get(reverse("projects:detail", args=[project.number]))
    assert response.status_code == 200


def test_confidentiality_expired_shown(client_of, account_manager, researcher):
    from accounts.models import ConfidentialityDeclaration

    ConfidentialityDeclaration.objects.create(
        person=researcher.person,
        document="declarations/x.pdf",
        status=ConfidentialityStatus.APPROVED,
        valid_until=TODAY() - DAY,
    )
    text = client_of(account_manager).get(reverse("institutions:people")).content.decode()
    assert (TODAY() - DAY).strftime("%d-%m-%Y") in text
