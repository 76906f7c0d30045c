"""Who may end a leaver's team membership through CBS; the rest of Mijn instelling is the
account manager's own institution (``accounts.manage_institution``)."""

from portal.permissions import is_cbs_staff, rule
from projects.models import Project, TeamMember


@rule("institutions.end_leaver_membership")
def end_leaver_membership(user, project) -> bool:
    """CBS, or the account manager of an institution whose person, reported as leaving, is still
    on this project's team."""
    if not isinstance(project, Project):
        return False
    if is_cbs_staff(user, "changes.change_changerequest"):
        return True
    person = user.person if user.person_id else None
    if person is None or not person.is_account_manager:
        return False
    return (
        TeamMember.objects.current()
        .filter(
            project=project,
            person__institution_id=person.institution_id,
            person__left_on__isnull=False,
        )
        .exists()
    )
