"""What phase 2 leaves waiting on CBS: signed agreements to countersign."""

from collections.abc import Iterable

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementStatus
from portal.workqueue import WorkItem, work_kind


@work_kind("agreement_countersign", label=_("Agreements to countersign"), sla_working_days=2)
def agreements_to_countersign(*, user, mine: bool) -> Iterable[WorkItem]:
    agreements = (
        Agreement.objects.filter(status=AgreementStatus.SIGNED)
        .select_related("project")
        .annotate(last_signed=Max("signatures__signed_at"))
        .order_by("last_signed", "pk")
    )
    if mine:
        agreements = agreements.filter(project__cbs_contact=user)
    for agreement in agreements:
        project = agreement.project
        yield WorkItem(
            title=f"{project.number} {project.title}",
            since=agreement.last_signed or agreement.sent_at,
            url=reverse("admin:agreements_agreement_change", args=[agreement.pk]),
            assignee_ids=frozenset({project.cbs_contact_id} if project.cbs_contact_id else ()),
        )
