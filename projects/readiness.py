"""Remote Access: who works in the RA environment, and may they? ONE definition of each.

- ``works_in_ra(member)``: a team member works in the RA when they are Onderzoeker or
  Onderzoeker+, or Externe projectleider with RA access of their own (a PID code from CBS, or
  "Toegang OSSC" from the team). ``ra_members`` is the same rule in the database.
- ``ra_persons``: a person works in the RA with RA access of their own (a PID code) or as such
  a team member on a project now. Everyone who asks (the cost overview's researchers, the
  readiness on Mijn gegevens and in the team table, the guard of "Uitvoering starten", the
  awareness test's reminders) asks these.
- ``ra_readiness(persons)``: each step (``projects.registry.readiness_steps``) done or not, in a
  constant number of queries: the current Gebruikersverklaring signed, a Geheimhoudingsverklaring
  approved and not expired (no end date: no expiry), the awareness test passed and valid (the
  awareness app's step), the PID code and an RSA token CBS set (not expired).
- ``kept_readiness(person)``: ``person_readiness`` kept per person and language (``portal.kept``)
  until a write changes what it reads (``projects.registry.readiness_reads``, declared beside
  each step and link: a save or delete of such a row forgets the persons' results on commit;
  services writing such rows in bulk call ``forget_readiness``), for one day, and until the
  next Gebruikersverklaring text is published. Mijn gegevens' panel: at scale 1 the page's app +
  db CPU a request 13.5 + 0.9 -> 8.6-9.9 + 0.6 ms, 10 -> 6 queries (benchmarks/README.md).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Person,
    UserDeclarationSignature,
    UserDeclarationText,
)
from portal.kept import EVERYONE, forget_on_writes, forget_persons, kept, person_stamps
from projects.models import Project, Role, TeamMember
from projects.registry import readiness_links, readiness_reads, readiness_steps

# Roles that always work in the RA; an Externe projectleider does with RA access of their own.
RA_ROLES = frozenset({Role.RESEARCHER, Role.RESEARCHER_PLUS})


def works_in_ra(member: TeamMember, *, pid_code: str | None = None) -> bool:
    """Whether this team member works in the RA (``pid_code``: the person's, if already read)."""
    if member.role in RA_ROLES:
        return True
    if member.role != Role.LEADER:
        return False
    return member.ossc_access or bool(member.person.pid_code if pid_code is None else pid_code)


def works_in_ra_q(prefix: str = "") -> Q:
    """``works_in_ra`` as a filter on team members (``prefix``: the path to the member)."""
    return Q(**{f"{prefix}role__in": list(RA_ROLES)}) | (
        Q(**{f"{prefix}role": Role.LEADER})
        & (Q(**{f"{prefix}ossc_access": True}) | ~Q(**{f"{prefix}person__pid_code": ""}))
    )


def ra_members(project: Project) -> QuerySet[TeamMember]:
    """The project's current team members who work in the RA."""
    return TeamMember.objects.current().filter(project=project).filter(works_in_ra_q())


def ra_persons(persons: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """The people (of ``persons``) with an active account who work in the RA: with RA access of
    their own (a PID code from CBS) or as a team member who works in the RA on a project now."""
    persons = Person.objects.all() if persons is None else persons
    working = TeamMember.objects.current().filter(works_in_ra_q(), person=OuterRef("pk"))
    return persons.filter(
        ~Q(pid_code="") | Exists(working), user__isnull=False, user__is_active=True
    )


# --- the steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessStep:
    label: str
    # The people among these ids who did the step: function(ids, today, remote) -> set of ids,
    # in at most one query (``remote``: {id: (pid_code, rsa_token_id, rsa_token_expires)}).
    done: Callable[..., set]
    # Where the person does it themselves (else a link of ``readiness_links``, or CBS does it).
    url: Callable[[], str] | None = None
    # The step said as a thing still to do ("Gebruikersverklaring ondertekenen"): shown under
    # "Nog te doen" while it is missing (``label`` says it is done).
    todo: str = ""


def declaration_signed(ids, today, remote=None) -> set:
    """The current Gebruikersverklaring signed (none published yet: nothing to sign)."""
    current = UserDeclarationText.objects.filter(published_at__lte=timezone.now()).order_by(
        "-version"
    )
    signed = UserDeclarationSignature.objects.filter(
        person_id=OuterRef("pk"), text_version=current.values("pk")[:1]
    )
    return set(
        Person.objects.filter(pk__in=ids)
        .filter(Exists(signed) | ~Exists(current))
        .values_list("pk", flat=True)
    )


def confidentiality_current(ids, today, remote=None) -> set:
    """An approved Geheimhoudingsverklaring that has not expired (no end date: no expiry)."""
    return set(
        ConfidentialityDeclaration.objects.filter(
            person_id__in=ids, status=ConfidentialityStatus.APPROVED
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("person_id", flat=True)
    )


def _pid_code(ids, today, remote) -> set:
    return {pk for pk in ids if remote.get(pk, ("",))[0]}


def _rsa_token(ids, today, remote) -> set:
    return {
        pk
        for pk in ids
        if (fields := remote.get(pk)) and fields[1] and (fields[2] is None or fields[2] >= today)
    }


readiness_steps.register(
    "user_declaration",
    ReadinessStep(
        gettext_lazy("User declaration signed"),
        declaration_signed,
        todo=gettext_lazy("Sign the user declaration"),
    ),
    order=10,
)
readiness_steps.register(
    "confidentiality",
    ReadinessStep(
        gettext_lazy("Confidentiality declaration approved and current"),
        confidentiality_current,
        todo=gettext_lazy("Have a confidentiality declaration approved (or renewed)"),
    ),
    order=20,
)
readiness_steps.register(
    "pid_code",
    ReadinessStep(
        gettext_lazy("PID code set by CBS"),
        _pid_code,
        todo=gettext_lazy("Receive a PID code from CBS"),
    ),
    order=40,
)
readiness_steps.register(
    "rsa_token",
    ReadinessStep(
        gettext_lazy("RSA token set by CBS and not expired"),
        _rsa_token,
        todo=gettext_lazy("Receive a valid RSA token from CBS"),
    ),
    order=50,
)


# --- readiness -----------------------------------------------------------------------------


@dataclass
class Step:
    key: str
    done: bool
    url: str = ""

    @property
    def label(self) -> str:
        return str(readiness_steps[self.key].label)

    @property
    def todo(self) -> str:
        step = readiness_steps[self.key]
        return str(step.todo or step.label)


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

    @property
    def done(self) -> list[Step]:
        return [step for step in self.steps if step.done]


# A person's Remote Access fields, in the order the steps read them.
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
    """{person id: Readiness} for these people, in a constant number of queries whatever their
    number (one fewer when ``remote``, their RA fields, was read already), also for nobody."""
    today = today or timezone.localdate()
    persons = {person.pk: person for person in persons}
    ids = list(persons) or [0]  # no person has key 0; the queries run all the same
    if remote is None:
        remote = _remote_access_fields(ids)
    steps = readiness_steps.items()
    keys = [key for key, _step in steps]
    done = {key: step.done(ids, today, remote) for key, step in steps}
    links: dict = {}
    for find in readiness_links:
        links.update(find(ids, keys))
    urls = {key: step.url() for key, step in steps if step.url is not None}
    result = {}
    for pk, person in persons.items():
        readiness = Readiness(person)
        for key in keys:
            is_done = pk in done[key]
            url = "" if is_done else urls.get(key) or links.get((pk, key), "")
            readiness.steps.append(Step(key, is_done, url))
        result[pk] = readiness
    return result


def person_readiness(person: Person, *, today: datetime.date | None = None) -> Readiness | None:
    """The person's readiness if they work in the RA (as ``ra_persons`` says), else None."""
    if not person.pid_code:
        # Only what works_in_ra reads: a researcher on sixty projects loaded sixty memberships
        # and their person (the same person sixty times) for this.
        members = (
            TeamMember.objects.current(on=today).filter(person=person).only("role", "ossc_access")
        )
        if not any(works_in_ra(member, pid_code=person.pid_code) for member in members):
            return None
    # The person is a whole row (the signed-in person on Mijn gegevens): their RA fields are
    # here, not read again.
    return ra_readiness([person], today=today, remote=remote_access_of([person]))[person.pk]


# --- kept per person (Mijn gegevens) -------------------------------------------------------


def _the_person(row) -> list:
    return [row.person_id]


# What ``person_readiness`` and this module's steps read (declared from projects' ready(); the
# awareness and requests_inbox apps declare what their step and links read).
OWN_READS = {
    Person: lambda person: [person.pk],
    TeamMember: _the_person,
    UserDeclarationSignature: _the_person,
    UserDeclarationText: lambda text: EVERYONE,
    ConfidentialityDeclaration: _the_person,
}


def reads_declare(key: str, reads: dict) -> None:
    """Declare what a part of the readiness reads ({model: the persons a row concerns}): a save or
    delete of such a row forgets those persons' kept readiness. Called from an app's ready()."""
    readiness_reads.register(key, reads)
    forget_on_writes(reads, _forget_read, "projects.readiness")


def forget_readiness(person_ids) -> None:
    """These persons' kept readiness (``EVERYONE``: everyone's) is computed again on their next
    visit, once the current transaction has committed."""
    forget_persons("projects.readiness", person_ids)


def readiness_stamps(person_ids) -> list[str]:
    """The stamps of these persons' kept readiness: a result that shows their readiness (the
    project page's team) is kept under them too, and forgotten with it."""
    return sorted({stamp for pk in person_ids for stamp in person_stamps("projects.readiness", pk)})


def published_since(value) -> bool:
    """``ends`` of a result kept with ``next_publication()`` as its last item: a waiting
    Gebruikersverklaring text became the one to sign at its moment, with no write then."""
    return value[-1] is not None and timezone.now() >= value[-1]


def _forget_read(sender, instance, **kwargs) -> None:
    model = sender._meta.concrete_model  # a proxy's rows are its model's (RemoteAccessPerson)
    for reads in readiness_reads:
        if model in reads:
            forget_readiness(reads[model](instance))


def next_publication():
    """When the next Gebruikersverklaring text is published (None: none is waiting)."""
    return (
        UserDeclarationText.objects.filter(published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def kept_readiness(person: Person, *, today: datetime.date | None = None) -> Readiness | None:
    """``person_readiness(person)``, kept per person and language until a write forgets it, for
    one day, and until the next declaration text is published (see the module doc)."""
    language = translation.get_language()
    today = today or timezone.localdate()

    def compute():
        readiness = person_readiness(person, today=today)
        steps = None if readiness is None else [Step(s.key, s.done, s.url) for s in readiness.steps]
        return steps, next_publication()

    steps, _until = kept(
        f"projects.readiness.{person.pk}.{language}",
        compute,
        stamps=readiness_stamps([person.pk]),
        also=(language, today),
        ends=published_since,
    )
    return None if steps is None else Readiness(person, steps)


def remote_access_of(persons: Iterable[Person]) -> dict[int, tuple]:
    """{person id: (pid_code, rsa_token_id, rsa_token_expires)} of people read with these
    columns (no query): the ``remote`` that ``ra_readiness`` and ``team_readiness`` take."""
    return {p.pk: tuple(getattr(p, name) for name in REMOTE_ACCESS_FIELDS) for p in persons}


def team_readiness(members: Iterable[TeamMember], *, remote: dict | None = None) -> dict:
    """{team member id: Readiness} for the members who work in the RA (others are left out).
    ``remote``: their people's RA fields when read already (``remote_access_of``), else one
    query more."""
    members = list(members)
    if remote is None:
        remote = _remote_access_fields([m.person_id for m in members] or [0])
    members = [m for m in members if works_in_ra(m, pid_code=remote.get(m.person_id, ("",))[0])]
    by_person = ra_readiness((member.person for member in members), remote=remote)
    return {member.pk: by_person[member.person_id] for member in members}


def researchers_not_ready(project: Project) -> list[str]:
    """Each current RA member of the project who is not ready, and what they miss."""
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
