"""What waits on CBS here: submitted projects to take into review, projects in review, cost
overviews to write (projects drawing up the contract), and projects whose closure was requested
(close them, with the archive period, in the admin)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.workqueue import Waiting, WorkItem, work_kind
from projects.models import Project, Status


def _projects_in(status: str, *, user, mine: bool, url_name: str) -> Waiting:
    """Projects in ``status``, longest there first (``status_since``, set by each move)."""
    projects = Project.objects.filter(status=status)
    if mine:
        projects = projects.filter(cbs_contact=user)

    def item(project) -> WorkItem:
        return WorkItem(
            title=f"{project.number} {project.title}",
            since=project.status_since,
            url=reverse(url_name, args=[project.pk]),
        )

    return Waiting(
        projects.only("number", "title", "status_since").order_by("status_since", "number"),
        since="status_since",
        item=item,
        list_url=reverse("admin:projects_project_changelist") + f"?status__exact={status}",
    )


@work_kind("closure_request", label=_("Closure requests"), sla_working_days=10,
           reads=[Project])  # fmt: skip
def closure_requests(*, user, mine: bool) -> Waiting:
    return _projects_in(
        Status.CLOSURE_REQUESTED, user=user, mine=mine, url_name="admin:projects_project_close"
    )


@work_kind("project_submitted", label=_("Submitted projects to take into review"),
           sla_working_days=5, reads=[Project])  # fmt: skip
def submitted_projects(*, user, mine: bool) -> Waiting:
    return _projects_in(
        Status.SUBMITTED, user=user, mine=mine, url_name="admin:projects_project_change"
    )


@work_kind("project_in_review", label=_("Projects in review"), sla_working_days=20,
           reads=[Project])  # fmt: skip
def projects_in_review(*, user, mine: bool) -> Waiting:
    return _projects_in(
        Status.IN_REVIEW, user=user, mine=mine, url_name="admin:projects_project_change"
    )


@work_kind("cost_overview", label=_("Cost overviews to write"), sla_working_days=10,
           reads=[Project])  # fmt: skip
def cost_overviews_to_write(*, user, mine: bool) -> Waiting:
    return _projects_in(
        Status.CONTRACT, user=user, mine=mine, url_name="admin:projects_project_change"
    )
