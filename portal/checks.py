"""System checks of our own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

# The SECRET_KEY of .env.production.example: it must be replaced before the portal runs.
SECRET_KEY_PLACEHOLDER = "django-insecure-REPLACE-ME"  # noqa: S105 - not a key


@register(Tags.security, deploy=True)
def secret_key_is_replaced(app_configs, **kwargs):
    if settings.SECRET_KEY.startswith(SECRET_KEY_PLACEHOLDER):
        return [
            Error(
                "SECRET_KEY is still the placeholder of .env.production.example.",
                hint="Set it to the output of: python -c 'from django.core.management.utils "
                "import get_random_secret_key; print(get_random_secret_key())'",
                id="portal.E001",
            )
        ]
    return []
