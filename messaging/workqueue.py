"""What waits on CBS in messaging: conversations whose last message came from a customer."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from messaging.models import Thread
from portal.workqueue import Waiting, WorkItem, work_kind
from projects.models import Project


def _item(thread) -> WorkItem:
    return WorkItem(
        title=(f"{thread.project.number}: {thread.subject}" if thread.project_id
               else thread.subject),
        since=thread.waiting_since,
        url=reverse("admin:messaging_thread_change", args=[thread.pk]),
    )  # fmt: skip


@work_kind("unanswered_messages", label=_("Unanswered messages"), sla_working_days=2,
           reads=[Thread, Project])  # fmt: skip
def unanswered_messages(*, user, mine: bool) -> Waiting:
    """Oldest waiting first; "mine" when assigned to the user, or unassigned on their project."""
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
    )
    if mine:
        threads = threads.filter(
            Q(assigned_to=user) | Q(assigned_to__isnull=True, project__cbs_contact=user)
        )
    return Waiting(
        threads.order_by("waiting_since", "pk"),
        since="waiting_since",
        item=_item,
        list_url=reverse("admin:messaging_thread_changelist") + "?waiting=yes",
    )
