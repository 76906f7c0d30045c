"""Who may do what on a project: the roles table of the design notes, declared once.

``ROLE_PERMISSIONS`` is the one declaration of which project roles may do what; the lifecycle's
moves and requests_inbox's deciders read it. ``visible_projects`` is the list's side of
``can_view``: the same memberships, as a query.
"""

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from portal.permissions import rule
from projects.models import OPEN_STATUSES, Project, Role, Status, TeamMember

ALL_ROLES = frozenset(Role)
ROLE_PERMISSIONS: dict[str, frozenset] = {
    "projects.view": ALL_ROLES,
    "projects.change_settings": frozenset({Role.LEADER}),
    "projects.edit_bijlagen": frozenset({Role.LEADER}),
    "projects.manage_team": frozenset({Role.LEADER}),
    "projects.add_files": frozenset({Role.LEADER, Role.RESEARCHER_PLUS}),
    "projects.add_services": frozenset({Role.LEADER, Role.RESEARCHER_PLUS}),
    "projects.add_publications": frozenset({Role.LEADER, Role.RESEARCHER_PLUS, Role.RESEARCHER}),
    "projects.change_status": frozenset({Role.LEADER}),
    "projects.decide_costs": frozenset({Role.LEADER, Role.SIGNATORY}),
    # Uitvoering (changes/): who may ask CBS for a change of a project that left Oriëntatie.
    "projects.request_team_change": frozenset({Role.LEADER}),
    "projects.request_files": frozenset({Role.LEADER, Role.RESEARCHER_PLUS}),
    "projects.request_services": frozenset({Role.LEADER, Role.RESEARCHER_PLUS}),
    "projects.request_project_change": frozenset({Role.LEADER}),
    "projects.request_output_check": frozenset(
        {Role.LEADER, Role.RESEARCHER_PLUS, Role.RESEARCHER}
    ),
    # "Kopiëren als nieuw project" (also of a closed project in its archive period).
    "projects.copy": frozenset({Role.LEADER}),
    # Afsluiting: ask CBS to extend the archive period or to reopen a closed project.
    "projects.request_archive_change": frozenset({Role.LEADER}),
    # Messages to CBS about the project (CBS's guide: "ask questions" is the leader's and
    # Onderzoeker+'s right); everyone who sees the project reads them.
    "projects.send_messages": frozenset({Role.LEADER, Role.RESEARCHER_PLUS}),
    # "RA gereed" in the team table: the leader sees who of the team may work in the RA yet.
    "projects.view_ra_readiness": frozenset({Role.LEADER}),
}
# Changes that are only possible while the customer still edits the request.
EDITABLE_ONLY_IN = {
    "projects.edit_bijlagen": {Status.ORIENTATION},
    "projects.change_settings": {Status.ORIENTATION},
    # Once the project has left Oriëntatie, team, files and services change only through a
    # change request that CBS decides (changes/kinds.py says in which statuses each is asked).
    "projects.manage_team": {Status.ORIENTATION},
    "projects.add_files": {Status.ORIENTATION},
    "projects.add_services": {Status.ORIENTATION},
    # Publications are registered until the project is closed or rejected.
    "projects.add_publications": OPEN_STATUSES,
    # A closed project's Berichten are read-only (its page offers a question to Klantenservice).
    "projects.send_messages": frozenset(Status) - {Status.CLOSED},
    # Readiness matters in every phase until the project is closed or rejected.
    "projects.view_ra_readiness": OPEN_STATUSES,
}


def project_role(user, project: Project) -> str | None:
    """The user's current role on the project, cached on the project for this request."""
    cache = project.__dict__.setdefault("_role_cache", {})
    if user.pk not in cache:
        cache[user.pk] = _lookup_role(user, project)
    return cache[user.pk]


def roles_with(perm: str) -> frozenset:
    """The project roles that hold ``perm`` (from ROLE_PERMISSIONS)."""
    return ROLE_PERMISSIONS[perm]


