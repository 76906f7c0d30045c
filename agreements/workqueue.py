"""What Voorbereiding leaves waiting on CBS: signed agreements to countersign."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementSignature, AgreementStatus
from portal.workqueue import Waiting, WorkItem, work_kind
from projects.models import Project


def _item(agreement) -> WorkItem:
    project = agreement.project
    return WorkItem(
        title=f"{project.number} {project.title}",
        since=agreement.waiting_since,
        url=reverse("admin:agreements_agreement_change", args=[agreement.pk]),
    )


@work_kind("agreement_countersign", label=_("Agreements to countersign"), sla_working_days=2,
           reads=[Agreement, AgreementSignature, Project])  # fmt: skip
def agreements_to_countersign(*, user, mine: bool) -> Waiting:
    """Signed by the customer: waiting since the last signature (else since it was sent). The
    last signature is a subquery, not a MAX over a join, so the queue counts these rows as any
    kind's (one UNION ALL of every kind's counts, portal.workqueue)."""
    last_signed = (
        AgreementSignature.objects.filter(agreement=OuterRef("pk"))
        .order_by("-signed_at")
        .values("signed_at")[:1]
    )
    agreements = (
        Agreement.objects.filter(status=AgreementStatus.SIGNED)
        .select_related("project")
        .only("sent_at", "project__number", "project__title")
        .annotate(waiting_since=Coalesce(Subquery(last_signed), "sent_at"))
    )
    if mine:
        agreements = agreements.filter(project__cbs_contact=user)
    return Waiting(
        agreements.order_by("waiting_since", "pk"),
        since="waiting_since",
        item=_item,
        list_url=reverse("admin:agreements_agreement_changelist")
        + f"?status__exact={AgreementStatus.SIGNED}",
    )
