"""The event types of Mijn instelling and its API tokens."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types
class InstitutionEvent(models.TextChoices):
    TOKEN_CREATE = "api_token.create", _("API token created")
    TOKEN_REVOKE = "api_token.revoke", _("API token revoked")
