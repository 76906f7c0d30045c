"""The events of talking with CBS (see portal/audit.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"QUESTION_ASKED", "CUSTOMER_MESSAGE"})
class MessagingEvent(models.TextChoices):
    QUESTION_ASKED = "messaging.question", _("Question asked to CBS")
    CUSTOMER_MESSAGE = "messaging.customer_message", _("Message sent to CBS")
    CBS_MESSAGE = "messaging.cbs_message", _("Message from CBS")
    # Internal notes and assignments are CBS's own: recorded without the project, so they
    # never show in the customer's Geschiedenis.
    INTERNAL_NOTE = "messaging.internal_note", _("Internal note added")
    ASSIGNED = "messaging.assign", _("Conversation assigned")
    REVIEW_COMMENT = "messaging.review_comment", _("Comment on a section of the appendices")
