"""What waits on CBS here: confidentiality declarations to review, and account requests that
have waited at their institution for more than two weeks (CBS reminds the institution)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    AccountRequest,
    AccountRequestStatus,
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Person,
)
from portal.workqueue import Waiting, WorkItem, work_kind

ACCOUNT_REQUEST_WAIT = datetime.timedelta(days=14)


def _declaration(declaration) -> WorkItem:
    person = declaration.person
    return WorkItem(
        title=f"{person.full_name} ({person.institution.name})",
        since=declaration.uploaded_at,
        url=reverse("admin:accounts_confidentialitydeclaration_change", args=[declaration.pk]),
    )


@work_kind("declaration_review", label=_("Confidentiality declarations to review"),
           sla_working_days=5)  # fmt: skip
def declarations_to_review(*, user, mine: bool) -> Waiting:
    """ "Mine" when the person is on a project of which the user is CBS contact."""
    declarations = ConfidentialityDeclaration.objects.filter(status=ConfidentialityStatus.SUBMITTED)
    if mine:  # a subquery, not a join: each declaration once, whatever the number of projects
        on_projects = Person.objects.filter(memberships__project__cbs_contact=user)
        declarations = declarations.filter(person__in=on_projects)
    return Waiting(
        declarations.select_related("person__institution")
        .only(
            "uploaded_at",
            "person__first_name",
            "person__prefix",
            "person__last_name",
            "person__institution__name",
        )
        .order_by("uploaded_at", "pk"),
        since="uploaded_at",
        item=_declaration,
        list_url=reverse("admin:accounts_confidentialitydeclaration_changelist")
        + f"?status__exact={ConfidentialityStatus.SUBMITTED}",
    )


def _account_request(request) -> WorkItem:
    return WorkItem(
        title=str(request),
        since=request.created_at + ACCOUNT_REQUEST_WAIT,
        url=reverse("admin:accounts_accountrequest_change", args=[request.pk]),
    )


@work_kind("account_request_waiting", label=_("Account requests waiting at an institution"),
           sla_working_days=5)  # fmt: skip
def account_requests_waiting(*, user, mine: bool) -> Waiting:
    """Open requests older than two weeks: the institution's manager has not decided. They wait
    on CBS (to remind the institution) from the end of those two weeks. Nobody's own work (no
    CBS contact), so none under "Mijn werk"."""
    requests = AccountRequest.objects.filter(
        status=AccountRequestStatus.OPEN, created_at__lt=timezone.now() - ACCOUNT_REQUEST_WAIT
    ).select_related("institution")
    if mine:
        requests = requests.none()
    return Waiting(
        requests.order_by("created_at", "pk"),
        since="created_at",
        item=_account_request,
        list_url=reverse("admin:accounts_accountrequest_changelist")
        + f"?status__exact={AccountRequestStatus.OPEN}",
        after=ACCOUNT_REQUEST_WAIT,
    )
