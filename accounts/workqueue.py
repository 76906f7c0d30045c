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
    Institution,
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


# "Mine" reads the teams and their projects' CBS contact (through the person's memberships).
@work_kind("declaration_review", label=_("Confidentiality declarations to review"),
           sla_working_days=5, reads=[ConfidentialityDeclaration, Person, Institution,
                                      "projects.TeamMember", "projects.Project"])  # fmt: skip
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
           sla_working_days=5, reads=[AccountRequest, Institution])  # fmt: skip
def account_requests_waiting(*, user, mine: bool) -> Waiting:
    """Open requests older than two weeks: the institution's manager has not decided. They wait
    on CBS (to remind the institution) from the end of those two weeks. Nobody's own work (no
    CBS contact), so none under "Mijn werk"."""
    now = timezone.now()
    open_requests = AccountRequest.objects.filter(status=AccountRequestStatus.OPEN)
    requests = open_requests.filter(created_at__lt=now - ACCOUNT_REQUEST_WAIT).select_related(
        "institution"
    )
    if mine:
        requests = requests.none()

    def changes_at():
        """When the next open request has waited two weeks (and so joins these rows)."""
        if mine:
            return None
        younger = open_requests.filter(created_at__gte=now - ACCOUNT_REQUEST_WAIT)
        first = younger.order_by("created_at").values_list("created_at", flat=True).first()
        return first + ACCOUNT_REQUEST_WAIT if first else None

    return Waiting(
        requests.order_by("created_at", "pk"),
        since="created_at",
        item=_account_request,
        list_url=reverse("admin:accounts_accountrequest_changelist")
        + f"?status__exact={AccountRequestStatus.OPEN}",
        after=ACCOUNT_REQUEST_WAIT,
        changes_at=changes_at,
    )
