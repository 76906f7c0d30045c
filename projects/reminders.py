"""Reminders of projects: the project's end date and expected publications (portal/reminders).

Both go to the project's current Externe projectleiders.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.reminders import Due, reminder_kind
from projects.models import OPEN_STATUSES, Project, Publication, Role, Status, TeamMember
from projects.registry import ending_links

# The end date matters while the project is prepared or runs (not before, not after).
_NOT_ENDING = {Status.ORIENTATION, Status.CLOSURE_REQUESTED, Status.CLOSED, Status.REJECTED}


def _current_leaders(project_ids, *, today, person=None) -> dict[int, list]:
    """{project id: [Person, ...]} of the current leaders (only ``person`` when given)."""
    if person is not None:
        # The projects were chosen as those ``person`` leads today (``_led_by``), and it is
        # the person signed in: nothing to read (Mijn gegevens read the same person again,
        # and only when a project was due: its query count then depended on the data).
        return {project_id: [person] for project_id in project_ids}
    members = TeamMember.objects.current(on=today).filter(
        project_id__in=project_ids, role=Role.LEADER, person__user__is_active=True
    )
    leaders: dict[int, list] = {}
    for member in members.select_related("person__user").order_by("pk"):
        leaders.setdefault(member.project_id, []).append(member.person)
    return leaders


def _led_by(person, *, today):
    """The ids of the projects ``person`` leads today (a subquery): for one person (Mijn
    gegevens), read their own projects, not every project ending soon."""
    return (
        TeamMember.objects.current(on=today)
        .filter(person=person, role=Role.LEADER)
        .values("project_id")
    )


def _team_of_project(row) -> list[int]:
    """The persons on the team of a project (or of a row's project), today or not: those whose
    results a change of the project may change (its leaders, a superset)."""
    project_id = row.pk if isinstance(row, Project) else row.project_id
    return TeamMember.objects.filter(project_id=project_id).values_list("person_id", flat=True)


def _the_member(member: TeamMember) -> list[int]:
    return [member.person_id]


def _project_url(project):
    return lambda: reverse("projects:detail", args=[project.number])


def _ending_links(project) -> dict:
    """Where the leader acts on an ending project: "Afsluiting aanvragen" and what the apps
    above register (``ending_links``: "Einddatum verlengen"), paths in the leader's language."""
    return {
        **{name: path(project) for name, path in ending_links.items()},
        "closure_path": reverse("projects:closure_request", args=[project.number]),
    }


@reminder_kind(
    "project_end",
    label=_("Project ends"),
    days_before=(90, 30),
    template="projects/mail/reminder_project_end",
    reads={Project: _team_of_project, TeamMember: _the_member},
)
def projects_ending(*, today, horizon, person=None):
    """A project that ends soon: its leaders extend it, or ask to close it."""
    projects = Project.objects.exclude(status__in=_NOT_ENDING).filter(
        end_date__gte=today, end_date__lte=horizon
    )
    if person is not None:
        projects = projects.filter(pk__in=_led_by(person, today=today))
    projects = list(projects.order_by("pk"))
    leaders = _current_leaders([p.pk for p in projects], today=today, person=person)
    for project in projects:
        for leader in leaders.get(project.pk, []):
            yield Due(
                person=leader,
                thing=f"project_end:{project.pk}:{project.end_date.isoformat()}",
                due_date=project.end_date,
                what=str(project),
                url=_project_url(project),
                context={"project": str(project)},
                links=lambda project=project: _ending_links(project),
            )


@reminder_kind(
    "publication",
    label=_("Publication expected"),
    days_before=(14,),
    template="projects/mail/reminder_publication",
    reads={Publication: _team_of_project, Project: _team_of_project, TeamMember: _the_member},
)
def publications_expected(*, today, horizon, person=None):
    """A publication expected soon and not out yet: its project's leaders are reminded."""
    publications = Publication.objects.filter(
        actual_date__isnull=True, expected_date__gte=today, expected_date__lte=horizon
    ).filter(project__status__in=OPEN_STATUSES)
    if person is not None:
        publications = publications.filter(project_id__in=_led_by(person, today=today))
    publications = list(publications.select_related("project").order_by("pk"))
    leaders = _current_leaders({p.project_id for p in publications}, today=today, person=person)
    for publication in publications:
        for leader in leaders.get(publication.project_id, []):
            yield Due(
                person=leader,
                thing=f"publication:{publication.pk}:{publication.expected_date.isoformat()}",
                due_date=publication.expected_date,
                what=publication.title,
                url=_project_url(publication.project),
                context={"project": str(publication.project)},
            )
