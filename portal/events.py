"""The portal's own event types (see portal.audit): changes made in the back office (stored
verbs unchanged) and mail sent again."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types
class AdminEvent(models.TextChoices):
    ADD = "admin.add", _("Added in the back office")
    CHANGE = "admin.change", _("Changed in the back office")
    DELETE = "admin.delete", _("Deleted in the back office")


@event_types
class MailEvent(models.TextChoices):
    RESENT = "mail.resend", _("Mail sent again")


@event_types
class WorkQueueEvent(models.TextChoices):
    SERVICE_LEVEL = "workqueue.service_level", _("Service level set")


@event_types
class PrivacyEvent(models.TextChoices):
    REMOVED = "privacy.remove", _("Removed after its retention period")
    ANONYMISED = "person.anonymise", _("Personal data anonymised")
    DOWNLOADED = "person.download", _("Personal data downloaded")
