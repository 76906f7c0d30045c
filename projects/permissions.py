"""Who may do what on a project: the roles table of the design notes, declared once."""

from django.utils import timezone

from portal.permissions import rule
from projects.models import Project, Role, Status, TeamMember

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
    # Messages to CBS about the project (CBS's guide: "ask questions" is the leader's and
    # Onderzoeker+'s right); everyone who sees the project reads them.
    "projects.send_messages": frozenset({Role.LEADER, Role.RESEARCHER_PLUS}),
}
# Changes that are only possible while the customer still edits the request.
_OPEN = frozenset(Status) - {Status.CLOSED, Status.REJECTED}
EDITABLE_ONLY_IN = {
    "projects.edit_bijlagen": {Status.ORIENTATION},
    "projects.change_settings": {Status.ORIENTATION},
    # Team, files, services and publications change until the project is closed or rejected.
    "projects.manage_team": _OPEN,
    "projects.add_files": _OPEN,
    "projects.add_services": _OPEN,
    "projects.add_publications": _OPEN,
}


def project_role(user, project: Project) -> str | None:
    """The user's current role on the project, cached on the project for this request."""
    cache = project.__dict__.setdefault("_role_cache", {})
    if user.pk not in cache:
        cache[user.pk] = _lookup_role(user, project)
    return cache[user.pk]


def _lookup_role(user, project: Project) -> str | None:
    if not user.person_id:
        return None
    today = timezone.localdate()
    prefetched = getattr(project, "_prefetched_objects_cache", {}).get("team")
    if prefetched is not None:
        members = [m for m in prefetched if m.person_id == user.person_id]
    else:
        members = list(TeamMember.objects.filter(project=project, person_id=user.person_id))
    for member in members:
        if member.end_date is None or member.end_date >= today:
            return member.role
    return None


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
        return project_role(user, project) in allowed

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


@rule("projects.view_documents")
def can_view_documents(user, project) -> bool:
    """Uploaded documents are served only to the team (not to the account manager)."""
    return isinstance(project, Project) and project_role(user, project) is not None


@rule("projects.create")
def can_create(user, _obj=None) -> bool:
    person = user.person if user.person_id else None
    return bool(person and person.institution.is_currently_authorized)
