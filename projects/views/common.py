"""What the project pages share: loading a project for a person, its URL, breadcrumbs, helpers."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.permissions import has_permission, require_permission
from projects.models import Bijlage, Project, Role, TeamMember
from projects.permissions import project_role
from projects.readiness import REMOTE_ACCESS_FIELDS


def _team_prefetch() -> Prefetch:
    """The team as the project pages show it: no login rows, only the person's shown fields.

    Unordered: pages that list the team sort the handful of rows (ORDER BY over the joined
    person costs more to build than sorting them); see ``team_sort_key``.
    """
    return Prefetch(
        "team",
        queryset=TeamMember.objects.select_related("person__institution")
        .only(
            *(field.attname for field in TeamMember._meta.concrete_fields),
            "person__institution_id",
            "person__is_signatory",  # has_signatory: may they sign for the project now
            "person__initials",
            "person__first_name",
            "person__prefix",
            "person__last_name",
            "person__email",
            "person__mobile",
            # The "RA gereed" column's RA fields (``remote_access_of``): one query fewer.
            *(f"person__{name}" for name in REMOTE_ACCESS_FIELDS),
            "person__institution__name",
        )
        .order_by(),
    )


def _bijlagen_prefetch() -> Prefetch:
    """Kind and status of the checklist (not the sections' text); pages sort by kind."""
    return Prefetch(
        "bijlagen", queryset=Bijlage.objects.only("project_id", "kind", "status").order_by()
    )


def project_queryset(*, bijlagen: bool = True):
    """The project with what its pages show of the institution, the CBS contact and the team
    (and, with ``bijlagen``, the checklist's kind and status).

    Only the shown columns of the joined rows (a user and a person have dozens): the project
    page's largest query, read on every visit.
    """
    return (
        Project.objects.select_related("institution", "cbs_contact__person")
        .only(
            *(field.attname for field in Project._meta.concrete_fields),
            "institution__name",
            "cbs_contact__email",
            "cbs_contact__person__first_name",
            "cbs_contact__person__prefix",
            "cbs_contact__person__last_name",
        )
        .prefetch_related(_team_prefetch(), *([_bijlagen_prefetch()] if bijlagen else []))
    )


def get_project_for(
    user, number: int, perm: str = "projects.view", *, bijlagen: bool = True
) -> Project:
    """The project with its team, or 404 for anyone who may not see it or may not ``perm`` on it.
    ``bijlagen=False`` for a page that shows nothing of the checklist: one query fewer.

    The one way the project pages load a project.
    """
    project = get_object_or_404(project_queryset(bijlagen=bijlagen), number=number)
    require_permission(user, "projects.view", project)
    if perm != "projects.view" and not has_permission(user, perm, project):
        raise Http404
    return project


def team_sort_key(member: TeamMember):
    return (member.person.last_name, member.person.first_name, member.pk)


def project_url(project: Project) -> str:
    return reverse("projects:detail", args=[project.number])


def crumbs(project: Project, user, *extra):
    """Breadcrumbs: Projecten › Project (your role) › ``extra``."""
    role = project_role(user, project)
    label = _("Project (%(role)s)") % {"role": Role(role).label if role else _("Account manager")}
    return [(_("Projects"), reverse("projects:list")), (label, project_url(project)), *extra]
