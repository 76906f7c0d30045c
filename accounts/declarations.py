"""Where a person stands with their declarations: ONE definition, for Mijn gegevens (one person)
and the institution's lists (many people, in the same query as the people).

- Gebruikersverklaring: signed, and whether a newer text than the one signed must be signed.
- Geheimhoudingsverklaring: the latest upload's status and end date, and whether it expired.
"""

import datetime

from django.db.models import Max, OuterRef, QuerySet, Subquery

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus, UserDeclarationText


def signature_outdated(signed_version: int | None, latest_version: int | None) -> bool:
    """A newer text than the one signed must be signed again."""
    return bool(signed_version and latest_version and signed_version < latest_version)


def confidentiality_expired(status: str, valid_until: datetime.date | None, today) -> bool:
    return bool(
        status == ConfidentialityStatus.APPROVED and valid_until is not None and valid_until < today
    )


def latest_declaration_version() -> int | None:
    return (
        UserDeclarationText.objects.order_by("-version").values_list("version", flat=True).first()
    )


def with_declarations(persons: QuerySet) -> QuerySet:
    """Annotate ``signed_version`` (the newest version signed), and ``confidentiality_status`` /
    ``confidentiality_valid_until`` of the latest Geheimhoudingsverklaring uploaded."""
    latest = ConfidentialityDeclaration.objects.filter(person=OuterRef("pk")).order_by(
        "-uploaded_at", "-pk"
    )
    return persons.annotate(
        signed_version=Max("declaration_signatures__text_version__version"),
        confidentiality_status=Subquery(latest.values("status")[:1]),
        confidentiality_valid_until=Subquery(latest.values("valid_until")[:1]),
    )
