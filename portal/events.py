"""The event types of the back office itself: changes made in the admin (stored verbs unchanged)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types
class AdminEvent(models.TextChoices):
    ADD = "admin.add", _("Added in the back office")
    CHANGE = "admin.change", _("Changed in the back office")
    DELETE = "admin.delete", _("Deleted in the back office")
