"""Normalising what people type: phone numbers as +31612345678, Dutch postal codes as "3833 AV"."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NETHERLANDS = {"", "nederland", "netherlands", "the netherlands", "nl", "holland"}

_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_DUTCH_POSTAL_CODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Z]{2})$")
# Letter pairs PostNL does not use.
_UNUSED_POSTAL_LETTERS = {"SA", "SD", "SS"}

PHONE_ERROR = _("Enter a valid phone number, for example 06 12345678 or +31 30 1234567.")
POSTAL_CODE_ERROR = _("Enter a Dutch postal code of four digits and two letters, such as 3833 AV.")


def normalize_phone(value: str) -> str:
    """'06-12 34 56 78' → '+31612345678'; international numbers in E.164 form; '' stays ''."""
    raw = (value or "").strip()
    if not raw:
        return ""
    compact = _PHONE_SEPARATORS.sub("", raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("0"):
        compact = "+31" + compact[1:]
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", compact):
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    if compact.startswith("+31"):
        national = compact[3:]
        if len(national) != 9 or national.startswith("0"):
            raise ValidationError(PHONE_ERROR, code="invalid_phone")
    return compact


def is_netherlands(country: str) -> bool:
    return (country or "").strip().lower() in NETHERLANDS


def normalize_postal_code(value: str, *, country: str = "") -> str:
    """'3833av' → '3833 AV' in the Netherlands; other countries' codes are kept as typed."""
    raw = " ".join((value or "").split())
    if not raw:
        return ""
    if not is_netherlands(country):
        return raw
    match = _DUTCH_POSTAL_CODE.match(raw.upper())
    if not match or match.group(2) in _UNUSED_POSTAL_LETTERS:
        raise ValidationError(POSTAL_CODE_ERROR, code="invalid_postal_code")
    return f"{match.group(1)} {match.group(2)}"
