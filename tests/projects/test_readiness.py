"""Remote Access readiness and who works in the RA: one definition each (projects.readiness),
Mijn gegevens, the team table and its queries, and the places that ask them agreeing."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Person,
    UserDeclarationSignature,
    UserDeclarationText,
)
from agreements.services import _needs_confidentiality
from awareness.models import Attempt
from changes.readiness import missing_kinds
from projects.models import Role
from projects.readiness import (
    person_readiness,
    ra_members,
    ra_persons,
    ra_readiness,
    researchers_not_ready,
    team_readiness,
)
from projects.registry import readiness_steps
from requests_inbox.models import ActionKind, CostOverview, TariffKind
from requests_inbox.services import cost_overview_propose_lines
from tests.factories import (
    ActionFactory,
    AwarenessTestFactory,
    PersonFactory,
    TariffFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def make_ready(person, *, token_expires=None):
    text, _ = UserDeclarationText.objects.get_or_create(version=1, defaults={"text": "Tekst"})
    UserDeclarationSignature.objects.create(
        person=person, text_version=text, signed_name=person.full_name, text_hash=text.text_hash
    )
    ConfidentialityDeclaration.objects.create(
        person=person,
        status=ConfidentialityStatus.APPROVED,
        valid_until=TODAY + datetime.timedelta(days=30),
    )
    Attempt.objects.create(
        test=AwarenessTestFactory(),
        person=person,
        submitted_at=timezone.now(),
        passed=True,
        valid_until=TODAY + datetime.timedelta(days=30),
    )
    person.pid_code = "PID1"
    person.rsa_token_id = "RSA1"
    person.rsa_token_expires = token_expires or TODAY + datetime.timedelta(days=30)
    person.save()


def test_the_steps_come_from_the_apps_that_own_them():
    assert readiness_steps.keys() == [
        "user_declaration",  # projects, from accounts' declarations
        "confidentiality",
        "awareness",  # the awareness app
        "pid_code",  # CBS
        "rsa_token",
    ]


def test_nothing_done_lists_every_step_with_links_to_open_actions(researcher):
    person = researcher.person
    UserDeclarationText.objects.create(version=1, text="Tekst")
    action = ActionFactory(person=person, kind=ActionKind.CONFIDENTIALITY, status="upload_document")
    readiness = ra_readiness([person])[person.pk]
    assert not readiness.ready
    assert [s.key for s in readiness.missing] == [
        "user_declaration",
        "confidentiality",
        "awareness",
        "pid_code",
        "rsa_token",
    ]
    urls = {s.key: s.url for s in readiness.steps}
    assert urls["confidentiality"] == reverse("requests_inbox:detail", args=[action.pk])
    assert urls["awareness"] == reverse("awareness:index")
    assert urls["user_declaration"] == ""  # no open action: nothing to link
    assert urls["pid_code"] == ""  # CBS arranges it


def test_everything_done_is_ready(researcher):
    make_ready(researcher.person)
    assert ra_readiness([researcher.person])[researcher.person.pk].ready


@pytest.mark.parametrize(
    "what", ["expired_token", "expired_declaration", "unapproved", "expired_test"]
)
def test_expired_or_unapproved_is_not_ready(researcher, what):
    person = researcher.person
    make_ready(person)
    yesterday = TODAY - datetime.timedelta(days=1)
    if what == "expired_token":
        person.rsa_token_expires = yesterday
        person.save()
    elif what == "expired_declaration":
        ConfidentialityDeclaration.objects.filter(person=person).update(valid_until=yesterday)
    elif what == "unapproved":
        ConfidentialityDeclaration.objects.filter(person=person).update(
            status=ConfidentialityStatus.SUBMITTED
        )
    else:
        Attempt.objects.filter(person=person).update(valid_until=yesterday)
    assert not ra_readiness([person])[person.pk].ready


def test_who_works_in_the_ra(project, leader, signatory, viewer, researcher_plus):
    assert person_readiness(researcher_plus.person) is not None
    assert person_readiness(signatory.person) is None
    assert person_readiness(viewer.person) is None
    assert person_readiness(leader.person) is None  # a leader without RA access
    leader.person.pid_code = "PID7"
    leader.person.save()
    assert person_readiness(leader.person) is not None


def test_a_persons_readiness_reads_their_ra_fields_from_the_person(
    researcher_plus, django_assert_num_queries
):
    person = Person.objects.get(pk=researcher_plus.person.pk)
    person.rsa_token_id, person.rsa_token_expires = "T1", TODAY
    # Their memberships, then the signature, declaration, pass and open actions: not the
    # person again (the RSA token here is the one the person holds, not yet saved).
    with django_assert_num_queries(5):
        readiness = person_readiness(person)
    assert {step.key: step.done for step in readiness.steps}["rsa_token"] is True


def test_guard_names_each_researcher_not_ready(project, researcher, researcher_plus):
    make_ready(researcher_plus.person)
    missing = researchers_not_ready(project)
    assert len(missing) == 1 and researcher.person.full_name in missing[0]


def test_my_details_shows_what_is_left_to_do(client_of, researcher):
    text = client_of(researcher).get(reverse("accounts:my_details")).content.decode()
    assert "Wat moet ik nog doen om in de Remote Access-omgeving te kunnen werken?" in text
    assert "Gebruikersverklaring ondertekend" in text and "CBS regelt dit" in text
    text = client_of(researcher).get("/en" + reverse("accounts:my_details")).content.decode()
    assert "What do I still have to do to work in the Remote Access environment?" in text


def test_my_details_says_ready(client_of, researcher):
    make_ready(researcher.person)
    text = client_of(researcher).get(reverse("accounts:my_details")).content.decode()
    assert "Niets: je bent klaar om in de Remote Access-omgeving te werken." in text


def test_my_details_of_a_viewer_has_no_readiness(client_of, viewer):
    text = client_of(viewer).get(reverse("accounts:my_details")).content.decode()
    assert "Remote Access-omgeving te kunnen werken" not in text


def test_team_table_column_for_the_leader_only(client_of, project, leader, researcher, viewer):
    make_ready(researcher.person)
    url = reverse("projects:detail", args=[project.number])
    text = client_of(leader).get(url).content.decode()
    assert "RA gereed" in text
    assert '<span class="cbs-visually-hidden">Gereed</span>' in text
    assert "Werkt niet in de RA" in text
    assert "RA gereed" not in client_of(researcher).get(url).content.decode()


def test_team_table_queries_do_not_grow(client_of, project, leader):
    client = client_of(leader)
    url = reverse("projects:detail", args=[project.number])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    TeamMemberFactory(project=project, role=Role.RESEARCHER)
    one = count()
    for _ in range(12):
        member = TeamMemberFactory(project=project, role=Role.RESEARCHER_PLUS)
        make_ready(PersonFactory._meta.model.objects.get(pk=member.person_id))
    assert count() == one


def _text(version, *, days_ago=0):
    return UserDeclarationText.objects.create(
        version=version,
        text=f"Tekst {version}",
        published_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_the_declaration_signed_must_be_the_current_text(project, researcher):
    """An older text signed is not enough; a Geheimhoudingsverklaring without end date does not
    expire. The readiness (Mijn gegevens, the guard) and the actions a running project asks for
    a new researcher (changes) agree."""
    person = researcher.person
    make_ready(person)  # signs version 1, a declaration valid 30 days
    ConfidentialityDeclaration.objects.filter(person=person).update(valid_until=None)
    assert ra_readiness([person])[person.pk].ready
    assert missing_kinds(person) == []
    _text(2)
    readiness = ra_readiness([person])[person.pk]
    assert [step.key for step in readiness.missing] == ["user_declaration"]
    assert missing_kinds(person) == [ActionKind.USER_DECLARATION]
    assert researcher.person.full_name in researchers_not_ready(project)[0]


def test_a_declaration_without_end_date_counts_at_countersigning(project, researcher):
    """The countersigning asks a Geheimhoudingsverklaring of who lacks one: not of a person whose
    approved declaration has no end date (the readiness says it is current)."""
    person = researcher.person
    ConfidentialityDeclaration.objects.create(
        person=person, status=ConfidentialityStatus.APPROVED, valid_until=None
    )
    assert {s.key: s.done for s in ra_readiness([person])[person.pk].steps}["confidentiality"]
    assert person not in _needs_confidentiality(project, today=TODAY)
    ConfidentialityDeclaration.objects.filter(person=person).update(
        valid_until=TODAY - datetime.timedelta(days=1)
    )
    assert person in _needs_confidentiality(project, today=TODAY)


def test_who_works_in_the_ra_is_the_same_everywhere(project, leader, researcher, viewer, staff):
    """Mijn gegevens, the team table, the awareness test's reminders and the cost overview's
    researchers ask one definition: a researcher without a PID code works in the RA (and must
    pass the awareness test), a leader only with RA access of their own."""
    TariffFactory(description="Onderzoeker", kind=TariffKind.RESEARCHER, unit_price="140.00")
    team = list(project.team.select_related("person"))

    def places(person):
        member = next(m for m in team if m.person_id == person.pk)
        return {
            "my_details": person_readiness(person) is not None,
            "team_table": member.pk in team_readiness(team),
            "awareness": ra_persons().filter(pk=person.pk).exists(),
            "cost_overview": ra_members(project).filter(person=person).exists(),
        }

    def researchers_priced():
        overview = CostOverview.objects.create(project=project)
        cost_overview_propose_lines(overview=overview, by=staff)
        line = overview.lines.get(kind=TariffKind.RESEARCHER)
        overview.delete()
        return int(line.quantity)

    assert set(places(researcher.person).values()) == {True}
    assert set(places(leader.person).values()) == {False}
    assert set(places(viewer.person).values()) == {False}
    assert researchers_priced() == 1
    leader.person.pid_code = "PID7"
    leader.person.save(update_fields=["pid_code"])
    team = list(project.team.select_related("person"))
    assert set(places(leader.person).values()) == {True}
    assert researchers_priced() == 2
