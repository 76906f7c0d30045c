"""System checks of our own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from portal.secret_key import HOW_TO_MAKE_ONE, secret_key_problem


@register(Tags.security, deploy=True)
def secret_key_is_usable(app_configs, **kwargs):
    """Without DEBUG the settings refuse such a key already; with DEBUG the check says so."""
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem:
        return [Error(problem, hint=HOW_TO_MAKE_ONE, id="portal.E001")]
    return []
