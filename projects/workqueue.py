"""What waits on CBS here: projects whose closure was requested (close them, with the archive
period, in the admin)."""

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
