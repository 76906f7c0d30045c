"""Who may ask for a change or an output check; the roles come from projects' roles table."""

from portal.permissions import has_permission, rule
from projects.models import Project, Status


@rule("changes.ask_change")
def can_ask_change(user, project) -> bool:
    """May ask at least one kind of change request now."""
    from changes.kinds import KINDS

    return isinstance(project, Project) and any(
        may_ask_kind(user, project, kind) for kind in KINDS.values()
    )


def may_ask_kind(user, project: Project, kind) -> bool:
    return project.status in kind.statuses and has_permission(user, kind.permission, project)


@rule("changes.ask_output_check")
def can_ask_output_check(user, project) -> bool:
    return (
        isinstance(project, Project)
        and project.status == Status.RUNNING
        and has_permission(user, "projects.request_output_check", project)
    )


@rule("changes.complete_publication")
def can_complete_publication(user, publication) -> bool:
    from projects.models import Publication

    return (
        isinstance(publication, Publication)
        and publication.actual_date is None
        and has_permission(user, "projects.add_publications", publication.project)
    )
