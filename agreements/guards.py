"""Voorbereiding's guards on the lifecycle's moves (projects.lifecycle cannot import this app)."""

from django.utils.translation import gettext as _

from agreements.models import AgreementStatus
from projects.lifecycle import add_guard
from projects.readiness import researchers_not_ready


def agreement_not_countersigned(project) -> list[str]:
    """ "Overeenkomst getekend" only with an agreement signed and countersigned by CBS."""
    if project.agreements.filter(status=AgreementStatus.COUNTERSIGNED).exists():
        return []
    return [_("The project agreement has not been signed and countersigned yet.")]


add_guard("mark_agreement_signed", agreement_not_countersigned)
add_guard("start_execution", researchers_not_ready)
