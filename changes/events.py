"""Event types of change requests, output checks and publication completion."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"CHANGE_ASKED", "OUTPUT_ASKED"})
class ChangeEvent(models.TextChoices):
    CHANGE_ASKED = "change_request.ask", _("Change request submitted")
    CHANGE_TAKEN = "change_request.take", _("Change request taken into review")
    CHANGE_COSTS_SENT = "change_request.costs_sent", _("Change request approved, costs sent")
    CHANGE_APPROVED = "change_request.approve", _("Change request approved and applied")
    CHANGE_REJECTED = "change_request.reject", _("Change request rejected")
    CHANGE_COSTS_NOT_AGREED = "change_request.costs_not_agreed", _("Costs of change not approved")
    OUTPUT_ASKED = "output_check.ask", _("Output check requested")
    OUTPUT_TAKEN = "output_check.take", _("Output check taken into review")
    OUTPUT_DECIDED = "output_check.decide", _("Output check decided")