def _lookup_role(user, project: Project) -> str | None:
    if not user.person_id:
        return None
    day = None  # today
    if project.status == Status.CLOSED and project.closed_on:
        # Closed: the team of the closing day reads the project during the archive period
        # (their periods ended that day); once the archive is removed nobody does.
        today = timezone.localdate()
        if project.archive_removed_at or not project.archive_until or project.archive_until < today:
            return None
        day = project.closed_on
    prefetched = getattr(project, "_prefetched_objects_cache", {}).get("team")
    if prefetched is not None:
        members = [m for m in prefetched if m.person_id == user.person_id]
    else:
        members = list(TeamMember.objects.filter(project=project, person_id=user.person_id))
    for member in members:
        if member.is_current(on=day):
            return member.role
    return None


def signs_for(person, project: Project) -> bool:
    """Whether this person may sign for the project now: they hold signing authority
    (``Person.is_signatory``, as CBS keeps it) at the project's own institution."""
    return bool(
        person is not None
        and person.is_signatory
        and person.institution_id == project.institution_id
    )


def is_entitled_signatory(member: TeamMember, project: Project) -> bool:
    """A Tekenbevoegde who counts: on the team today and entitled to sign for the project."""
    return (
        member.role == Role.SIGNATORY and member.is_current() and signs_for(member.person, project)
    )


def is_institution_manager(user, project: Project) -> bool:
    person = user.person if user.person_id else None
    return bool(
        person and person.is_account_manager and person.institution_id == project.institution_id
    )


def _role_rule(perm: str):
    allowed = ROLE_PERMISSIONS[perm]

    def check(user, project):
        if not isinstance(project, Project):
            return False
        if perm in EDITABLE_ONLY_IN and project.status not in EDITABLE_ONLY_IN[perm]:
            return False
        role = project_role(user, project)
        if role == Role.SIGNATORY and role in allowed:
            # A Tekenbevoegde acts as one only while they may sign for the institution.
            return signs_for(user.person, project)
        return role in allowed

    return check


for _perm in ROLE_PERMISSIONS:
    if _perm == "projects.view":
        continue
    rule(_perm)(_role_rule(_perm))


@rule("projects.view")
def can_view(user, project) -> bool:
    if not isinstance(project, Project):
        return False
    return project_role(user, project) is not None or is_institution_manager(user, project)


def people_with(project: Project, perm: str) -> list:
    """The people on the team today whose role holds ``perm``, each once, in the order they
    joined; a Tekenbevoegde only while entitled to sign for the project."""
    allowed = ROLE_PERMISSIONS[perm]
    members = (
        TeamMember.objects.current()
        .filter(project=project, role__in=list(allowed))
        .select_related("person__user")
        .order_by("pk")
    )
    persons: dict = {}
    for member in members:
        if member.role == Role.SIGNATORY and not signs_for(member.person, project):
            continue
        persons.setdefault(member.person_id, member.person)
    return list(persons.values())


def archived_memberships(person, today) -> QuerySet[TeamMember]:
    """The person's memberships of closed projects in their archive period, as on the closing
    day (the rule of ``_lookup_role`` as a query: on the team that day)."""
    return TeamMember.objects.filter(
        person=person,
        project__status=Status.CLOSED,
        project__archive_until__gte=today,
        project__archive_removed_at__isnull=True,
        start_date__lte=F("project__closed_on"),
        end_date__gte=F("project__closed_on"),
    )


def visible_projects(user) -> QuerySet[Project]:
    """The projects this user may see (``can_view`` as a query), each annotated with ``my_role``
    (None where they see it as the institution's account manager)."""
    person = user.person if getattr(user, "person_id", None) else None
    if person is None:
        return Project.objects.none()
    today = timezone.localdate()
    memberships = TeamMember.objects.current().filter(person=person)
    memberships = memberships | archived_memberships(person, today)
    visible = Q(pk__in=memberships.values("project_id"))
    if person.is_account_manager:
        visible |= Q(institution_id=person.institution_id)
    # Unordered: the model's ordering would join project and person into every row's lookup.
    my_role = memberships.filter(project=OuterRef("pk")).order_by().values("role")
    return Project.objects.filter(visible).annotate(my_role=Subquery(my_role[:1]))


@rule("projects.view_documents")
def can_view_documents(user, project) -> bool:
    """Uploaded documents are served only to the team (not to the account manager)."""
    return isinstance(project, Project) and project_role(user, project) is not None


@rule("projects.create")
def can_create(user, _obj=None) -> bool:
    person = user.person if user.person_id else None
    return bool(person and person.institution.is_currently_authorized)
