"""Remote Access readiness: may this researcher work in the RA environment? ONE function.

It lives here, above accounts, projects, requests_inbox and awareness, because it reads all of
them: the Gebruikersverklaring signed, the Geheimhoudingsverklaring approved and current, the
awareness test valid, and the PID code and RSA token CBS set (token not expired). Lower apps show
it through this app's template tags (Mijn gegevens, the team table) and never import it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Person,
    UserDeclarationSignature,
)
from awareness.models import Attempt
from projects.models import Project, Role, TeamMember
from requests_inbox.models import Action, ActionKind

# Roles that always work in the RA; an Externe projectleider does when CBS gave them RA access
# (a PID code) or the team gave them "Toegang OSSC".
RA_ROLES = frozenset({Role.RESEARCHER, Role.RESEARCHER_PLUS})

STEPS = {
    "user_declaration": gettext_lazy("User declaration signed"),
    "confidentiality": gettext_lazy("Confidentiality declaration approved and current"),
    "awareness": gettext_lazy("Awareness test passed and valid"),
    "pid_code": gettext_lazy("PID code set by CBS"),
    "rsa_token": gettext_lazy("RSA token set by CBS and not expired"),
}
# The open action that completes a step, where there is one.
STEP_ACTION = {
    "user_declaration": ActionKind.USER_DECLARATION,
    "confidentiality": ActionKind.CONFIDENTIALITY,
    "awareness": ActionKind.AWARENESS_TEST,
}


@dataclass
class Step:
    key: str
    done: bool
    url: str = ""

    @property
    def label(self) -> str:
        return str(STEPS[self.key])


@dataclass
class Readiness:
    person: Person
    steps: list[Step] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.steps if not step.done]


def works_in_ra(member: TeamMember, *, pid_code: str | None = None) -> bool:
    """Whether this team member works in the RA (``pid_code``: the person's, if already read)."""
    if member.role in RA_ROLES:
        return True
    if member.role != Role.LEADER:
        return False
    return member.ossc_access or bool(member.person.pid_code if pid_code is None else pid_code)


# A person's Remote Access fields, in the order ``ra_readiness`` unpacks them.
REMOTE_ACCESS_FIELDS = ("pid_code", "rsa_token_id", "rsa_token_expires")


def _remote_access_fields(person_ids) -> dict[int, tuple]:
    """{person id: (pid_code, rsa_token_id, rsa_token_expires)} in one query (the people given
    may come from a page's query that did not read these columns)."""
    return {
        pk: tuple(rest)
        for pk, *rest in Person.objects.filter(pk__in=list(person_ids)).values_list(
            "pk", *REMOTE_ACCESS_FIELDS
        )
    }


def ra_readiness(
    persons: Iterable[Person], *, today: datetime.date | None = None, remote: dict | None = None
) -> dict:
    """{person id: Readiness} for these people, in five queries whatever their number (four when
    ``remote``, their RA fields, was read already), also for nobody: a page's count stays put."""
    today = today or timezone.localdate()
    persons = {person.pk: person for person in persons}
    ids = list(persons) or [0]  # no person has key 0; the queries run all the same
    if remote is None:
        remote = _remote_access_fields(ids)
    signed = set(
        UserDeclarationSignature.objects.filter(person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    confidential = set(
        ConfidentialityDeclaration.objects.filter(
            person_id__in=ids, status=ConfidentialityStatus.APPROVED, valid_until__gte=today
        ).values_list("person_id", flat=True)
    )
    aware = set(
        Attempt.objects.filter(person_id__in=ids, passed=True, valid_until__gte=today).values_list(
            "person_id", flat=True
        )
    )
    open_actions = {}
    for pk, person_id, kind in (
        Action.objects.open()
        .filter(person_id__in=ids, kind__in=list(STEP_ACTION.values()))
        .order_by("created_at", "pk")
        .values_list("pk", "person_id", "kind")
    ):
        open_actions[(person_id, kind)] = pk
    awareness_url = reverse("awareness:index")
    result = {}
    for pk, person in persons.items():
        pid_code, rsa_token_id, rsa_token_expires = remote.get(pk, ("", "", None))
        done = {
            "user_declaration": pk in signed,
            "confidentiality": pk in confidential,
            "awareness": pk in aware,
            "pid_code": bool(pid_code),
            "rsa_token": bool(rsa_token_id)
            and (rsa_token_expires is None or rsa_token_expires >= today),
        }
        steps = []
        for key, is_done in done.items():
            url = ""
            kind = STEP_ACTION.get(key)
            if not is_done and kind is not None:
                if kind == ActionKind.AWARENESS_TEST:
                    url = awareness_url
                elif (pk, kind) in open_actions:
                    url = reverse("requests_inbox:detail", args=[open_actions[(pk, kind)]])
            steps.append(Step(key, is_done, url))
        result[pk] = Readiness(person, steps)
    return result


def person_readiness(person: Person) -> Readiness | None:
    """The person's readiness if they work in the RA on a project now (else None)."""
    # Only what works_in_ra reads: a researcher on sixty projects loaded sixty memberships and
    # their person (the same person sixty times) for this.
    members = TeamMember.objects.current().filter(person=person).only("role", "ossc_access")
    if not any(works_in_ra(member, pid_code=person.pid_code) for member in members):
        return None
    # The person is a whole row (the signed-in person on Mijn gegevens): their RA fields are
    # here, not read again.
    remote = {person.pk: tuple(getattr(person, name) for name in REMOTE_ACCESS_FIELDS)}
    return ra_readiness([person], remote=remote)[person.pk]


def team_readiness(members: Iterable[TeamMember]) -> dict:
    """{team member id: Readiness} for the members who work in the RA (others are left out)."""
    members = list(members)
    remote = _remote_access_fields([m.person_id for m in members] or [0])
    members = [m for m in members if works_in_ra(m, pid_code=remote.get(m.person_id, ("",))[0])]
    by_person = ra_readiness((member.person for member in members), remote=remote)
    return {member.pk: by_person[member.person_id] for member in members}


def researchers_not_ready(project: Project) -> list[str]:
    """Lifecycle guard of "Uitvoering starten": each current RA member and what they miss."""
    members = TeamMember.objects.current().filter(project=project).select_related("person")
    missing = []
    for readiness in team_readiness(members).values():
        if not readiness.ready:
            missing.append(
                _("%(name)s is not ready for the RA: %(missing)s.")
                % {
                    "name": readiness.person.full_name,
                    "missing": "; ".join(step.label for step in readiness.missing),
                }
            )
    return missing
