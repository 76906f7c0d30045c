"""What waits on CBS here: confidentiality declarations to review, and account requests that
have waited at their institution for more than two weeks (CBS reminds the institution)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    ConfidentialityDeclaration,
    ConfidentialityStatus,
)
from portal.workqueue import WorkItem, work_kind

ACCOUNT_REQUEST_WAIT = datetime.timedelta(days=14)


@work_kind("declaration_review", label=_("Confidentiality declarations to review"),
           sla_working_days=5)  # fmt: skip
def declarations_to_review(*, user, mine: bool) -> Iterable[WorkItem]:
    """ "Mine" when the person is on a project of which the user is CBS contact. Two queries."""
    declarations = ConfidentialityDeclaration.objects.filter(
        status=ConfidentialityStatus.SUBMITTED
    ).select_related("person__institution")
    contacts = defaultdict(set)
    for person_id, contact_id in (
        declarations.filter(person__memberships__project__cbs_contact__isnull=False)
        .values_list("person_id", "person__memberships__project__cbs_contact_id")
        .distinct()
    ):
        contacts[person_id].add(contact_id)
    for declaration in declarations.order_by("uploaded_at", "pk"):
        person = declaration.person
        yield WorkItem(
            title=f"{person.full_name} ({person.institution.name})",
            since=declaration.uploaded_at,
            url=reverse("admin:accounts_confidentialitydeclaration_change", args=[declaration.pk]),
            assignee_ids=frozenset(contacts.get(person.pk, ())),
        )


@work_kind("account_request_waiting", label=_("Account requests waiting at an institution"),
           sla_working_days=5)  # fmt: skip
def account_requests_waiting(*, user, mine: bool) -> Iterable[WorkItem]:
    """Open requests older than two weeks: the institution's manager has not decided. They wait
    on CBS (to remind the institution) from the end of those two weeks. Nobody's own work (no
    CBS contact), so none under "Mijn werk". One query."""
    if mine:
        return
    requests = AccountRequest.objects.filter(
        status=AccountRequestStatus.OPEN, created_at__lt=timezone.now() - ACCOUNT_REQUEST_WAIT
    ).select_related("institution")
    for request in requests.order_by("created_at", "pk"):
        yield WorkItem(
            title=str(request),
            since=request.created_at + ACCOUNT_REQUEST_WAIT,
            url=reverse("admin:accounts_accountrequest_change", args=[request.pk]),
        )
