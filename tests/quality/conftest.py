"""Fixtures of the quality gates: somebody else's world, and the kinds of people who probe it.

``victim`` is a person at an institution none of the probing people belong to, with a project,
an action, and a row with primary key ``VICTIM_PK`` in every table of our apps and of the admin
(built generically, so models added later get one too). ``neighbour_project`` is a project at
the researcher's own institution that the researcher is not on. Private texts of both carry the
markers ``LEAK_MARKERS`` (a marker and the victim's email): they must never appear on a page
of somebody who is not staff.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from accounts.models import Institution, Person, User
from portal.staff import EDITOR_GROUP, READONLY_GROUP
from projects.models import Project, Role
from tests.factories import (
    ActionFactory,
    InstitutionFactory,
    PersonFactory,
    ProjectFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.quality.discovery import VICTIM_PK, admin_models, build_instance, own_models

# Never found in random tokens (CSRF, session keys, nonces are ASCII letters, digits, - and _).
LEAK_MARKER = "Zqü9"
VICTIM_EMAIL = "vera.zq9@victim.example.nl"
LEAK_MARKERS = (LEAK_MARKER, VICTIM_EMAIL)


@dataclass
class VictimWorld:
    institution: Institution
    person: Person
    user: User
    project: Project
    neighbour_project: Project
    action: object
    anchors: dict


@pytest.fixture
def victim(db, institution) -> VictimWorld:
    victim_institution = InstitutionFactory(pk=VICTIM_PK, name="Slachtoffer Instituut")
    person = PersonFactory(
        pk=VICTIM_PK,
        institution=victim_institution,
        first_name="Vera",
        last_name=f"{LEAK_MARKER}geheimhouder",
        email=VICTIM_EMAIL,
    )
    user = UserFactory(pk=VICTIM_PK, person=person, email=VICTIM_EMAIL)
    project = ProjectFactory(
        pk=VICTIM_PK,
        number=90909,
        institution=victim_institution,
        title=f"{LEAK_MARKER} geheim onderzoek",
    )
    # A leader with RA access of the project's own, so the RA readiness list shows the row too.
    TeamMemberFactory(
        pk=VICTIM_PK, project=project, person=person, role=Role.LEADER, ossc_access=True
    )
    neighbour = ProjectFactory(
        number=90910, institution=institution, title=f"{LEAK_MARKER} buurproject"
    )
    TeamMemberFactory(project=neighbour, person=PersonFactory(institution=institution))
    action = ActionFactory(
        pk=VICTIM_PK,
        person=person,
        project=project,
        subject=f"{LEAK_MARKER} geheime actie",
        body=f"{LEAK_MARKER} geheime toelichting",
    )
    anchors = {Institution: victim_institution, Person: person, User: user, Project: project}
    for model in [*own_models(), *admin_models()]:
        try:
            build_instance(model, pk=VICTIM_PK, anchors=anchors)
        except Exception as exc:
            raise AssertionError(
                f"Could not build a victim {model._meta.label}: add a factory for it in "
                f"tests/factories/ (the generic builder failed: {exc})"
            ) from exc
    return VictimWorld(victim_institution, person, user, project, neighbour, action, anchors)


def staff_in_group(group_name: str, email: str) -> User:
    user = UserFactory(person=None, is_staff=True, email=email)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff_member(db):
    """CBS staff through the "Microdata medewerker" group (not hand-given permissions)."""
    return staff_in_group(EDITOR_GROUP, "medewerker.groep@cbs.nl")


@pytest.fixture
def readonly_member(db):
    """CBS staff through the "Alleen lezen" group."""
    return staff_in_group(READONLY_GROUP, "alleenlezen.groep@cbs.nl")


PERSONAS = [
    "anonymous",
    "researcher",
    "outsider",  # leader of another project, at another institution
    "other_account_manager",  # account manager of another institution
    "staff_member",
    "readonly_member",
]


@pytest.fixture
def persona(request):
    """The user of the persona named by indirect parametrization (None for anonymous)."""
    if request.param == "anonymous":
        return None
    return request.getfixturevalue(request.param)


def sign_in(client, user) -> None:
    """force_login, plus a fresh password authentication in allauth's records, so that views
    asking to re-authenticate first (MFA, email) are reached and checked too."""
    import time

    from allauth.account.internal.flows import login as allauth_login

    client.force_login(user)
    session = client.session
    session[allauth_login.AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session[allauth_login._AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
