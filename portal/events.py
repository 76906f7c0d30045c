"""The portal's own event types (see portal.audit)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types
class MailEvent(models.TextChoices):
    RESENT = "mail.resend", _("Mail sent again")
