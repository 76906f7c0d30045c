"""The event types of Voorbereiding (agreement, signatures, data preparation)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.audit import event_types


@event_types(notify_cbs={"SIGNED", "DECLINED"})
class AgreementEvent(models.TextChoices):
    DRAFTED = "agreement.draft", _("Project agreement drafted")
    SENT = "agreement.send", _("Project agreement sent for signature")
    SIGNED = "agreement.sign", _("Project agreement signed")
    DECLINED = "agreement.decline", _("Project agreement declined")
    COUNTERSIGNED = "agreement.countersign", _("Project agreement countersigned by CBS")
    FILE_PREPARATION = "project_file.preparation", _("Data file preparation status changed")
