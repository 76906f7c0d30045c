"""What waits on CBS here: change requests to decide and output checks to answer."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from changes.models import ChangeRequest, ChangeStatus, OutputCheck
from portal.workqueue import Waiting, WorkItem, work_kind
from projects.models import Project


def _mine(queryset, *, user, mine: bool):
    return queryset.filter(project__cbs_contact=user) if mine else queryset


def _change_request(row) -> WorkItem:
    return WorkItem(
        title=f"{row.kind_label}: {row.project.number} {row.summary}".strip(),
        since=row.asked_at,
        url=reverse("admin:changes_changerequest_change", args=[row.pk]),
        detail=row.get_status_display(),
    )


@work_kind("change_request", label=_("Change requests"), sla_working_days=5,
           reads=[ChangeRequest, Project])  # fmt: skip
def open_change_requests(*, user, mine: bool) -> Waiting:
    # Waiting on CBS: submitted or in review (not those waiting on the customer's cost decision).
    waiting = [ChangeStatus.SUBMITTED, ChangeStatus.IN_REVIEW]
    rows = _mine(
        ChangeRequest.objects.filter(status__in=waiting)
        .select_related("project")
        .only("kind", "summary", "status", "asked_at", "project__number"),
        user=user,
        mine=mine,
    )
    return Waiting(
        rows.order_by("asked_at", "pk"),
        since="asked_at",
        item=_change_request,
        list_url=reverse("admin:changes_changerequest_changelist")
        + "?status__in=" + ",".join(waiting),
    )  # fmt: skip


def _output_check(row) -> WorkItem:
    return WorkItem(
        title=f"{row.project.number} {row.package_name}",
        since=row.asked_at,
        url=reverse("admin:changes_outputcheck_change", args=[row.pk]),
        detail=row.get_status_display(),
    )


@work_kind("output_check", label=_("Output checks"), sla_working_days=3,
           reads=[OutputCheck, Project])  # fmt: skip
def open_output_checks(*, user, mine: bool) -> Waiting:
    rows = _mine(
        OutputCheck.objects.open()
        .select_related("project")
        .only("package_name", "status", "asked_at", "project__number"),
        user=user,
        mine=mine,
    )
    return Waiting(
        rows.order_by("asked_at", "pk"),
        since="asked_at",
        item=_output_check,
        list_url=reverse("admin:changes_outputcheck_changelist") + "?open=yes",
    )
