"""Whose turn it is while a project awaits its agreement (projects.timeline cannot import this
app): CBS draws the agreement up and sends it, the Tekenbevoegden asked sign, CBS countersigns."""

from django.utils.translation import gettext as _

from agreements.models import OPEN_STATUSES, AgreementStatus
from projects.lifecycle import CBS, CUSTOMER
from projects.models import Role, Status
from projects.timeline import Turn, add_turn


def agreement_turn(project) -> Turn:
    agreement = project.agreements.filter(status__in=OPEN_STATUSES).only("pk", "status").first()
    if agreement is None or agreement.status == AgreementStatus.DRAFT:
        return Turn(CBS, _("Draw up the agreement"))
    if agreement.status == AgreementStatus.TO_SIGN:
        asked = agreement.actions.filter(completed_at__isnull=True).values_list(
            "person_id", flat=True
        )
        return Turn(
            CUSTOMER,
            _("Sign the project agreement"),
            frozenset({Role.SIGNATORY}),
            persons=frozenset(asked),
        )
    return Turn(CBS, _("Countersign the agreement"))


add_turn(Status.AGREEMENT, agreement_turn)
