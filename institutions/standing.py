"""Where the institution's people and projects stand, for Mijn instelling, its CSV and the API.

Every figure comes from its one definition: declarations (``accounts.declarations``), the
awareness test (``awareness.services.with_valid_until``), Remote Access readiness and who works
in the RA (``projects.readiness``), who is to act on a project (``projects.timeline``). A fixed
number of queries whatever the number of people or projects. Mijn instelling and the API read
them kept until a write of what they read (``institutions.keep``).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.declarations import (
    confidentiality_expired,
    latest_declaration_version,
    signature_outdated,
    with_declarations,
)
from accounts.models import ConfidentialityStatus, Institution, Person, User
from awareness.services import with_valid_until
from projects.models import OPEN_STATUSES, PHASE_OF_STATUS, Phase, Project, Role, Status, TeamMember
from projects.readiness import Readiness, ra_persons, ra_readiness, remote_access_of
from projects.timeline import turn_of, with_turns

# "Verloopt binnenkort" on Mijn instelling: what lapses within this many days.
LAPSE_DAYS = 90


class Place(NamedTuple):
    """A current place on a project's team, as the lists show it (kept: plain values)."""

    number: int  # the project's
    role: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class PersonStanding:
    person: Person
    portal_access: str  # "yes", "invited", "no", "left"
    signed_version: int | None
    signature_outdated: bool
    confidentiality_status: str | None
    confidentiality_valid_until: datetime.date | None
    confidentiality_expired: bool
    awareness_valid_until: datetime.date | None
    rsa_token_expires: datetime.date | None
    readiness: Readiness | None  # None: does not work in the RA
    memberships: list[Place] = field(default_factory=list)  # by project number
    lapses: list = field(default_factory=list)  # [(what, date)] within LAPSE_DAYS, soonest first

    @property
    def ready(self) -> bool | None:
        return None if self.readiness is None else self.readiness.ready

    @property
    def next_lapse(self) -> datetime.date | None:
        return self.lapses[0][1] if self.lapses else None


# What lapses, as the people list and its CSV name it.
LAPSE_CONFIDENTIALITY = "confidentiality"
LAPSE_AWARENESS = "awareness"
LAPSE_RSA = "rsa_token"


def _portal_access(person: Person, user: User | None, today) -> str:
    if person.has_left(on=today):
        return "left"
    if user is None:
        return "no"
    return "yes" if user.is_active and user.has_usable_password() else "invited"


def people_standing(institution: Institution, *, today=None) -> list[PersonStanding]:
    """Every person of the institution with their standing, by name."""
    today = today or timezone.localdate()
    persons = list(
        with_valid_until(
            with_declarations(Person.objects.filter(institution=institution))
        ).order_by("last_name", "first_name", "pk")
    )
    # Their logins apart: the rows are kept in the cache, with no password hash among them.
    logins = {
        user.person_id: user
        for user in User.objects.filter(person__institution=institution).only(
            "person_id", "is_active", "password"
        )
    }
    places = defaultdict(list)
    for person_id, number, role in (
        TeamMember.objects.current(on=today)
        .filter(person__institution=institution)
        .order_by("project__number", "pk")
        .values_list("person_id", "project__number", "role")
    ):
        places[person_id].append(Place(number, role))
    latest_version = latest_declaration_version()
    remote = remote_access_of(persons)
    works_in_ra = set(
        ra_persons(Person.objects.filter(institution=institution)).values_list("pk", flat=True)
    )
    in_ra = [p for p in persons if p.pk in works_in_ra]
    readiness = ra_readiness(in_ra, today=today, remote=remote)
    horizon = today + datetime.timedelta(days=LAPSE_DAYS)
    rows = []
    for person in persons:
        expired = confidentiality_expired(
            person.confidentiality_status, person.confidentiality_valid_until, today
        )
        lapses = []
        if (
            person.confidentiality_status == ConfidentialityStatus.APPROVED
            and person.confidentiality_valid_until
            and today <= person.confidentiality_valid_until <= horizon
        ):
            lapses.append((LAPSE_CONFIDENTIALITY, person.confidentiality_valid_until))
        if person.awareness_valid_until and today <= person.awareness_valid_until <= horizon:
            lapses.append((LAPSE_AWARENESS, person.awareness_valid_until))
        if person.rsa_token_expires and today <= person.rsa_token_expires <= horizon:
            lapses.append((LAPSE_RSA, person.rsa_token_expires))
        rows.append(
            PersonStanding(
                person=person,
                portal_access=_portal_access(person, logins.get(person.pk), today),
                signed_version=person.signed_version,
                signature_outdated=signature_outdated(person.signed_version, latest_version),
                confidentiality_status=person.confidentiality_status,
                confidentiality_valid_until=person.confidentiality_valid_until,
                confidentiality_expired=expired,
                awareness_valid_until=person.awareness_valid_until,
                rsa_token_expires=person.rsa_token_expires,
                readiness=readiness.get(person.pk),
                memberships=places[person.pk],
                lapses=sorted(lapses, key=lambda item: item[1]),
            )
        )
    return rows


