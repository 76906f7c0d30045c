"""Whose turn it is while a project awaits its agreement (projects.timeline cannot import this
app): CBS draws the agreement up and sends it, the Tekenbevoegden asked sign, CBS countersigns."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agreements.models import OPEN_STATUSES, Agreement, AgreementStatus
from projects.lifecycle import CBS, CUSTOMER
from projects.models import Role, Status
from projects.timeline import Turn, add_turn

# What agreement_turn reads, for many projects at once (projects.timeline.with_turns).
OPEN_AGREEMENTS = Prefetch(
    "agreements",
    queryset=Agreement.objects.filter(status__in=OPEN_STATUSES)
    .order_by("pk")
    .prefetch_related("actions"),
    to_attr="open_agreements",
)


def agreement_turn(project) -> Turn:
    if hasattr(project, "open_agreements"):
        agreement = next(iter(project.open_agreements), None)
    else:
        agreement = project.agreements.filter(status__in=OPEN_STATUSES).order_by("pk").first()
    if agreement is None or agreement.status == AgreementStatus.DRAFT:
        return Turn(CBS, _("Draw up the agreement"))
    if agreement.status == AgreementStatus.TO_SIGN:
        asked = [a.person_id for a in agreement.actions.all() if a.completed_at is None]
        return Turn(
            CUSTOMER,
            _("Sign the project agreement"),
            frozenset({Role.SIGNATORY}),
            persons=frozenset(asked),
        )
    return Turn(CBS, _("Countersign the agreement"))


add_turn(Status.AGREEMENT, agreement_turn, prefetch=OPEN_AGREEMENTS)
