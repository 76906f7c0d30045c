"""Reads for other apps: the declaration statuses shown on Mijn gegevens.

``declaration_statuses(person)`` gives, in the active language:
- ``user_declaration_status``: "Ondertekend" when the current text version is signed,
  else "Ter ondertekening"; ``user_declaration_signed_at`` and ``user_declaration_version``.
- ``confidentiality_status``: "Goedgekeurd", "Ter beoordeling bij CBS", "Afgewezen", "Verlopen"
  or "Document uploaden" (or "" when nothing was asked); ``confidentiality_valid_until``.
At most four queries, whatever the history.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ConfidentialityStatus
from requests_inbox.models import Action, ActionKind, ActionStatus
from requests_inbox.services import current_declaration_text


def declaration_statuses(person) -> dict:
    current = current_declaration_text()
    signature = person.declaration_signatures.select_related("text_version").first()
    signed_current = bool(signature and current and signature.text_version_id == current.pk)
    declaration = person.confidentiality_declarations.order_by("-uploaded_at", "-pk").first()

    if declaration is None:
        asked = Action.objects.open().filter(person=person, kind=ActionKind.CONFIDENTIALITY)
        confidentiality = str(ActionStatus.UPLOAD_DOCUMENT.label) if asked.exists() else ""
        valid_until = None
    else:
        valid_until = declaration.valid_until
        if declaration.status == ConfidentialityStatus.APPROVED:
            expired = valid_until is not None and valid_until < timezone.localdate()
            confidentiality = _("Expired") if expired else str(ActionStatus.APPROVED.label)
        elif declaration.status == ConfidentialityStatus.SUBMITTED:
            confidentiality = str(ActionStatus.AWAITING_CBS.label)
        else:
            confidentiality = str(ActionStatus.REJECTED.label)
    return {
        "user_declaration_status": str(
            ActionStatus.SIGNED.label if signed_current else ActionStatus.TO_SIGN.label
        ),
        "user_declaration_signed_at": signature.signed_at if signature else None,
        "user_declaration_version": signature.text_version.version if signature else None,
        "confidentiality_status": confidentiality,
        "confidentiality_valid_until": valid_until,
    }