# The people list's filters and sort orders: {key: label key}.
FILTERS = ("all", "lapsing", "not_ready", "left")
SORTS = ("name", "lapse", "ready")


def filter_people(rows: list[PersonStanding], key: str) -> list[PersonStanding]:
    if key == "lapsing":
        return [row for row in rows if row.lapses]
    if key == "not_ready":
        return [row for row in rows if row.ready is False]
    if key == "left":
        return [row for row in rows if row.person.left_on is not None]
    return rows


def sort_people(rows: list[PersonStanding], key: str) -> list[PersonStanding]:
    if key == "lapse":
        return sorted(rows, key=lambda row: (row.next_lapse is None, row.next_lapse or 0))
    if key == "ready":
        order = {False: 0, True: 1, None: 2}
        return sorted(rows, key=lambda row: order[row.ready])
    return rows  # by name, as read


@dataclass
class ProjectStanding:
    """A project as the list shows it (kept: plain values, not the project read with its team
    and agreements)."""

    number: int
    title: str
    status: str
    end_date: datetime.date | None
    phase: Phase
    leaders: list[str]  # their full names
    turn: str
    turn_label: str

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


def current_projects(institution: Institution):
    """The institution's projects but the closed and rejected: they are the archive, not
    current work."""
    return Project.objects.filter(institution=institution, status__in=OPEN_STATUSES)


def institution_projects(institution: Institution, *, today=None) -> list[ProjectStanding]:
    """The institution's current projects by phase (then number), each with its leaders and who
    is to act."""
    today = today or timezone.localdate()
    leaders = (
        TeamMember.objects.current(on=today)
        .filter(role=Role.LEADER)
        .select_related("person")
        .order_by("person__last_name")
    )
    projects = with_turns(
        current_projects(institution)
        .prefetch_related(Prefetch("team", queryset=leaders, to_attr="leaders"))
        .order_by("number")
    )
    rows = []
    for project in projects:
        turn, label = turn_of(project)
        rows.append(
            ProjectStanding(
                number=project.number,
                title=project.title,
                status=project.status,
                end_date=project.end_date,
                phase=PHASE_OF_STATUS[Status(project.status)],
                leaders=[member.person.full_name for member in project.leaders],
                turn=turn,
                turn_label=label,
            )
        )
    return sorted(rows, key=lambda row: (int(row.phase), row.number))


def managers_and_signatories(institution: Institution) -> tuple[list, list]:
    """The institution's account managers and its Tekenbevoegden (by name), in one query."""
    people = list(
        Person.objects.filter(institution=institution)
        .filter(Q(is_account_manager=True) | Q(is_signatory=True))
        .order_by("last_name", "first_name", "pk")
    )
    return [p for p in people if p.is_account_manager], [p for p in people if p.is_signatory]
