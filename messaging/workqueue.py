"""What waits on CBS in messaging: conversations whose last message came from a customer."""

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from messaging.models import Thread
from portal.workqueue import WorkItem, work_kind


@work_kind("unanswered_messages", label=_("Unanswered messages"), sla_working_days=2)
def unanswered_messages(*, user, mine: bool) -> Iterable[WorkItem]:
    """Oldest waiting first; "mine" when assigned to the user, or unassigned on their project.
    One query."""
    threads = (
        Thread.objects.filter(waiting_since__isnull=False)
        .select_related("project")
        .only(
            "pk",
            "subject",
            "waiting_since",
            "assigned_to_id",
            "project__number",
            "project__cbs_contact_id",
        )  # fmt: skip
        .order_by("waiting_since", "pk")
    )
    if mine:
        threads = threads.filter(
            Q(assigned_to=user) | Q(assigned_to__isnull=True, project__cbs_contact=user)
        )
    url = reverse("admin:messaging_thread_change", args=[0]).rsplit("0/", 1)[0]
    for thread in threads:
        assignee = thread.assigned_to_id or (
            thread.project.cbs_contact_id if thread.project_id else None
        )
        yield WorkItem(
            title=(f"{thread.project.number}: {thread.subject}" if thread.project_id
                   else thread.subject),
            since=thread.waiting_since,
            url=f"{url}{thread.pk}/change/",
            assignee_ids=frozenset({assignee} if assignee else ()),
        )  # fmt: skip
