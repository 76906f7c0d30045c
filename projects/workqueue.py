"""What waits on CBS here: submitted projects to take into review, projects in review, cost
overviews to write (projects drawing up the contract), and projects whose closure was requested
(close them, with the archive period, in the admin)."""

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Event
from portal.workqueue import WorkItem, work_kind
from projects.models import Project, Status


@work_kind("closure_request", label=_("Closure requests"), sla_working_days=10)
def closure_requests(*, user, mine: bool) -> Iterable[WorkItem]:
    asked = (
        Event.objects.filter(project=OuterRef("pk"), to_state=Status.CLOSURE_REQUESTED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    projects = Project.objects.filter(status=Status.CLOSURE_REQUESTED).annotate(
        asked_at=Subquery(asked)
    )
    if mine:
        projects = projects.filter(cbs_contact=user)
    for project in projects.order_by("asked_at", "number"):
        yield WorkItem(
            title=f"{project.number} {project.title}",
            since=project.asked_at or project.updated_at,
            url=reverse("admin:projects_project_close", args=[project.pk]),
            assignee_ids=frozenset({project.cbs_contact_id} - {None}),
        )


def _projects_in(status: str, *, user, mine: bool):
    """Projects in ``status``, annotated with when they came there (their last event into it).
    One query."""
    came = (
        Event.objects.filter(project=OuterRef("pk"), to_state=status)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    projects = Project.objects.filter(status=status).annotate(came_at=Subquery(came))
    if mine:
        projects = projects.filter(cbs_contact=user)
    for project in projects.order_by("came_at", "number"):
        yield WorkItem(
            title=f"{project.number} {project.title}",
            since=project.came_at or project.updated_at,
            url=reverse("admin:projects_project_change", args=[project.pk]),
            assignee_ids=frozenset({project.cbs_contact_id} - {None}),
        )


@work_kind("project_submitted", label=_("Submitted projects to take into review"),
           sla_working_days=5)  # fmt: skip
def submitted_projects(*, user, mine: bool) -> Iterable[WorkItem]:
    return _projects_in(Status.SUBMITTED, user=user, mine=mine)


@work_kind("project_in_review", label=_("Projects in review"), sla_working_days=20)
def projects_in_review(*, user, mine: bool) -> Iterable[WorkItem]:
    return _projects_in(Status.IN_REVIEW, user=user, mine=mine)


@work_kind("cost_overview", label=_("Cost overviews to write"), sla_working_days=10)
def cost_overviews_to_write(*, user, mine: bool) -> Iterable[WorkItem]:
    return _projects_in(Status.CONTRACT, user=user, mine=mine)
