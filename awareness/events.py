"""The event types of the awareness test (stored verbs unchanged)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types
class AwarenessEvent(models.TextChoices):
    TEST_ACTIVATE = "awareness.test_activate", _("Awareness test activated")
    TEST_DEACTIVATE = "awareness.test_deactivate", _("Awareness test deactivated")
    TEST_NEW_VERSION = "awareness.test_new_version", _("New version of an awareness test made")
    ATTEMPT_START = "awareness.attempt_start", _("Awareness test started")
    ATTEMPT_SUBMIT = "awareness.attempt_submit", _("Awareness test handed in")
    REMINDERS = "awareness.reminders", _("Awareness test actions refreshed")
