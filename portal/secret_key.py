"""THE rule for a usable SECRET_KEY (read by the settings, which refuse to start without DEBUG on
a weak key, and by the deploy check): random, at least Django's recommended length and variety,
and not the placeholder of `.env.example` and `.env.production.example`."""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)

PLACEHOLDER = "django-insecure-REPLACE-ME"  # noqa: S105 - the examples' placeholder, not a key
HOW_TO_MAKE_ONE = (
    "Make one with: python -c 'from django.core.management.utils import "
    "get_random_secret_key; print(get_random_secret_key())'"
)


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` may not sign sessions and tokens, or None when it may."""
    if key.startswith(PLACEHOLDER):
        return "SECRET_KEY is still the placeholder of the example settings."
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    ):
        return (
            f"SECRET_KEY must be a random key of at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} or more of them different, not starting with "
            f"{SECRET_KEY_INSECURE_PREFIX!r}."
        )
    return None
