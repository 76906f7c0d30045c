"""Content stored in both languages (Dutch, and English where CBS filled it in)."""

from django.utils import translation


def in_language(nl: str, en: str) -> str:
    """The English text on English pages when there is one, the Dutch text otherwise."""
    return en if translation.get_language() == "en" and en else nl
